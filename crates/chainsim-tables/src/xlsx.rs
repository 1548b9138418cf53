//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, read with
//! calamine) holding a table in chainsim's wide layout on one sheet:
//! sectors across and down, final-demand columns, value-added rows and a
//! total-output column or row, as [`chainsim_io::IoTable::from_csv`] reads.
//!
//! The table is found on the sheet either from a cell range of its numbers
//! (labels in the row above and the column to the left) or, without one, by
//! its header: the first row whose first label, right of some cell, is also
//! the label below that cell. The table then runs right to the header's last
//! label and down to the first empty row. Columns without a label and
//! without numbers (spacers) are skipped, as are empty rows inside the
//! table. The grid of labels and numbers is then read as chainsim's CSV.

use std::collections::HashSet;
use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};
use chainsim_io::{IoTable, TableLayout};

use crate::error::TableError;

/// Where the table is in a workbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetSelection {
    /// The sheet's name; `None` for the first sheet.
    pub sheet: Option<String>,
    /// The cells holding the table's numbers, e.g. `C4:G6`, with the column
    /// labels in the row above and the row labels in the column to the left;
    /// `None` to find the table by its header.
    pub range: Option<String>,
}

/// The table's place on the sheet, in 0-based absolute rows and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    header_row: u32,
    label_col: u32,
    last_row: u32,
    last_col: u32,
}

/// Reads the table on one sheet of the workbook at `path`.
pub(crate) fn read(
    path: &Path,
    selection: &SheetSelection,
    layout: &TableLayout,
) -> Result<IoTable, TableError> {
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| TableError::layout(path, format!("cannot open the workbook: {e}")))?;
    let names = workbook.sheet_names();
    let sheet = match &selection.sheet {
        Some(name) if names.contains(name) => name.clone(),
        Some(name) => {
            return Err(TableError::layout(
                path,
                format!(
                    "no sheet {name:?} (the workbook has {})",
                    names
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| TableError::layout(path, "the workbook has no sheets"))?,
    };
    let cells = workbook
        .worksheet_range(&sheet)
        .map_err(|e| TableError::layout(path, format!("cannot read sheet {sheet:?}: {e}")))?;
    let bounds = match &selection.range {
        Some(range) => bounds_of_range(path, range)?,
        None => find_header(&cells).ok_or_else(|| {
            TableError::layout(
                path,
                format!(
                    "sheet {sheet:?}: no header row found (a row whose first label is also the first row label below it); give the table's cell range"
                ),
            )
        })?,
    };
    let grid = Grid::collect(path, &sheet, &cells, bounds, layout)?;
    IoTable::from_csv(grid.to_csv().as_slice(), layout)
        .map_err(|source| TableError::layout(path, format!("sheet {sheet:?}: {source}")))
}

/// The text of a label cell; empty for an empty cell.
fn label(data: Option<&Data>) -> String {
    match data {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_owned(),
        Some(other) => other.to_string().trim().to_owned(),
    }
}

fn is_empty(data: Option<&Data>) -> bool {
    match data {
        None | Some(Data::Empty) => true,
        Some(Data::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
}

/// The first row whose first label right of some cell is the label below
/// that cell; the table runs right to that row's last label and down to the
/// first empty row.
fn find_header(cells: &Range<Data>) -> Option<Bounds> {
    let (first_row, first_col) = cells.start()?;
    let (end_row, end_col) = cells.end()?;
    let at = |r: u32, c: u32| cells.get_value((r, c));
    let (header_row, label_col) = (first_row..end_row).find_map(|r| {
        (first_col..end_col)
            .find(|&c| {
                let below = label(at(r + 1, c));
                !below.is_empty() && label(at(r, c + 1)) == below
            })
            .map(|c| (r, c))
    })?;
    let last_col = (label_col + 1..=end_col)
        .rev()
        .find(|&c| !is_empty(at(header_row, c)))?;
    let last_row = (header_row + 1..=end_row)
        .find(|&r| (label_col..=last_col).all(|c| is_empty(at(r, c))))
        .map_or(end_row, |r| r - 1);
    Some(Bounds {
        header_row,
        label_col,
        last_row,
        last_col,
    })
}

/// `C4:G6` as bounds: labels in row 3 and column B.
fn bounds_of_range(path: &Path, range: &str) -> Result<Bounds, TableError> {
    let bad = || {
        TableError::layout(
            path,
            format!(
                "the range {range:?} is not two cells like C4:G6 (the table's numbers, below a row of column labels and right of a column of row labels)"
            ),
        )
    };
    let (from, to) = range.split_once(':').ok_or_else(bad)?;
    let (r0, c0) = cell_position(from).ok_or_else(bad)?;
    let (r1, c1) = cell_position(to).ok_or_else(bad)?;
    if r0 == 0 || c0 == 0 || r1 < r0 || c1 < c0 {
        return Err(bad());
    }
    Ok(Bounds {
        header_row: r0 - 1,
        label_col: c0 - 1,
        last_row: r1,
        last_col: c1,
    })
}

/// `C7` as 0-based (row, column).
fn cell_position(address: &str) -> Option<(u32, u32)> {
    let address = address.trim().to_ascii_uppercase();
    let split = address.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = address.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .chars()
        .fold(0u32, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1));
    let row: u32 = digits.parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// The address of 0-based (row, column), e.g. `C7`.
fn address(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// The table's labels and numbers, every cell checked.
struct Grid {
    corner: String,
    col_labels: Vec<String>,
    row_labels: Vec<String>,
    rows: Vec<Vec<f64>>,
}

impl Grid {
    fn collect(
        path: &Path,
        sheet: &str,
        cells: &Range<Data>,
        b: Bounds,
        layout: &TableLayout,
    ) -> Result<Grid, TableError> {
        let at = |r: u32, c: u32| cells.get_value((r, c));
        let layout_error = |detail: String| TableError::layout(path, detail);
        let data_rows = b.header_row + 1..=b.last_row;
        let mut columns = Vec::new();
        let mut col_labels = Vec::new();
        let mut seen = HashSet::new();
        for c in b.label_col + 1..=b.last_col {
            let text = label(at(b.header_row, c));
            if text.is_empty() {
                if let Some(r) = data_rows.clone().find(|&r| !is_empty(at(r, c))) {
                    return Err(layout_error(format!(
                        "{sheet}!{} holds {} but its column has no label (in row {})",
                        address(r, c),
                        label(at(r, c)),
                        b.header_row + 1
                    )));
                }
                continue;
            }
            if !seen.insert(text.clone()) {
                return Err(layout_error(format!(
                    "{sheet}!{}: the column label {text:?} appears more than once (labels must be unique)",
                    address(b.header_row, c)
                )));
            }
            columns.push(c);
            col_labels.push(text);
        }
        let mut row_labels = Vec::new();
        let mut rows = Vec::new();
        seen.clear();
        for r in data_rows {
            let text = label(at(r, b.label_col));
            if text.is_empty() {
                if let Some(&c) = columns.iter().find(|&&c| !is_empty(at(r, c))) {
                    return Err(layout_error(format!(
                        "{sheet}!{} holds {} but its row has no label (in column {})",
                        address(r, c),
                        label(at(r, c)),
                        address(r, b.label_col).trim_end_matches(|ch: char| ch.is_ascii_digit())
                    )));
                }
                continue;
            }
            if !seen.insert(text.clone()) {
                return Err(layout_error(format!(
                    "{sheet}!{}: the row label {text:?} appears more than once (labels must be unique)",
                    address(r, b.label_col)
                )));
            }
            let mut values = Vec::with_capacity(columns.len());
            for (&c, column) in columns.iter().zip(&col_labels) {
                values.push(number(at(r, c)).ok_or_else(|| TableError::SheetCell {
                    path: path.to_path_buf(),
                    cell: format!("{sheet}!{}", address(r, c)),
                    row: text.clone(),
                    column: column.clone(),
                    found: label(at(r, c)),
                })?);
            }
            row_labels.push(text);
            rows.push(values);
        }
        let is_output = |l: &String| l.eq_ignore_ascii_case(&layout.output_label);
        if !col_labels.iter().any(is_output) && !row_labels.iter().any(is_output) {
            return Err(layout_error(format!(
                "{sheet}!{}: the table has no {:?} column or row (total output; name another with the output label)",
                address(b.header_row, b.label_col),
                layout.output_label
            )));
        }
        Ok(Grid {
            corner: label(at(b.header_row, b.label_col)),
            col_labels,
            row_labels,
            rows,
        })
    }

    /// The grid as chainsim's CSV.
    fn to_csv(&self) -> Vec<u8> {
        let mut out = csv::Writer::from_writer(Vec::new());
        let header = std::iter::once(&self.corner).chain(&self.col_labels);
        let lines = std::iter::once(header.cloned().collect::<Vec<_>>()).chain(
            self.row_labels.iter().zip(&self.rows).map(|(l, values)| {
                std::iter::once(l.clone())
                    .chain(values.iter().map(f64::to_string))
                    .collect()
            }),
        );
        for line in lines {
            // Writing to a Vec cannot fail.
            let _ = out.write_record(&line);
        }
        out.into_inner().unwrap_or_default()
    }
}

/// A value cell as a finite number; empty reads as 0, text only if it is a
/// number.
fn number(data: Option<&Data>) -> Option<f64> {
    let value = match data {
        None | Some(Data::Empty) => 0.0,
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        Some(Data::String(s)) if s.trim().is_empty() => 0.0,
        Some(Data::String(s)) => s.trim().parse().ok()?,
        Some(_) => return None,
    };
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip() {
        for (text, position) in [
            ("A1", (0, 0)),
            ("C7", (6, 2)),
            ("Z10", (9, 25)),
            ("AA3", (2, 26)),
            ("AZ1", (0, 51)),
        ] {
            assert_eq!(cell_position(text), Some(position), "{text}");
            assert_eq!(address(position.0, position.1), text);
        }
        assert_eq!(cell_position("7C"), None);
        assert_eq!(cell_position("C0"), None);
    }
}
