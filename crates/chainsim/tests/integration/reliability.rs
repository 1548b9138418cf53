//! Regression tests for the reliability issue: integers that size work are range-checked
//! without wrapping, a repeated name in a correlation matrix is refused, and a run whose
//! values are not all finite is counted, never scored.

use chainsim::{EngineError, Model, Report, RunOptions, Silent, simulate};

/// One sector with `growth` (a `[[growth]]` body) from `base`, `base_year`..`horizon`.
fn one_sector(base: &str, growth: &str, base_year: i64, horizon: i64) -> String {
    format!(
        r#"
        [scenario]
        name = "one sector"
        value_unit = "CNY 100 million"
        base_year = {base_year}
        horizon = {horizon}
        [provenance]
        sectors = {{ assumption = "test" }}
        growth = {{ assumption = "test" }}
        targets = {{ assumption = "test" }}
        prices = {{ assumption = "test" }}
        [[sectors]]
        id = "a"
        name = "A"
        base = {base}
        [[growth]]
        sector = "a"
        {growth}
        [[targets]]
        id = "a-level"
        label = "A above its base"
        sector = "a"
        kind = "level"
        year = {horizon}
        at_least = 1.0
        "#
    )
}

#[test]
fn the_most_negative_base_year_is_refused_not_wrapped() {
    // horizon − base_year overflows i32 for base_year = i32::MIN; the fuzzer's panic.
    let text = one_sector(
        "100.0",
        "distribution = \"normal\"\nmean = 0.05\nsd = 0.01",
        i64::from(i32::MIN),
        2028,
    );
    let err = Model::from_toml_str(&text).unwrap_err().to_string();
    assert!(err.contains("scenario.horizon"), "{err}");
    assert!(err.contains("at most 200 years"), "{err}");
}

#[test]
fn a_sector_listed_twice_in_a_correlation_matrix_is_refused() {
    let text = one_sector(
        "100.0",
        "distribution = \"normal\"\nmean = 0.05\nsd = 0.01",
        2025,
        2027,
    ) + r#"
        [correlation_matrix]
        sectors = ["a", "a"]
        values = [[1.0, 0.5], [0.5, 1.0]]
        assumption = "test"
    "#;
    let err = Model::from_toml_str(&text).unwrap_err().to_string();
    assert!(err.contains("correlation_matrix.sectors[1]"), "{err}");
    assert!(err.contains("listed twice"), "{err}");
}

#[test]
fn a_base_whose_value_overflows_is_refused_at_compilation() {
    // 1e308 t at a price of 10 is 1e309: not a finite base-year value.
    let text = one_sector(
        "1e308\n        unit = \"t\"\n        price = 10.0",
        "distribution = \"normal\"\nmean = 0.05\nsd = 0.01",
        2025,
        2027,
    );
    let text = text + "[[price_growth]]\nsector = \"a\"\ndistribution = \"fixed\"\nvalue = 0.0\n";
    let err = Model::from_toml_str(&text).unwrap_err().to_string();
    assert!(err.contains("not a finite number"), "{err}");
}

#[test]
fn runs_that_overflow_are_counted_and_excluded() {
    // x = 1e300 · (1 + g), g ~ U(0, 1e9), overflows f64::MAX exactly when
    // g > f64::MAX / 1e300 − 1, so the share of non-finite runs is 1 − (MAX/1e300 − 1)/1e9.
    let text = one_sector(
        "1e300",
        "distribution = \"uniform\"\nmin = 0.0\nmax = 1e9",
        2025,
        2026,
    );
    let model = Model::from_toml_str(&text).unwrap();
    let runs = 20_000;
    let options = RunOptions {
        runs,
        seed: 11,
        threads: Some(2),
        ..RunOptions::default()
    };
    let summary = simulate(&model, &options, &mut Silent).unwrap();
    let p = 1.0 - (f64::MAX / 1e300 - 1.0) / 1e9;
    let share = summary.non_finite() as f64 / runs as f64;
    let se = (p * (1.0 - p) / runs as f64).sqrt();
    assert!((share - p).abs() <= 4.0 * se, "{share} vs {p}");
    assert_eq!(summary.rejected(), summary.non_finite());
    assert_eq!(summary.accepted() + summary.rejected(), runs);
    let report = Report::new(&model, &options, &summary);
    assert_eq!(report.non_finite_runs, summary.non_finite());
    // Every scored run is finite and above the base: met with certainty, no NaN quantile
    // (the top sketch bucket, ending at f64::MAX, reports a finite value). The mean of values
    // this close to f64::MAX overflows their sum and is not checked here.
    let target = &report.targets[0];
    assert!(target.probability > 0.999_999, "{}", target.probability);
    for (name, q) in [
        ("p10", target.p10),
        ("p50", target.p50),
        ("p90", target.p90),
    ] {
        assert!(q.is_finite() && q >= 1e300, "{name} = {q}");
    }
}

#[test]
fn runs_that_all_overflow_are_an_error_not_a_result() {
    // A fixed growth of 1e300 a year takes 100 past f64::MAX by the second year.
    let text = one_sector(
        "100.0",
        "distribution = \"fixed\"\nvalue = 1e300",
        2025,
        2027,
    );
    let model = Model::from_toml_str(&text).unwrap();
    let options = RunOptions {
        runs: 300,
        seed: 1,
        threads: Some(1),
        ..RunOptions::default()
    };
    let err = simulate(&model, &options, &mut Silent).unwrap_err();
    assert!(
        matches!(err, EngineError::AllNonFinite { runs: 300 }),
        "{err}"
    );
}

/// What a fuzz input must come to: refused with an error, or simulated to a report whose
/// probabilities and quantiles are numbers (runs that overflow counted, not scored).
fn no_panic_no_nan(name: &str, text: &str, load: impl FnMut(&str) -> Result<String, String>) {
    let mut scenario = match chainsim::Scenario::from_toml_str(text) {
        Ok(scenario) => scenario,
        Err(_) => return,
    };
    if scenario.resolve_files(load).is_err() {
        return;
    }
    let Ok(model) = Model::compile(&scenario) else {
        return;
    };
    let options = RunOptions {
        runs: 512,
        seed: 5,
        threads: Some(1),
        ..RunOptions::default()
    };
    let summary = match simulate(&model, &options, &mut Silent) {
        Ok(summary) => summary,
        Err(EngineError::AllNonFinite { .. } | EngineError::AllRejected { .. }) => return,
        Err(err) => panic!("{name}: {err}"),
    };
    let report = Report::new(&model, &options, &summary);
    for t in &report.targets {
        for (what, v) in [
            ("probability", t.probability),
            ("p10", t.p10),
            ("p50", t.p50),
            ("p90", t.p90),
        ] {
            assert!(!v.is_nan(), "{name}: target {} {what} is NaN", t.id);
        }
    }
    for r in &report.trajectories {
        for v in [r.p05, r.p10, r.p25, r.p50, r.p75, r.p90, r.p95] {
            assert!(
                !v.is_nan(),
                "{name}: {}.{} {} quantile is NaN",
                r.item,
                r.measure,
                r.year
            );
        }
    }
}

fn fuzz_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/fuzz")
}

#[test]
fn every_saved_fuzz_scenario_is_refused_or_gives_numbers() {
    // The minimised inputs of the fuzzer's findings (docs/reliability.md): the year span that
    // wrapped, levels that overflow in a run, and values in the sketch's top bucket.
    let mut seen = 0;
    for entry in std::fs::read_dir(fuzz_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            no_panic_no_nan(&name, &text, |_| Err("no files in this test".into()));
            seen += 1;
        }
    }
    assert!(seen >= 11, "only {seen} saved inputs");
}

#[test]
fn an_empirical_history_that_overflows_is_refused_or_gives_numbers() {
    let csv = std::fs::read_to_string(fuzz_dir().join("huge-empirical.csv")).unwrap();
    let text = include_str!("../../../../tests/data/bad/empirical-missing-column.toml")
        .replace("column = \"chemical\"", "column = \"chemicals\"");
    no_panic_no_nan("huge-empirical.csv", &text, |_| Ok(csv.clone()));
}
