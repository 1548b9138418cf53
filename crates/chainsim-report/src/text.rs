//! Text building blocks shared by the reports: CSV fields, XML escaping, terminal and pixel
//! widths, wrapping, tables.

/// A CSV field, quoted when it holds a comma, quote or line break.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Terminal columns a string takes: East Asian wide characters take two.
pub(crate) fn display_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Text made safe inside an XML or HTML element or attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A generous estimate of the width in pixels of `text` set at `font_size` pixels in a
/// sans-serif font: East Asian wide characters take a full em, every other character 0.62
/// em (wider than the average Latin glyph of common sans-serif fonts, so labels laid out
/// with it do not touch once set). The charts lay their text out with it.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| if char_width(c) == 2 { 1.0 } else { 0.62 })
        .sum();
    ems * font_size
}

/// `text`, cut with "…" to fit `max_width` pixels at `size`.
pub(crate) fn fit(text: &str, size: f64, max_width: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    let mut cut = String::new();
    for c in text.chars() {
        if text_width(&format!("{cut}{c}…"), size) > max_width {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// `text` broken at spaces into lines at most `max_width` pixels wide at `font_size` (a word
/// longer than a line is broken between characters).
pub(crate) fn wrap_pixels(text: &str, font_size: f64, max_width: f64) -> Vec<String> {
    wrap_by(text, max_width, |s| text_width(s, font_size))
}

/// `text` broken at spaces into lines at most `columns` terminal columns wide.
pub(crate) fn wrap_columns(text: &str, columns: usize) -> Vec<String> {
    wrap_by(text, columns as f64, |s| display_width(s) as f64)
}

fn wrap_by(text: &str, limit: f64, width: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Only spaces break: a label's other whitespace (a line break) stays in it, for the
    // terminal to show escaped.
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate) <= limit {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line on its own (CJK text has no spaces) is cut by characters.
        for c in word.chars() {
            let mut next = line.clone();
            next.push(c);
            if width(&next) > limit && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, c.to_string()));
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Columns a character takes on a terminal: East Asian wide characters take two.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 => 2,
        _ => 1,
    }
}

/// A table at most `max_width` columns wide: the columns of `drop_order` are left out, in
/// that order, until the others fit with `wrap_col` at least `min_wrap` wide; then `wrap_col`
/// is wrapped onto further lines. Returns the table and the headers of the columns left out.
pub(crate) fn render_table_fit(
    rows: &[Vec<String>],
    right_align: &[bool],
    max_width: usize,
    wrap_col: usize,
    min_wrap: usize,
    drop_order: &[usize],
) -> (String, Vec<String>) {
    let width_of = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| display_width(s))
            .max()
            .unwrap_or(0)
    };
    let n_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut kept: Vec<usize> = (0..n_cols).collect();
    let others = |kept: &[usize]| -> usize {
        kept.iter()
            .filter(|&&c| c != wrap_col)
            .map(|&c| width_of(c) + 2)
            .sum()
    };
    let mut dropped = Vec::new();
    for &c in drop_order {
        if others(&kept) + min_wrap <= max_width {
            break;
        }
        kept.retain(|&k| k != c);
        if let Some(header) = rows.first().and_then(|r| r.get(c)) {
            dropped.push(header.clone());
        }
    }
    let wrap_width = max_width.saturating_sub(others(&kept)).max(min_wrap);
    let mut lines: Vec<Vec<String>> = Vec::new();
    for row in rows {
        let cells: Vec<&String> = kept.iter().filter_map(|&c| row.get(c)).collect();
        let wrap_at = kept.iter().position(|&c| c == wrap_col);
        let wrapped = wrap_at
            .and_then(|i| cells.get(i))
            .map(|text| {
                // A label with a control character stays whole, so that the terminal's
                // escaping finds it (a line break in it is not one of the table's).
                if text.chars().any(char::is_control) {
                    vec![(*text).clone()]
                } else {
                    wrap_columns(text, wrap_width)
                }
            })
            .unwrap_or_default();
        for k in 0..wrapped.len().max(1) {
            lines.push(
                cells
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| match (Some(i) == wrap_at, k) {
                        (true, _) => wrapped.get(k).cloned().unwrap_or_default(),
                        (false, 0) => (*cell).clone(),
                        (false, _) => String::new(),
                    })
                    .collect(),
            );
        }
    }
    let align: Vec<bool> = kept
        .iter()
        .map(|&c| right_align.get(c).copied().unwrap_or(false))
        .collect();
    // The header's wrapped continuation lines (none for short headers) come before the rule.
    let header_lines = rows
        .first()
        .and_then(|r| r.get(wrap_col))
        .map_or(1, |h| wrap_columns(h, wrap_width).len());
    let text = render_rows(&lines, &align, header_lines);
    (text, dropped)
}

/// Columns separated by two spaces, a rule under the header row; column `c` is
/// right-aligned when `right_align[c]` is true.
pub(crate) fn render_table(rows: &[Vec<String>], right_align: &[bool]) -> String {
    render_rows(rows, right_align, 1)
}

/// [`render_table`] with the rule under the first `header_lines` rows.
fn render_rows(rows: &[Vec<String>], right_align: &[bool], header_lines: usize) -> String {
    let n_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n_cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| display_width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - display_width(cell));
            if c > 0 {
                line.push_str("  ");
            }
            if right_align.get(c).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if r + 1 == header_lines {
            let total = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
            out.push_str(&"─".repeat(total));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("1300亿"), 6);
    }

    #[test]
    fn wide_tables_wrap_one_column_and_drop_others_to_fit() {
        let rows = vec![
            vec![
                "id".to_string(),
                "label".to_string(),
                "p".to_string(),
                "extra".to_string(),
            ],
            vec![
                "a".to_string(),
                "one two three four five six".to_string(),
                "50%".to_string(),
                "wide wide wide".to_string(),
            ],
        ];
        let (text, dropped) = render_table_fit(&rows, &[false, false, true, false], 20, 1, 9, &[3]);
        assert_eq!(dropped, ["extra"]);
        assert!(text.lines().all(|l| display_width(l) <= 20), "{text}");
        assert_eq!(
            text,
            "id  label         p\n───────────────────\na   one two     50%\n    three four\n    five six\n"
        );
    }

    #[test]
    fn wrapping_cuts_words_without_spaces() {
        assert_eq!(
            wrap_columns("吉林市化工产业", 6),
            ["吉林市", "化工产", "业"]
        );
        assert!(text_width("亿", 10.0) > text_width("a", 10.0));
    }

    #[test]
    fn tables_align_by_display_width() {
        let rows = vec![
            vec!["a".to_string(), "n".to_string()],
            vec!["亿".to_string(), "10".to_string()],
        ];
        assert_eq!(
            render_table(&rows, &[false, true]),
            "a    n\n──────\n亿  10\n"
        );
    }
}
