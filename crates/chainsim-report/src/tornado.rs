//! The tornado chart of a sensitivity analysis as a self-contained SVG.
//!
//! One horizontal bar per factor, in the table's order (largest swing first), spanning the
//! output with that factor at its P10 and at its P90, the others at their medians; a vertical
//! line marks the base output (every factor at its median). The x axis maps the outputs
//! linearly onto the plot: the smallest of the base and every bar end at [`PLOT_LEFT`], the
//! largest at [`PLOT_LEFT`] + [`PLOT_WIDTH`]. Coordinates are written with two decimals and
//! no clock or random state is read, so the same table gives the same bytes.

use std::fmt::Write as _;

use chainsim_sensitivity::Tornado;

use crate::text::escape;

/// Width of the whole chart, in pixels.
pub const WIDTH: f64 = 800.0;
/// Left edge of the plot area (factor names are right-aligned before it).
pub const PLOT_LEFT: f64 = 260.0;
/// Width of the plot area.
pub const PLOT_WIDTH: f64 = 480.0;
/// Top of the first bar's row.
pub const PLOT_TOP: f64 = 60.0;
/// Height of one factor's row.
pub const ROW_HEIGHT: f64 = 32.0;
/// Height of a bar within its row.
pub const BAR_HEIGHT: f64 = 22.0;
/// Space below the rows for the axis.
const AXIS_SPACE: f64 = 56.0;

/// Colour of a bar whose output rises from the factor's P10 to its P90.
const RISING: &str = "#2b6cb0";
/// Colour of a bar whose output falls from the factor's P10 to its P90.
const FALLING: &str = "#c05621";

/// The tornado chart of `tornado` as SVG text, headed by `title`.
///
/// # Examples
/// ```
/// use chainsim_report::tornado::tornado_svg;
/// use chainsim::stats::Marginal;
///
/// let names = vec!["price".to_string(), "volume".to_string()];
/// let marginals = [Marginal::uniform(9.0, 11.0)?, Marginal::uniform(50.0, 150.0)?];
/// let table = chainsim_sensitivity::tornado(&names, &marginals, |x| x[0] * x[1])?;
/// let svg = tornado_svg(&table, "revenue <2030>");
/// assert!(svg.contains("revenue &lt;2030&gt;"));
/// assert_eq!(svg.matches("class=\"bar\"").count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tornado_svg(tornado: &Tornado, title: &str) -> String {
    let n = tornado.bars.len();
    let height = PLOT_TOP + ROW_HEIGHT * n as f64 + AXIS_SPACE;
    let (lo, hi) = domain(tornado);
    let x = |v: f64| PLOT_LEFT + (v - lo) / (hi - lo) * PLOT_WIDTH;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0}" height="{height:.0}" viewBox="0 0 {WIDTH:.0} {height:.0}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        svg,
        r#"<rect x="0" y="0" width="{WIDTH:.0}" height="{height:.0}" fill="white"/>"#
    );
    let _ = writeln!(
        svg,
        r#"<text x="{:.2}" y="28" font-size="15" text-anchor="middle">{}</text>"#,
        WIDTH / 2.0,
        escape(title)
    );
    let _ = writeln!(
        svg,
        r##"<text x="{:.2}" y="46" fill="#555" text-anchor="middle">output with each factor at its P10 and P90, the others at their medians</text>"##,
        WIDTH / 2.0
    );
    for (i, bar) in tornado.bars.iter().enumerate() {
        let row = PLOT_TOP + ROW_HEIGHT * i as f64;
        let y = row + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
        let mid = y + BAR_HEIGHT / 2.0 + 4.0;
        let (left, right) = (
            x(bar.low_output.min(bar.high_output)),
            x(bar.low_output.max(bar.high_output)),
        );
        let colour = if bar.high_output >= bar.low_output {
            RISING
        } else {
            FALLING
        };
        let _ = writeln!(
            svg,
            r#"<text x="{:.2}" y="{mid:.2}" text-anchor="end">{}</text>"#,
            PLOT_LEFT - 10.0,
            escape(&bar.name)
        );
        let _ = writeln!(
            svg,
            r#"<rect class="bar" x="{left:.2}" y="{y:.2}" width="{:.2}" height="{BAR_HEIGHT:.2}" fill="{colour}"><title>{}: P10 → {}, P90 → {}</title></rect>"#,
            right - left,
            escape(&bar.name),
            number(bar.low_output),
            number(bar.high_output)
        );
        let (low_x, low_anchor, high_x, high_anchor) = if bar.high_output >= bar.low_output {
            (left - 4.0, "end", right + 4.0, "start")
        } else {
            (right + 4.0, "start", left - 4.0, "end")
        };
        let _ = writeln!(
            svg,
            r##"<text x="{low_x:.2}" y="{mid:.2}" text-anchor="{low_anchor}" font-size="10" fill="#333">{}</text>"##,
            number(bar.low_output)
        );
        let _ = writeln!(
            svg,
            r##"<text x="{high_x:.2}" y="{mid:.2}" text-anchor="{high_anchor}" font-size="10" fill="#333">{}</text>"##,
            number(bar.high_output)
        );
    }
    let rows_bottom = PLOT_TOP + ROW_HEIGHT * n as f64;
    let base_x = x(tornado.base_output);
    let _ = writeln!(
        svg,
        r##"<line class="base" x1="{base_x:.2}" y1="{:.2}" x2="{base_x:.2}" y2="{rows_bottom:.2}" stroke="#000" stroke-width="1.5"/>"##,
        PLOT_TOP - 4.0
    );
    let axis_y = rows_bottom + 8.0;
    let _ = writeln!(
        svg,
        r##"<line x1="{PLOT_LEFT:.2}" y1="{axis_y:.2}" x2="{:.2}" y2="{axis_y:.2}" stroke="#000"/>"##,
        PLOT_LEFT + PLOT_WIDTH
    );
    for (value, label) in [(lo, "min"), (tornado.base_output, "base"), (hi, "max")] {
        let tick = x(value);
        let _ = writeln!(
            svg,
            r##"<line x1="{tick:.2}" y1="{axis_y:.2}" x2="{tick:.2}" y2="{:.2}" stroke="#000"/>"##,
            axis_y + 5.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{tick:.2}" y="{:.2}" text-anchor="middle">{}</text>"#,
            axis_y + 19.0,
            number(value)
        );
        let _ = writeln!(
            svg,
            r##"<text x="{tick:.2}" y="{:.2}" text-anchor="middle" font-size="10" fill="#555">{label}</text>"##,
            axis_y + 33.0
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The axis range: the smallest and largest of the base and every bar end, widened to a unit
/// interval around a single value so the mapping stays defined.
fn domain(tornado: &Tornado) -> (f64, f64) {
    let values = tornado
        .bars
        .iter()
        .flat_map(|b| [b.low_output, b.high_output])
        .chain(std::iter::once(tornado.base_output))
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !(lo.is_finite() && hi.is_finite()) {
        (0.0, 1.0)
    } else if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, hi + 0.5)
    }
}

/// A value label with about four significant digits.
fn number(v: f64) -> String {
    let magnitude = v.abs();
    if magnitude >= 1000.0 {
        format!("{v:.0}")
    } else if magnitude >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainsim_sensitivity::TornadoBar;

    fn bar(name: &str, low_output: f64, high_output: f64) -> TornadoBar {
        TornadoBar {
            name: name.to_string(),
            low_input: 0.0,
            high_input: 1.0,
            low_output,
            high_output,
            swing: (high_output - low_output).abs(),
        }
    }

    fn table() -> Tornado {
        Tornado {
            base_output: 10.0,
            bars: vec![
                bar("growth.<chem> & \"fibre\"", 5.0, 20.0),
                bar("coefficients", 12.0, 8.0),
            ],
        }
    }

    #[test]
    fn chart_is_well_formed_with_one_bar_per_factor() {
        let svg = tornado_svg(&table(), "Chemicals > 1200 in 2030 & 'fibre'");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let bars: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar"))
            .collect();
        assert_eq!(bars.len(), 2);
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&"growth.<chem> & \"fibre\""));
        assert!(texts.contains(&"Chemicals > 1200 in 2030 & 'fibre'"));
    }

    #[test]
    fn bar_extents_follow_the_linear_map_of_their_outputs() {
        let svg = tornado_svg(&table(), "t");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let extent = |idx: usize| {
            let bar = doc
                .descendants()
                .filter(|n| n.attribute("class") == Some("bar"))
                .nth(idx)
                .unwrap();
            (
                bar.attribute("x").unwrap().to_string(),
                bar.attribute("width").unwrap().to_string(),
            )
        };
        // The outputs span [5, 20] onto 260..740 px, 32 px per unit: the first bar (5 → 20)
        // fills the plot; the second (12 → 8) starts at 260 + 3·32 = 356 and is 4·32 = 128
        // wide; the base line (10) sits at 260 + 5·32 = 420.
        assert_eq!(extent(0), ("260.00".to_string(), "480.00".to_string()));
        assert_eq!(extent(1), ("356.00".to_string(), "128.00".to_string()));
        let base = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("base"))
            .unwrap();
        assert_eq!(base.attribute("x1"), Some("420.00"));
    }
}
