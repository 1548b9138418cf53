//! Errors of loading and compiling a scenario.

use std::fmt;

/// A line and column (both 1-based) in the scenario text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`.
    pub fn from_offset(text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// What is wrong with a scenario, and where.
///
/// Displayed as one line: `line:column: field.path: what is wrong; what is allowed`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The text is not valid TOML or does not fit the scenario format.
    #[error("{}{message}", prefix(location.as_ref(), None))]
    Toml {
        /// Where the parser stopped, when known.
        location: Option<Location>,
        /// The parser's message.
        message: String,
    },
    /// A value is well formed but not allowed.
    #[error("{}{message}", prefix(location.as_ref(), Some(path)))]
    Invalid {
        /// The item holding the value, when known.
        location: Option<Location>,
        /// The field path, e.g. `targets[2].sector`.
        path: String,
        /// What is wrong and what is allowed.
        message: String,
    },
}

fn prefix(location: Option<&Location>, path: Option<&String>) -> String {
    let mut out = String::new();
    if let Some(location) = location {
        out.push_str(&format!("{location}: "));
    }
    if let Some(path) = path {
        out.push_str(&format!("{path}: "));
    }
    out
}

impl ScenarioError {
    /// Where in the file the problem is, when known.
    pub fn location(&self) -> Option<Location> {
        match self {
            ScenarioError::Toml { location, .. } | ScenarioError::Invalid { location, .. } => {
                *location
            }
        }
    }

    pub(crate) fn invalid(
        location: Option<Location>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> ScenarioError {
        ScenarioError::Invalid {
            location,
            path: path.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(
            Location::from_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        // Offset of '=' on the second line: "bé " is 4 bytes, 3 characters.
        assert_eq!(
            Location::from_offset(text, 6 + 4),
            Location { line: 2, column: 4 }
        );
    }
}
