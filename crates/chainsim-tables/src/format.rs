//! The formats this crate reads, and telling them apart.

use std::fmt;
use std::path::Path;

use crate::error::TableError;

/// A table format. Each reads into a [`chainsim_io::IoTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// chainsim's own wide CSV: sectors across and down, final-demand
    /// columns, value-added rows, a total-output column
    /// ([`chainsim_io::IoTable::from_csv`]).
    Chainsim,
    /// pymrio's folder format (`file_parameters.json`, `Z.txt`, `Y.txt`,
    /// extension subfolders), as a folder or a zip archive.
    Pymrio,
    /// EXIOBASE 3 (`IOT_<year>_<pxp|ixi>.zip` or its folder), in pymrio's layout.
    Exiobase,
}

impl Format {
    /// Every format, in the order [`Format::detect`] tries them.
    pub const ALL: &'static [Format] = &[Format::Chainsim, Format::Pymrio, Format::Exiobase];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Chainsim => "chainsim",
            Format::Pymrio => "pymrio",
            Format::Exiobase => "exiobase",
        }
    }

    /// The format named `name` (as [`Format::name`] writes it).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The format of `path`, told from its name and, for folders, the files
    /// in it. A folder or zip archive with a `file_parameters.json` is
    /// pymrio's (EXIOBASE's if named `IOT_<year>_<pxp|ixi>`). A `.csv` file
    /// that no other format claims is chainsim's own.
    ///
    /// # Errors
    ///
    /// [`TableError::UnknownFormat`] naming what was looked for.
    pub fn detect(path: &Path) -> Result<Format, TableError> {
        if crate::pymrio::holds_system(path) {
            return Ok(if crate::exiobase::is_named(path) {
                Format::Exiobase
            } else {
                Format::Pymrio
            });
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Ok(Format::Chainsim),
            _ => Err(TableError::UnknownFormat {
                path: path.to_path_buf(),
                detail: format!(
                    "cannot tell the table format from the name (known formats: {}); name one with --format",
                    Format::ALL
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
