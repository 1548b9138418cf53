//! `chainsim simulate`, `validate`, `goal-seek` and `sensitivity`: bad inputs, shipped
//! scenarios, output files and their bytes.

use crate::common::{chainsim, scratch, stderr, stdout};
use crate::tolerance::PRINTED_6DP;

/// Runs `chainsim simulate` on `tests/data/bad/<fixture>.toml`: exit 1, one line on stderr
/// that names the file, the place and what is wrong (the snapshot `bad-<fixture>`), nothing
/// on stdout and no output directory.
fn check_error(fixture: &str) {
    let file = format!("tests/data/bad/{fixture}.toml");
    let out_dir = scratch(&format!("bad-{fixture}"));
    let output = chainsim(&["simulate", &file, "--out", out_dir.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{fixture}: {message}");
    assert_eq!(
        message.lines().count(),
        1,
        "{fixture}: not one line: {message}"
    );
    assert!(
        message.starts_with(&format!("error: {file}")),
        "{fixture}: {message}"
    );
    assert!(
        !out_dir.exists(),
        "{fixture}: wrote output despite the error"
    );
    assert!(output.stdout.is_empty(), "{fixture}: printed to stdout");
    insta::with_settings!({
        description => format!("chainsim simulate {file} --out <scratch>"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("bad-{fixture}"), message);
    });
}

#[test]
fn bad_toml_syntax() {
    check_error("toml-syntax");
}

#[test]
fn bad_trajectories_unknown_series() {
    check_error("trajectories-unknown-series");
}

#[test]
fn bad_unknown_field() {
    check_error("unknown-field");
}

#[test]
fn bad_unknown_sector_target() {
    check_error("unknown-sector-target");
}

#[test]
fn bad_unknown_sector_coefficient() {
    check_error("unknown-sector-coefficient");
}

#[test]
fn bad_unknown_sector_correlation() {
    check_error("unknown-sector-correlation");
}

#[test]
fn bad_negative_spread() {
    check_error("negative-spread");
}

#[test]
fn bad_nan_spread() {
    check_error("nan-spread");
}

#[test]
fn bad_correlation_not_symmetric() {
    check_error("correlation-not-symmetric");
}

#[test]
fn bad_correlation_not_positive_definite() {
    check_error("correlation-not-positive-definite");
}

#[test]
fn bad_correlation_out_of_range() {
    check_error("correlation-out-of-range");
}

#[test]
fn bad_not_productive() {
    check_error("not-productive");
}

#[test]
fn bad_horizon_before_base() {
    check_error("horizon-before-base");
}

#[test]
fn bad_runs_zero() {
    check_error("runs-zero");
}

#[test]
fn bad_no_provenance() {
    check_error("no-provenance");
}

#[test]
fn bad_target_year_outside() {
    check_error("target-year-outside");
}

#[test]
fn bad_missing_growth_year() {
    check_error("missing-growth-year");
}

#[test]
fn bad_growth_below_minus_one() {
    check_error("growth-below-minus-one");
}

#[test]
fn bad_discrete_probabilities_not_one() {
    check_error("discrete-probabilities-not-one");
}

#[test]
fn bad_empirical_missing_column() {
    check_error("empirical-missing-column");
}

#[test]
fn bad_table_unknown_sector() {
    check_error("table-unknown-sector");
}

#[test]
fn bad_table_unknown_label() {
    check_error("table-unknown-label");
}

#[test]
fn bad_table_label_twice() {
    check_error("table-label-twice");
}

#[test]
fn bad_table_missing_file() {
    check_error("table-missing-file");
}

#[test]
fn bad_table_sector_unmapped() {
    check_error("table-sector-unmapped");
}

#[test]
fn bad_table_aggregate_without_output() {
    check_error("table-aggregate-without-output");
}

#[test]
fn bad_empirical_too_few_values() {
    check_error("empirical-too-few-values");
}

// The chain and energy fixtures below derive from tests/data/hybrid.toml; errors inside a
// chain stage or an energy technology point at that stage's or technology's own line.
#[test]
fn bad_chain_unknown_supplier() {
    check_error("chain-unknown-supplier");
}

#[test]
fn bad_chain_unknown_sector() {
    check_error("chain-unknown-sector");
}

#[test]
fn bad_chain_ratio_zero() {
    check_error("chain-ratio-zero");
}

#[test]
fn bad_chain_ratio_negative() {
    check_error("chain-ratio-negative");
}

#[test]
fn bad_project_year_outside() {
    check_error("project-year-outside");
}

#[test]
fn bad_project_probability_above_one() {
    check_error("project-probability-above-one");
}

#[test]
fn bad_capacity_factor_above_one() {
    check_error("capacity-factor-above-one");
}

#[test]
fn bad_capacity_factor_normal() {
    check_error("capacity-factor-normal");
}

#[test]
fn bad_price_growth_without_price() {
    check_error("price-growth-without-price");
}

#[test]
fn bad_target_unknown_series() {
    check_error("target-unknown-series");
}

#[test]
fn bad_sector_id_energy() {
    check_error("sector-id-energy");
}

#[test]
fn bad_target_growth_on_balance() {
    check_error("target-growth-on-balance");
}

#[test]
fn bad_project_unknown_stage() {
    check_error("project-unknown-stage");
}

#[test]
fn bad_command_line_values_are_rejected() {
    for (name, args) in [
        (
            "runs-zero",
            &["simulate", "tests/data/small.toml", "--runs", "0"][..],
        ),
        (
            "threads-zero",
            &["simulate", "tests/data/small.toml", "--threads", "0"][..],
        ),
        (
            "no-such-file",
            &["simulate", "tests/data/no-such-file.toml"][..],
        ),
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
        insta::with_settings!({
            description => format!("chainsim {}", args.join(" ")),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("bad-argument-{name}"), stderr(&output));
        });
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
    insta::assert_snapshot!("simulate-jilin-2030-3000-runs", table);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["runs"], 3000);
    let model = chainsim::Model::from_toml_str_with_files(
        &std::fs::read_to_string("scenarios/jilin-2030.toml").unwrap(),
        |file| std::fs::read_to_string(format!("scenarios/{file}")).map_err(|e| e.to_string()),
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
fn trajectories_keep_the_named_series_rows_and_every_target() {
    // tests/data/hybrid.toml with [trajectories]: its trajectories.csv is the whole run's
    // rows of the kept series (and of the series the report's tables read), its targets.csv
    // the whole run's, byte for byte.
    let text = std::fs::read_to_string("tests/data/hybrid.toml").unwrap()
        + "\n[trajectories]\nseries = [\"*.output\", \"energy.*\"]\n";
    let dir = scratch("trajectories-kept");
    std::fs::create_dir_all(&dir).unwrap();
    let kept_file = dir.join("hybrid-kept.toml");
    std::fs::write(&kept_file, text).unwrap();
    let run = |file: &str, out: &str| {
        let out_dir = dir.join(out);
        let args = [
            "simulate",
            file,
            "--runs",
            "3000",
            "--out",
            out_dir.to_str().unwrap(),
        ];
        let output = chainsim(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        let read = |name: &str| std::fs::read_to_string(out_dir.join(name)).unwrap();
        (read("targets.csv"), read("trajectories.csv"))
    };
    let (whole_targets, whole_rows) = run("tests/data/hybrid.toml", "whole");
    let (kept_targets, kept_rows) = run(kept_file.to_str().unwrap(), "kept");
    assert_eq!(kept_targets, whole_targets);
    let kept = |line: &&str| {
        let mut fields = line.split(',');
        let (item, measure) = (fields.next().unwrap(), fields.next().unwrap());
        measure == "output"
            || item == "energy"
            || ["online", "binding", "unmet_demand"].contains(&measure)
            || item == "item"
    };
    let expected: Vec<&str> = whole_rows.lines().filter(kept).collect();
    assert_eq!(kept_rows.lines().collect::<Vec<_>>(), expected);
    assert!(expected.len() > 1 + 5 * 5 && expected.len() < whole_rows.lines().count());
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
    insta::assert_snapshot!("goal-seek-unknown-target", stderr(&bad));
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
    insta::assert_snapshot!("sensitivity-small-table", stdout(&table));
}

/// The fixture's three correlations (0.9, 0.9, −0.9) cannot hold together: strict commands
/// reject it (see `bad_correlation_not_positive_definite`); with `--repair-correlation` they use the nearest valid
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
    insta::assert_snapshot!("repair-correlation-line", line);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("summary.json")).unwrap())
            .unwrap();
    let recorded = summary["correlation_repair_distance"].as_f64().unwrap();
    // The line prints six decimals.
    assert!(
        (recorded - distance).abs() <= PRINTED_6DP,
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

#[test]
fn a_share_target_prints_its_quantiles_and_shortfall_in_percent() {
    // tests/data/share-target.toml: clean share = 500·cf / (500·cf + 750) with cf uniform on
    // [0.10, 0.16]. Quantile q of the share is that of cf = 0.10 + 0.06·q: P10 53/803 = 6.60%,
    // median 65/815 = 7.98%, P90 77/827 = 9.31%. P(share ≥ 8%) = P(cf ≥ 60/460) = 49.3%; the
    // mean shortfall below 8%, integrated over cf in [0.10, 60/460], is 0.87 pp.
    let dir = scratch("share-target");
    let out = chainsim(&[
        "simulate",
        "tests/data/share-target.toml",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let row = table.lines().find(|l| l.starts_with("clean-2026")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // P10, median and P90 follow the interval's cell (the one with a dash); within the
    // printed decimal plus Monte Carlo and sketch error (0.39% relative).
    let interval = cells.iter().position(|c| c.contains('–')).unwrap();
    let percents: Vec<f64> = cells[interval + 1..interval + 4]
        .iter()
        .map(|c| c.strip_suffix('%').expect("a percentage").parse().unwrap())
        .collect();
    for (got, want) in percents.iter().zip([53.0 / 8.03, 65.0 / 8.15, 77.0 / 8.27]) {
        assert!((got - want).abs() <= 0.1, "{got}% against {want}% in {row}");
    }
    let pp = cells
        .iter()
        .position(|c| *c == "pp")
        .expect("the shortfall in pp");
    let shortfall: f64 = cells[pp - 1].parse().unwrap();
    assert!((shortfall - 0.87).abs() <= 0.1, "{row}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let p = summary["targets"][0]["probability"].as_f64().unwrap();
    assert!((p - 0.4928).abs() < 0.03, "P(met) {p}");
}
