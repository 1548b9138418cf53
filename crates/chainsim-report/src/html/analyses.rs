//! The analyses' HTML pages: a sensitivity analysis and a comparison of scenarios.

use chainsim::analysis::compare::Comparison;
use chainsim::analysis::sensitivity::SensitivityReport;
use chainsim::report::ScenarioContext;
use chainsim_sensitivity::FactorIndices;

use super::Provenance;
use super::page::{note, page, probability_bar, reproduce, table};
use crate::numbers::{INTERVAL_NOTE, interval, percent, significant};
use crate::text::escape;

/// The page of a target's sensitivity analysis: Sobol indices of the input groups and the
/// leading single inputs, the tornado chart, rank correlations, the scenario's sources and
/// what reproduces it. `seed` is the analysis's seed.
pub fn sensitivity(
    report: &SensitivityReport,
    scenario: &str,
    context: &ScenarioContext,
    provenance: &Provenance,
    seed: u64,
) -> String {
    let (singles, groups) = report.sobol.factors.split_at(report.n_inputs);
    let mut groups: Vec<&FactorIndices> = groups.iter().collect();
    groups.sort_by(|a, b| b.total.total_cmp(&a.total));
    let mut singles: Vec<&FactorIndices> = singles.iter().collect();
    singles.sort_by(|a, b| b.total.total_cmp(&a.total));
    let sobol_rows = |factors: &[&FactorIndices]| -> Vec<Vec<String>> {
        factors
            .iter()
            .map(|f| {
                let bounds = |b: Option<(f64, f64)>| {
                    b.map_or_else(String::new, |(lo, hi)| {
                        format!("{}–{}", significant(lo), significant(hi))
                    })
                };
                vec![
                    format!("<code>{}</code>", escape(&f.name)),
                    significant(f.first_order),
                    bounds(f.first_order_interval),
                    significant(f.total),
                    bounds(f.total_interval),
                ]
            })
            .collect()
    };
    let header = ["input", "S1", "S1 95% CI", "ST", "ST 95% CI"];
    let numeric = [false, true, true, true, true];
    let mut sobol = note(&format!(
        "Sobol indices of the target's metric from {} runs ({} base samples, {} bootstrap resamples for the intervals): S1 is the share of the metric's variance an input explains alone, ST the share it explains with its interactions.",
        report.sobol.runs, report.sobol.n_base, report.sobol.resamples
    ));
    sobol.push_str("<h3>Input groups</h3>\n");
    sobol.push_str(&table(&header, &numeric, &sobol_rows(&groups)));
    sobol.push_str("<h3>Single inputs, top 10 by ST</h3>\n");
    let top: Vec<&FactorIndices> = singles.into_iter().take(10).collect();
    sobol.push_str(&table(&header, &numeric, &sobol_rows(&top)));

    let title = format!("{} ({})", report.label, report.target);
    let mut tornado = note(
        "Each bar spans the target's metric with one input group at its P10 and at its P90, every other input at its median; the line is the metric with every input at its median.",
    );
    tornado.push_str(&format!(
        "<figure class=\"chart\" id=\"tornado\">\n{}</figure>\n",
        crate::tornado::tornado_svg(&report.tornado, &title)
    ));

    let rank_rows: Vec<Vec<String>> = report
        .rank_correlations
        .iter()
        .take(10)
        .map(|r| {
            vec![
                format!("<code>{}</code>", escape(&r.name)),
                significant(r.spearman),
                significant(r.prcc),
            ]
        })
        .collect();
    let mut ranks = note(
        "Spearman and partial rank correlation of each single input with the metric, top 10 by |PRCC|.",
    );
    ranks.push_str(&table(
        &["input", "Spearman", "PRCC"],
        &[false, true, true],
        &rank_rows,
    ));

    let sections = vec![
        ("sobol", "What drives the target", sobol),
        ("tornado", "Tornado", tornado),
        ("rank-correlations", "Rank correlations", ranks),
        (
            "sources",
            "Appendix: sources and assumptions",
            super::simulation::sources(context),
        ),
        (
            "reproduce",
            "Reproducing this report",
            reproduce(
                provenance,
                &[
                    ("seed", seed.to_string()),
                    ("design runs", report.sobol.runs.to_string()),
                    (
                        "engine version",
                        chainsim::engine::ENGINE_VERSION.to_string(),
                    ),
                    ("chainsim version", env!("CARGO_PKG_VERSION").to_string()),
                ],
            ),
        ),
    ];
    page(
        &format!("{scenario} — sensitivity of {}", report.label),
        &format!(
            "Which uncertain inputs drive “{}” ({}).",
            report.label, report.target
        ),
        &sections,
    )
}

/// One scenario of a comparison and what reproduces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedRun {
    /// The column's name.
    pub column: String,
    /// The scenario file, its hash and the command.
    pub provenance: Provenance,
}

/// The page of a comparison: a row per target, a bar per scenario.
pub fn comparison(comparison: &Comparison, runs: &[ComparedRun]) -> String {
    let mut header: Vec<&str> = vec!["target"];
    header.extend(comparison.scenarios.iter().map(|s| s.name.as_str()));
    let rows: Vec<Vec<String>> = comparison
        .targets
        .iter()
        .map(|t| {
            let mut row = vec![format!(
                "<code id=\"target-{id}\" data-target=\"{id}\">{id}</code><br>{}",
                escape(&t.label),
                id = escape(&t.id)
            )];
            row.extend(t.results.iter().map(|r| match r {
                Some(p) => format!(
                    "{}<span class=\"probability\" data-probability=\"{}\">{}</span> <small>{}</small>",
                    probability_bar(p.probability, p.ci_low, p.ci_high),
                    p.probability,
                    percent(p.probability),
                    interval(p.ci_low, p.ci_high)
                ),
                None => "—".to_string(),
            }));
            row
        })
        .collect();
    let mut targets = note(&format!(
        "The probability of meeting each target under each scenario; the dashed line marks 50%, the whisker the 95% interval. {INTERVAL_NOTE}"
    ));
    targets.push_str(&table(&header, &[], &rows));
    let mut reproduce_all = String::new();
    for (run, s) in runs.iter().zip(&comparison.scenarios) {
        reproduce_all.push_str(&format!("<h3>{}</h3>\n", escape(&run.column)));
        reproduce_all.push_str(&reproduce(
            &run.provenance,
            &[
                ("scenario", s.scenario.clone()),
                ("seed", s.seed.to_string()),
                ("runs scored", s.runs.to_string()),
                (
                    "engine version",
                    chainsim::engine::ENGINE_VERSION.to_string(),
                ),
            ],
        ));
    }
    let names: Vec<&str> = comparison
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    page(
        &format!("Comparison: {}", names.join(" vs ")),
        "Target probabilities of several scenarios side by side.",
        &[
            ("targets", "Targets under each scenario", targets),
            ("reproduce", "Reproducing this report", reproduce_all),
        ],
    )
}
