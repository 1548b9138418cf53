//! A simulation's [`Report`] as files and terminal text: `targets.csv`, `trajectories.csv`,
//! `summary.json` and the target table.
//!
//! Numbers in CSV and JSON are printed in their shortest round-trip form, so the same bits
//! give the same bytes.

use chainsim::Report;
use chainsim::model::Direction;
use chainsim::report::TrajectoryRow;

use crate::numbers::{
    INTERVAL_NOTE, MISSING, in_unit, interval, metric, percent, shortfall, signed_percent,
    significant,
};
use crate::text::{csv_field, render_table, render_table_fit, wrap_columns};

/// The terminal width the target table fits.
pub const TABLE_WIDTH: usize = 100;

/// `targets.csv`: one row per target.
pub fn targets_csv(report: &Report) -> String {
    let mut out = String::from(
        "id,label,series,unit,kind,year,from,direction,threshold,probability,ci_low,ci_high,mean,p10,p50,p90,expected_shortfall,median_first_year,required_average_growth,assumed_base\n",
    );
    for t in &report.targets {
        let fields = [
            csv_field(&t.id),
            csv_field(&t.label),
            csv_field(&t.series),
            csv_field(&t.unit),
            t.kind.name().to_string(),
            t.year.to_string(),
            t.from.to_string(),
            direction_name(t.direction).to_string(),
            num(t.threshold),
            num(t.probability),
            num(t.ci_low),
            num(t.ci_high),
            num(t.mean),
            num(t.p10),
            num(t.p50),
            num(t.p90),
            t.expected_shortfall.map(num).unwrap_or_default(),
            t.median_first_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            t.required_average_growth.map(num).unwrap_or_default(),
            t.assumed_base.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// `trajectories.csv`: quantiles of every series, sector and year.
pub fn trajectories_csv(report: &Report) -> String {
    let mut out = String::from("item,measure,unit,year,mean,p05,p10,p25,p50,p75,p90,p95\n");
    for r in &report.trajectories {
        let fields = [
            csv_field(&r.item),
            csv_field(&r.measure),
            csv_field(&r.unit),
            r.year.to_string(),
            num(r.mean),
            num(r.p05),
            num(r.p10),
            num(r.p25),
            num(r.p50),
            num(r.p75),
            num(r.p90),
            num(r.p95),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// `summary.json`: metadata and target results.
pub fn summary_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report serialises");
    text.push('\n');
    text
}

/// A terminal table of the targets and the sectors' median output paths.
pub fn table(report: &Report) -> String {
    let mut out = format!(
        "{} — {} runs ({}, seed {}){}; values in {}\n\n",
        report.scenario,
        report.accepted_runs,
        report.sampler.replace('_', " "),
        report.seed,
        rejected_note(report),
        report.value_unit,
    );
    if report.non_finite_runs > 0 {
        out.push_str(&format!(
            "warning: {} of {} runs produced a value that is not a finite number (a level overflowed) and are excluded from every probability and quantile\n\n",
            report.non_finite_runs,
            report.accepted_runs + report.rejected_runs
        ));
    }
    let mut rows = vec![vec![
        "target".to_string(),
        "label".to_string(),
        "P(met)".to_string(),
        "95% CI".to_string(),
        "P10".to_string(),
        "median".to_string(),
        "P90".to_string(),
        "shortfall".to_string(),
        "first reached".to_string(),
        "needs/yr".to_string(),
    ]];
    for t in &report.targets {
        let fmt = |v: f64| metric(t.kind, &t.unit, v);
        rows.push(vec![
            t.id.clone(),
            t.label.clone(),
            percent(t.probability),
            interval(t.ci_low, t.ci_high),
            fmt(t.p10),
            fmt(t.p50),
            fmt(t.p90),
            t.expected_shortfall
                .map(|s| shortfall(t.kind, &t.unit, s))
                .unwrap_or_else(|| MISSING.into()),
            t.median_first_year
                .map(|y| y.to_string())
                .unwrap_or_else(|| format!("not by {}", report.horizon)),
            t.required_average_growth
                .map(signed_percent)
                .unwrap_or_else(|| MISSING.into()),
        ]);
    }
    // The label wraps to fit; past that the least needed columns go (targets.csv has all).
    let (text, dropped) = render_table_fit(
        &rows,
        &[false, false, true, true, true, true, true, true, true, true],
        TABLE_WIDTH,
        1,
        18,
        &[9, 7, 8, 4, 6],
    );
    out.push_str(&text);
    if !dropped.is_empty() {
        out.push_str(&format!(
            "Left out to fit {TABLE_WIDTH} columns: {}; targets.csv has every column.\n",
            dropped.join(", ")
        ));
    }
    let notes = format!(
        "shortfall: by how much a missed target is missed, on average over the runs that miss it. {INTERVAL_NOTE}"
    );
    for line in wrap_columns(&notes, TABLE_WIDTH) {
        out.push_str(&line);
        out.push('\n');
    }

    if report.targets.iter().any(|t| t.assumed_base) {
        let marked: Vec<&str> = report
            .targets
            .iter()
            .filter(|t| t.assumed_base)
            .map(|t| t.id.as_str())
            .collect();
        out.push_str(&format!(
            "Resting on an assumed base level (no cited source): {}\n",
            marked.join(", ")
        ));
    }

    out.push_str("\nMedian value (output for sectors without a price), to 3 significant figures\n");
    let years: Vec<i32> = (report.base_year..=report.horizon).collect();
    let mut header = vec!["sector".to_string(), "unit".to_string()];
    header.extend(years.iter().map(|y| y.to_string()));
    let mut rows = vec![header];
    let mut sectors: Vec<(&str, &str)> = Vec::new();
    for r in report.trajectories.iter().filter(|r| r.sector_value) {
        if !sectors.iter().any(|(item, _)| *item == r.item) {
            sectors.push((&r.item, &r.unit));
        }
    }
    for (sector, unit) in sectors {
        let mut row = vec![sector.to_string(), unit.to_string()];
        row.extend(
            report
                .trajectories
                .iter()
                .filter(|r| r.sector_value && r.item == sector)
                .map(|r| significant(r.p50)),
        );
        rows.push(row);
    }
    let right: Vec<bool> = (0..years.len() + 2).map(|i| i > 1).collect();
    out.push_str(&render_table(&rows, &right));

    if !report.projects.is_empty() {
        out.push_str("\nProjects: probability online by year\n");
        let mut header = vec!["project".to_string(), "planned".to_string()];
        header.extend(years.iter().skip(1).map(|y| y.to_string()));
        let mut rows = vec![header];
        for p in &report.projects {
            let mut row = vec![p.id.clone(), p.planned.to_string()];
            row.extend(
                p.online_by
                    .iter()
                    .map(|r| format!("{:.0}%", 100.0 * r.probability)),
            );
            rows.push(row);
        }
        let right: Vec<bool> = (0..years.len() + 1).map(|i| i > 0).collect();
        out.push_str(&render_table(&rows, &right));
    }
    for chain in &report.chains {
        out.push_str(&format!(
            "\nChain {}: probability each stage limits {} by year\n",
            chain.id, chain.sector
        ));
        let mut header = vec!["stage".to_string()];
        header.extend(years.iter().skip(1).map(|y| y.to_string()));
        let mut rows = vec![header];
        for stage in &chain.stages {
            let mut row = vec![stage.id.clone()];
            row.extend(
                stage
                    .binding
                    .iter()
                    .map(|r| format!("{:.0}%", 100.0 * r.probability)),
            );
            rows.push(row);
        }
        let mut row = vec![format!("mean unmet demand, {}", chain.unit)];
        row.extend(chain.mean_unmet_demand.iter().map(|&v| significant(v)));
        rows.push(row);
        let right: Vec<bool> = (0..years.len()).map(|i| i > 0).collect();
        out.push_str(&render_table(&rows, &right));
    }
    let energy: Vec<&TrajectoryRow> = report
        .trajectories
        .iter()
        .filter(|r| r.item == "energy")
        .collect();
    if !energy.is_empty() {
        out.push_str("\nEnergy base (median)\n");
        let mut header = vec!["measure".to_string(), "unit".to_string()];
        header.extend(years.iter().map(|y| y.to_string()));
        let mut rows = vec![header];
        let mut measures: Vec<(&str, &str)> = Vec::new();
        for r in &energy {
            if !measures.iter().any(|(m, _)| *m == r.measure) {
                measures.push((&r.measure, &r.unit));
            }
        }
        for (measure, unit) in measures {
            let mut row = vec![measure.to_string(), unit.to_string()];
            row.extend(
                energy
                    .iter()
                    .filter(|r| r.measure == measure)
                    .map(|r| in_unit(unit, r.p50)),
            );
            rows.push(row);
        }
        let right: Vec<bool> = (0..years.len() + 2).map(|i| i > 1).collect();
        out.push_str(&render_table(&rows, &right));
    }
    out
}

/// The header's note on rejected runs, by cause.
fn rejected_note(report: &Report) -> String {
    let non_productive = report.rejected_runs - report.non_finite_runs;
    let mut note = String::new();
    if non_productive > 0 {
        note.push_str(&format!(
            ", {non_productive} rejected for non-productive draws"
        ));
    }
    if report.non_finite_runs > 0 {
        note.push_str(&format!(
            ", {} rejected for non-finite values",
            report.non_finite_runs
        ));
    }
    note
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::AtLeast => "at_least",
        Direction::AtMost => "at_most",
    }
}

/// Shortest round-trip text of a float: the same bits give the same bytes.
fn num(value: f64) -> String {
    format!("{value}")
}
