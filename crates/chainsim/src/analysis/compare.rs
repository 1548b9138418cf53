//! Target probabilities of several scenarios side by side: a [`Comparison`] of reports,
//! rendered as a terminal table, CSV or JSON.
//!
//! # Examples
//! ```
//! # use chainsim::{Model, Report, RunOptions, Silent, simulate};
//! use chainsim::analysis::compare::Comparison;
//! # let model = Model::from_toml_str(include_str!("../../../../tests/data/small.toml"))?;
//! # let options = RunOptions { runs: 200, seed: 1, threads: Some(1), ..RunOptions::default() };
//! # let report = Report::new(&model, &options, &simulate(&model, &options, &mut Silent)?);
//! let comparison = Comparison::new(&[("base", &report), ("again", &report)]);
//! assert_eq!(comparison.scenarios.len(), 2);
//! assert_eq!(comparison.targets[0].results.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;

use crate::report::Report;

/// One column of a comparison: a scenario and how it was run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedScenario {
    /// Column name.
    pub name: String,
    /// The scenario's own name.
    pub scenario: String,
    /// Runs scored.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
}

/// A target's probability of being met in one scenario, with its 95% Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Probability {
    /// Share of scored runs that met the target.
    pub probability: f64,
    /// Lower end of the 95% interval.
    pub ci_low: f64,
    /// Upper end of the 95% interval.
    pub ci_high: f64,
}

/// One row of a comparison: a target id and its result in each scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedTarget {
    /// Target id.
    pub id: String,
    /// The label of the first scenario that has the target.
    pub label: String,
    /// One entry per scenario, in column order; `None` where the scenario lacks the target.
    pub results: Vec<Option<Probability>>,
}

/// Target probabilities of several scenarios: one row per target id (the union over the
/// scenarios, in first-seen order), one column per scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The columns.
    pub scenarios: Vec<ComparedScenario>,
    /// The rows.
    pub targets: Vec<ComparedTarget>,
}

impl Comparison {
    /// Compares reports given as `(column name, report)`.
    pub fn new(reports: &[(&str, &Report)]) -> Comparison {
        let scenarios = reports
            .iter()
            .map(|(name, report)| ComparedScenario {
                name: (*name).to_string(),
                scenario: report.scenario.clone(),
                runs: report.accepted_runs,
                seed: report.seed,
            })
            .collect();
        let mut targets: Vec<ComparedTarget> = Vec::new();
        for (column, (_, report)) in reports.iter().enumerate() {
            for target in &report.targets {
                let idx = match targets.iter().position(|t| t.id == target.id) {
                    Some(idx) => idx,
                    None => {
                        targets.push(ComparedTarget {
                            id: target.id.clone(),
                            label: target.label.clone(),
                            results: vec![None; reports.len()],
                        });
                        targets.len() - 1
                    }
                };
                targets[idx].results[column] = Some(Probability {
                    probability: target.probability,
                    ci_low: target.ci_low,
                    ci_high: target.ci_high,
                });
            }
        }
        Comparison { scenarios, targets }
    }
}

/// Longest scenario name used as a column name; longer names give way to the file stem
/// (the table's heading still names each scenario in full).
pub const MAX_COLUMN_NAME: usize = 24;

/// Column names for scenarios given as `(scenario name, file stem)`: the scenario name,
/// or the file stem where scenario names collide or are longer than [`MAX_COLUMN_NAME`]
/// characters; any name still taken gets ` (2)`, ` (3)` ….
pub fn column_names(scenarios: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(scenarios.len());
    for (idx, (name, stem)) in scenarios.iter().enumerate() {
        let collides = scenarios
            .iter()
            .enumerate()
            .any(|(other, (other_name, _))| other != idx && other_name == name);
        let long = name.chars().count() > MAX_COLUMN_NAME;
        let base = if collides || long { *stem } else { *name };
        let mut candidate = base.to_string();
        let mut n = 2;
        while names.contains(&candidate) {
            candidate = format!("{base} ({n})");
            n += 1;
        }
        names.push(candidate);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_names_fall_back_to_file_stems() {
        assert_eq!(column_names(&[("a", "x"), ("b", "y")]), ["a", "b"]);
        assert_eq!(
            column_names(&[("a", "x"), ("a", "y"), ("b", "z")]),
            ["x", "y", "b"]
        );
        assert_eq!(column_names(&[("a", "x"), ("a", "x")]), ["x", "x (2)"]);
        assert_eq!(
            column_names(&[("x", "p"), ("a", "x"), ("a", "y")]),
            ["x", "x (2)", "y"]
        );
        // 24 characters fit; 25 give way to the stem.
        let fits = "a".repeat(24);
        let long = "b".repeat(25);
        assert_eq!(
            column_names(&[(fits.as_str(), "p"), (long.as_str(), "q")]),
            [fits.as_str(), "q"]
        );
    }
}
