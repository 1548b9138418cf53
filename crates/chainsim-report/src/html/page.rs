//! The page around every report: head, style sheet, headings, and small shared pieces.

use std::fmt::Write as _;

use crate::text::escape;

/// Fonts with Latin first, then CJK faces common on each system, so that Chinese names
/// render wherever the report is opened.
pub(super) const FONT_STACK: &str = "\"Noto Sans\", \"Helvetica Neue\", Arial, \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif";

const STYLE: &str = r#"
:root { --ink: #222; --muted: #5f5f5f; --rule: #d0d0d0; --bar: #4292c6; --target: #cb181d; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem; line-height: 1.4; font-size: 11pt; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p.lead { color: var(--muted); margin: .2rem 0 1rem; }
p.note { color: var(--muted); font-size: .9em; }
nav ol { columns: 2; margin: .5rem 0; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92em; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td svg.pbar { display: block; width: 9rem; height: .8rem; margin: .15rem 0 0 auto; }
td:first-child code { white-space: nowrap; }
td small { color: var(--muted); }
code { font-size: .9em; word-break: break-all; }
.assumed { color: var(--target); font-weight: bold; }
figure.chart { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9em; }
dl.sources dt { font-weight: bold; margin-top: .4rem; }
dl.sources dd { margin: 0 0 0 1rem; }
.kind { font-size: .8em; text-transform: uppercase; color: var(--muted); margin-right: .3rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  #sources { break-before: page; page-break-before: always; }
}
"#;

/// The page: `title`, a lead line, a table of contents of `sections` (`(id, heading, html)`).
pub(super) fn page(title: &str, lead: &str, sections: &[(&str, &str, String)]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"chainsim {}\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n</header>\n<nav aria-label=\"Contents\"><ol>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title),
        STYLE.replace("FONTS", FONT_STACK),
        escape(title),
        escape(lead)
    );
    for (id, heading, _) in sections {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(id),
            escape(heading)
        );
    }
    out.push_str("</ol></nav>\n<main>\n");
    for (id, heading, body) in sections {
        let _ = write!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
            escape(id),
            escape(heading),
            body
        );
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A table: a header row, then rows of cells already written as HTML; a column whose
/// `numeric` flag is set is right-aligned.
pub(super) fn table(header: &[&str], numeric: &[bool], rows: &[Vec<String>]) -> String {
    let class = |c: usize| {
        if numeric.get(c).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        }
    };
    let mut out = String::from("<table>\n<thead><tr>");
    for (c, h) in header.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", class(c), escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (c, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>{cell}</td>", class(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A paragraph of escaped text with a class.
pub(super) fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>\n", escape(text))
}

/// A probability as a bar from 0 to 100%, its interval as a whisker, a tick at 50%.
/// Drawn without text, so nothing in it can collide; the numbers sit in the table beside it.
pub(super) fn probability_bar(probability: f64, low: f64, high: f64) -> String {
    let x = |p: f64| 200.0 * p.clamp(0.0, 1.0);
    format!(
        "<svg class=\"pbar\" viewBox=\"0 0 200 16\" width=\"200\" height=\"16\" role=\"img\" aria-label=\"{} (95% CI {})\"><rect x=\"0\" y=\"2\" width=\"200\" height=\"12\" fill=\"#eeeeee\"/><rect class=\"p\" x=\"0\" y=\"2\" width=\"{:.2}\" height=\"12\" fill=\"#4292c6\"/><line x1=\"100\" y1=\"0\" x2=\"100\" y2=\"16\" stroke=\"#cb181d\" stroke-dasharray=\"2 2\"/><path d=\"M{lo:.2} 5V11M{lo:.2} 8H{hi:.2}M{hi:.2} 5V11\" stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\"/></svg>",
        crate::numbers::percent(probability),
        crate::numbers::interval(low, high),
        x(probability),
        lo = x(low),
        hi = x(high),
    )
}

/// The reproduction table of a report.
pub(super) fn reproduce(provenance: &super::Provenance, rows: &[(&str, String)]) -> String {
    let mut cells: Vec<Vec<String>> = vec![
        vec![
            "scenario file".to_string(),
            format!("<code>{}</code>", escape(&provenance.scenario_file)),
        ],
        vec![
            "scenario SHA-256 (the file and every file it names)".to_string(),
            format!(
                "<code class=\"sha256\">{}</code>",
                escape(&provenance.scenario_sha256)
            ),
        ],
    ];
    cells.extend(
        rows.iter()
            .map(|(k, v)| vec![escape(k), format!("<code>{}</code>", escape(v))]),
    );
    cells.push(vec![
        "command".to_string(),
        format!("<code>{}</code>", escape(&provenance.command)),
    ]);
    let mut out = note(
        "The same scenario file (same SHA-256), seed, runs, sampler and engine version give the same numbers, byte for byte, on any machine and thread count.",
    );
    out.push_str(&table(&["", ""], &[], &cells));
    out
}
