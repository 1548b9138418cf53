//! Reading labelled tables from CSV text (no file access: callers pass a reader).

use std::io::Read;

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::aggregation::Aggregation;
use crate::error::IoError;
use crate::label::Label;
use crate::model::IoModel;
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

impl LabelledMatrix {
    /// The rows of this sheet put in the order of `sectors`, for a table
    /// given sector by sector (a final-demand change, a margin): each row
    /// label, split into region and sector at `region_separator`, must be
    /// one of `sectors`. A sector with no row reads as zeros when
    /// `fill_missing`, and is an error otherwise.
    ///
    /// # Errors
    ///
    /// [`IoError::LabelMismatch`] naming the unknown or missing label.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_io::{Label, LabelledMatrix};
    ///
    /// let sheet = LabelledMatrix::from_csv(",change\nb,-200\n".as_bytes(), "demand change")?;
    /// let rows = sheet.sector_rows("demand change row", &Label::sectors(["a", "b"]), None, true)?;
    /// assert_eq!(rows.as_slice(), [0.0, -200.0]);
    /// # Ok::<(), chainsim_io::IoError>(())
    /// ```
    pub fn sector_rows(
        &self,
        what: &'static str,
        sectors: &[Label],
        region_separator: Option<&str>,
        fill_missing: bool,
    ) -> Result<DMatrix<f64>, IoError> {
        let mut out = DMatrix::zeros(sectors.len(), self.values.ncols());
        let mut found = vec![false; sectors.len()];
        for (row_idx, text) in self.row_labels.iter().enumerate() {
            let label = Label::parse(text, region_separator);
            let Some(sector_idx) = sectors.iter().position(|s| *s == label) else {
                return Err(IoError::LabelMismatch {
                    what,
                    detail: format!(
                        "{text:?} is not a sector (expected one of: {})",
                        show_labels(sectors)
                    ),
                });
            };
            found[sector_idx] = true;
            out.row_mut(sector_idx).copy_from(&self.values.row(row_idx));
        }
        if let Some(missing) = found.iter().position(|f| !f)
            && !fill_missing
        {
            return Err(IoError::LabelMismatch {
                what,
                detail: format!("no row for {} (every sector needs one)", sectors[missing]),
            });
        }
        Ok(out)
    }
}

fn show_labels(labels: &[Label]) -> String {
    labels
        .iter()
        .map(Label::to_string)
        .collect::<Vec<_>>()
        .join(", ")
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

impl IoModel {
    /// Reads technical coefficients A from one CSV sheet: sector rows and
    /// sector columns with the same labels in the same order, and optionally
    /// a total-output column (or row) giving base-year output, which the
    /// Ghosh model and extraction need. Rows and columns named in
    /// `layout.ignored` are skipped; any other row or column makes the sheet
    /// non-square.
    ///
    /// # Errors
    ///
    /// Those of [`LabelledMatrix::from_csv`], [`IoModel::from_coefficients`]
    /// and [`IoModel::with_output`]; [`IoError::NotSquare`];
    /// [`IoError::LabelMismatch`] if rows and columns differ in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_io::{IoModel, TableLayout};
    ///
    /// // Miller & Blair (2009), Table 2.3 as coefficients.
    /// let csv = ",agriculture,manufacturing\nagriculture,0.15,0.25\nmanufacturing,0.20,0.05\n";
    /// let model = IoModel::from_csv(csv.as_bytes(), &TableLayout::default())?;
    /// assert!(model.output().is_none());
    /// # Ok::<(), chainsim_io::IoError>(())
    /// ```
    pub fn from_csv(reader: impl Read, layout: &TableLayout) -> Result<IoModel, IoError> {
        let sheet = LabelledMatrix::from_csv(reader, "coefficient table")?;
        let skip = |l: &str| layout.is_output(l) || layout.is_ignored(l);
        let cols: Vec<usize> = (0..sheet.col_labels.len())
            .filter(|&j| !skip(&sheet.col_labels[j]))
            .collect();
        let rows: Vec<usize> = (0..sheet.row_labels.len())
            .filter(|&i| !skip(&sheet.row_labels[i]))
            .collect();
        if rows.len() != cols.len() {
            return Err(IoError::NotSquare {
                what: "coefficient table",
                rows: rows.len(),
                cols: cols.len(),
            });
        }
        let row_names: Vec<&str> = rows.iter().map(|&i| sheet.row_labels[i].as_str()).collect();
        let col_names: Vec<&str> = cols.iter().map(|&j| sheet.col_labels[j].as_str()).collect();
        if row_names != col_names {
            return Err(IoError::LabelMismatch {
                what: "coefficient row",
                detail: format!(
                    "rows are [{}] but columns are [{}] (they must be the same sectors in the same order)",
                    row_names.join(", "),
                    col_names.join(", ")
                ),
            });
        }
        let a = DMatrix::from_fn(rows.len(), cols.len(), |i, j| {
            sheet.values[(rows[i], cols[j])]
        });
        let separator = layout.region_separator.as_deref();
        let sectors = col_names
            .iter()
            .map(|l| Label::parse(l, separator))
            .collect();
        let model = IoModel::from_coefficients(sectors, a)?;
        let output_col = sheet.col_labels.iter().position(|l| layout.is_output(l));
        let output_row = sheet.row_labels.iter().position(|l| layout.is_output(l));
        let output: Option<DVector<f64>> = match (output_col, output_row) {
            (Some(c), _) => Some(
                rows.iter()
                    .map(|&i| sheet.values[(i, c)])
                    .collect::<Vec<_>>()
                    .into(),
            ),
            (None, Some(r)) => Some(
                cols.iter()
                    .map(|&j| sheet.values[(r, j)])
                    .collect::<Vec<_>>()
                    .into(),
            ),
            (None, None) => None,
        };
        match output {
            Some(x) => model.with_output(x),
            None => Ok(model),
        }
    }
}

impl Aggregation {
    /// Reads an aggregation map from CSV: a header row, then one row per
    /// source sector with two cells, the source label and its target label
    /// (both split at `region_separator`, so regions can be merged too).
    /// Every sector of `sources` must appear exactly once.
    ///
    /// # Errors
    ///
    /// [`IoError::Parse`] for malformed CSV or an empty target;
    /// [`IoError::Ragged`] for a row without exactly two cells; those of
    /// [`Aggregation::from_pairs`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_io::{Aggregation, Label};
    ///
    /// let map = "sector,group\nJilin/chemicals,all/chemicals\nChina/chemicals,all/chemicals\n";
    /// let sources = [Label::regional("Jilin", "chemicals"), Label::regional("China", "chemicals")];
    /// let agg = Aggregation::from_csv(map.as_bytes(), &sources, Some("/"))?;
    /// assert_eq!(agg.targets(), [Label::regional("all", "chemicals")]);
    /// # Ok::<(), chainsim_io::IoError>(())
    /// ```
    pub fn from_csv(
        reader: impl Read,
        sources: &[Label],
        region_separator: Option<&str>,
    ) -> Result<Aggregation, IoError> {
        let what = "aggregation map";
        let mut csv = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(::csv::Trim::All)
            .from_reader(reader);
        let mut pairs = Vec::new();
        for (row_idx, record) in csv.records().enumerate() {
            let record = record.map_err(|e| parse_error(what, e))?;
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() != 2 {
                return Err(IoError::Ragged {
                    what,
                    row: row_idx + 1,
                    expected: 2,
                    found: record.len(),
                });
            }
            if record[1].is_empty() {
                return Err(IoError::Parse {
                    what,
                    detail: format!("row {} ({}) has no target", row_idx + 1, &record[0]),
                });
            }
            pairs.push((
                Label::parse(&record[0], region_separator),
                Label::parse(&record[1], region_separator),
            ));
        }
        Aggregation::from_pairs(sources, &pairs)
    }
}
