//! pymrio's tab-separated tables, as pandas writes a `DataFrame` with
//! `to_csv(sep="\t")`: `nr_header` rows of column labels (one row per column
//! level, the first `nr_index_col` cells holding the level's name), then, if
//! the index has names, a row of them with empty data cells, then one row per
//! entry: `nr_index_col` label cells, then the values. With a single column
//! level the one header row holds the index names and the column labels.
//!
//! Rows are parsed one at a time from any reader, so a 9,800-sector matrix
//! never exists as text in memory.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::TableError;

/// A label of one row or column: one string per index level.
pub(crate) type Key = Vec<String>;

/// A label as error messages and chainsim labels write it, levels joined by `/`.
pub(crate) fn join(key: &[String]) -> String {
    key.join("/")
}

/// One open table file, positioned after its header.
pub(crate) struct TextTable<R: Read> {
    path: PathBuf,
    records: csv::Reader<R>,
    nr_index_col: usize,
    columns: Vec<Key>,
    pending: Option<csv::ByteRecord>,
    record: csv::ByteRecord,
}

impl<R: Read> TextTable<R> {
    /// Reads the header of the table in `reader` (the file `path`).
    pub(crate) fn open(
        reader: R,
        path: &Path,
        nr_index_col: usize,
        nr_header: usize,
    ) -> Result<TextTable<R>, TableError> {
        if nr_index_col == 0 || nr_header == 0 {
            return Err(TableError::layout(
                path,
                format!(
                    "expected at least one index column and one header row, the file parameters give {nr_index_col} and {nr_header}"
                ),
            ));
        }
        let mut records = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut header_rows = Vec::with_capacity(nr_header);
        for level in 0..nr_header {
            let mut row = csv::ByteRecord::new();
            if !read_record(&mut records, &mut row, path)? {
                return Err(TableError::layout(
                    path,
                    format!(
                        "the file ends in its header: expected {nr_header} header rows (one per column level), found {level}"
                    ),
                ));
            }
            header_rows.push(row);
        }
        let n_columns = header_rows
            .first()
            .map_or(0, |r| r.len().saturating_sub(nr_index_col));
        if n_columns == 0 {
            return Err(TableError::layout(
                path,
                format!(
                    "expected column labels after the {nr_index_col} index columns of the header, found none"
                ),
            ));
        }
        let mut columns = vec![Vec::with_capacity(nr_header); n_columns];
        for (level, row) in header_rows.iter().enumerate() {
            if row.len() != nr_index_col + n_columns {
                return Err(TableError::layout(
                    path,
                    format!(
                        "header row {} has {} cells, the first has {} (every column needs a label on every level)",
                        level + 1,
                        row.len(),
                        nr_index_col + n_columns
                    ),
                ));
            }
            for (column, cell) in columns.iter_mut().zip(row.iter().skip(nr_index_col)) {
                column.push(text(cell));
            }
        }
        let mut table = TextTable {
            path: path.to_path_buf(),
            records,
            nr_index_col,
            columns,
            pending: None,
            record: csv::ByteRecord::new(),
        };
        // A MultiIndex header is followed by the index names, if the index
        // has any, on a row whose data cells are empty (pandas reads it the
        // same way).
        if nr_header > 1 {
            let mut row = csv::ByteRecord::new();
            if read_record(&mut table.records, &mut row, path)? {
                let names_only = row.iter().skip(nr_index_col).all(|c| c.is_empty());
                if !names_only {
                    table.pending = Some(row);
                }
            }
        }
        Ok(table)
    }

    /// The file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The column labels, in file order.
    pub(crate) fn columns(&self) -> &[Key] {
        &self.columns
    }

    /// Reads the next row: its label, and its values into `values` (one per
    /// column). `None` at the end of the file.
    pub(crate) fn next_row(&mut self, values: &mut [f64]) -> Result<Option<Key>, TableError> {
        if !self.advance()? {
            return Ok(None);
        }
        let key = self.row_key();
        for (j, (value, cell)) in values
            .iter_mut()
            .zip(self.record.iter().skip(self.nr_index_col))
            .enumerate()
        {
            *value = parse_number(cell).ok_or_else(|| TableError::Cell {
                path: self.path.clone(),
                row: join(&key),
                column: join(&self.columns[j]),
                expected: "a finite number",
                found: text(cell),
            })?;
        }
        Ok(Some(key))
    }

    /// Reads the next row as text: its label and its cells. `None` at the end
    /// of the file.
    pub(crate) fn next_text_row(&mut self) -> Result<Option<(Key, Vec<String>)>, TableError> {
        if !self.advance()? {
            return Ok(None);
        }
        let cells = self
            .record
            .iter()
            .skip(self.nr_index_col)
            .map(text)
            .collect();
        Ok(Some((self.row_key(), cells)))
    }

    fn advance(&mut self) -> Result<bool, TableError> {
        match self.pending.take() {
            Some(row) => self.record = row,
            None => {
                if !read_record(&mut self.records, &mut self.record, &self.path)? {
                    return Ok(false);
                }
            }
        }
        let expected = self.nr_index_col + self.columns.len();
        if self.record.len() != expected {
            return Err(TableError::layout(
                &self.path,
                format!(
                    "row {:?} has {} cells, expected {} ({} labels and one value per column of the header)",
                    join(&self.row_key()),
                    self.record.len(),
                    expected,
                    self.nr_index_col
                ),
            ));
        }
        Ok(true)
    }

    fn row_key(&self) -> Key {
        self.record
            .iter()
            .take(self.nr_index_col)
            .map(text)
            .collect()
    }
}

fn read_record<R: Read>(
    records: &mut csv::Reader<R>,
    row: &mut csv::ByteRecord,
    path: &Path,
) -> Result<bool, TableError> {
    records
        .read_byte_record(row)
        .map_err(|e| TableError::layout(path, format!("cannot read the tab-separated text: {e}")))
}

fn text(cell: &[u8]) -> String {
    String::from_utf8_lossy(cell).into_owned()
}

fn parse_number(cell: &[u8]) -> Option<f64> {
    let value: f64 = std::str::from_utf8(cell).ok()?.trim().parse().ok()?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str, nr_index_col: usize, nr_header: usize) -> TextTable<&[u8]> {
        TextTable::open(text.as_bytes(), Path::new("Z.txt"), nr_index_col, nr_header).unwrap()
    }

    #[test]
    fn a_multi_index_header_skips_the_index_names_row() {
        let mut t = open(
            "region\t\tr1\tr1\nsector\t\ta\tb\nregion\tsector\t\t\nr1\ta\t1\t2.5\n",
            2,
            2,
        );
        assert_eq!(t.columns(), &[vec!["r1", "a"], vec!["r1", "b"]]);
        let mut values = [0.0; 2];
        assert_eq!(t.next_row(&mut values).unwrap().unwrap(), vec!["r1", "a"]);
        assert_eq!(values.map(f64::to_bits), [1.0, 2.5].map(f64::to_bits));
        assert!(t.next_row(&mut values).unwrap().is_none());
    }

    #[test]
    fn without_index_names_the_first_data_row_is_kept() {
        let mut t = open("\t\tr1\n\t\ta\nr1\ta\t3\n", 2, 2);
        let mut values = [0.0];
        assert_eq!(t.next_row(&mut values).unwrap().unwrap(), vec!["r1", "a"]);
        assert_eq!(values[0].to_bits(), 3.0f64.to_bits());
    }

    #[test]
    fn a_bad_cell_names_its_row_and_column_labels() {
        let mut t = open("region\tr1\nsector\ta\nstressor\t\nCO2\tn/a\n", 1, 2);
        let err = t.next_row(&mut [0.0]).unwrap_err().to_string();
        assert_eq!(
            err,
            "Z.txt: row \"CO2\", column \"r1/a\": expected a finite number, found \"n/a\""
        );
    }

    #[test]
    fn a_short_row_names_its_label() {
        let mut t = open("region\tsector\tindout\nr1\ta\n", 2, 1);
        let err = t.next_row(&mut [0.0]).unwrap_err().to_string();
        assert!(
            err.contains("row \"r1/a\" has 2 cells, expected 3"),
            "{err}"
        );
    }
}
