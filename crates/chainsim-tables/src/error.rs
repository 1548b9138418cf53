//! The error of reading or writing a table file.

use std::path::PathBuf;

use chainsim_io::IoError;
use thiserror::Error;

/// Why a table file could not be read or written. Each message starts with
/// the file, then names the row or column label (never a 0-based index) and
/// what was expected.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TableError {
    /// The file or folder could not be opened, read or written.
    #[error("cannot read {}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said (part of the message, so not a
        /// separate `source`).
        cause: std::io::Error,
    },

    /// A file or folder could not be created or written.
    #[error("cannot write {}: {cause}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said (part of the message, so not a
        /// separate `source`).
        cause: std::io::Error,
    },

    /// A cell holds something other than what the layout needs there.
    #[error("{}: row {row:?}, column {column:?}: expected {expected}, found {found:?}", path.display())]
    Cell {
        /// The file.
        path: PathBuf,
        /// The row's label as the file writes it.
        row: String,
        /// The column's label as the file writes it.
        column: String,
        /// What belongs there, e.g. "a number".
        expected: &'static str,
        /// What the file holds there.
        found: String,
    },

    /// A spreadsheet cell holds something other than a number where the
    /// table needs one.
    #[error("{}: {cell}: row {row:?}, column {column:?}: expected a number (or an empty cell, read as 0), found {found:?}", path.display())]
    SheetCell {
        /// The workbook.
        path: PathBuf,
        /// The sheet and the cell's address, e.g. `Sheet1!C7`.
        cell: String,
        /// The row's label.
        row: String,
        /// The column's label.
        column: String,
        /// What the cell holds.
        found: String,
    },

    /// The file's structure is not the format's: a ragged block, a label that
    /// appears twice, a missing total, a unit that differs from the others.
    #[error("{}: {detail}", path.display())]
    Layout {
        /// The file.
        path: PathBuf,
        /// What is wrong and what was expected, naming labels.
        detail: String,
    },

    /// The file parsed, but the table it holds is not a valid input–output table.
    #[error("{}: {cause}", path.display())]
    Table {
        /// The file.
        path: PathBuf,
        /// The toolkit's reason (part of the message, so not a separate `source`).
        cause: IoError,
    },

    /// The format of a path could not be told from its name or contents.
    #[error("{}: {detail}", path.display())]
    UnknownFormat {
        /// The file or folder.
        path: PathBuf,
        /// What was looked for.
        detail: String,
    },
}

impl TableError {
    /// A [`TableError::Layout`] for `path`.
    pub fn layout(path: impl Into<PathBuf>, detail: impl Into<String>) -> TableError {
        TableError::Layout {
            path: path.into(),
            detail: detail.into(),
        }
    }
}
