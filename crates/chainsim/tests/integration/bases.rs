//! `BaseCheck` against the one-sector closed form: with the base level moved to
//! X₀(1 ± c), P(X_T ≥ K) = Φ((ln X₀(1 ± c) + Tμ − ln K) / (σ√T)).

use chainsim::analysis::bases::BaseCheck;
use chainsim::stats::std_normal_cdf;
use chainsim::{Model, RunOptions, Silent};

use crate::tolerance::assert_probability;

const SCENARIO: &str = r#"
    [scenario]
    name = "one sector, lognormal growth factor"
    value_unit = "index"
    base_year = 2025
    horizon = 2030
    [[sectors]]
    id = "a"
    name = "A"
    base = 100.0
    assumption = "an assumed base level"
    [[sectors]]
    id = "b"
    name = "B"
    base = 50.0
    source = "a cited base level"
    [[growth]]
    sector = "a"
    distribution = "lognormal"
    log_mean = 0.05
    log_sd = 0.08
    assumption = "test"
    [[growth]]
    sector = "b"
    distribution = "fixed"
    value = 0.02
    assumption = "test"
    [[targets]]
    id = "a-level"
    label = "A above 128 by 2030"
    sector = "a"
    kind = "level"
    year = 2030
    at_least = 128.0
    assumption = "test"
    [[targets]]
    id = "b-level"
    label = "B above 55 by 2030"
    sector = "b"
    kind = "level"
    year = 2030
    at_least = 55.0
    assumption = "test"
"#;

#[test]
fn moving_an_assumed_base_matches_the_closed_form() {
    let (mu, sigma, years, x0, k) = (0.05, 0.08, 5.0_f64, 100.0_f64, 128.0_f64);
    let model = Model::from_toml_str(SCENARIO).unwrap();
    let runs = 40_000;
    let options = RunOptions {
        runs,
        seed: 11,
        threads: None,
        ..RunOptions::default()
    };
    let check = BaseCheck::new(&model, &options, 0.1, &mut Silent).unwrap();
    let exact = |scale: f64| {
        std_normal_cdf(((x0 * scale).ln() + years * mu - k.ln()) / (sigma * years.sqrt()))
    };
    let a = &check.rows[0];
    assert!(a.assumed);
    for (got, scale) in [
        (a.lower.unwrap().probability, 0.9),
        (a.base.probability, 1.0),
        (a.higher.unwrap().probability, 1.1),
    ] {
        let p = exact(scale);
        assert_probability(got, p, runs, &format!("base × {scale}"));
    }
    // B's base is cited, so it is not moved: 50 · 1.02⁵ = 55.20 ≥ 55 in every run.
    let b = &check.rows[1];
    assert!(!b.assumed && b.lower.is_none() && b.higher.is_none());
    assert!((b.base.probability - 1.0).abs() < f64::EPSILON);
}

#[test]
fn a_change_outside_zero_one_is_refused() {
    let model = Model::from_toml_str(SCENARIO).unwrap();
    let options = RunOptions {
        runs: 10,
        ..RunOptions::default()
    };
    for change in [0.0, 1.0, -0.1, f64::NAN] {
        assert!(BaseCheck::new(&model, &options, change, &mut Silent).is_err());
    }
}

/// A base that would exceed the sector's capacity once raised is not simulated: the row says
/// why, and the lowered base is still checked against the closed form.
#[test]
fn a_moved_base_beyond_capacity_is_reported_not_simulated() {
    let text = SCENARIO.replace(
        "base = 100.0\n    assumption",
        "base = 100.0\n    capacity = 105.0\n    capacity_growth = 0.5\n    assumption",
    );
    let model = Model::from_toml_str(&text).unwrap();
    let options = RunOptions {
        runs: 20_000,
        seed: 3,
        threads: None,
        ..RunOptions::default()
    };
    let check = BaseCheck::new(&model, &options, 0.1, &mut Silent).unwrap();
    let a = &check.rows[0];
    assert!(a.higher.is_none());
    let note = a.note.as_deref().unwrap();
    assert!(
        note.contains("exceeds its base-year capacity 105"),
        "{note}"
    );
    // Capacity 105 · 1.5^t never binds the lognormal path below 128 ≪ 105 · 1.5^5, so the
    // lowered base still follows the closed form.
    let (mu, sigma, years, k) = (0.05, 0.08, 5.0_f64, 128.0_f64);
    let p = std_normal_cdf(((90.0_f64).ln() + years * mu - k.ln()) / (sigma * years.sqrt()));
    let got = a.lower.unwrap().probability;
    assert_probability(got, p, 20_000, "lowered base");
}

/// Around a simulation already made, the check is the one `new` makes (same seed, same
/// options), one simulation fewer.
#[test]
fn around_a_simulation_already_made_equals_new() {
    let model = Model::from_toml_str(SCENARIO).unwrap();
    let options = RunOptions {
        runs: 2_000,
        seed: 5,
        threads: Some(2),
        ..RunOptions::default()
    };
    let summary = chainsim::simulate(&model, &options, &mut Silent).unwrap();
    let base = chainsim::Report::new(&model, &options, &summary);
    let around = BaseCheck::around(&model, &options, 0.2, &base, &mut Silent).unwrap();
    assert_eq!(
        around,
        BaseCheck::new(&model, &options, 0.2, &mut Silent).unwrap()
    );
    assert!(around.rows[0].lower.is_some() && around.rows[0].higher.is_some());
    assert_eq!(BaseCheck::moved_simulations(&model), 2);
    assert_eq!(BaseCheck::simulations(&model), 3);
    assert!(BaseCheck::around(&model, &options, 1.0, &base, &mut Silent).is_err());
}
