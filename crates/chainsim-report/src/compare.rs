//! Several scenarios' target probabilities side by side ([`Comparison`]) as a table, CSV
//! or JSON.

use chainsim::analysis::compare::Comparison;

use crate::text::{csv_field, render_table};

/// A terminal table: a row per target, `p% [lo–hi]` per scenario, `—` where missing.
pub fn table(comparison: &Comparison) -> String {
    let mut out = String::from("P(met) with 95% interval, in percent\n");
    for s in &comparison.scenarios {
        if s.name == s.scenario {
            out.push_str(&format!("  {}: {} runs, seed {}\n", s.name, s.runs, s.seed));
        } else {
            out.push_str(&format!(
                "  {}: {} — {} runs, seed {}\n",
                s.name, s.scenario, s.runs, s.seed
            ));
        }
    }
    out.push('\n');
    let mut header = vec!["target".to_string()];
    header.extend(comparison.scenarios.iter().map(|s| s.name.clone()));
    let mut rows = vec![header];
    for target in &comparison.targets {
        let mut row = vec![target.id.clone()];
        row.extend(target.results.iter().map(|result| match result {
            Some(p) => format!(
                "{:.1}% [{:.1}–{:.1}]",
                100.0 * p.probability,
                100.0 * p.ci_low,
                100.0 * p.ci_high
            ),
            None => "—".to_string(),
        }));
        rows.push(row);
    }
    let right: Vec<bool> = (0..rows.first().map_or(0, Vec::len))
        .map(|c| c > 0)
        .collect();
    out.push_str(&render_table(&rows, &right));
    out
}

/// The comparison as CSV: `target,label`, then `probability`, `ci_low` and `ci_high`
/// columns per scenario (headed `<name> probability` …), empty where missing.
pub fn csv(comparison: &Comparison) -> String {
    let mut header = vec!["target".to_string(), "label".to_string()];
    for s in &comparison.scenarios {
        for field in ["probability", "ci_low", "ci_high"] {
            header.push(csv_field(&format!("{} {field}", s.name)));
        }
    }
    let mut out = header.join(",");
    out.push('\n');
    for target in &comparison.targets {
        let mut fields = vec![csv_field(&target.id), csv_field(&target.label)];
        for result in &target.results {
            match result {
                Some(p) => {
                    fields.extend([p.probability, p.ci_low, p.ci_high].map(|v| format!("{v}")))
                }
                None => fields.extend([String::new(), String::new(), String::new()]),
            }
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The comparison as a JSON object with `scenarios` and `targets`; a missing result is
/// `null`.
pub fn json(comparison: &Comparison) -> String {
    let mut text = serde_json::to_string_pretty(comparison).expect("a comparison serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainsim::analysis::compare::Probability;
    use chainsim::model::{Direction, TargetKind};
    use chainsim::report::{Report, TargetResult};

    fn report(name: &str, targets: &[(&str, f64, f64, f64)]) -> Report {
        Report {
            scenario: name.to_string(),
            chainsim_version: "test",
            engine_version: 1,
            seed: 7,
            runs: 1000,
            sampler: "monte_carlo",
            accepted_runs: 1000,
            rejected_runs: 0,
            non_finite_runs: 0,
            value_unit: "CNY 100 million".to_string(),
            base_year: 2025,
            horizon: 2030,
            quantile_relative_error: 0.005,
            correlation_repair_distance: None,
            targets: targets
                .iter()
                .map(|&(id, probability, ci_low, ci_high)| TargetResult {
                    id: id.to_string(),
                    label: format!("{id} label, 1300亿"),
                    series: "s.value".to_string(),
                    item: "s".to_string(),
                    measure: "value".to_string(),
                    unit: "CNY 100 million".to_string(),
                    kind: TargetKind::Level,
                    year: 2030,
                    from: 2025,
                    direction: Direction::AtLeast,
                    threshold: 1300.0,
                    probability,
                    ci_low,
                    ci_high,
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
                })
                .collect(),
            projects: Vec::new(),
            chains: Vec::new(),
            trajectories: Vec::new(),
        }
    }

    fn comparison() -> Comparison {
        let a = report("A", &[("t1", 0.5, 0.4, 0.6), ("t2", 0.25, 0.2, 0.3)]);
        let b = report("B", &[("t3", 0.125, 0.1, 0.15), ("t1", 0.75, 0.7, 0.8)]);
        Comparison::new(&[("A", &a), ("B", &b)])
    }

    #[test]
    fn rows_are_the_union_in_first_seen_order() {
        let c = comparison();
        let ids: Vec<&str> = c.targets.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["t1", "t2", "t3"]);
        assert_eq!(c.targets[1].results[1], None);
        assert_eq!(c.targets[2].results[0], None);
        assert_eq!(
            c.targets[0].results[1],
            Some(Probability {
                probability: 0.75,
                ci_low: 0.7,
                ci_high: 0.8
            })
        );
    }

    #[test]
    fn table_shows_percent_intervals_and_dashes() {
        let table = table(&comparison());
        let row = |id: &str| {
            table
                .lines()
                .find(|l| l.starts_with(id))
                .unwrap_or_else(|| panic!("no row {id} in\n{table}"))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(row("t1"), "t1 50.0% [40.0–60.0] 75.0% [70.0–80.0]");
        assert_eq!(row("t2"), "t2 25.0% [20.0–30.0] —");
        assert_eq!(row("t3"), "t3 — 12.5% [10.0–15.0]");
    }

    #[test]
    fn csv_has_three_columns_per_scenario_and_quotes_labels() {
        let csv = csv(&comparison());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "target,label,A probability,A ci_low,A ci_high,B probability,B ci_low,B ci_high"
        );
        assert_eq!(lines[2], "t2,\"t2 label, 1300亿\",0.25,0.2,0.3,,,");
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn json_marks_missing_results_null() {
        let value: serde_json::Value = serde_json::from_str(&json(&comparison())).unwrap();
        assert_eq!(value["scenarios"][1]["name"], "B");
        assert_eq!(value["targets"][2]["id"], "t3");
        assert!(value["targets"][2]["results"][0].is_null());
        assert_eq!(value["targets"][2]["results"][1]["probability"], 0.125);
    }
}
