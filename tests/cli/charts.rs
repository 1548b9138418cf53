//! `chainsim simulate --charts`: the SVG files land beside the CSV and JSON outputs.

use std::path::Path;

use crate::common::{chainsim, scratch, stderr};

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the output directory exists")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn charts_flag_writes_a_fan_chart_per_sector_and_the_targets_chart() {
    let out = scratch("charts-small");
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "500",
        "--threads",
        "2",
        "--charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        file_names(&out),
        [
            "fan-chemicals.svg",
            "fan-fibre.svg",
            "summary.json",
            "targets.csv",
            "targets.svg",
            "trajectories.csv",
        ]
    );
    for name in ["fan-chemicals.svg", "fan-fibre.svg", "targets.svg"] {
        let svg = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{name}"
        );
    }
    let fan = std::fs::read_to_string(out.join("fan-chemicals.svg")).unwrap();
    assert!(fan.contains("chem-2028 "), "the level target is labelled");
    let targets = std::fs::read_to_string(out.join("targets.svg")).unwrap();
    assert!(targets.contains("chem-2028") && targets.contains("fibre-2026"));
}

#[test]
fn charts_are_the_same_bytes_on_any_thread_count() {
    let runs = |threads: &str| {
        let out = scratch(&format!("charts-threads-{threads}"));
        let output = chainsim(&[
            "simulate",
            "tests/data/small.toml",
            "--runs",
            "300",
            "--threads",
            threads,
            "--charts",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(output.status.success());
        out
    };
    let (one, two) = (runs("1"), runs("2"));
    for name in ["fan-chemicals.svg", "fan-fibre.svg", "targets.svg"] {
        assert_eq!(
            std::fs::read(one.join(name)).unwrap(),
            std::fs::read(two.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn without_the_flag_no_charts_are_written() {
    let out = scratch("charts-none");
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "200",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    assert!(!file_names(&out).iter().any(|name| name.ends_with(".svg")));
}

#[test]
fn bad_scenario_with_charts_writes_nothing() {
    let out = scratch("charts-bad");
    let output = chainsim(&[
        "simulate",
        "tests/data/bad/nan-spread.toml",
        "--charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
}
