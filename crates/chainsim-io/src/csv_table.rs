//! Reading labelled tables from CSV text (no file access: callers pass a reader).

use std::io::Read;

use nalgebra::DMatrix;
use serde::Serialize;

use crate::error::IoError;
use crate::label::Label;
use crate::table::IoTable;
use crate::validate;

/// A matrix with row and column labels, as read from a CSV table whose first
/// row holds the column labels (its first cell is a corner label, ignored)
/// and whose first column holds the row labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelledMatrix {
    /// One label per row.
    pub row_labels: Vec<String>,
    /// One label per column.
    pub col_labels: Vec<String>,
    /// The values, rows × columns.
    pub values: DMatrix<f64>,
}

impl LabelledMatrix {
    /// Parses a CSV table. Empty cells read as 0 (published tables leave
    /// zero flows blank); surrounding whitespace is trimmed.
    ///
    /// # Errors
    ///
    /// [`IoError::Parse`] for malformed CSV, an empty table or a cell that
    /// is not a number; [`IoError::Ragged`] for a row of the wrong length;
    /// [`IoError::DuplicateLabel`]; [`IoError::NonFinite`] for NaN or
    /// infinite values.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_io::LabelledMatrix;
    ///
    /// let m = LabelledMatrix::from_csv("from/to,a,b\na,150,500\nb,200,\n".as_bytes(), "flow table")?;
    /// assert_eq!(m.col_labels, ["a", "b"]);
    /// assert_eq!(m.values[(1, 1)], 0.0);
    /// # Ok::<(), chainsim_io::IoError>(())
    /// ```
    pub fn from_csv(reader: impl Read, what: &'static str) -> Result<LabelledMatrix, IoError> {
        let mut csv = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(::csv::Trim::All)
            .from_reader(reader);
        let mut records = csv.records();
        let header = match records.next() {
            Some(record) => record.map_err(|e| parse_error(what, e))?,
            None => {
                return Err(IoError::Parse {
                    what,
                    detail: "the table is empty (a header row of column labels is required)".into(),
                });
            }
        };
        let col_labels: Vec<String> = header.iter().skip(1).map(str::to_owned).collect();
        validate::unique_labels(what, &col_labels)?;
        let n_cols = col_labels.len();
        let mut row_labels = Vec::new();
        let mut data = Vec::new();
        for (row_idx, record) in records.enumerate() {
            let record = record.map_err(|e| parse_error(what, e))?;
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() != n_cols + 1 {
                return Err(IoError::Ragged {
                    what,
                    row: row_idx + 1,
                    expected: n_cols + 1,
                    found: record.len(),
                });
            }
            row_labels.push(record[0].to_owned());
            for (col_idx, cell) in record.iter().skip(1).enumerate() {
                let value = if cell.is_empty() {
                    0.0
                } else {
                    cell.parse::<f64>().map_err(|_| IoError::Parse {
                        what,
                        detail: format!(
                            "row {} ({}), column {} ({}): {cell:?} is not a number",
                            row_idx + 1,
                            &record[0],
                            col_idx + 1,
                            col_labels[col_idx]
                        ),
                    })?
                };
                data.push(value);
            }
        }
        validate::unique_labels(what, &row_labels)?;
        let values = DMatrix::from_row_slice(row_labels.len(), n_cols, &data);
        validate::finite_matrix(what, &values)?;
        Ok(LabelledMatrix {
            row_labels,
            col_labels,
            values,
        })
    }
}

fn parse_error(what: &'static str, e: ::csv::Error) -> IoError {
    IoError::Parse {
        what,
        detail: e.to_string().to_lowercase(),
    }
}

/// How to find the parts of a symmetric input–output table in one CSV sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct TableLayout {
    /// Label of the total-output column (or, failing that, row). Compared
    /// case-insensitively. If neither exists, x = Z 1 + Y 1.
    pub output_label: String,
    /// Labels of rows and columns to skip, such as subtotals. Compared
    /// case-insensitively.
    pub ignored: Vec<String>,
    /// Separator between region and sector in labels, e.g. `"/"` for
    /// `"Jilin City/Chemicals"`; `None` for a single-region table.
    pub region_separator: Option<String>,
}

impl Default for TableLayout {
    fn default() -> TableLayout {
        TableLayout {
            output_label: "total output".into(),
            ignored: Vec::new(),
            region_separator: None,
        }
    }
}

impl TableLayout {
    fn is_output(&self, label: &str) -> bool {
        label.eq_ignore_ascii_case(&self.output_label)
    }

    fn is_ignored(&self, label: &str) -> bool {
        self.ignored.iter().any(|i| label.eq_ignore_ascii_case(i))
    }
}

impl IoTable {
    /// Reads a symmetric input–output table from one CSV sheet.
    ///
    /// Sectors are the column labels that are also row labels, and must
    /// appear in the same order down the rows as across the columns. Other
    /// columns are final-demand categories and other rows value-added items,
    /// except the total-output column (or row) and the ignored labels.
    ///
    /// # Errors
    ///
    /// Those of [`LabelledMatrix::from_csv`] and [`IoTable::new`];
    /// [`IoError::LabelMismatch`] if the sector rows and columns differ in
    /// order or the table has no sectors.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_io::{IoTable, TableLayout};
    ///
    /// // Miller & Blair (2009), Table 2.3.
    /// let csv = "\
    /// ,agriculture,manufacturing,households,total output
    /// agriculture,150,500,350,1000
    /// manufacturing,200,100,1700,2000
    /// value added,650,1400,,
    /// ";
    /// let table = IoTable::from_csv(csv.as_bytes(), &TableLayout::default())?;
    /// assert_eq!(table.final_demand().labels, ["households"]);
    /// assert_eq!(table.total_value_added()[1], 1400.0);
    /// # Ok::<(), chainsim_io::IoError>(())
    /// ```
    pub fn from_csv(reader: impl Read, layout: &TableLayout) -> Result<IoTable, IoError> {
        let sheet = LabelledMatrix::from_csv(reader, "input-output table")?;
        let skip = |l: &str| layout.is_output(l) || layout.is_ignored(l);
        let sector_cols: Vec<usize> = (0..sheet.col_labels.len())
            .filter(|&j| {
                !skip(&sheet.col_labels[j]) && sheet.row_labels.contains(&sheet.col_labels[j])
            })
            .collect();
        let sector_rows: Vec<usize> = (0..sheet.row_labels.len())
            .filter(|&i| {
                !skip(&sheet.row_labels[i]) && sheet.col_labels.contains(&sheet.row_labels[i])
            })
            .collect();
        let col_names: Vec<&str> = sector_cols
            .iter()
            .map(|&j| sheet.col_labels[j].as_str())
            .collect();
        let row_names: Vec<&str> = sector_rows
            .iter()
            .map(|&i| sheet.row_labels[i].as_str())
            .collect();
        if col_names.is_empty() {
            return Err(IoError::LabelMismatch {
                what: "sector row and column",
                detail: "no label appears both as a row and as a column".into(),
            });
        }
        if col_names != row_names {
            return Err(IoError::LabelMismatch {
                what: "sector row",
                detail: format!(
                    "rows are in the order [{}] but columns in the order [{}]",
                    row_names.join(", "),
                    col_names.join(", ")
                ),
            });
        }
        let fd_cols: Vec<usize> = (0..sheet.col_labels.len())
            .filter(|j| !skip(&sheet.col_labels[*j]) && !sector_cols.contains(j))
            .collect();
        let va_rows: Vec<usize> = (0..sheet.row_labels.len())
            .filter(|i| !skip(&sheet.row_labels[*i]) && !sector_rows.contains(i))
            .collect();
        let pick = |rows: &[usize], cols: &[usize]| {
            DMatrix::from_fn(rows.len(), cols.len(), |i, j| {
                sheet.values[(rows[i], cols[j])]
            })
        };
        let flows = pick(&sector_rows, &sector_cols);
        let final_demand = pick(&sector_rows, &fd_cols);
        let value_added = pick(&va_rows, &sector_cols);
        let output_col = sheet.col_labels.iter().position(|l| layout.is_output(l));
        let output_row = sheet.row_labels.iter().position(|l| layout.is_output(l));
        let output = match (output_col, output_row) {
            (Some(c), _) => sector_rows
                .iter()
                .map(|&i| sheet.values[(i, c)])
                .collect::<Vec<_>>()
                .into(),
            (None, Some(r)) => sector_cols
                .iter()
                .map(|&j| sheet.values[(r, j)])
                .collect::<Vec<_>>()
                .into(),
            (None, None) => crate::table::row_sums(&flows) + crate::table::row_sums(&final_demand),
        };
        let separator = layout.region_separator.as_deref();
        let sectors = col_names
            .iter()
            .map(|l| Label::parse(l, separator))
            .collect();
        let labels =
            |idx: &[usize], names: &[String]| idx.iter().map(|&k| names[k].clone()).collect();
        IoTable::new(sectors, flows, output)?
            .with_final_demand(labels(&fd_cols, &sheet.col_labels), final_demand)?
            .with_value_added(labels(&va_rows, &sheet.row_labels), value_added)
    }

    /// Adds satellite accounts read from CSV: one row per account (jobs,
    /// energy, emissions, …, as totals), one column per sector with the same
    /// labels in the same order as the table.
    ///
    /// # Errors
    ///
    /// Those of [`LabelledMatrix::from_csv`] and [`IoTable::with_satellites`];
    /// [`IoError::LabelMismatch`] if the columns are not the table's sectors.
    pub fn with_satellites_csv(
        self,
        reader: impl Read,
        region_separator: Option<&str>,
    ) -> Result<IoTable, IoError> {
        let sheet = LabelledMatrix::from_csv(reader, "satellite table")?;
        let columns: Vec<Label> = sheet
            .col_labels
            .iter()
            .map(|l| Label::parse(l, region_separator))
            .collect();
        if columns != self.sectors() {
            let show = |ls: &[Label]| {
                ls.iter()
                    .map(Label::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(IoError::LabelMismatch {
                what: "satellite column",
                detail: format!(
                    "found [{}], expected [{}]",
                    show(&columns),
                    show(self.sectors())
                ),
            });
        }
        self.with_satellites(sheet.row_labels, sheet.values)
    }
}
