//! Input–output tables in the formats researchers hold, read from files into
//! [`chainsim_io::IoTable`] and written back.
//!
//! [`read`] takes a path and a [`Format`] (or [`Format::detect`]s it) and
//! returns a validated table; every error is a [`TableError`] whose message
//! names the file and the row or column label. This crate is the I/O
//! boundary of the input–output toolkit: `chainsim-io` computes on tables
//! and reads no files; this crate opens them.
//!
//! ```
//! use chainsim_tables::{Format, ReadOptions, read};
//!
//! let dir = std::env::temp_dir().join(format!("chainsim-tables-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("miller-blair.csv");
//! // Miller & Blair (2009), Table 2.3.
//! std::fs::write(&path, "\
//! ,agriculture,manufacturing,households,total output
//! agriculture,150,500,350,1000
//! manufacturing,200,100,1700,2000
//! value added,650,1400,,
//! ").unwrap();
//! let table = read(&path, Format::detect(&path)?, &ReadOptions::default())?;
//! assert!((table.coefficients().unwrap()[(1, 0)] - 0.20).abs() < 1e-15);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), chainsim_tables::TableError>(())
//! ```

#![warn(missing_docs)]

mod chainsim_csv;
mod error;
mod eurostat;
mod exiobase;
mod format;
mod identity;
mod oecd_icio;
mod pymrio;
mod xlsx;

use std::path::Path;

use chainsim_io::{IoTable, TableLayout};

pub use error::TableError;
pub use eurostat::EurostatSelection;
pub use format::Format;
pub use pymrio::{DEFAULT_EXTENSION, FACTOR_INPUTS, PymrioWriteOptions, write_pymrio};
pub use xlsx::SheetSelection;

/// What a reader needs beyond the path; each format uses the fields that
/// apply to it and ignores the rest.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// chainsim's wide CSV: the total-output label, rows and columns to skip,
    /// the region separator in labels.
    pub layout: TableLayout,
    /// Eurostat: which table of the file (geo, year, unit, stk_flow) and
    /// whether unpublished cells read as zero. `layout.ignored` names codes
    /// to skip.
    pub eurostat: EurostatSelection,
    /// Spreadsheets: the sheet and, optionally, the cell range of the
    /// table's numbers; `layout` says how to read the table found there.
    pub sheet: SheetSelection,
    /// pymrio and EXIOBASE: the extensions to read, each by its folder name
    /// or its `name` (`None`: all of them).
    pub extensions: Option<Vec<String>>,
}

/// Reads the table at `path` in `format`.
///
/// # Errors
///
/// A [`TableError`] naming the file and, where there is one, the row or
/// column label that is wrong.
pub fn read(path: &Path, format: Format, options: &ReadOptions) -> Result<IoTable, TableError> {
    match format {
        Format::Chainsim => chainsim_csv::read(path, &options.layout),
        Format::OecdIcio => oecd_icio::read(path),
        Format::Eurostat => eurostat::read(path, &options.eurostat, &options.layout),
        Format::Spreadsheet => xlsx::read(path, &options.sheet, &options.layout),
        Format::Pymrio => pymrio::read(path, options),
        Format::Exiobase => exiobase::read(path, options),
    }
}

/// Reads a whole file, with the path in the error.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, TableError> {
    std::fs::read(path).map_err(|cause| TableError::Io {
        path: path.to_path_buf(),
        cause,
    })
}
