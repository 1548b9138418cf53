//! The SVG charts of a hand-made report: well-formed XML, one shape per band, the median
//! where the axis ranges put it, one marker per level target, escaped text, same bytes.

use chainsim::Report;
use chainsim::model::targets::{Direction, TargetKind};
use chainsim::report::{ScenarioContext, SectorLabel, TargetResult, TrajectoryRow};
use chainsim_report::charts::{
    ChartError, Frame, chart_files, fan_chart, fan_frame, probability_chart, probability_frame,
};

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
    let markers = elements(&doc, "circle");
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

#[test]
fn probability_chart_has_a_bar_and_whisker_per_target_and_a_half_line() {
    let report = report();
    let svg = probability_chart(&report);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let frame = probability_frame(&report);
    assert_eq!(frame.x_range, (0.0, 4.0));
    assert_eq!(frame.y_range, (0.0, 100.0));
    let bottom = f64::from(frame.bottom - 1);
    let height = f64::from(frame.bottom - 1 - frame.top);

    // Each whisker is one six-point path: lower cap, stem, upper cap, from 62% to 73%.
    let whiskers: Vec<_> = elements(&doc, "polyline")
        .into_iter()
        .map(|n| points(&n))
        .filter(|p| p.len() == 6)
        .collect();
    assert_eq!(whiskers.len(), 4);
    for whisker in &whiskers {
        assert!((whisker[0].1 - (bottom - 0.62 * height)).abs() <= PIXEL_TOLERANCE);
        assert!((whisker[5].1 - (bottom - 0.73 * height)).abs() <= PIXEL_TOLERANCE);
    }

    // Bars: rectangles from the x axis up to 67.7%.
    let top = bottom - 0.677 * height;
    let bars = elements(&doc, "rect")
        .into_iter()
        .filter(|r| {
            let y: f64 = r.attribute("y").unwrap().parse().unwrap();
            let h: f64 = r.attribute("height").unwrap().parse().unwrap();
            (y - top).abs() <= PIXEL_TOLERANCE && (y + h - bottom).abs() <= PIXEL_TOLERANCE
        })
        .count();
    assert_eq!(bars, 4);

    // The dashed 50% line: several short horizontal dashes at half height.
    let half = bottom - 0.5 * height;
    let dashes = elements(&doc, "polyline")
        .into_iter()
        .map(|n| points(&n))
        .filter(|p| p.iter().all(|&(_, y)| (y - half).abs() <= PIXEL_TOLERANCE))
        .count();
    assert!(dashes > 10, "{dashes} dashes");

    let texts = texts(&doc);
    for t in &report.targets {
        assert!(texts.contains(&t.id), "{} missing from {texts:?}", t.id);
    }
    assert_eq!(texts.iter().filter(|t| *t == "67.7%").count(), 4);
}

#[test]
fn same_report_same_bytes() {
    let report = report();
    assert_eq!(fan_chart(&report, "a"), fan_chart(&report, "a"));
    assert_eq!(probability_chart(&report), probability_chart(&report));
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
