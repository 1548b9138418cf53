//! A simulation's report as one HTML page.

use chainsim::Report;
use chainsim::analysis::bases::BaseCheck;
use chainsim::model::targets::{Direction, TargetKind};
use chainsim::report::{NoteKind, ScenarioContext, TargetResult};

use super::Provenance;
use super::page::{note, page, probability_bar, reproduce, table};
use crate::numbers::{
    INTERVAL_NOTE, in_unit, interval, metric, percent, shortfall, signed_percent, significant,
};
use crate::text::escape;

/// What a simulation's HTML report is made of.
#[derive(Debug, Clone, Copy)]
pub struct SimulationPage<'a> {
    /// The labelled results.
    pub report: &'a Report,
    /// The scenario's names and sources.
    pub context: &'a ScenarioContext,
    /// What reproduces the run.
    pub provenance: &'a Provenance,
    /// How far the targets resting on assumed bases move with them ([`BaseCheck::around`]
    /// this run), when measured: printed beside each such target's probability.
    pub bases: Option<&'a BaseCheck>,
}

/// The section ids of a simulation's page, in order (those without content are left out:
/// projects, chains and energy when the scenario has none, assumed bases when no target
/// rests on one).
pub const SECTIONS: [&str; 8] = [
    "targets",
    "fan-charts",
    "projects",
    "chains",
    "energy",
    "assumed-bases",
    "sources",
    "reproduce",
];

/// The page of a simulation.
///
/// # Examples
/// ```
/// # use chainsim::{Model, Report, RunOptions, Scenario, Silent, simulate};
/// # use chainsim::report::ScenarioContext;
/// # let text = include_str!("../../../../tests/data/small.toml");
/// # let scenario = Scenario::from_toml_str(text)?;
/// # let model = Model::from_toml_str(text)?;
/// # let options = RunOptions { runs: 300, seed: 1, threads: Some(1), ..RunOptions::default() };
/// # let report = Report::new(&model, &options, &simulate(&model, &options, &mut Silent)?);
/// use chainsim_report::html::{Provenance, SimulationPage, simulation};
/// let context = ScenarioContext::new(&model, &scenario);
/// let provenance = Provenance {
///     scenario_file: "small.toml".into(),
///     scenario_sha256: "0".repeat(64),
///     command: "chainsim simulate small.toml".into(),
/// };
/// let html = simulation(&SimulationPage { report: &report, context: &context, provenance: &provenance, bases: None });
/// assert!(html.starts_with("<!DOCTYPE html>") && html.contains("id=\"target-chem-2028\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulation(input: &SimulationPage) -> String {
    let SimulationPage {
        report, context, ..
    } = *input;
    let mut sections: Vec<(&str, &str, String)> = vec![
        (
            "targets",
            "Targets: how likely each is met",
            targets(report, context),
        ),
        ("fan-charts", "Sectors over time", fans(report, context)),
    ];
    if !report.projects.is_empty() {
        sections.push(("projects", "Projects online by year", projects(report)));
    }
    if !report.chains.is_empty() {
        sections.push(("chains", "Chain stages that bind", chains(report)));
    }
    let energy = energy(report, context);
    if !energy.is_empty() {
        sections.push(("energy", "Energy balance", energy));
    }
    if report.targets.iter().any(|t| t.assumed_base) {
        sections.push((
            "assumed-bases",
            "Targets resting on assumed bases",
            assumed_bases(report, context, input.bases),
        ));
    }
    sections.push((
        "sources",
        "Appendix: sources and assumptions",
        sources(context),
    ));
    sections.push((
        "reproduce",
        "Reproducing this report",
        reproduce(
            input.provenance,
            &[
                ("seed", report.seed.to_string()),
                ("runs made", report.runs.to_string()),
                ("runs scored", report.accepted_runs.to_string()),
                ("sampler", report.sampler.replace('_', " ")),
                ("engine version", report.engine_version.to_string()),
                ("chainsim version", report.chainsim_version.to_string()),
                (
                    "quantile accuracy",
                    format!("±{}", percent(report.quantile_relative_error)),
                ),
            ],
        ),
    ));
    let lead = format!(
        "{} {}–{}, values in {}. {} runs ({}, seed {}).",
        context.description,
        report.base_year,
        report.horizon,
        report.value_unit,
        report.accepted_runs,
        report.sampler.replace('_', " "),
        report.seed
    );
    page(&report.scenario, &lead, &sections)
}

/// The question a target answers, in words.
pub(crate) fn question(target: &TargetResult, item_name: &str) -> String {
    let (at, word) = match target.direction {
        Direction::AtLeast => ("≥", "at least"),
        Direction::AtMost => ("≤", "at most"),
    };
    let measure = target.measure.replace('_', " ");
    match target.kind {
        TargetKind::Level => format!(
            "Is the {measure} of {item_name} {at} {} {} in {}?",
            metric(target.kind, &target.unit, target.threshold),
            if target.unit == crate::numbers::SHARE_UNIT {
                ""
            } else {
                target.unit.as_str()
            },
            target.year
        )
        .replace("  ", " "),
        TargetKind::Ratio => format!(
            "Is the {measure} of {item_name} in {} {word} {} times its {} level?",
            target.year,
            significant(target.threshold),
            target.from
        ),
        TargetKind::Growth => format!(
            "Does the {measure} of {item_name} grow by {word} {} from {} to {}?",
            signed_percent(target.threshold),
            target.year - 1,
            target.year
        ),
        TargetKind::AverageGrowth => format!(
            "Does the {measure} of {item_name} grow by {word} {} a year on average from {} to {}?",
            signed_percent(target.threshold),
            target.from,
            target.year
        ),
    }
}

fn targets(report: &Report, context: &ScenarioContext) -> String {
    let rows: Vec<Vec<String>> = report
        .targets
        .iter()
        .map(|t| {
            let fmt = |v: f64| metric(t.kind, &t.unit, v);
            vec![
                format!(
                    "<code id=\"target-{id}\" data-target=\"{id}\">{id}</code>{}",
                    if t.assumed_base {
                        " <span class=\"assumed\" title=\"rests on an assumed base level\">*</span>"
                    } else {
                        ""
                    },
                    id = escape(&t.id)
                ),
                format!(
                    "<strong>{}</strong><br>{}",
                    escape(&t.label),
                    escape(&question(t, context.sector_name(&t.item)))
                ),
                format!(
                    "<span class=\"probability\" data-probability=\"{}\">{}</span> <small>{}</small>{}",
                    t.probability,
                    percent(t.probability),
                    interval(t.ci_low, t.ci_high),
                    probability_bar(t.probability, t.ci_low, t.ci_high)
                ),
                format!("{} <small>({}–{})</small>", fmt(t.p50), fmt(t.p10), fmt(t.p90)),
                t.expected_shortfall
                    .map(|s| shortfall(t.kind, &t.unit, s))
                    .unwrap_or_else(|| "—".into()),
                t.median_first_year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| format!("not by {}", report.horizon)),
            ]
        })
        .collect();
    let mut out = note(&format!(
        "Each bar is the share of the {} simulated futures in which the target is met; the dashed line marks 50%. The whisker and the bracketed range are the 95% interval. {INTERVAL_NOTE}",
        report.accepted_runs
    ));
    out.push_str(&table(
        &[
            "target",
            "question",
            "P(met), 95% CI",
            "median (P10–P90)",
            "shortfall if missed",
            "first reached (median)",
        ],
        &[false, false, true, true, true, true],
        &rows,
    ));
    if report.targets.iter().any(|t| t.assumed_base) {
        out.push_str(&note(
            "* rests on an assumed base level (no cited source); see “Targets resting on assumed bases”.",
        ));
    }
    out
}

fn fans(report: &Report, context: &ScenarioContext) -> String {
    let mut out = note(
        "Each chart shows a sector's value by year (its output in its own unit when it has no price): the median line, the middle 50% of futures (dark band) and 90% (light band). Red dots mark the level targets on that series at their year and threshold, with their probability.",
    );
    for sector in crate::charts::sectors(report) {
        let name = context.sector_name(sector);
        let svg = crate::charts::fan_chart_named(report, sector, name)
            .expect("the sector comes from the report");
        out.push_str(&format!(
            "<figure class=\"chart\" id=\"fan-{}\">\n{}<figcaption>{}</figcaption>\n</figure>\n",
            escape(sector),
            svg,
            escape(name)
        ));
    }
    out
}

fn years(report: &Report) -> Vec<String> {
    (report.base_year + 1..=report.horizon)
        .map(|y| y.to_string())
        .collect()
}

fn projects(report: &Report) -> String {
    let years = years(report);
    let mut header = vec!["project", "planned"];
    header.extend(years.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = report
        .projects
        .iter()
        .map(|p| {
            let mut row = vec![
                format!(
                    "{} <small><code>{}</code></small>",
                    escape(&p.name),
                    escape(&p.id)
                ),
                p.planned.to_string(),
            ];
            row.extend(p.online_by.iter().map(|r| percent(r.probability)));
            row
        })
        .collect();
    let numeric: Vec<bool> = (0..header.len()).map(|c| c > 0).collect();
    let mut out = note(
        "The probability that each project is online in each year (completed, after any delay).",
    );
    out.push_str(&table(&header, &numeric, &rows));
    out
}

fn chains(report: &Report) -> String {
    let years = years(report);
    let mut out = note(
        "How often each stage of a chain is the one that limits it, by year; the last row is the chain sector's mean demand left unmet.",
    );
    for chain in &report.chains {
        out.push_str(&format!(
            "<h3>{} <small><code>{}</code></small></h3>\n",
            escape(&chain.name),
            escape(&chain.id)
        ));
        let mut header = vec!["stage"];
        header.extend(years.iter().map(String::as_str));
        let mut rows: Vec<Vec<String>> = chain
            .stages
            .iter()
            .map(|s| {
                let mut row = vec![format!("<code>{}</code>", escape(&s.id))];
                row.extend(s.binding.iter().map(|r| percent(r.probability)));
                row
            })
            .collect();
        let mut unmet = vec![format!("mean unmet demand, {}", escape(&chain.unit))];
        unmet.extend(chain.mean_unmet_demand.iter().map(|&v| significant(v)));
        rows.push(unmet);
        let numeric: Vec<bool> = (0..header.len()).map(|c| c > 0).collect();
        out.push_str(&table(&header, &numeric, &rows));
    }
    out
}

fn energy(report: &Report, context: &ScenarioContext) -> String {
    let rows: Vec<&chainsim::report::TrajectoryRow> = report
        .trajectories
        .iter()
        .filter(|r| r.item == "energy")
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut measures: Vec<(&str, &str)> = Vec::new();
    for r in &rows {
        if !measures.iter().any(|(m, _)| *m == r.measure) {
            measures.push((&r.measure, &r.unit));
        }
    }
    let years: Vec<String> = (report.base_year..=report.horizon)
        .map(|y| y.to_string())
        .collect();
    let mut header = vec!["measure", "unit"];
    header.extend(years.iter().map(String::as_str));
    header.push("P10–P90, last year");
    let table_rows: Vec<Vec<String>> = measures
        .iter()
        .map(|(measure, unit)| {
            let of: Vec<_> = rows.iter().filter(|r| r.measure == *measure).collect();
            let mut row = vec![escape(&measure.replace('_', " ")), escape(unit)];
            row.extend(of.iter().map(|r| in_unit(unit, r.p50)));
            if let Some(last) = of.last() {
                row.push(format!(
                    "{}–{}",
                    in_unit(unit, last.p10),
                    in_unit(unit, last.p90)
                ));
            }
            row
        })
        .collect();
    let numeric: Vec<bool> = (0..header.len()).map(|c| c > 1).collect();
    let mut out = note("Median electricity balance by year.");
    out.push_str(&table(&header, &numeric, &table_rows));
    if !context.technologies.is_empty() {
        let names: Vec<String> = context
            .technologies
            .iter()
            .map(|(id, name)| format!("{} (<code>{}</code>)", escape(name), escape(id)))
            .collect();
        out.push_str(&format!(
            "<p class=\"note\">Technologies: {}.</p>\n",
            names.join(", ")
        ));
    }
    out
}

fn assumed_bases(report: &Report, context: &ScenarioContext, bases: Option<&BaseCheck>) -> String {
    let targets = report.targets.iter().filter(|t| t.assumed_base);
    let why = |t: &TargetResult| -> String {
        context
            .sector_notes(&t.item)
            .filter(|n| n.kind == NoteKind::Assumption)
            .map(|n| escape(&n.text))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let Some(check) = bases else {
        let mut out = note(
            "These targets are measured on a sector whose base-year level has no cited source: the scenario assumes it. Their probabilities move with that assumption; `chainsim bases` (or `simulate --report … --bases`) reruns the scenario with each assumed base scaled up and down and reports how far each target's probability moves.",
        );
        let rows: Vec<Vec<String>> = targets
            .map(|t| {
                vec![
                    format!("<code>{}</code>", escape(&t.id)),
                    escape(context.sector_name(&t.item)),
                    percent(t.probability),
                    why(t),
                ]
            })
            .collect();
        out.push_str(&table(
            &["target", "sector", "P(met)", "the assumption"],
            &[false, false, true, false],
            &rows,
        ));
        return out;
    };
    let change = percent(check.change);
    let mut out = note(&format!(
        "These targets are measured on a sector whose base-year level has no cited source: the scenario assumes it. Beside each one's probability, the probability with that base level {change} lower and {change} higher: the same {} runs and seed {} rerun with only the base moved (common random numbers, so the difference is the base's effect, not sampling noise), as `chainsim bases --change {}` prints.",
        check.runs, check.seed, check.change
    ));
    let moved = |id: &str, which: &str, p: Option<&chainsim::analysis::compare::Probability>| {
        p.map_or_else(
            || "n/a".to_string(),
            |p| {
                format!(
                    "<span class=\"moved\" data-moved=\"{which}\" data-of=\"{}\" data-probability=\"{}\">{}</span>",
                    escape(id),
                    p.probability,
                    percent(p.probability)
                )
            },
        )
    };
    let mut notes: Vec<String> = Vec::new();
    let rows: Vec<Vec<String>> = targets
        .map(|t| {
            let row = check.rows.iter().find(|r| r.id == t.id);
            if let Some(reason) = row.and_then(|r| r.note.as_deref()) {
                notes.push(format!("n/a for {}: {reason}", t.id));
            }
            vec![
                format!("<code>{}</code>", escape(&t.id)),
                escape(context.sector_name(&t.item)),
                moved(&t.id, "lower", row.and_then(|r| r.lower.as_ref())),
                percent(t.probability),
                moved(&t.id, "higher", row.and_then(|r| r.higher.as_ref())),
                why(t),
            ]
        })
        .collect();
    let lower = format!("P(met), base −{change}");
    let higher = format!("P(met), base +{change}");
    out.push_str(&table(
        &[
            "target",
            "sector",
            &lower,
            "P(met)",
            &higher,
            "the assumption",
        ],
        &[false, false, true, true, true, false],
        &rows,
    ));
    for line in notes {
        out.push_str(&note(&line));
    }
    out
}

pub(super) fn sources(context: &ScenarioContext) -> String {
    let mut out = note(
        "Every source and assumption the scenario file gives, section by section, as written there. An item without its own note takes its section's [provenance] default.",
    );
    let mut section = "";
    for n in &context.sources {
        if n.section != section {
            if !section.is_empty() {
                out.push_str("</dl>\n");
            }
            section = n.section;
            out.push_str(&format!(
                "<h3>[{}]</h3>\n<dl class=\"sources\">\n",
                escape(section)
            ));
        }
        out.push_str(&format!(
            "<dt><code>{}</code></dt><dd><span class=\"kind\">{}</span>{}</dd>\n",
            escape(&n.item),
            match n.kind {
                NoteKind::Source => "source",
                NoteKind::Assumption => "assumption",
            },
            escape(&n.text)
        ));
    }
    if !section.is_empty() {
        out.push_str("</dl>\n");
    }
    out
}
