//! `file_parameters.json`: which tables a pymrio system or extension holds,
//! in which files, with how many index columns and header rows.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::TableError;

/// The `systemtype` of a system's root folder.
pub(crate) const IO_SYSTEM: &str = "IOSystem";
/// The `systemtype` of an extension's folder.
pub(crate) const EXTENSION: &str = "Extension";

/// One `file_parameters.json`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct FileParameters {
    /// Table name (`Z`, `Y`, `x`, `F`, …) → its file.
    pub files: BTreeMap<String, FileEntry>,
    /// [`IO_SYSTEM`] or [`EXTENSION`].
    pub systemtype: String,
    /// The extension's name (extensions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One table's file.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct FileEntry {
    /// The file name, relative to the folder.
    pub name: String,
    /// How many label columns precede the values.
    pub nr_index_col: Count,
    /// How many header rows (column levels) precede the rows.
    pub nr_header: Count,
}

/// A count that pymrio writes as a string (`"2"`) and reads with `int()`,
/// so either a string or a number is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count(pub usize);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(usize),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(n) => Ok(Count(n)),
            Raw::Text(s) => s.trim().parse().map(Count).map_err(|_| {
                serde::de::Error::custom(format!("expected a count such as \"2\", found {s:?}"))
            }),
        }
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl FileParameters {
    /// Parses the text of `path`.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<FileParameters, TableError> {
        serde_json::from_str(text).map_err(|e| {
            TableError::layout(
                path,
                format!(
                    "expected pymrio's file parameters ({{\"files\": {{name: {{\"name\", \"nr_index_col\", \"nr_header\"}}}}, \"systemtype\"}}): {e}"
                ),
            )
        })
    }

    /// The file of table `key`, if the folder has one.
    pub(crate) fn file(&self, key: &str) -> Option<&FileEntry> {
        self.files.get(key)
    }
}
