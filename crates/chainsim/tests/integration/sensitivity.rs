//! Sensitivity analysis against closed forms.

use approx::assert_relative_eq;
use chainsim::Model;
use chainsim::analysis::sensitivity::{SensitivityRequest, input_names, named_group, sensitivity};
use chainsim::stats::std_normal_quantile;

use crate::tolerance::REL_1E12;

/// Two sectors without intermediate sales, growth normal with sd s, shocks correlated ρ = 0.6
/// through the Cholesky factor, so b's 2026 growth is m + s(0.6 ε_a + 0.8 ε_b): a linear
/// function of independent innovations with variance shares ρ² = 0.36 and 1 − ρ² = 0.64.
const SCENARIO: &str = r#"
    [scenario]
    name = "two correlated sectors"
    value_unit = "index"
    base_year = 2025
    horizon = 2027
    [provenance]
    sectors = { assumption = "test" }
    growth = { assumption = "test" }
    correlations = { assumption = "test" }
    targets = { assumption = "test" }
    [[sectors]]
    id = "a"
    name = "A"
    base = 100.0
    [[sectors]]
    id = "b"
    name = "B"
    base = 100.0
    [[growth]]
    sector = "a"
    distribution = "normal"
    mean = 0.05
    sd = 0.02
    [[growth]]
    sector = "b"
    distribution = "normal"
    mean = 0.08
    sd = 0.03
    [[correlations]]
    between = ["a", "b"]
    value = 0.6
    [[targets]]
    id = "b-2026"
    label = "b grows 8% in 2026"
    sector = "b"
    kind = "growth"
    year = 2026
    at_least = 0.08
"#;

#[test]
fn sobol_indices_and_tornado_match_the_linear_closed_form() {
    let model = Model::from_toml_str(SCENARIO).unwrap();
    assert_eq!(
        input_names(&model),
        [
            "growth.a.2026",
            "growth.b.2026",
            "growth.a.2027",
            "growth.b.2027"
        ]
    );
    let request = SensitivityRequest {
        target_idx: 0,
        n_base: 4096,
        resamples: 50,
        rank_runs: 4000,
        seed: 9,
        // Both 2026 innovations together carry all of the metric's variance.
        extra_groups: vec![
            named_group(&model, "year 2026", &["growth.a.2026", "growth.b.2026"]).unwrap(),
        ],
    };
    let report = sensitivity(&model, &request).unwrap();
    let index = |name: &str| report.sobol.factor(name).unwrap().clone();
    for (name, share) in [
        ("growth.a.2026", 0.36),
        ("growth.b.2026", 0.64),
        ("growth.a", 0.36),
        ("growth.b", 0.64),
        ("year 2026", 1.0),
    ] {
        let f = index(name);
        assert!(
            (f.first_order - share).abs() < 0.02,
            "{name}: S1 {}",
            f.first_order
        );
        assert!((f.total - share).abs() < 0.02, "{name}: ST {}", f.total);
    }
    assert!(named_group(&model, "x", &["growth.c"]).is_err());
    for name in ["growth.a.2027", "growth.b.2027"] {
        assert!(index(name).total.abs() < 1e-9, "{name} cannot matter");
    }

    // Tornado: b's shocks at Φ⁻¹(0.9) move the metric by 0.03 · 0.8 · 1.28155.
    let z90 = std_normal_quantile(0.9);
    let bar = report
        .tornado
        .bars
        .iter()
        .find(|b| b.name == "growth.b")
        .unwrap();
    assert_relative_eq!(
        bar.high_output,
        0.08 + 0.03 * 0.8 * z90,
        max_relative = REL_1E12
    );
    assert_relative_eq!(
        bar.low_output,
        0.08 - 0.03 * 0.8 * z90,
        max_relative = REL_1E12
    );
    assert_relative_eq!(report.tornado.base_output, 0.08, max_relative = REL_1E12);

    // Rank correlations: the metric is a monotone function of 0.6 ε_a + 0.8 ε_b alone, so
    // the partial rank correlations of those two inputs are high and the 2027 ones near 0.
    for row in &report.rank_correlations {
        if row.name.ends_with("2026") {
            assert!(row.prcc > 0.9, "{}: {}", row.name, row.prcc);
        } else {
            assert!(row.prcc.abs() < 0.1, "{}: {}", row.name, row.prcc);
        }
    }
}
