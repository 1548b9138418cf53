//! The engine against closed forms and published tables.

use approx::assert_relative_eq;
use chainsim::stats::{QuantileSketch, std_normal_cdf};
use chainsim::{Model, Report, RunOptions, Silent, simulate};

use crate::tolerance::{MC_SIGMAS, REL_1E12, assert_probability};

/// Published-table tolerance: the textbook prints two decimals.
const TABLE_TOLERANCE: f64 = 0.005;

fn one_sector(log_mean: f64, log_sd: f64, threshold: f64) -> String {
    format!(
        r#"
        [scenario]
        name = "one sector, lognormal growth factor"
        value_unit = "index"
        base_year = 2025
        horizon = 2030
        [[sectors]]
        id = "a"
        name = "A"
        base = 100.0
        assumption = "test"
        [[growth]]
        sector = "a"
        distribution = "lognormal"
        log_mean = {log_mean}
        log_sd = {log_sd}
        assumption = "test"
        [[targets]]
        id = "level"
        label = "level by 2030"
        sector = "a"
        kind = "level"
        year = 2030
        at_least = {threshold}
        assumption = "test"
        "#
    )
}

/// ln X_T = ln X_0 + Σ ln(1+g_t) is normal with mean ln X_0 + Tμ and sd σ√T, so
/// P(X_T ≥ K) = Φ((ln X_0 + Tμ − ln K) / (σ√T)) and the median is X_0·e^{Tμ}.
#[test]
fn lognormal_growth_matches_the_closed_form() {
    let (mu, sigma, years, x0) = (0.05, 0.08, 5.0_f64, 100.0_f64);
    let runs = 100_000;
    for threshold in [110.0, 128.0, 150.0] {
        let model = Model::from_toml_str(&one_sector(mu, sigma, threshold)).unwrap();
        let options = RunOptions {
            runs,
            seed: 2026,
            threads: None,
            ..RunOptions::default()
        };
        let summary = simulate(&model, &options, &mut Silent).unwrap();
        let report = Report::new(&model, &options, &summary);
        let exact =
            std_normal_cdf((x0.ln() + years * mu - threshold.ln()) / (sigma * years.sqrt()));
        let p = report.targets[0].probability;
        assert_probability(p, exact, runs, &format!("K = {threshold}"));

        // The median's Monte Carlo error: sd of the sample median of a normal ln X is
        // √(π/2)·σ√T/√n, plus the sketch's stated relative error.
        let median = summary
            .series(model.series_idx("a.output").unwrap(), 5)
            .unwrap()
            .quantile(0.5)
            .unwrap();
        let exact_median = x0 * (years * mu).exp();
        let mc = (std::f64::consts::PI / 2.0).sqrt() * sigma * years.sqrt() / (runs as f64).sqrt();
        let tolerance = QuantileSketch::RELATIVE_ACCURACY + MC_SIGMAS * mc;
        assert_relative_eq!(median, exact_median, max_relative = tolerance);
    }
}

/// Miller & Blair (2009), Table 2.3 and section 2.3: with A = [[0.15, 0.25], [0.20, 0.05]],
/// final demand [600, 1500] needs gross output [1247.52, 1841.58].
#[test]
fn two_sector_leontief_matches_miller_blair() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/two-sector.toml"
    ))
    .unwrap();
    let model = Model::from_toml_str(&text).unwrap();
    assert_relative_eq!(model.base_final_demand()[0], 350.0, max_relative = REL_1E12);
    assert_relative_eq!(
        model.base_final_demand()[1],
        1700.0,
        max_relative = REL_1E12
    );
    let options = RunOptions {
        runs: 10,
        seed: 1,
        threads: Some(1),
        ..RunOptions::default()
    };
    let summary = simulate(&model, &options, &mut Silent).unwrap();
    for (sector, expected) in [(0, 1247.52), (1, 1841.58)] {
        let id = &model.sectors()[sector].id;
        let series = |measure: &str| model.series_idx(&format!("{id}.{measure}")).unwrap();
        let mean = summary.series(series("output"), 1).unwrap().mean().unwrap();
        assert!(
            (mean - expected).abs() < TABLE_TOLERANCE,
            "{mean} vs {expected}"
        );
        let demand = summary
            .series(series("final_demand"), 1)
            .unwrap()
            .mean()
            .unwrap();
        assert_relative_eq!(demand, [600.0, 1500.0][sector], max_relative = REL_1E12);
        let intermediate = summary
            .series(series("intermediate"), 1)
            .unwrap()
            .mean()
            .unwrap();
        assert_relative_eq!(intermediate, mean - demand, max_relative = REL_1E12);
    }
}

/// A run depends only on (seed, run index): the summary is identical on 1 and 2 threads.
#[test]
fn summaries_do_not_depend_on_threads() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/small.toml"
    ))
    .unwrap();
    let model = Model::from_toml_str(&text).unwrap();
    let run = |threads| {
        let options = RunOptions {
            runs: 3_000,
            seed: 5,
            threads: Some(threads),
            ..RunOptions::default()
        };
        simulate(&model, &options, &mut Silent).unwrap()
    };
    assert_eq!(run(1), run(2));
}
