//! Sector labels, optionally qualified by region for multi-region tables.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The label of one row and column of a table: a sector, optionally in a region.
///
/// A multi-region table (say Jilin City / rest of Jilin / rest of China)
/// labels each sector by a (region, sector) pair, so that aggregation can
/// merge regions or sectors and reports can print both.
///
/// # Examples
///
/// ```
/// use chainsim_io::Label;
///
/// let label = Label::parse("Jilin City/Chemicals", Some("/"));
/// assert_eq!(label, Label::regional("Jilin City", "Chemicals"));
/// assert_eq!(label.to_string(), "Jilin City/Chemicals");
/// assert_eq!(Label::parse("Chemicals", Some("/")), Label::sector("Chemicals"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Label {
    /// The region, if the table has more than one.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
}

impl Label {
    /// A sector label without a region.
    pub fn sector(sector: impl Into<String>) -> Label {
        Label {
            region: None,
            sector: sector.into(),
        }
    }

    /// A (region, sector) label.
    pub fn regional(region: impl Into<String>, sector: impl Into<String>) -> Label {
        Label {
            region: Some(region.into()),
            sector: sector.into(),
        }
    }

    /// Splits `text` at the first `separator` into region and sector; without
    /// a separator, or if it does not occur, the whole text is the sector.
    /// Surrounding whitespace is trimmed.
    pub fn parse(text: &str, separator: Option<&str>) -> Label {
        match separator.and_then(|sep| text.split_once(sep)) {
            Some((region, sector)) => Label::regional(region.trim(), sector.trim()),
            None => Label::sector(text.trim()),
        }
    }

    /// Builds plain sector labels from strings.
    pub fn sectors<S: Into<String>>(names: impl IntoIterator<Item = S>) -> Vec<Label> {
        names.into_iter().map(Label::sector).collect()
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.region {
            Some(region) => write!(f, "{region}/{}", self.sector),
            None => f.write_str(&self.sector),
        }
    }
}
