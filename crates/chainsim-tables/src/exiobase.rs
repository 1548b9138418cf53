//! EXIOBASE 3, as its releases ship it: a zip archive per year and system
//! (`IOT_2022_pxp.zip`, `IOT_2022_ixi.zip`) or its extracted folder, in
//! pymrio's text layout (pymrio's `parse_exiobase3` is `load_all` plus two
//! fixes, both applied here).
//!
//! The archive holds one folder with `Z.txt` or, in recent releases, only
//! `A.txt` and `x.txt` (then Z = A x̂), `Y.txt`, `unit.txt`,
//! `file_parameters.json`, and the extensions `satellite/` and `impacts/`
//! (`F.txt`, `F_Y.txt` — `F_hh.txt` in older releases —, `S.txt`, `M.txt`,
//! `unit.txt`, …). Satellite rows come from each extension's `F`.

use std::path::Path;

use chainsim_io::IoTable;

use crate::ReadOptions;
use crate::error::TableError;
use crate::pymrio;

/// Region codes some ixi tables of the EXIOBASE 3.4 release write in ISO
/// alpha-3 (or `WWx` for the rest-of-world regions), with the two-letter
/// codes of every other table; pymrio's `parse_exiobase3` renames them the
/// same way.
const REGION_NAMES: &[(&str, &str)] = &[
    ("AUS", "AU"),
    ("AUT", "AT"),
    ("BEL", "BE"),
    ("BGR", "BG"),
    ("BRA", "BR"),
    ("CAN", "CA"),
    ("CHE", "CH"),
    ("CHN", "CN"),
    ("CYP", "CY"),
    ("CZE", "CZ"),
    ("DEU", "DE"),
    ("DNK", "DK"),
    ("ESP", "ES"),
    ("EST", "EE"),
    ("FIN", "FI"),
    ("FRA", "FR"),
    ("GBR", "GB"),
    ("GRC", "GR"),
    ("HRV", "HR"),
    ("HUN", "HU"),
    ("IDN", "ID"),
    ("IND", "IN"),
    ("IRL", "IE"),
    ("ITA", "IT"),
    ("JPN", "JP"),
    ("KOR", "KR"),
    ("LTU", "LT"),
    ("LUX", "LU"),
    ("LVA", "LV"),
    ("MEX", "MX"),
    ("MLT", "MT"),
    ("NLD", "NL"),
    ("NOR", "NO"),
    ("POL", "PL"),
    ("PRT", "PT"),
    ("ROM", "RO"),
    ("RUS", "RU"),
    ("SVK", "SK"),
    ("SVN", "SI"),
    ("SWE", "SE"),
    ("TUR", "TR"),
    ("TWN", "TW"),
    ("USA", "US"),
    ("ZAF", "ZA"),
    ("WWA", "WA"),
    ("WWE", "WE"),
    ("WWF", "WF"),
    ("WWL", "WL"),
    ("WWM", "WM"),
];

/// Reads the EXIOBASE 3 archive or folder at `path`.
pub(crate) fn read(path: &Path, options: &ReadOptions) -> Result<IoTable, TableError> {
    // Final-demand stressors (F_Y, or F_hh in older releases) have no place
    // in an IoTable, so the second fix of parse_exiobase3 (F_hh → F_Y) needs
    // nothing here.
    pymrio::read_renaming(path, options, REGION_NAMES)
}

/// Whether `path` is named as EXIOBASE 3 names its tables,
/// `IOT_<year>_<pxp|ixi>` (with `.zip` for the archive).
pub(crate) fn is_named(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.strip_suffix(".zip").unwrap_or(name);
    let mut parts = stem.split('_');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("IOT"), Some(year), Some("pxp" | "ixi"), None)
            if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exiobase_names_are_recognised() {
        for (name, expected) in [
            ("IOT_2022_pxp.zip", true),
            ("IOT_1995_ixi", true),
            ("IOT_22_pxp.zip", false),
            ("IOT_2022_sut.zip", false),
            ("test_mrio", false),
        ] {
            assert_eq!(is_named(Path::new(name)), expected, "{name}");
        }
    }
}
