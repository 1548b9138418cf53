//! Number and label formatting shared by the io reports.

use nalgebra::DMatrix;

use crate::text::{csv_field, render_table};
use chainsim::io::SectorClass;

pub(super) fn matrix_rows(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    m.row_iter().map(|r| r.iter().copied().collect()).collect()
}

/// A labelled matrix as a terminal table, with an optional extra column.
pub(super) fn matrix_table(
    row_labels: &[String],
    col_labels: &[String],
    values: &[Vec<f64>],
    extra: Option<(&str, &[f64])>,
    decimals: usize,
) -> String {
    let mut header = vec![String::new()];
    header.extend(col_labels.iter().cloned());
    if let Some((name, _)) = extra {
        header.push(name.to_string());
    }
    let mut rows = vec![header];
    for (i, (label, row)) in row_labels.iter().zip(values).enumerate() {
        let mut cells = vec![label.clone()];
        cells.extend(row.iter().map(|&v| fixed(v, decimals)));
        if let Some((_, column)) = extra {
            cells.push(fixed(column[i], decimals));
        }
        rows.push(cells);
    }
    let right: Vec<bool> = (0..rows[0].len()).map(|c| c > 0).collect();
    render_table(&rows, &right)
}

/// Header cells for a sector label: `region` and `sector` when any label has a
/// region, `sector` alone otherwise; with their alignment.
pub(super) fn label_header(labels: &[(Option<&str>, &str)]) -> (Vec<Vec<String>>, Vec<bool>) {
    if labels.iter().any(|(region, _)| region.is_some()) {
        (
            vec![vec!["region".into(), "sector".into()]],
            vec![false, false],
        )
    } else {
        (vec![vec!["sector".into()]], vec![false])
    }
}

pub(super) fn label_cells(
    label: (Option<&str>, &str),
    all: &[(Option<&str>, &str)],
) -> Vec<String> {
    if all.iter().any(|(region, _)| region.is_some()) {
        vec![label.0.unwrap_or("").to_string(), label.1.to_string()]
    } else {
        vec![label.1.to_string()]
    }
}

pub(super) fn class_name(class: SectorClass) -> &'static str {
    match class {
        SectorClass::Key => "key",
        SectorClass::BackwardOriented => "backward_oriented",
        SectorClass::ForwardOriented => "forward_oriented",
        SectorClass::Weak => "weak",
    }
}

/// Fixed decimals, without a minus sign on a value that rounds to zero.
pub(super) fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// Fixed decimals with an explicit sign (zero unsigned).
pub(super) fn signed(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if text.starts_with('-') || text.chars().all(|c| c == '0' || c == '.') {
        text
    } else {
        format!("+{text}")
    }
}

pub(super) fn opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "—".into(), |v| fixed(v, decimals))
}

pub(super) fn percent(share: f64) -> String {
    format!("{}%", fixed(100.0 * share, 1))
}

/// Shortest round-trip text of a float: the same bits give the same bytes.
pub(super) fn num(value: f64) -> String {
    format!("{value}")
}

pub(super) fn opt_num(value: Option<f64>) -> String {
    value.map(num).unwrap_or_default()
}

pub(super) fn push_row(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(","));
    out.push('\n');
}

/// A labelled sheet `,<col labels>` then `<row label>,<values>` per row, the layout the
/// toolkit's CSV readers take.
pub(super) fn sheet_csv(col_labels: &[String], row_labels: &[String], rows: &[Vec<f64>]) -> String {
    let mut out = String::new();
    for label in col_labels {
        out.push(',');
        out.push_str(&csv_field(label));
    }
    out.push('\n');
    for (label, row) in row_labels.iter().zip(rows) {
        let mut fields = vec![csv_field(label)];
        fields.extend(row.iter().map(|&v| num(v)));
        push_row(&mut out, &fields);
    }
    out
}
