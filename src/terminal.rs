//! Text for the terminal: control characters from labels (a scenario's names and ids, a
//! table's row labels) are shown escaped, so they cannot move the cursor, recolour the
//! terminal or forge lines. Files and machine-readable output keep them as they are.

use std::borrow::Cow;

/// `text` with every control character escaped (`\n`, `\u{1b}`, …): one line, safe to print.
pub fn escape_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(escape_char).collect())
}

/// A rendered table for the terminal: each of `labels` that holds a control character is
/// replaced by its escaped form wherever it appears, then every other control character
/// except the table's own line breaks is escaped.
pub fn escape_table<'a>(text: &str, labels: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = text.to_string();
    let mut labels: Vec<&str> = labels
        .into_iter()
        .filter(|label| label.chars().any(char::is_control))
        .collect();
    // Longer labels first, so one that contains another is replaced whole.
    labels.sort_by_key(|label| std::cmp::Reverse(label.len()));
    for label in labels {
        text = text.replace(label, &escape_line(label));
    }
    text.chars()
        .map(|c| {
            if c == '\n' {
                c.to_string()
            } else {
                escape_char(c)
            }
        })
        .collect()
}

fn escape_char(c: char) -> String {
    if c.is_control() {
        c.escape_default().to_string()
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_escape_nul_and_newline_in_one_line() {
        assert_eq!(
            escape_line("a\u{1b}[31mb\0c\nd"),
            "a\\u{1b}[31mb\\u{0}c\\nd"
        );
        assert!(matches!(escape_line("plain — text"), Cow::Borrowed(_)));
    }

    #[test]
    fn tables_keep_their_line_breaks_but_not_a_label_s() {
        let table = "id  p\nbad\nname  0.5\nx\u{1b}  0.1\n";
        assert_eq!(
            escape_table(table, ["bad\nname", "ok"]),
            "id  p\nbad\\nname  0.5\nx\\u{1b}  0.1\n"
        );
    }
}
