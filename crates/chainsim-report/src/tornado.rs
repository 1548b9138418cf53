//! The tornado chart of a sensitivity analysis as a self-contained SVG.
//!
//! One horizontal bar per factor, in the table's order (largest swing first), spanning the
//! output with that factor at its P10 and at its P90, the others at their medians; a vertical
//! line marks the base output (every factor at its median). The x axis maps the outputs
//! linearly onto the plot (the line of class `axis`): the smallest of the base and every bar
//! end at its left end, the largest at its right end. Coordinates are written with two decimals and
//! no clock or random state is read, so the same table gives the same bytes.

use std::fmt::Write as _;

use chainsim_sensitivity::Tornado;

use crate::numbers::significant;
use crate::text::{escape, fit, text_width, wrap_pixels};

/// Width of the whole chart, in pixels: it fits an A4 page's text width at 96 dpi.
pub const WIDTH: f64 = 720.0;
/// The most bars drawn: the rest (smaller swings) are counted in a note, and listed in the
/// table, so the chart fits a page whatever the number of factors.
pub const MAX_BARS: usize = 20;
/// Height of one factor's row.
pub const ROW_HEIGHT: f64 = 26.0;
/// Height of a bar within its row.
pub const BAR_HEIGHT: f64 = 16.0;
/// Widest the factor-name column gets; longer names are cut with an ellipsis.
const MAX_NAME_WIDTH: f64 = 250.0;
const MARGIN: f64 = 12.0;
const FONT: f64 = 12.0;
const SMALL: f64 = 10.0;
const TITLE: f64 = 15.0;

/// Colour of a bar whose output rises from the factor's P10 to its P90.
const RISING: &str = "#2b6cb0";
/// Colour of a bar whose output falls from the factor's P10 to its P90.
const FALLING: &str = "#c05621";

/// The tornado chart of `tornado` as SVG text, headed by `title` (the target's label).
///
/// Layout is measured, not guessed: the factor names take a column as wide as the widest
/// name (at most 250 px, longer names cut with "…"), each bar's value labels sit in gutters
/// as wide as the widest label on either side of the plot, the title wraps, and a legend
/// names the two colours and the base line. At most [`MAX_BARS`] bars are drawn.
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
    let bars = &tornado.bars[..tornado.bars.len().min(MAX_BARS)];
    let hidden = tornado.bars.len() - bars.len();
    let names: Vec<String> = bars
        .iter()
        .map(|b| fit(&b.name, FONT, MAX_NAME_WIDTH))
        .collect();
    let name_width = names
        .iter()
        .map(|n| text_width(n, FONT))
        .fold(0.0, f64::max);
    let label_width = bars
        .iter()
        .flat_map(|b| [b.low_output, b.high_output])
        .map(|v| text_width(&significant(v), SMALL))
        .fold(0.0, f64::max);
    let plot_left = MARGIN + name_width + 10.0 + label_width + 6.0;
    let plot_right = WIDTH - MARGIN - label_width - 6.0;
    let (lo, hi) = domain(tornado);
    let x = |v: f64| plot_left + (v - lo) / (hi - lo) * (plot_right - plot_left);

    let title_lines = wrap_pixels(title, TITLE, WIDTH - 2.0 * MARGIN);
    let subtitle = "the target's metric with each input group at its P10 and at its P90, every other input at its median";
    let subtitle_lines = wrap_pixels(subtitle, FONT, WIDTH - 2.0 * MARGIN);
    let mut y = MARGIN;
    let mut body = String::new();
    for line in &title_lines {
        y += TITLE * 1.3;
        let _ = writeln!(
            body,
            r#"<text x="{MARGIN:.2}" y="{y:.2}" font-size="{TITLE}" font-weight="bold">{}</text>"#,
            escape(line)
        );
    }
    for line in &subtitle_lines {
        y += FONT * 1.4;
        let _ = writeln!(
            body,
            r##"<text x="{MARGIN:.2}" y="{y:.2}" fill="#555">{}</text>"##,
            escape(line)
        );
    }
    // Legend: one row, each key's swatch then its words, spaced by their measured widths.
    y += FONT * 1.8;
    let mut key_x = MARGIN;
    for (colour, words) in [
        (RISING, "metric rises from P10 to P90"),
        (FALLING, "metric falls from P10 to P90"),
    ] {
        let _ = writeln!(
            body,
            r#"<rect x="{key_x:.2}" y="{:.2}" width="14" height="10" fill="{colour}"/>"#,
            y - 9.0
        );
        let _ = writeln!(
            body,
            r#"<text x="{:.2}" y="{y:.2}">{words}</text>"#,
            key_x + 19.0
        );
        key_x += 19.0 + text_width(words, FONT) + 18.0;
    }
    let _ = writeln!(
        body,
        r##"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="#000" stroke-width="1.5"/>"##,
        key_x + 5.0,
        y - 11.0,
        key_x + 5.0,
        y + 2.0
    );
    let _ = writeln!(
        body,
        r#"<text x="{:.2}" y="{y:.2}">base: every input at its median</text>"#,
        key_x + 12.0
    );
    let plot_top = y + 14.0;
    for (i, (bar, name)) in bars.iter().zip(&names).enumerate() {
        let row = plot_top + ROW_HEIGHT * i as f64;
        let top = row + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
        let mid = top + BAR_HEIGHT / 2.0 + 4.0;
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
            body,
            r#"<text x="{:.2}" y="{mid:.2}" text-anchor="end">{}</text>"#,
            MARGIN + name_width,
            escape(name)
        );
        let _ = writeln!(
            body,
            r#"<rect class="bar" x="{left:.2}" y="{top:.2}" width="{:.2}" height="{BAR_HEIGHT:.2}" fill="{colour}"><title>{}: P10 → {}, P90 → {}</title></rect>"#,
            right - left,
            escape(&bar.name),
            significant(bar.low_output),
            significant(bar.high_output)
        );
        // The output at the factor's P10 and P90, outside the bar's ends, in the gutters.
        let (left_value, right_value) = if bar.high_output >= bar.low_output {
            (bar.low_output, bar.high_output)
        } else {
            (bar.high_output, bar.low_output)
        };
        let _ = writeln!(
            body,
            r##"<text x="{:.2}" y="{mid:.2}" text-anchor="end" font-size="{SMALL}" fill="#333">{}</text>"##,
            left - 4.0,
            significant(left_value)
        );
        let _ = writeln!(
            body,
            r##"<text x="{:.2}" y="{mid:.2}" font-size="{SMALL}" fill="#333">{}</text>"##,
            right + 4.0,
            significant(right_value)
        );
    }
    let rows_bottom = plot_top + ROW_HEIGHT * bars.len() as f64;
    let base_x = x(tornado.base_output);
    let _ = writeln!(
        body,
        r##"<line class="base" x1="{base_x:.2}" y1="{:.2}" x2="{base_x:.2}" y2="{rows_bottom:.2}" stroke="#000" stroke-width="1.5"/>"##,
        plot_top - 4.0
    );
    let axis_y = rows_bottom + 8.0;
    let _ = writeln!(
        body,
        r##"<line class="axis" x1="{plot_left:.2}" y1="{axis_y:.2}" x2="{plot_right:.2}" y2="{axis_y:.2}" stroke="#000"/>"##
    );
    // Ticks at the ends and the base; the base's label is dropped when it would touch an end's.
    let mut ticks = vec![(lo, "min"), (hi, "max")];
    let base_label = significant(tornado.base_output);
    let clear = |v: f64| {
        (x(v) - x(tornado.base_output)).abs()
            > 0.5 * (text_width(&significant(v), FONT) + text_width(&base_label, FONT)) + 6.0
    };
    if clear(lo) && clear(hi) {
        ticks.push((tornado.base_output, "base"));
    }
    for (value, label) in ticks {
        let tick = x(value);
        let anchor = match label {
            "min" => "start",
            "max" => "end",
            _ => "middle",
        };
        let _ = writeln!(
            body,
            r##"<line x1="{tick:.2}" y1="{axis_y:.2}" x2="{tick:.2}" y2="{:.2}" stroke="#000"/>"##,
            axis_y + 5.0
        );
        let _ = writeln!(
            body,
            r#"<text x="{tick:.2}" y="{:.2}" text-anchor="{anchor}">{}</text>"#,
            axis_y + 19.0,
            significant(value)
        );
        let _ = writeln!(
            body,
            r##"<text x="{tick:.2}" y="{:.2}" text-anchor="{anchor}" font-size="{SMALL}" fill="#555">{label}</text>"##,
            axis_y + 33.0
        );
    }
    let mut height = axis_y + 44.0;
    if hidden > 0 {
        let _ = writeln!(
            body,
            r##"<text x="{MARGIN:.2}" y="{:.2}" fill="#555">{hidden} more input groups with smaller swings are in the table.</text>"##,
            height
        );
        height += FONT * 1.4;
    }
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0}" height="{height:.0}" viewBox="0 0 {WIDTH:.0} {height:.0}" font-family="sans-serif" font-size="{FONT}">"#
    );
    let _ = writeln!(
        svg,
        r#"<rect x="0" y="0" width="{WIDTH:.0}" height="{height:.0}" fill="white"/>"#
    );
    svg.push_str(&body);
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
        let attr = |node: roxmltree::Node, name: &str| -> f64 {
            node.attribute(name).unwrap().parse().unwrap()
        };
        let axis = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("axis"))
            .unwrap();
        let (left, right) = (attr(axis, "x1"), attr(axis, "x2"));
        let bars: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("bar"))
            .collect();
        // The outputs span [5, 20]: the first bar (5 → 20) fills the plot; the second
        // (12 → 8) starts 3/15 of the way and is 4/15 wide; the base (10) is at 5/15.
        let unit = (right - left) / 15.0;
        let near = |a: f64, b: f64| (a - b).abs() < 0.011;
        assert!(near(attr(bars[0], "x"), left) && near(attr(bars[0], "width"), 15.0 * unit));
        assert!(near(attr(bars[1], "x"), left + 3.0 * unit));
        assert!(near(attr(bars[1], "width"), 4.0 * unit));
        let base = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("base"))
            .unwrap();
        assert!(near(attr(base, "x1"), left + 5.0 * unit));
        // The value labels sit between the names' column and the plot.
        let name_end = doc
            .descendants()
            .find(|n| n.text() == Some("coefficients"))
            .map(|n| attr(n, "x"))
            .unwrap();
        assert!(name_end + text_width("20.0", SMALL) < left);
    }

    #[test]
    fn a_long_table_is_cut_to_the_page_with_a_note() {
        let bars: Vec<TornadoBar> = (0..60)
            .map(|i| {
                bar(
                    &format!("coefficient.sector_{i}.other_sector_{i}"),
                    0.0,
                    f64::from(60 - i),
                )
            })
            .collect();
        let svg = tornado_svg(
            &Tornado {
                base_output: 1.0,
                bars,
            },
            "t",
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let height: f64 = doc
            .root_element()
            .attribute("height")
            .unwrap()
            .parse()
            .unwrap();
        assert!(height < 800.0, "{height}");
        assert_eq!(svg.matches("class=\"bar\"").count(), MAX_BARS);
        assert!(svg.contains("40 more input groups"));
    }

    #[test]
    fn long_names_are_cut_to_the_name_column() {
        let long = "growth.".repeat(30);
        let cut = fit(&long, FONT, MAX_NAME_WIDTH);
        assert!(cut.ends_with('…') && text_width(&cut, FONT) <= MAX_NAME_WIDTH);
    }
}
