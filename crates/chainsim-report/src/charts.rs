//! Charts of a [`Report`] as SVG text: a fan chart of each sector's value, and (through
//! [`crate::target_chart`]) the chart of the target probabilities.
//!
//! Drawing goes through `plotters`' SVG backend without its font features: the backend
//! writes text as `<text>` elements (escaped as XML) for the viewer to set, so no font file
//! or system library is needed and the same report always gives the same bytes.
//!
//! # Examples
//! ```
//! # use chainsim::{Model, Report, RunOptions, Silent, simulate};
//! # let model = Model::from_toml_str(include_str!("../../../tests/data/small.toml"))?;
//! # let options = RunOptions { runs: 200, seed: 1, threads: Some(1), ..RunOptions::default() };
//! # let summary = simulate(&model, &options, &mut Silent)?;
//! # let report = Report::new(&model, &options, &summary);
//! # let scenario = chainsim::Scenario::from_toml_str(include_str!("../../../tests/data/small.toml"))?;
//! let context = chainsim::report::ScenarioContext::new(&model, &scenario);
//! for (name, svg) in chainsim_report::charts::chart_files(&report, &context) {
//!     assert!(name.ends_with(".svg") && svg.starts_with("<svg"));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use chainsim::model::targets::{Direction, TargetKind};
use chainsim::report::{Report, ScenarioContext, TargetResult, TrajectoryRow};

use crate::numbers::{in_unit, interval, percent};
use crate::text::fit;

/// Errors from drawing a chart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// The report has no gross-output trajectory for the sector.
    #[error("unknown sector \"{sector}\"; expected one of: {expected}")]
    UnknownSector {
        /// The sector asked for.
        sector: String,
        /// The report's sectors, comma-separated.
        expected: String,
    },
}

/// Where a chart puts data: its plot area in SVG pixels and the axis ranges it spans.
///
/// A value `v` on an axis spanning `(lo, hi)` is drawn at
/// `left + (v − lo) / (hi − lo) · (right − 1 − left)` horizontally and
/// `bottom − 1 − (v − lo) / (hi − lo) · (bottom − 1 − top)` vertically, rounded to a pixel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Left edge of the plot area.
    pub left: i32,
    /// Top edge of the plot area.
    pub top: i32,
    /// Right edge (exclusive).
    pub right: i32,
    /// Bottom edge (exclusive).
    pub bottom: i32,
    /// The x-axis range (years).
    pub x_range: (f64, f64),
    /// The y-axis range (values).
    pub y_range: (f64, f64),
}

impl Frame {
    /// The pixel of a point `(x, y)` in axis units, by the mapping above.
    pub fn pixel(&self, (x, y): (f64, f64)) -> (i32, i32) {
        let along = |v: f64, (lo, hi): (f64, f64)| {
            if hi > lo && v.is_finite() {
                (v - lo) / (hi - lo)
            } else {
                0.0
            }
        };
        (
            (f64::from(self.left) + along(x, self.x_range) * f64::from(self.right - 1 - self.left))
                .round() as i32,
            (f64::from(self.bottom - 1)
                - along(y, self.y_range) * f64::from(self.bottom - 1 - self.top))
            .round() as i32,
        )
    }
}

const FAN_WIDTH: u32 = 880;
const FAN_PLOT_HEIGHT: i32 = 380;
const TOP: i32 = 64;
const LEFT: i32 = 84;
const RIGHT_MARGIN: i32 = 30;
const X_LABEL_AREA: i32 = 36;
const Y_LABEL_AREA: i32 = 74;
const NOTE_LINE: i32 = 18;
/// Font size (plotters') of the marker labels, the legend and the notes.
const MARKER_FONT: u32 = 13;
const TITLE_FONT: u32 = 20;
const SUBTITLE_FONT: u32 = 14;
/// Space on each side of the first and last year, in years, so markers are not cut.
const YEAR_PAD: f64 = 0.25;

const OUTER_BAND: RGBColor = RGBColor(0xC6, 0xDB, 0xEF);
const INNER_BAND: RGBColor = RGBColor(0x6B, 0xAE, 0xD6);
const MEDIAN: RGBColor = RGBColor(0x08, 0x30, 0x6B);
const TARGET: RGBColor = RGBColor(0xCB, 0x18, 0x1D);
const INK: RGBColor = RGBColor(0x25, 0x25, 0x25);
const MUTED: RGBColor = RGBColor(0x63, 0x63, 0x63);
const FONT: &str = "sans-serif";

/// The sectors with a gross-output trajectory, in report order.
pub fn sectors(report: &Report) -> Vec<&str> {
    let mut sectors: Vec<&str> = Vec::new();
    for row in output_rows(report, None) {
        if !sectors.contains(&row.item.as_str()) {
            sectors.push(&row.item);
        }
    }
    sectors
}

/// Every chart of a report as `(file name, SVG)`: `fan-<sector>.svg` per sector (titled
/// with the sector's name from `context`), then the target-probability chart, `targets.svg`
/// (and `targets-2.svg`, … past [`crate::target_chart::TARGETS_PER_PAGE`] targets). Characters other than letters, digits, `-`, `_` and `.` in a sector id
/// become `_` in its file name, and a name already taken gets a numeric suffix.
pub fn chart_files(report: &Report, context: &ScenarioContext) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for sector in sectors(report) {
        let stem: String = sector
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut name = format!("fan-{stem}.svg");
        let mut n = 2;
        while files.iter().any(|(taken, _)| *taken == name) {
            name = format!("fan-{stem}-{n}.svg");
            n += 1;
        }
        let svg = fan_chart_named(report, sector, context.sector_name(sector))
            .expect("the sector comes from the report");
        files.push((name, svg));
    }
    for (index, svg) in crate::target_chart::probability_pages(report)
        .into_iter()
        .enumerate()
    {
        files.push((crate::target_chart::page_name(index), svg));
    }
    files
}

/// The frame of a sector's fan chart: years from the base year to the horizon (padded by a
/// quarter year), and values from the lowest P5 or level-target threshold to the highest P95
/// or threshold, widened by 5% of the span each way (not below zero when all are
/// non-negative) and rounded outward to a multiple of a 1–2–5 step giving about five ticks.
///
/// # Errors
/// [`ChartError::UnknownSector`] when the report has no output trajectory for `sector`.
pub fn fan_frame(report: &Report, sector: &str) -> Result<Frame, ChartError> {
    let rows = sector_rows(report, sector)?;
    let targets = level_targets(report, sector);
    let low = rows
        .iter()
        .map(|r| r.p05)
        .chain(targets.iter().map(|t| t.threshold))
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let high = rows
        .iter()
        .map(|r| r.p95)
        .chain(targets.iter().map(|t| t.threshold))
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let (low, high) = if low.is_finite() {
        (low, high)
    } else {
        (0.0, 1.0)
    };
    let pad = if high > low {
        0.05 * (high - low)
    } else {
        (0.05 * high.abs()).max(1.0)
    };
    let mut lo = low - pad;
    if low >= 0.0 {
        lo = lo.max(0.0);
    }
    let hi = high + pad;
    let step = nice_step((hi - lo) / 5.0);
    let bottom = TOP + FAN_PLOT_HEIGHT;
    Ok(Frame {
        left: LEFT,
        top: TOP,
        right: FAN_WIDTH as i32 - RIGHT_MARGIN,
        bottom,
        x_range: (
            f64::from(report.base_year) - YEAR_PAD,
            f64::from(report.horizon) + YEAR_PAD,
        ),
        y_range: ((lo / step).floor() * step, (hi / step).ceil() * step),
    })
}

/// A fan chart of a sector's value (its output when it has no price): the P5–P95 and P25–P75 bands and the median
/// over the years, with every level target on the sector's output marked at its year and
/// threshold and labelled with its id and probability.
///
/// # Errors
/// [`ChartError::UnknownSector`] when the report has no output trajectory for `sector`.
pub fn fan_chart(report: &Report, sector: &str) -> Result<String, ChartError> {
    fan_chart_named(report, sector, sector)
}

/// [`fan_chart`] titled with the sector's display `name` (e.g. "Chemicals (化工)").
///
/// # Errors
/// [`ChartError::UnknownSector`] when the report has no output trajectory for `sector`.
pub fn fan_chart_named(report: &Report, sector: &str, name: &str) -> Result<String, ChartError> {
    let frame = fan_frame(report, sector)?;
    let rows = sector_rows(report, sector)?;
    let targets = level_targets(report, sector);
    // Under the plot: the x labels, the legend's line, then a note line per target.
    let height = (frame.bottom + X_LABEL_AREA + 24 + NOTE_LINE * (targets.len() as i32 + 1)) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (FAN_WIDTH, height)).into_drawing_area();
        draw_fan(&root, report, name, &frame, &rows, &targets)
            .expect("drawing into a string does not fail");
        root.present().expect("drawing into a string does not fail");
    }
    Ok(svg)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult<'a> =
    Result<(), DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>>;

fn draw_fan<'a>(
    root: &Area<'a>,
    report: &Report,
    name: &str,
    frame: &Frame,
    rows: &[&TrajectoryRow],
    targets: &[&TargetResult],
) -> DrawResult<'a> {
    root.fill(&WHITE)?;
    draw_heading(
        root,
        &format!("{name}: {}", rows[0].measure),
        &format!(
            "{} runs, seed {}; in {}; median, 50% and 90% bands",
            report.accepted_runs, report.seed, rows[0].unit
        ),
    )?;
    let (width, height) = root.dim_in_pixel();
    let mut chart = builder(root, frame, (width, height)).build_cartesian_2d(
        frame.x_range.0..frame.x_range.1,
        frame.y_range.0..frame.y_range.1,
    )?;
    debug_assert_eq!(
        chart.plotting_area().get_pixel_range(),
        (frame.left..frame.right, frame.top..frame.bottom)
    );
    let n_years = (report.horizon - report.base_year + 1).max(1) as usize;
    let year_label = |x: &f64| {
        if (x - x.round()).abs() < 1e-6 {
            format!("{x:.0}")
        } else {
            String::new()
        }
    };
    let decimals = tick_decimals(frame.y_range);
    let value_label = |y: &f64| format!("{y:.decimals$}");
    chart
        .configure_mesh()
        .x_labels(n_years.min(12))
        .x_label_formatter(&year_label)
        .y_label_formatter(&value_label)
        .y_labels(8)
        .y_desc(fit(
            &report.value_unit,
            svg_px(MARKER_FONT),
            f64::from(FAN_PLOT_HEIGHT),
        ))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xE5, 0xE5, 0xE5))
        .axis_style(MUTED)
        .label_style((FONT, 13).into_font().color(&INK))
        .axis_desc_style((FONT, 13).into_font().color(&MUTED))
        .draw()?;

    let band = |low: fn(&TrajectoryRow) -> f64, high: fn(&TrajectoryRow) -> f64| {
        let upper = rows.iter().map(move |r| (f64::from(r.year), high(r)));
        let lower = rows.iter().rev().map(move |r| (f64::from(r.year), low(r)));
        upper.chain(lower).collect::<Vec<_>>()
    };
    chart.draw_series(std::iter::once(Polygon::new(
        band(|r| r.p05, |r| r.p95),
        OUTER_BAND.filled(),
    )))?;
    chart.draw_series(std::iter::once(Polygon::new(
        band(|r| r.p25, |r| r.p75),
        INNER_BAND.filled(),
    )))?;
    chart.draw_series(LineSeries::new(
        rows.iter().map(|r| (f64::from(r.year), r.p50)),
        MEDIAN.stroke_width(2),
    ))?;

    let mid_year = 0.5 * (f64::from(report.base_year) + f64::from(report.horizon));
    // Marker labels: measured boxes, each moved up or down from its marker (in steps of a
    // label's height) until it covers no label placed before it and stays in the plot.
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
    for target in targets {
        let at = (f64::from(target.year), target.threshold);
        chart.draw_series(std::iter::once(Circle::new(at, 5, TARGET.filled())))?;
        // Labels sit on the side of the marker that has room: left of late targets.
        let (dx, h_pos) = if at.0 > mid_year {
            (-9, HPos::Right)
        } else {
            (9, HPos::Left)
        };
        let text = format!("{} {}", target.id, percent(target.probability));
        let width = text_width(&text, MARKER_FONT);
        let (x0, x1) = if dx < 0 {
            (dx - width - 3, dx + 3)
        } else {
            (dx - 3, dx + width + 3)
        };
        let (px, py) = frame.pixel(at);
        let label_height = 16;
        let candidates = (0..12).map(|k: i32| {
            // 0, then below, above, further below, … of the default place just above.
            let step = (k + 1) / 2 * (label_height + 2);
            if k % 2 == 1 { step } else { -step }
        });
        let mut dy = 0;
        for shift in candidates {
            let candidate = (px + x0, py - 18 + shift, px + x1, py - 2 + shift);
            let inside = candidate.1 >= frame.top && candidate.3 < frame.bottom;
            let clear = placed.iter().all(|b| {
                b.2 <= candidate.0 || candidate.2 <= b.0 || b.3 <= candidate.1 || candidate.3 <= b.1
            });
            if inside && clear {
                dy = shift;
                break;
            }
        }
        placed.push((px + x0, py - 18 + dy, px + x1, py - 2 + dy));
        let style = (FONT, MARKER_FONT)
            .into_font()
            .color(&TARGET)
            .pos(Pos::new(h_pos, VPos::Bottom));
        // A pale backdrop keeps the label legible over the bands.
        chart.draw_series(std::iter::once(
            EmptyElement::at(at)
                + Rectangle::new([(x0, -18 + dy), (x1, -2 + dy)], WHITE.mix(0.75).filled())
                + Text::new(text, (dx, -4 + dy), style),
        ))?;
    }

    // The legend, under the x labels: each key's swatch then its words, spaced by measure.
    let legend_y = frame.bottom + X_LABEL_AREA + 8;
    let mut key_x = frame.left;
    for (key, words) in [
        (0, "P5–P95"),
        (1, "P25–P75"),
        (2, "median"),
        (3, "level target and P(met)"),
    ] {
        if key == 3 && targets.is_empty() {
            break;
        }
        let y = legend_y;
        match key {
            0 => root.draw(&Rectangle::new(
                [(key_x, y - 6), (key_x + 18, y + 6)],
                OUTER_BAND.filled(),
            ))?,
            1 => root.draw(&Rectangle::new(
                [(key_x, y - 6), (key_x + 18, y + 6)],
                INNER_BAND.filled(),
            ))?,
            2 => root.draw(&PathElement::new(
                [(key_x, y), (key_x + 18, y)],
                MEDIAN.stroke_width(2),
            ))?,
            _ => root.draw(&Circle::new((key_x + 9, y), 5, TARGET.filled()))?,
        }
        root.draw(&Text::new(
            words,
            (key_x + 24, y),
            (FONT, MARKER_FONT)
                .into_font()
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        key_x += 24 + text_width(words, MARKER_FONT) + 18;
    }

    let mut y = frame.bottom + X_LABEL_AREA + 16 + NOTE_LINE;
    let note_width = f64::from(width) - f64::from(frame.left) - 16.0;
    for target in targets {
        let sign = match target.direction {
            Direction::AtLeast => "≥",
            Direction::AtMost => "≤",
        };
        let line = format!(
            "● {}: {} — {sign} {} in {}; P(met) {} [{}]",
            target.id,
            target.label,
            in_unit(&target.unit, target.threshold),
            target.year,
            percent(target.probability),
            interval(target.ci_low, target.ci_high)
        );
        root.draw(&Text::new(
            fit(&line, svg_px(MARKER_FONT), note_width),
            (frame.left, y),
            (FONT, MARKER_FONT).into_font().color(&INK),
        ))?;
        y += NOTE_LINE;
    }
    Ok(())
}

/// A chart builder whose plot area is exactly the frame's.
fn builder<'a, 'b>(
    root: &'a Area<'b>,
    frame: &Frame,
    (width, height): (u32, u32),
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(root);
    builder
        .margin_top(frame.top)
        .margin_left(frame.left - Y_LABEL_AREA)
        .margin_right(width as i32 - frame.right)
        .margin_bottom(height as i32 - frame.bottom - X_LABEL_AREA)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA);
    builder
}

/// The title and subtitle, each cut with "…" to the chart's width by measure.
fn draw_heading<'a>(root: &Area<'a>, title: &str, subtitle: &str) -> DrawResult<'a> {
    let room = f64::from(root.dim_in_pixel().0) - 32.0;
    root.draw(&Text::new(
        fit(title, svg_px(TITLE_FONT), room),
        (16, 14),
        (FONT, TITLE_FONT)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Top)),
    ))?;
    root.draw(&Text::new(
        fit(subtitle, svg_px(SUBTITLE_FONT), room),
        (16, 38),
        (FONT, SUBTITLE_FONT)
            .into_font()
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Top)),
    ))?;
    Ok(())
}

fn output_rows<'a, 's>(
    report: &'a Report,
    sector: Option<&'s str>,
) -> impl Iterator<Item = &'a TrajectoryRow> + use<'a, 's> {
    report
        .trajectories
        .iter()
        .filter(move |r| r.sector_value && sector.is_none_or(|s| r.item == s))
}

fn sector_rows<'a>(report: &'a Report, sector: &str) -> Result<Vec<&'a TrajectoryRow>, ChartError> {
    let rows: Vec<&TrajectoryRow> = output_rows(report, Some(sector)).collect();
    if rows.is_empty() {
        return Err(ChartError::UnknownSector {
            sector: sector.to_string(),
            expected: sectors(report).join(", "),
        });
    }
    Ok(rows)
}

/// The level targets on a sector's charted series (value, or output without a price).
/// Final-demand targets are on another scale and are left out.
fn level_targets<'a>(report: &'a Report, sector: &str) -> Vec<&'a TargetResult> {
    report
        .targets
        .iter()
        .filter(|t| {
            t.kind == TargetKind::Level
                && report.trajectories.iter().any(|r| {
                    r.sector_value && r.item == sector && t.item == r.item && t.measure == r.measure
                })
        })
        .collect()
}

/// The 1, 2 or 5 times a power of ten nearest above a rough step.
fn nice_step(rough: f64) -> f64 {
    if !(rough.is_finite() && rough > 0.0) {
        return 1.0;
    }
    let magnitude = libm::pow(10.0, libm::log10(rough).floor());
    let fraction = rough / magnitude;
    let nice = if fraction < 1.5 {
        1.0
    } else if fraction < 3.0 {
        2.0
    } else if fraction < 7.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// Decimals for tick labels about an eighth of the axis span apart.
fn tick_decimals((lo, hi): (f64, f64)) -> usize {
    let step = nice_step((hi - lo) / 8.0);
    if step >= 1.0 {
        0
    } else {
        (-libm::log10(step).floor()) as usize
    }
}

/// The size in SVG pixels of text set at a plotters font size (plotters writes size / 1.24).
fn svg_px(size: u32) -> f64 {
    f64::from(size) / 1.24
}

/// Width in whole pixels of text set at a plotters font size, by the measure every chart
/// lays out with ([`crate::text_width`]).
fn text_width(text: &str, size: u32) -> i32 {
    crate::text::text_width(text, svg_px(size)).ceil() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_are_one_two_five() {
        let cases = [
            (24.2, 20.0),
            (0.9, 1.0),
            (3.1, 5.0),
            (7.5, 10.0),
            (140.0, 100.0),
        ];
        for (rough, step) in cases {
            assert!((nice_step(rough) - step).abs() < 1e-9, "{rough} → {step}");
        }
    }
}
