//! `chainsim simulate`, `validate`, `goal-seek` and `sensitivity`: bad inputs, shipped
//! scenarios, output files and their bytes.

use crate::common::{chainsim, scratch, stderr};

/// Each bad file: the message must name the file, the place, and what is wrong.
const BAD_INPUTS: &[(&str, &[&str])] = &[
    ("toml-syntax", &[":20:18:", "invalid basic string"]),
    (
        "unknown-field",
        &[":28:1:", "unknown field `sorce`", "expected one of"],
    ),
    (
        "unknown-sector-target",
        &[
            "targets[0].sector",
            "unknown sector \"chemical\"",
            "chemicals, fibre",
        ],
    ),
    (
        "unknown-sector-coefficient",
        &["coefficients[0].to", "unknown sector \"fiber\""],
    ),
    (
        "unknown-sector-correlation",
        &["correlations[0].between", "unknown sector \"textiles\""],
    ),
    ("negative-spread", &["growth[0]", "sd", "-0.03"]),
    ("nan-spread", &["growth[0].sd", "finite"]),
    (
        "correlation-not-symmetric",
        &["correlation_matrix", "symmetric", "chemicals", "fibre"],
    ),
    (
        "correlation-not-positive-definite",
        &["correlation_matrix", "positive definite"],
    ),
    (
        "correlation-out-of-range",
        &["correlations[0].value", "[-1, 1]", "1.5"],
    ),
    (
        "not-productive",
        &["coefficients", "not productive", "spectral radius"],
    ),
    ("horizon-before-base", &["scenario.horizon", "2024", "2025"]),
    ("runs-zero", &["sampling.runs", "at least 1"]),
    (
        "no-provenance",
        &["sectors[1]", "no provenance", "source", "assumption"],
    ),
    (
        "target-year-outside",
        &["targets[0].year", "2031", "2026–2028"],
    ),
    ("missing-growth-year", &["growth", "fibre", "2027"]),
    ("growth-below-minus-one", &["growth[0]", "-100%"]),
    (
        "discrete-probabilities-not-one",
        &[":30:1:", "growth[0].probabilities", "must sum to 1"],
    ),
    (
        "empirical-missing-column",
        &[
            ":30:1:",
            "growth[0].column",
            "history.csv",
            "no column \"chemical\"",
            "year, chemicals, fibre",
        ],
    ),
    (
        "empirical-too-few-values",
        &[":30:1:", "growth[0].values", "2 or more values, got 1"],
    ),
    // The chain and energy fixtures below derive from tests/data/hybrid.toml; errors inside
    // a chain stage or an energy technology point at that stage's or technology's own line.
    (
        "chain-unknown-supplier",
        &[
            ":63:1:",
            "chains[0].stages[0].supplier",
            "unknown sector \"chemical\"",
            "chemicals, fibre",
        ],
    ),
    (
        "chain-unknown-sector",
        &["chains[0].sector", "unknown sector \"fiber\""],
    ),
    (
        "chain-ratio-zero",
        &[
            ":71:1:",
            "chains[0].stages[1].ratio",
            "must be positive",
            "got 0",
        ],
    ),
    (
        "chain-ratio-negative",
        &[
            ":71:1:",
            "chains[0].stages[1].ratio",
            "must be positive",
            "got -1.9",
        ],
    ),
    (
        "project-year-outside",
        &[":82:1:", "projects[0].year", "2031", "2026–2028"],
    ),
    (
        "project-probability-above-one",
        &[":93:1:", "projects[1].probability", "[0, 1]", "1.2"],
    ),
    (
        "capacity-factor-above-one",
        &[
            ":113:1:",
            "energy.technologies[1].capacity_factor",
            "within [0, 1]",
            "[0.1, 1.3]",
        ],
    ),
    (
        "capacity-factor-normal",
        &[
            ":113:1:",
            "energy.technologies[1].capacity_factor",
            "within [0, 1]",
        ],
    ),
    (
        "price-growth-without-price",
        &[
            ":52:1:",
            "price_growth[1].sector",
            "\"chemicals\" has no `price`",
        ],
    ),
    (
        "target-unknown-series",
        &[
            ":150:1:",
            "targets[1].series",
            "unknown series \"energy.clean_shares\"",
        ],
    ),
    (
        "sector-id-energy",
        &[
            ":21:1:",
            "sectors[0].id",
            "nor be \"energy\" beside an [energy] section",
        ],
    ),
    (
        "target-growth-on-balance",
        &[
            ":152:1:",
            "targets[1].kind",
            "\"energy.balance\" can be zero or negative",
        ],
    ),
    (
        "project-unknown-stage",
        &[
            ":82:1:",
            "projects[0].stage",
            "unknown stage \"cf.carbonising\"",
            "cf.an, cf.precursor, cf.fibre",
        ],
    ),
];

#[test]
fn bad_input_gives_one_line_exit_1_and_no_files() {
    for (name, expected) in BAD_INPUTS {
        let file = format!("tests/data/bad/{name}.toml");
        let out_dir = scratch(&format!("bad-{name}"));
        let output = chainsim(&["simulate", &file, "--out", out_dir.to_str().unwrap()]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {message}");
        assert_eq!(
            message.lines().count(),
            1,
            "{name}: not one line: {message}"
        );
        assert!(
            message.starts_with(&format!("error: {file}")),
            "{name}: {message}"
        );
        for fragment in *expected {
            assert!(
                message.contains(fragment),
                "{name}: {message:?} lacks {fragment:?}"
            );
        }
        assert!(!out_dir.exists(), "{name}: wrote output despite the error");
        assert!(output.stdout.is_empty(), "{name}: printed to stdout");
    }
}

#[test]
fn bad_command_line_values_are_rejected() {
    for args in [
        &["simulate", "tests/data/small.toml", "--runs", "0"][..],
        &["simulate", "tests/data/small.toml", "--threads", "0"][..],
        &["simulate", "tests/data/no-such-file.toml"][..],
    ] {
        let output = chainsim(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(
            stderr(&output).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn shipped_scenarios_validate() {
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let output = chainsim(&["validate", path.to_str().unwrap()]);
            assert!(
                output.status.success(),
                "{}: {}",
                path.display(),
                stderr(&output)
            );
            assert!(String::from_utf8_lossy(&output.stdout).contains("valid"));
        }
    }
}

#[test]
fn simulate_shipped_scenario_writes_all_files() {
    let out_dir = scratch("shipped");
    let output = chainsim(&[
        "simulate",
        "scenarios/jilin-2030.toml",
        "--runs",
        "3000",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = String::from_utf8(output.stdout).unwrap();
    for id in [
        "chem-2026",
        "chem-2030",
        "cf-2026",
        "cf-2030-double",
        "ice-2026",
        "ice-2030",
    ] {
        assert!(table.contains(id), "table lacks {id}:\n{table}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["runs"], 3000);
    let model = chainsim::Model::from_toml_str(
        &std::fs::read_to_string("scenarios/jilin-2030.toml").unwrap(),
    )
    .unwrap();
    let targets = summary["targets"].as_array().unwrap();
    assert_eq!(targets.len(), model.targets().len());
    for t in targets {
        let p = t["probability"].as_f64().unwrap();
        let (lo, hi) = (
            t["ci_low"].as_f64().unwrap(),
            t["ci_high"].as_f64().unwrap(),
        );
        assert!(lo <= p && p <= hi && (0.0..=1.0).contains(&p), "{t}");
    }
    let targets_csv = std::fs::read_to_string(out_dir.join("targets.csv")).unwrap();
    assert_eq!(targets_csv.lines().count(), 1 + model.targets().len());
    let trajectories = std::fs::read_to_string(out_dir.join("trajectories.csv")).unwrap();
    // Every series in every year 2025–2030, plus the header.
    assert_eq!(trajectories.lines().count(), 1 + model.series().len() * 6);
    assert!(trajectories.starts_with("item,measure,unit,year,mean,p05,p10,p25,p50,p75,p90,p95\n"));
}

#[test]
fn same_seed_gives_identical_bytes_on_one_and_two_threads() {
    let mut contents = Vec::new();
    for threads in ["1", "2"] {
        let out_dir = scratch(&format!("threads-{threads}"));
        let draws = out_dir.with_extension("draws.csv");
        let output = chainsim(&[
            "simulate",
            "tests/data/small.toml",
            "--runs",
            "5000",
            "--seed",
            "99",
            "--threads",
            threads,
            "--out",
            out_dir.to_str().unwrap(),
            "--draws",
            draws.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let files: Vec<Vec<u8>> = ["targets.csv", "trajectories.csv", "summary.json"]
            .iter()
            .map(|f| std::fs::read(out_dir.join(f)).unwrap())
            .chain(std::iter::once(std::fs::read(&draws).unwrap()))
            .collect();
        contents.push(files);
    }
    assert_eq!(contents[0], contents[1]);
    // 5000 runs plus a header.
    assert_eq!(
        String::from_utf8_lossy(&contents[0][3]).lines().count(),
        5001
    );
}

#[test]
fn json_format_prints_the_summary() {
    let out_dir = scratch("json");
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "500",
        "--format",
        "json",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["scenario"], "small");
    assert_eq!(printed["targets"][0]["id"], "chem-2028");
    assert_eq!(
        output.stdout,
        std::fs::read(out_dir.join("summary.json")).unwrap()
    );
}

#[test]
fn goal_seek_reports_the_needed_growth() {
    let output = chainsim(&[
        "goal-seek",
        "tests/data/small.toml",
        "--target",
        "fibre-2026",
        "--vary",
        "growth:fibre",
        "--probability",
        "0.8",
        "--runs",
        "2000",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["target"], "fibre-2026");
    let shift = result["shift"].as_f64().unwrap();
    // PERT(-0.1, 0.1, 0.3) is symmetric about its median 0.1 with sd 0.0756 (Beta(3, 3)
    // scaled to width 0.4: sd = 0.4·√(9/(36·7))); its 20th percentile is below the
    // +10% target by about 0.85 sd, so reaching 80% needs a shift of roughly +0.06.
    assert!((0.04..0.09).contains(&shift), "{shift}");
    assert!(result["achieved_probability"].as_f64().unwrap() >= 0.8);

    let bad = chainsim(&[
        "goal-seek",
        "tests/data/small.toml",
        "--target",
        "nope",
        "--vary",
        "growth:fibre",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("unknown target \"nope\""),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn sensitivity_ranks_the_inputs() {
    let output = chainsim(&[
        "sensitivity",
        "tests/data/small.toml",
        "--target",
        "fibre-2026",
        "--base-samples",
        "128",
        "--rank-runs",
        "500",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["target"], "fibre-2026");
    let factors = report["sobol"]["factors"].as_array().unwrap();
    let fibre = factors
        .iter()
        .find(|f| f["name"] == "growth.fibre")
        .unwrap();
    let chemicals = factors
        .iter()
        .find(|f| f["name"] == "growth.chemicals")
        .unwrap();
    // Correlation 0.5: the fibre innovation carries about 1 − 0.5² of the variance.
    assert!(fibre["total"].as_f64().unwrap() > chemicals["total"].as_f64().unwrap());
    let table = chainsim(&[
        "sensitivity",
        "tests/data/small.toml",
        "--target",
        "fibre-2026",
        "--base-samples",
        "64",
        "--rank-runs",
        "200",
    ]);
    assert!(table.status.success(), "{}", stderr(&table));
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("Tornado") && text.contains("growth.fibre"),
        "{text}"
    );
}

/// The fixture's three correlations (0.9, 0.9, −0.9) cannot hold together: strict commands
/// reject it (see `BAD_INPUTS`); with `--repair-correlation` they use the nearest valid
/// matrix, say so on stderr and record the distance in summary.json.
#[test]
fn repair_correlation_flag_uses_the_nearest_matrix_and_reports_the_distance() {
    let file = "tests/data/bad/correlation-not-positive-definite.toml";
    let out_dir = scratch("repair-correlation");
    let output = chainsim(&[
        "simulate",
        file,
        "--runs",
        "500",
        "--repair-correlation",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let message = stderr(&output);
    assert!(output.status.success(), "{message}");
    let line = message
        .lines()
        .find(|l| l.starts_with("correlation matrix repaired: moved by "))
        .unwrap_or_else(|| panic!("no repair line in {message:?}"));
    let distance: f64 = line["correlation matrix repaired: moved by ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        line.contains("largest change") && line.contains(" → "),
        "{line}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("summary.json")).unwrap())
            .unwrap();
    let recorded = summary["correlation_repair_distance"].as_f64().unwrap();
    // The line prints six decimals.
    assert!(
        (recorded - distance).abs() <= 5e-7,
        "{recorded} vs {distance}"
    );
    assert!(recorded > 0.0);

    for args in [
        &["validate", file, "--repair-correlation"][..],
        &["compare", file, "--runs", "200", "--repair-correlation"][..],
        &[
            "goal-seek",
            file,
            "--target",
            "chem-2028",
            "--vary",
            "growth:chemicals",
            "--runs",
            "200",
            "--repair-correlation",
        ][..],
        &[
            "sensitivity",
            file,
            "--target",
            "chem-2028",
            "--base-samples",
            "4",
            "--resamples",
            "2",
            "--rank-runs",
            "50",
            "--repair-correlation",
        ][..],
    ] {
        let output = chainsim(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("correlation matrix repaired"));
    }
    let strict = chainsim(&["validate", file]);
    assert_eq!(strict.status.code(), Some(1));
}

/// `sensitivity --chart` writes an SVG tornado with one bar per row of the tornado table,
/// and the same bytes on a second run (well-formedness is checked with an XML parser in
/// `chainsim_report::tornado`'s tests).
#[test]
fn sensitivity_chart_writes_the_tornado_svg() {
    let dir = scratch("sensitivity-chart");
    std::fs::create_dir_all(&dir).unwrap();
    let chart = dir.join("tornado.svg");
    let args = [
        "sensitivity",
        "tests/data/small.toml",
        "--target",
        "chem-2028",
        "--base-samples",
        "16",
        "--resamples",
        "4",
        "--rank-runs",
        "100",
        "--json",
        "--chart",
        chart.to_str().unwrap(),
    ];
    let output = chainsim(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = report["tornado"]["bars"].as_array().unwrap();
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
    assert!(!rows.is_empty());
    assert_eq!(svg.matches("class=\"bar\"").count(), rows.len());
    for row in rows {
        let label = format!(">{}</text>", row["name"].as_str().unwrap());
        assert!(svg.contains(&label), "{row}");
    }
    assert!(chainsim(&args).status.success());
    assert_eq!(std::fs::read_to_string(&chart).unwrap(), svg);
}
