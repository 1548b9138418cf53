//! The target-probability chart (`targets.svg`) as hand-written SVG with a measured layout.
//!
//! One row per target, in file order: the target's label (wrapped onto at most two lines in
//! a column as wide as the widest label, at most 300 px; the rest cut with "…"), its
//! probability of being met as a bar on a 0–100% scale with the 95% Wilson interval as a
//! whisker, and the probability and interval printed by [`crate::numbers`]. The chart is
//! [`WIDTH`] px wide whatever the number of targets; past [`TARGETS_PER_PAGE`] targets it
//! continues on further pages (files), so each page fits an A4 page. Text is placed by
//! [`crate::text_width`] (a CJK character counts a full em), so no label covers another.
//! Coordinates are written with two decimals and nothing reads a clock: the same report
//! gives the same bytes.

use std::fmt::Write as _;

use chainsim::Report;
use chainsim::report::TargetResult;

use crate::numbers::{interval, percent};
use crate::text::{escape, fit, text_width, wrap_pixels};

/// Width of every page of the chart, in pixels: it fits an A4 page's text width at 96 dpi.
pub const WIDTH: f64 = 760.0;
/// The most targets on one page; more continue on the next page.
pub const TARGETS_PER_PAGE: usize = 40;
/// Widest the label column gets; a label wraps onto a second line, then is cut with "…".
pub const MAX_LABEL_WIDTH: f64 = 300.0;
/// Lines a label may take.
const MAX_LABEL_LINES: usize = 2;
/// Height of a bar.
pub const BAR_HEIGHT: f64 = 12.0;
const MARGIN: f64 = 12.0;
const FONT: f64 = 12.0;
const SMALL: f64 = 10.0;
const TITLE: f64 = 15.0;
/// Baseline-to-baseline distance of a label's lines.
const LINE: f64 = 15.0;
/// Space above and below a row's content.
const ROW_PAD: f64 = 4.0;
const GAP: f64 = 10.0;

const BAR: &str = "#4292c6";
const TRACK: &str = "#eeeeee";
const INK: &str = "#222222";
const MUTED: &str = "#555555";
const HALF: &str = "#cb181d";
const GRID: &str = "#d9d9d9";

/// The file name of page `index` (from 0): `targets.svg`, then `targets-2.svg`, …
pub fn page_name(index: usize) -> String {
    if index == 0 {
        "targets.svg".to_string()
    } else {
        format!("targets-{}.svg", index + 1)
    }
}

/// Every page of the chart (at least one), [`TARGETS_PER_PAGE`] targets a page.
///
/// # Examples
/// ```
/// # use chainsim::{Model, Report, RunOptions, Silent, simulate};
/// # let model = Model::from_toml_str(include_str!("../../../tests/data/small.toml"))?;
/// # let options = RunOptions { runs: 200, seed: 1, threads: Some(1), ..RunOptions::default() };
/// # let report = Report::new(&model, &options, &simulate(&model, &options, &mut Silent)?);
/// let pages = chainsim_report::target_chart::probability_pages(&report);
/// assert_eq!(pages.len(), 1);
/// assert!(pages[0].starts_with("<svg") && pages[0].contains("width=\"760\""));
/// assert_eq!(pages[0].matches("class=\"bar\"").count(), report.targets.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn probability_pages(report: &Report) -> Vec<String> {
    let pages = report.targets.len().div_ceil(TARGETS_PER_PAGE).max(1);
    (0..pages)
        .map(|page| {
            let start = page * TARGETS_PER_PAGE;
            let end = (start + TARGETS_PER_PAGE).min(report.targets.len());
            page_svg(report, start..end, pages)
        })
        .collect()
}

/// A label as drawn: control characters as spaces (XML cannot hold most of them), wrapped
/// to the label column, at most [`MAX_LABEL_LINES`] lines, the last cut with "…".
fn label_lines(label: &str) -> Vec<String> {
    let clean: String = label
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut lines = wrap_pixels(&clean, FONT, MAX_LABEL_WIDTH);
    if lines.len() > MAX_LABEL_LINES {
        let rest = lines[MAX_LABEL_LINES - 1..].join(" ");
        lines.truncate(MAX_LABEL_LINES - 1);
        lines.push(fit(&rest, FONT, MAX_LABEL_WIDTH));
    }
    lines
}

/// Where a probability sits on the plot; a value that is not a number sits at 0.
fn scale(p: f64, left: f64, right: f64) -> f64 {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    left + p * (right - left)
}

fn page_svg(report: &Report, range: std::ops::Range<usize>, pages: usize) -> String {
    let targets: &[TargetResult] = &report.targets[range.clone()];
    let labels: Vec<Vec<String>> = targets.iter().map(|t| label_lines(&t.label)).collect();
    let values: Vec<String> = targets.iter().map(|t| percent(t.probability)).collect();
    let intervals: Vec<String> = targets
        .iter()
        .map(|t| interval(t.ci_low, t.ci_high))
        .collect();
    let widest = |texts: &mut dyn Iterator<Item = &String>, size: f64| {
        texts.map(|t| text_width(t, size)).fold(0.0, f64::max)
    };
    let label_width = widest(&mut labels.iter().flatten(), FONT);
    let value_width = widest(&mut values.iter(), FONT);
    let interval_width = widest(&mut intervals.iter(), SMALL);
    let plot_left = MARGIN + label_width + GAP;
    let value_x = WIDTH - MARGIN - interval_width - 6.0 - value_width;
    let plot_right = value_x - GAP;
    let x = |p: f64| scale(p, plot_left, plot_right);

    let mut title = format!("{} — probability of meeting each target", report.scenario);
    if pages > 1 {
        title.push_str(&format!(
            " (targets {}–{} of {})",
            range.start + 1,
            range.end,
            report.targets.len()
        ));
    }
    let subtitle = format!(
        "{} runs, seed {}; targets in the scenario's order",
        report.accepted_runs, report.seed
    );
    let mut body = String::new();
    let mut y = MARGIN;
    for line in wrap_pixels(&title, TITLE, WIDTH - 2.0 * MARGIN) {
        y += TITLE * 1.3;
        let _ = writeln!(
            body,
            r#"<text x="{MARGIN:.2}" y="{y:.2}" font-size="{TITLE}" font-weight="bold">{}</text>"#,
            escape(&line)
        );
    }
    for line in wrap_pixels(&subtitle, FONT, WIDTH - 2.0 * MARGIN) {
        y += FONT * 1.4;
        let _ = writeln!(
            body,
            r#"<text x="{MARGIN:.2}" y="{y:.2}" fill="{MUTED}">{}</text>"#,
            escape(&line)
        );
    }
    y = legend(&mut body, y + FONT * 1.8);

    // Tick labels above the rows, grid lines through them.
    let axis_y = y + FONT * 1.8;
    let rows_top = axis_y + 6.0;
    let heights: Vec<f64> = labels
        .iter()
        .map(|lines| (LINE * lines.len() as f64).max(BAR_HEIGHT + 4.0) + 2.0 * ROW_PAD)
        .collect();
    let rows_bottom = rows_top + heights.iter().sum::<f64>();
    for quarter in 0..=4u8 {
        let tick = 0.25 * f64::from(quarter);
        let at = x(tick);
        let _ = writeln!(
            body,
            r#"<text x="{at:.2}" y="{axis_y:.2}" text-anchor="middle" font-size="{SMALL}" fill="{MUTED}">{:.0}%</text>"#,
            100.0 * tick
        );
        // The middle one is the dashed 50% line, drawn over the bars.
        if quarter != 2 {
            let _ = writeln!(
                body,
                r#"<line x1="{at:.2}" y1="{rows_top:.2}" x2="{at:.2}" y2="{rows_bottom:.2}" stroke="{GRID}"/>"#
            );
        }
    }

    let mut row_top = rows_top;
    for (i, target) in targets.iter().enumerate() {
        let height = heights[i];
        let mid = row_top + height / 2.0;
        let _ = writeln!(
            body,
            r#"<g class="target" data-target="{}"><title>{}: {} — P(met) {} (95% CI {})</title>"#,
            escape(&target.id),
            escape(&target.id),
            escape(&target.label),
            values[i],
            intervals[i]
        );
        let first_baseline = mid - LINE * (labels[i].len() as f64 - 1.0) / 2.0 + 4.0;
        for (k, line) in labels[i].iter().enumerate() {
            let _ = writeln!(
                body,
                r#"<text class="label" x="{MARGIN:.2}" y="{:.2}">{}</text>"#,
                first_baseline + LINE * k as f64,
                escape(line)
            );
        }
        let bar_top = mid - BAR_HEIGHT / 2.0;
        let _ = writeln!(
            body,
            r#"<rect x="{plot_left:.2}" y="{bar_top:.2}" width="{:.2}" height="{BAR_HEIGHT:.2}" fill="{TRACK}"/>"#,
            plot_right - plot_left
        );
        let _ = writeln!(
            body,
            r#"<rect class="bar" x="{plot_left:.2}" y="{bar_top:.2}" width="{:.2}" height="{BAR_HEIGHT:.2}" fill="{BAR}"/>"#,
            x(target.probability) - plot_left
        );
        if target.ci_low.is_finite() && target.ci_high.is_finite() {
            let (lo, hi) = (x(target.ci_low), x(target.ci_high));
            let _ = writeln!(
                body,
                r#"<path class="whisker" d="M{lo:.2} {:.2}V{:.2}M{lo:.2} {mid:.2}H{hi:.2}M{hi:.2} {:.2}V{:.2}" stroke="{INK}" stroke-width="1.5" fill="none"/>"#,
                mid - 4.0,
                mid + 4.0,
                mid - 4.0,
                mid + 4.0
            );
        }
        let _ = writeln!(
            body,
            r#"<text class="value" x="{value_x:.2}" y="{:.2}" font-weight="bold">{}</text>"#,
            mid + 4.0,
            values[i]
        );
        let _ = writeln!(
            body,
            r#"<text class="interval" x="{:.2}" y="{:.2}" font-size="{SMALL}" fill="{MUTED}">{}</text>"#,
            value_x + value_width + 6.0,
            mid + 4.0,
            intervals[i]
        );
        body.push_str("</g>\n");
        row_top += height;
    }
    let half = x(0.5);
    let _ = writeln!(
        body,
        r#"<line class="half" x1="{half:.2}" y1="{rows_top:.2}" x2="{half:.2}" y2="{rows_bottom:.2}" stroke="{HALF}" stroke-dasharray="4 3"/>"#
    );
    let mut height = rows_bottom + MARGIN;
    if targets.is_empty() {
        let _ = writeln!(
            body,
            r#"<text x="{MARGIN:.2}" y="{:.2}" fill="{MUTED}">The scenario has no targets.</text>"#,
            rows_bottom + FONT * 1.4
        );
        height += FONT * 1.4;
    }
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0}" height="{:.0}" viewBox="0 0 {WIDTH:.0} {:.0}" font-family="sans-serif" font-size="{FONT}" fill="{INK}">"#,
        height.ceil(),
        height.ceil()
    );
    let _ = writeln!(
        svg,
        r#"<rect x="0" y="0" width="{WIDTH:.0}" height="{:.0}" fill="white"/>"#,
        height.ceil()
    );
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

/// The legend from baseline `y`: each key's glyph then its words, spaced by their measured
/// widths, continuing on a new line when a key would pass the right margin. Returns the last
/// line's baseline.
fn legend(body: &mut String, mut y: f64) -> f64 {
    let keys = [
        ("bar", "P(met): the share of runs that meet the target"),
        ("whisker", "95% interval (Monte Carlo error)"),
        ("half", "50%"),
    ];
    let mut key_x = MARGIN;
    for (glyph, words) in keys {
        let key_width = 24.0 + text_width(words, FONT);
        if key_x > MARGIN && key_x + key_width > WIDTH - MARGIN {
            key_x = MARGIN;
            y += FONT * 1.6;
        }
        let _ = match glyph {
            "bar" => writeln!(
                body,
                r#"<rect x="{key_x:.2}" y="{:.2}" width="18" height="{BAR_HEIGHT:.2}" fill="{BAR}"/>"#,
                y - 10.0
            ),
            "whisker" => writeln!(
                body,
                r#"<path d="M{key_x:.2} {:.2}V{:.2}M{key_x:.2} {:.2}H{:.2}M{:.2} {:.2}V{:.2}" stroke="{INK}" stroke-width="1.5" fill="none"/>"#,
                y - 8.0,
                y,
                y - 4.0,
                key_x + 18.0,
                key_x + 18.0,
                y - 8.0,
                y
            ),
            _ => writeln!(
                body,
                r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{HALF}" stroke-dasharray="4 3"/>"#,
                key_x + 9.0,
                y - 12.0,
                key_x + 9.0,
                y + 2.0
            ),
        };
        let _ = writeln!(
            body,
            r#"<text x="{:.2}" y="{y:.2}">{}</text>"#,
            key_x + 24.0,
            escape(words)
        );
        key_x += key_width + 18.0;
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_onto_two_lines_then_are_cut() {
        let long = "Agricultural processing above 600亿 by 2030 (assumed base) ".repeat(3);
        let lines = label_lines(&long);
        assert_eq!(lines.len(), MAX_LABEL_LINES);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, FONT) <= MAX_LABEL_WIDTH));
        assert_eq!(label_lines("short"), ["short"]);
        assert_eq!(label_lines("a\u{1}b"), ["a b"]);
    }

    #[test]
    fn probabilities_that_are_not_numbers_sit_at_zero() {
        let near = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(near(scale(f64::NAN, 10.0, 110.0), 10.0));
        assert!(near(scale(1.5, 10.0, 110.0), 110.0));
        assert!(near(scale(0.25, 10.0, 110.0), 35.0));
    }
}
