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
    /// The OECD Inter-Country Input-Output tables' CSV, 2023 release
    /// (`ICIO2023_2020.csv`): corner `V1`, `<country>_<industry>` rows and
    /// columns, `TLS`, `VA` and `OUT` rows, `OUT` column.
    OecdIcio,
    /// Eurostat's symmetric input–output tables (`naio_10_cp1700`,
    /// `naio_10_cp1750`, …) as the dissemination API gives them: the TSV
    /// (one series per line, one column per period) or SDMX-CSV (one
    /// observation per line).
    Eurostat,
    /// A spreadsheet workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`)
    /// holding a table in chainsim's wide layout on one sheet.
    Spreadsheet,
    /// pymrio's folder format (`file_parameters.json`, `Z.txt`, `Y.txt`,
    /// extension subfolders), as a folder or a zip archive.
    Pymrio,
    /// EXIOBASE 3 (`IOT_<year>_<pxp|ixi>.zip` or its folder), in pymrio's layout.
    Exiobase,
}

impl Format {
    /// Every format, in the order [`Format::detect`] tries them.
    pub const ALL: &'static [Format] = &[
        Format::Chainsim,
        Format::Pymrio,
        Format::Exiobase,
        Format::OecdIcio,
        Format::Eurostat,
        Format::Spreadsheet,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Chainsim => "chainsim",
            Format::OecdIcio => "oecd-icio",
            Format::Eurostat => "eurostat",
            Format::Spreadsheet => "xlsx",
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
    /// whose first cell is `V1` is an OECD ICIO table, one whose first cell
    /// is `DATAFLOW` Eurostat's SDMX-CSV; a `.tsv` file is Eurostat's TSV;
    /// `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods` files are spreadsheets. A
    /// `.csv` file that no other format claims is chainsim's own.
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
            Some("csv") => Ok(sniff_csv(path)?),
            Some("tsv") => Ok(Format::Eurostat),
            Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods") => Ok(Format::Spreadsheet),
            _ => Err(TableError::UnknownFormat {
                path: path.to_path_buf(),
                detail: format!(
                    "cannot tell the table format from the name (known formats: {}); name one with --input-format",
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

/// The format of a `.csv` file, told from its first cell.
fn sniff_csv(path: &Path) -> Result<Format, TableError> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|cause| TableError::Io {
        path: path.to_path_buf(),
        cause,
    })?;
    let mut first = String::new();
    std::io::BufReader::new(file)
        .read_line(&mut first)
        .map_err(|cause| TableError::Io {
            path: path.to_path_buf(),
            cause,
        })?;
    let cell = first
        .trim_start_matches('\u{feff}')
        .split(',')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches('"');
    Ok(match cell {
        "V1" => Format::OecdIcio,
        "DATAFLOW" => Format::Eurostat,
        _ => Format::Chainsim,
    })
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
