//! Goal seek against the closed form of a one-sector lognormal scenario.

use chainsim::analysis::goal_seek::{GoalSeekRequest, Parameter, goal_seek};
use chainsim::stats::std_normal_quantile;
use chainsim::{Model, RunOptions};

/// With ln(1+g) ~ N(μ + δ, σ²) for T years from X₀, P(X_T ≥ K) = p exactly when
/// δ* = (ln K − ln X₀ + σ√T·Φ⁻¹(p)) / T − μ.
#[test]
fn goal_seek_matches_the_closed_form_within_its_interval() {
    let (mu, sigma, x0, k, years) = (0.03, 0.06, 100.0_f64, 130.0_f64, 5.0_f64);
    let text = format!(
        r#"
        [scenario]
        name = "one sector"
        value_unit = "index"
        base_year = 2025
        horizon = 2030
        [[sectors]]
        id = "a"
        name = "A"
        base = {x0}
        assumption = "test"
        [[growth]]
        sector = "a"
        distribution = "lognormal"
        log_mean = {mu}
        log_sd = {sigma}
        assumption = "test"
        [[targets]]
        id = "level"
        label = "level by 2030"
        sector = "a"
        kind = "level"
        year = 2030
        at_least = {k}
        assumption = "test"
        "#
    );
    let model = Model::from_toml_str(&text).unwrap();
    let parameter = Parameter::parse(&model, "growth:a").unwrap();
    for p in [0.5, 0.8] {
        let request = GoalSeekRequest {
            target_idx: 0,
            probability: p,
            parameter: parameter.clone(),
            range: (-0.2, 0.2),
            tolerance: 2e-4,
        };
        let options = RunOptions {
            runs: 8_000,
            seed: 17,
            ..RunOptions::default()
        };
        let result = goal_seek(&model, &options, &request).unwrap();
        let exact = ((k / x0).ln() + sigma * years.sqrt() * std_normal_quantile(p)) / years - mu;
        assert!(
            result.shift_low <= exact && exact <= result.shift_high,
            "p = {p}: exact {exact} outside [{}, {}] (answer {})",
            result.shift_low,
            result.shift_high,
            result.shift
        );
        assert!(result.shift_low <= result.shift && result.shift <= result.shift_high);
        assert!(result.achieved_probability >= p);
        // The interval is a Monte Carlo interval, not a wide net: a few σ√T/T/√n wide.
        assert!(result.shift_high - result.shift_low < 0.01);
    }
}

#[test]
fn unknown_parameters_are_named() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/small.toml"
    ))
    .unwrap();
    let model = Model::from_toml_str(&text).unwrap();
    let err = Parameter::parse(&model, "growth:steel")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown sector \"steel\""), "{err}");
    let err = Parameter::parse(&model, "price:fibre")
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected growth:<sector id>"), "{err}");
}
