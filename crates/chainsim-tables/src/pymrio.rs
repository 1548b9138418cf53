//! pymrio's folder format: the text layout of pymrio's `save_all` and
//! `load_all` (and of EXIOBASE 3's archives, [`crate::exiobase`]).
//!
//! A system is a folder (or a zip archive) with a `file_parameters.json`
//! naming its tables (`Z.txt`, `Y.txt`, optionally `x.txt`, `A.txt`,
//! `unit.txt`), each a tab-separated table with (region, sector) index
//! columns and header rows; every subfolder with its own
//! `file_parameters.json` is an extension (`F.txt`, `F_Y.txt`, `unit.txt`).

mod params;
mod read;
mod source;
mod text;
mod write;

use std::path::Path;

use chainsim_io::IoTable;

use crate::ReadOptions;
use crate::error::TableError;

pub(crate) use read::RegionNames;
pub(crate) use source::{FILE_PARAMETERS, Source};
pub use write::{DEFAULT_EXTENSION, FACTOR_INPUTS, PymrioWriteOptions, write_pymrio};

/// Reads the pymrio system in the folder or zip archive `path`.
pub(crate) fn read(path: &Path, options: &ReadOptions) -> Result<IoTable, TableError> {
    read_renaming(path, options, &[])
}

/// Reads the pymrio system at `path`, renaming regions by `region_names`.
pub(crate) fn read_renaming(
    path: &Path,
    options: &ReadOptions,
    region_names: RegionNames<'_>,
) -> Result<IoTable, TableError> {
    let mut source = Source::open(path)?;
    read::read_system(&mut source, options, region_names)
}

/// Whether `path` holds a pymrio system: a folder with a
/// `file_parameters.json`, or a zip archive with one in it.
pub(crate) fn holds_system(path: &Path) -> bool {
    if path.is_dir() {
        return path.join(FILE_PARAMETERS).is_file();
    }
    let is_zip = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    is_zip
        && std::fs::File::open(path)
            .ok()
            .and_then(|file| zip::ZipArchive::new(std::io::BufReader::new(file)).ok())
            .is_some_and(|archive| {
                source::entry_names(&archive)
                    .iter()
                    .any(|name| name.rsplit('/').next() == Some(FILE_PARAMETERS))
            })
}
