//! chainsim's own wide CSV layout, read from a file.

use std::path::Path;

use chainsim_io::{IoTable, TableLayout};

use crate::error::TableError;
use crate::read_file;

/// Reads a flow table in chainsim's wide CSV layout from `path`.
pub(crate) fn read(path: &Path, layout: &TableLayout) -> Result<IoTable, TableError> {
    let bytes = read_file(path)?;
    IoTable::from_csv(bytes.as_slice(), layout).map_err(|cause| TableError::Table {
        path: path.to_path_buf(),
        cause,
    })
}
