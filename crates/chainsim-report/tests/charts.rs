//! The SVG charts of a hand-made report: well-formed XML, one shape per band, the median
//! where the axis ranges put it, one marker per level target, escaped text, same bytes; the
//! target chart's fixed width, pages, and text boxes that never overlap by the layout's
//! measure.

use chainsim::Report;
use chainsim::model::targets::{Direction, TargetKind};
use chainsim::report::{ScenarioContext, SectorLabel, TargetResult, TrajectoryRow};
use chainsim_report::charts::{ChartError, Frame, chart_files, fan_chart, fan_frame};
use chainsim_report::numbers::{interval, percent};
use chainsim_report::target_chart::{
    MAX_LABEL_WIDTH, TARGETS_PER_PAGE, WIDTH, page_name, probability_pages,
};
use chainsim_report::text_width;

/// Pixels a mapped point may be off the exact value: plotters rounds to whole pixels.
const PIXEL_TOLERANCE: f64 = 1.0;

const SCENARIO: &str = "测试 A&B <draft>";

fn target(id: &str, sector: &str, kind: TargetKind, measure: &str, year: i32) -> TargetResult {
    TargetResult {
        id: id.to_string(),
        label: format!("{id}: above 1300亿 & rising"),
        series: format!("{sector}.{measure}"),
        item: sector.to_string(),
        measure: measure.to_string(),
        unit: "CNY 100 million (亿元)".to_string(),
        kind,
        year,
        from: 2025,
        direction: Direction::AtLeast,
        threshold: 210.0,
        probability: 0.677,
        ci_low: 0.62,
        ci_high: 0.73,
        mean: 0.0,
        p10: 0.0,
        p50: 0.0,
        p90: 0.0,
        expected_shortfall: None,
        undefined_runs: 0,
        median_first_year: None,
        reached_by: Vec::new(),
        required_average_growth: Some(0.0),
        assumed_base: false,
    }
}

/// Output of sector `a`: P5 from 100, P95 up to 200, median 100, 130, 150, 180.
fn rows(sector: &str, metric: &'static str, scale: f64) -> Vec<TrajectoryRow> {
    let p50 = [100.0, 130.0, 150.0, 180.0];
    (2025..=2028)
        .zip(p50)
        .map(|(year, m)| TrajectoryRow {
            item: sector.to_string(),
            measure: metric.to_string(),
            unit: "CNY 100 million (亿元)".to_string(),
            sector_value: metric == "output",
            year,
            mean: scale * m,
            p05: scale * (m - 0.6 * (m - 100.0)),
            p10: scale * (m - 0.5 * (m - 100.0)),
            p25: scale * (m - 0.2 * (m - 100.0)),
            p50: scale * m,
            p75: scale * (m + 0.1 * (m - 100.0)),
            p90: scale * (m + 0.2 * (m - 100.0)),
            p95: scale * (m + 0.25 * (m - 100.0)),
        })
        .collect()
}

fn report() -> Report {
    let mut trajectories = rows("a", "output", 1.0);
    trajectories.extend(rows("b/2", "output", 3.0));
    // Another series of the same sector, far off scale: it must not move the axes.
    trajectories.extend(rows("a", "final_demand", 50.0));
    Report {
        scenario: SCENARIO.to_string(),
        chainsim_version: "test",
        engine_version: 1,
        seed: 5,
        runs: 1000,
        sampler: "monte_carlo",
        accepted_runs: 1000,
        rejected_runs: 0,
        non_finite_runs: 0,
        value_unit: "CNY 100 million (亿元)".to_string(),
        base_year: 2025,
        horizon: 2028,
        quantile_relative_error: 0.005,
        correlation_repair_distance: None,
        projects: Vec::new(),
        chains: Vec::new(),
        targets: vec![
            target("a-level", "a", TargetKind::Level, "output", 2027),
            target("a-growth", "a", TargetKind::Growth, "output", 2026),
            target("a-demand", "a", TargetKind::Level, "final_demand", 2028),
            target("b-level", "b/2", TargetKind::Level, "output", 2028),
        ],
        trajectories,
    }
}

/// A scenario context naming sector `a` only: the other keeps its id in titles.
fn context() -> ScenarioContext {
    ScenarioContext {
        description: String::new(),
        sectors: vec![SectorLabel {
            id: "a".to_string(),
            name: "Sector A (甲)".to_string(),
            unit: "CNY 100 million (亿元)".to_string(),
            priced: false,
            base_output: 100.0,
            base_is_assumed: false,
        }],
        technologies: Vec::new(),
        sources: Vec::new(),
    }
}

fn elements<'a>(doc: &'a roxmltree::Document<'a>, tag: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .collect()
}

fn points(node: &roxmltree::Node) -> Vec<(f64, f64)> {
    node.attribute("points")
        .expect("a points attribute")
        .split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').expect("x,y");
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

fn texts(doc: &roxmltree::Document) -> Vec<String> {
    elements(doc, "text")
        .iter()
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

fn near(actual: (f64, f64), expected: (f64, f64)) -> bool {
    (actual.0 - expected.0).abs() <= PIXEL_TOLERANCE
        && (actual.1 - expected.1).abs() <= PIXEL_TOLERANCE
}

#[test]
fn fan_axes_span_the_bands_and_thresholds_rounded_to_a_nice_step() {
    // Values 100 (lowest P5) to 210 (the level target), padded by 5.5 each way to
    // 94.5–215.5, then rounded out to the step 20 (121 / 5 = 24.2 → 20).
    assert_eq!(
        fan_frame(&report(), "a").unwrap(),
        Frame {
            left: 84,
            top: 64,
            right: 850,
            bottom: 444,
            x_range: (2024.75, 2028.25),
            y_range: (80.0, 220.0),
        }
    );
}

#[test]
fn fan_chart_has_two_bands_the_median_and_one_marker_per_level_target() {
    let svg = fan_chart(&report(), "a").unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");

    let bands = elements(&doc, "polygon");
    assert_eq!(bands.len(), 2, "one polygon per band");
    for band in &bands {
        assert_eq!(points(band).len(), 8, "four years up, four years down");
    }

    // The plot area is x 84..849 and y 443..64 (pixel rows grow downwards), the axes
    // 2024.75–2028.25 and 80–220.
    let x = |year: f64| 84.0 + (year - 2024.75) / 3.5 * (849.0 - 84.0);
    let y = |value: f64| 443.0 - (value - 80.0) / 140.0 * (443.0 - 64.0);
    assert!(near((x(2025.0), y(100.0)), (138.6, 388.9)));
    assert!(near((x(2028.0), y(180.0)), (794.4, 172.3)));
    let median: Vec<_> = elements(&doc, "polyline")
        .into_iter()
        .map(|n| points(&n))
        .filter(|p| p.len() == 4)
        .collect();
    assert_eq!(median.len(), 1, "one line through the four medians");
    assert!(near(median[0][0], (138.6, 388.9)), "{:?}", median[0]);
    assert!(near(median[0][3], (794.4, 172.3)), "{:?}", median[0]);

    // Only the level target on this sector's output is marked: not the growth target,
    // not the final-demand one, not the other sector's.
    // (The legend's key, under the plot, is the one other circle.)
    let markers: Vec<_> = elements(&doc, "circle")
        .into_iter()
        .filter(|c| c.attribute("cy").unwrap().parse::<f64>().unwrap() < 444.0)
        .collect();
    assert_eq!(markers.len(), 1);
    let centre = |name| markers[0].attribute(name).unwrap().parse::<f64>().unwrap();
    assert!(near((centre("cx"), centre("cy")), (x(2027.0), y(210.0))));

    let texts = texts(&doc);
    assert!(texts.iter().any(|t| t == "a-level 67.7%"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with("a-growth")));
    assert!(texts.iter().any(|t| t.contains("1300亿 & rising")));
    assert!(
        texts.iter().any(|t| t.starts_with("a: output")),
        "{texts:?}"
    );
    assert!(svg.contains("1300亿 &amp; rising"));
}

/// A text element's box by the layout's own measure: `text_width` across (from its anchor),
/// one font size above the baseline and a quarter below.
#[derive(Debug, Clone)]
struct TextBox {
    text: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn text_boxes(doc: &roxmltree::Document) -> Vec<TextBox> {
    let root_size: f64 = doc
        .root_element()
        .attribute("font-size")
        .map_or(16.0, |s| s.parse().unwrap());
    elements(doc, "text")
        .iter()
        .filter(|n| n.ancestors().all(|a| a.tag_name().name() != "title"))
        .map(|n| {
            let text = n.text().unwrap_or_default().trim().to_string();
            let size = n
                .attribute("font-size")
                .map_or(root_size, |s| s.parse().unwrap());
            let x: f64 = n.attribute("x").unwrap().parse().unwrap();
            let y: f64 = n.attribute("y").unwrap().parse().unwrap();
            let width = text_width(&text, size);
            let left = match n.attribute("text-anchor") {
                Some("end") => x - width,
                Some("middle") => x - width / 2.0,
                _ => x,
            };
            TextBox {
                text,
                left,
                right: left + width,
                top: y - size,
                bottom: y + 0.25 * size,
            }
        })
        .collect()
}

fn overlapping(boxes: &[TextBox]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let w = a.right.min(b.right) - a.left.max(b.left);
            let h = a.bottom.min(b.bottom) - a.top.max(b.top);
            if w > 0.0 && h > 0.0 {
                pairs.push((a.text.clone(), b.text.clone()));
            }
        }
    }
    pairs
}

fn svg_size(doc: &roxmltree::Document) -> (f64, f64) {
    let attr = |name| {
        doc.root_element()
            .attribute(name)
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    (attr("width"), attr("height"))
}

/// `n` targets with labels of every shape: short, long Latin, long CJK, with markup.
fn report_with_targets(n: usize) -> Report {
    let mut report = report();
    let labels = [
        "Chemicals ≥ 1200亿 in 2030",
        "Agricultural processing above 600亿 by 2030 (assumed base), a label long enough to need two lines and then some more words to cut",
        "吉林市冰雪旅游消费二〇三〇年达到一千三百亿元以上并且持续增长的目标，需要两行以上才能写完的很长的中文标签",
        "<b>fibre</b> & \"pan\"",
    ];
    report.targets = (0..n)
        .map(|i| {
            let mut t = target(&format!("t-{i}"), "a", TargetKind::Level, "output", 2027);
            t.label = labels[i % labels.len()].to_string();
            t.probability = (i as f64 * 0.37) % 1.0;
            t.ci_low = (t.probability - 0.05).max(0.0);
            t.ci_high = (t.probability + 0.05).min(1.0);
            t
        })
        .collect();
    report
}

#[test]
fn target_chart_width_does_not_grow_with_the_number_of_targets() {
    let widths: Vec<f64> = [1, 4, 17, 40, 41, 100]
        .iter()
        .flat_map(|&n| probability_pages(&report_with_targets(n)))
        .map(|svg| svg_size(&roxmltree::Document::parse(&svg).unwrap()).0)
        .collect();
    assert!(
        widths.iter().all(|&w| w == WIDTH && w <= 800.0),
        "{widths:?}"
    );
    // Pages of at most TARGETS_PER_PAGE rows, each short enough for an A4 page at that width.
    let pages = probability_pages(&report_with_targets(100));
    assert_eq!(pages.len(), 100usize.div_ceil(TARGETS_PER_PAGE));
    for svg in &pages {
        let (width, height) = svg_size(&roxmltree::Document::parse(svg).unwrap());
        assert!(height <= width * 297.0 / 210.0 * 1.5, "{height}");
    }
    assert!(pages[1].contains("(targets 41–80 of 100)"));
    let names: Vec<String> = (0..3).map(page_name).collect();
    assert_eq!(names, ["targets.svg", "targets-2.svg", "targets-3.svg"]);
}

#[test]
fn target_chart_text_boxes_never_overlap_and_stay_inside() {
    for n in [0, 1, 4, 17, 40] {
        let report = report_with_targets(n);
        for svg in probability_pages(&report) {
            let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
            let (width, height) = svg_size(&doc);
            let boxes = text_boxes(&doc);
            assert_eq!(
                overlapping(&boxes),
                Vec::<(String, String)>::new(),
                "{n} targets"
            );
            for b in &boxes {
                assert!(
                    b.left >= 0.0 && b.right <= width && b.top >= 0.0 && b.bottom <= height,
                    "{b:?} outside {width}×{height}"
                );
            }
            // Labels stay in their column, left of the plot's tick labels.
            let plot_left = boxes
                .iter()
                .filter(|b| b.text == "0%")
                .map(|b| b.left + (b.right - b.left) / 2.0)
                .next()
                .unwrap();
            let label_right = elements(&doc, "text")
                .iter()
                .zip(&boxes)
                .filter(|(n, _)| n.attribute("class") == Some("label"))
                .map(|(_, b)| b.right)
                .fold(0.0, f64::max);
            assert!(label_right <= plot_left.min(12.0 + MAX_LABEL_WIDTH));
        }
    }
}

#[test]
fn target_chart_has_every_target_with_its_label_bar_whisker_and_value() {
    let report = report_with_targets(4);
    let svg = &probability_pages(&report)[0];
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let rows: Vec<_> = elements(&doc, "g")
        .into_iter()
        .filter(|g| g.attribute("class") == Some("target"))
        .collect();
    assert_eq!(rows.len(), report.targets.len());
    let half = elements(&doc, "line")
        .into_iter()
        .find(|l| l.attribute("class") == Some("half"))
        .expect("the 50% line");
    let half_x: f64 = half.attribute("x1").unwrap().parse().unwrap();
    for (row, target) in rows.iter().zip(&report.targets) {
        assert_eq!(row.attribute("data-target"), Some(target.id.as_str()));
        let of_class = |class: &str| {
            row.descendants()
                .find(|n| n.attribute("class") == Some(class))
                .unwrap_or_else(|| panic!("{}: no {class}", target.id))
        };
        // The label, not the id: its first words, wrapped and cut where it is long.
        let label: String = row
            .descendants()
            .filter(|n| n.attribute("class") == Some("label"))
            .map(|n| n.text().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let start: String = target.label.chars().take(8).collect();
        assert!(label.starts_with(&start), "{label:?}");
        assert!(!label.contains(&target.id));
        // The value and interval by the number rule.
        assert_eq!(
            of_class("value").text(),
            Some(percent(target.probability).as_str())
        );
        assert_eq!(
            of_class("interval").text(),
            Some(interval(target.ci_low, target.ci_high).as_str())
        );
        // The bar is the probability of the plot's width, 50% of it at the dashed line.
        let bar = of_class("bar");
        let left: f64 = bar.attribute("x").unwrap().parse().unwrap();
        let width: f64 = bar.attribute("width").unwrap().parse().unwrap();
        let full = 2.0 * (half_x - left);
        assert!((width - target.probability * full).abs() < 0.011, "{width}");
        // The whisker spans the interval: M lo … H hi.
        let d = of_class("whisker").attribute("d").unwrap().to_string();
        let lo: f64 = d[1..].split(' ').next().unwrap().parse().unwrap();
        let hi: f64 = d
            .split('H')
            .nth(1)
            .unwrap()
            .split('M')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!((lo - (left + target.ci_low * full)).abs() < 0.011, "{d}");
        assert!((hi - (left + target.ci_high * full)).abs() < 0.011, "{d}");
    }
    // Markup in a label is text, escaped.
    assert!(svg.contains("&lt;b&gt;fibre&lt;/b&gt; &amp; &quot;pan&quot;"));
    // A legend explains the bar, the whisker and the dashed line.
    let texts = texts(&doc);
    for words in [
        "P(met): the share of runs that meet the target",
        "95% interval (Monte Carlo error)",
        "50%",
    ] {
        assert!(
            texts.iter().any(|t| t == words),
            "{words} missing from {texts:?}"
        );
    }
}

#[test]
fn fan_chart_text_never_overlaps_even_with_crowded_targets_and_a_long_cjk_title() {
    let mut report = report();
    // Four level targets on one point: their labels must stack, not pile up.
    report.targets = (0..4)
        .map(|i| {
            target(
                &format!("crowded-{i}"),
                "a",
                TargetKind::Level,
                "output",
                2027,
            )
        })
        .collect();
    let title =
        "吉林市冰雪旅游及相关服务业消费支出（含冰雪装备、冰雪场馆运营与冰雪文化活动）".repeat(2);
    let svg = chainsim_report::charts::fan_chart_named(&report, "a", &title).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let (width, _) = svg_size(&doc);
    let boxes: Vec<TextBox> = text_boxes(&doc)
        .into_iter()
        // plotters sets font sizes in the SVG itself; tick labels hang below their y.
        .filter(|b| !b.text.is_empty())
        .collect();
    let labels: Vec<&TextBox> = boxes
        .iter()
        .filter(|b| b.text.starts_with("crowded-") && !b.text.starts_with("● "))
        .collect();
    assert_eq!(labels.len(), 4);
    let owned: Vec<TextBox> = labels.into_iter().cloned().collect();
    assert_eq!(overlapping(&owned), Vec::<(String, String)>::new());
    // The title is cut to the chart's width, with an ellipsis.
    let heading = boxes.iter().find(|b| b.text.starts_with("吉林市")).unwrap();
    assert!(
        heading.text.ends_with('…') && heading.right <= width,
        "{heading:?}"
    );
    // The legend's words, under the plot, overlap nothing.
    let legend: Vec<TextBox> = boxes
        .iter()
        .filter(|b| b.top > 444.0 + 20.0 && b.top < 444.0 + 60.0)
        .cloned()
        .collect();
    assert!(legend.iter().any(|b| b.text == "P5–P95"), "{legend:?}");
    assert_eq!(overlapping(&legend), Vec::<(String, String)>::new());
}

#[test]
fn same_report_same_bytes() {
    let report = report();
    assert_eq!(fan_chart(&report, "a"), fan_chart(&report, "a"));
    assert_eq!(probability_pages(&report), probability_pages(&report));
    assert_eq!(
        chart_files(&report, &context()),
        chart_files(&report.clone(), &context())
    );
}

#[test]
fn one_file_per_sector_then_the_targets() {
    let files = chart_files(&report(), &context());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["fan-a.svg", "fan-b_2.svg", "targets.svg"]);
    assert!(
        files[0].1.contains("Sector A (甲): output"),
        "titled by name"
    );
    assert!(files[1].1.contains("b/2: output"), "no name: the id");
}

#[test]
fn unknown_sector_names_the_known_ones() {
    let err = fan_chart(&report(), "c").unwrap_err();
    assert!(matches!(err, ChartError::UnknownSector { .. }));
    assert_eq!(
        err.to_string(),
        "unknown sector \"c\"; expected one of: a, b/2"
    );
}
