//! Reports: a summary turned into labelled results, and rendered as a terminal table,
//! CSV and JSON. Rendering returns text; writing files is the caller's business.

mod context;

pub use context::{NoteKind, ScenarioContext, SectorLabel, SourceNote, sources};

use serde::Serialize;

use crate::engine::RunOptions;
use crate::model::Model;
use crate::model::series::SeriesSource;
use crate::model::targets::{Direction, TargetKind};
use crate::stats::{QuantileSketch, Z_95, wilson_interval};
use crate::summary::{Distribution, Summary};

/// Quantiles reported for every trajectory point.
pub const TRAJECTORY_QUANTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

/// The probability that a target is reached by a given year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReachedBy {
    /// Year.
    pub year: i32,
    /// Share of runs whose condition first held in or before `year`.
    pub probability: f64,
}

/// One target's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetResult {
    /// Target id.
    pub id: String,
    /// Label.
    pub label: String,
    /// The series read, `<item>.<measure>`.
    pub series: String,
    /// What the series belongs to (a sector, a chain stage, `energy`, an aggregate …).
    pub item: String,
    /// What it measures (`value`, `output`, `clean_share` …).
    pub measure: String,
    /// Unit of the series.
    pub unit: String,
    /// Function of the series.
    pub kind: TargetKind,
    /// Target year.
    pub year: i32,
    /// Start year (ratio, growth, average growth).
    pub from: i32,
    /// At least or at most.
    pub direction: Direction,
    /// Threshold.
    pub threshold: f64,
    /// Share of scored runs that met the target.
    pub probability: f64,
    /// Lower end of the 95% Wilson interval.
    pub ci_low: f64,
    /// Upper end of the 95% Wilson interval.
    pub ci_high: f64,
    /// Mean of the metric.
    pub mean: f64,
    /// 10th percentile of the metric.
    pub p10: f64,
    /// Median of the metric.
    pub p50: f64,
    /// 90th percentile of the metric.
    pub p90: f64,
    /// Mean shortfall over the runs that missed with a defined metric; `None` when none did.
    pub expected_shortfall: Option<f64>,
    /// Runs whose metric was undefined (a growth or ratio over a level that was not
    /// positive): counted as missed, left out of the metric's quantiles and shortfall.
    pub undefined_runs: u64,
    /// Median over runs of the first year the condition held; `None` when in more than
    /// half the runs it never held by the horizon.
    pub median_first_year: Option<i32>,
    /// Probability of having reached the target by each simulated year.
    pub reached_by: Vec<ReachedBy>,
    /// The constant average annual growth of the target's series that meets the threshold
    /// exactly, computed deterministically from the base-year level (at the mean
    /// coefficients); `None` when the base-year level is not positive.
    pub required_average_growth: Option<f64>,
    /// Whether the target's sector has a base level resting on an assumption rather than a
    /// cited source.
    pub assumed_base: bool,
}

/// Quantiles of one series in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrajectoryRow {
    /// What the series belongs to.
    pub item: String,
    /// What it measures.
    pub measure: String,
    /// Unit.
    pub unit: String,
    /// Whether this is a sector's value series (its output when it has no price): the
    /// series fan charts and the median table show.
    #[serde(skip)]
    pub sector_value: bool,
    /// Year.
    pub year: i32,
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p05: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One project's online probabilities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectResult {
    /// Project id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Planned first year.
    pub planned: i32,
    /// Probability of being online in each simulated year.
    pub online_by: Vec<ReachedBy>,
}

/// How often each stage of a chain limits it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainResult {
    /// Chain id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The chain's sector.
    pub sector: String,
    /// Stages, upstream first.
    pub stages: Vec<StageResult>,
    /// The sector's unit.
    pub unit: String,
    /// Mean unmet demand of the chain's sector by simulated year, in its unit.
    pub mean_unmet_demand: Vec<f64>,
}

/// One stage's binding probabilities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    /// Stage id.
    pub id: String,
    /// Probability that this stage limits the chain in each simulated year.
    pub binding: Vec<ReachedBy>,
}

/// The results of a simulation, labelled and ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Scenario name.
    pub scenario: String,
    /// chainsim version that produced it.
    pub chainsim_version: &'static str,
    /// [`crate::engine::ENGINE_VERSION`] of the engine that made the runs.
    pub engine_version: u32,
    /// Master seed.
    pub seed: u64,
    /// Runs made (fewer than requested when precision control stopped early).
    pub runs: u64,
    /// Sampler that drove the runs.
    pub sampler: &'static str,
    /// Runs scored.
    pub accepted_runs: u64,
    /// Runs rejected: drawn coefficients not productive, or a value not finite.
    pub rejected_runs: u64,
    /// Runs among the rejected whose values were not all finite (a level overflowed): no
    /// result, excluded from every probability and quantile.
    pub non_finite_runs: u64,
    /// Unit of money values.
    pub value_unit: String,
    /// Base year.
    pub base_year: i32,
    /// Horizon.
    pub horizon: i32,
    /// Relative error bound of every reported quantile.
    pub quantile_relative_error: f64,
    /// Frobenius distance the correlation matrix moved under `--repair-correlation` (absent
    /// when it was not repaired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_repair_distance: Option<f64>,
    /// Target results in file order.
    pub targets: Vec<TargetResult>,
    /// Each project's probability of being online by each year.
    pub projects: Vec<ProjectResult>,
    /// Each chain stage's probability of binding, by year.
    pub chains: Vec<ChainResult>,
    /// Trajectory quantiles (written to `trajectories.csv`, not to the JSON summary).
    #[serde(skip)]
    pub trajectories: Vec<TrajectoryRow>,
}

impl Report {
    /// Labels a summary with the model it came from.
    pub fn new(model: &Model, options: &RunOptions, summary: &Summary) -> Report {
        let accepted = summary.accepted();
        let targets = model
            .targets()
            .iter()
            .enumerate()
            .map(|(idx, target)| {
                let tally = summary.target(idx);
                let (ci_low, ci_high) = wilson_interval(tally.met, accepted, Z_95);
                let missed = accepted - tally.met - tally.undefined;
                let q = |p: f64| tally.metric.quantile(p).unwrap_or(f64::NAN);
                let mut cumulative = 0;
                let reached_by = model
                    .years()
                    .skip(1)
                    .zip(&tally.first_year)
                    .map(|(year, &count)| {
                        cumulative += count;
                        ReachedBy {
                            year,
                            probability: ratio(cumulative, accepted),
                        }
                    })
                    .collect();
                let def = &model.series()[target.series_idx];
                TargetResult {
                    id: target.id.clone(),
                    label: target.label.clone(),
                    series: def.name(),
                    item: def.item.clone(),
                    measure: def.measure.to_string(),
                    unit: def.unit.clone(),
                    kind: target.kind,
                    year: target.year,
                    from: target.from,
                    direction: target.direction,
                    threshold: target.threshold,
                    probability: ratio(tally.met, accepted),
                    ci_low,
                    ci_high,
                    mean: tally.metric.mean().unwrap_or(f64::NAN),
                    p10: q(0.10),
                    p50: q(0.50),
                    p90: q(0.90),
                    expected_shortfall: (missed > 0)
                        .then(|| tally.shortfall.value() / missed as f64),
                    undefined_runs: tally.undefined,
                    median_first_year: median_first_year(&tally.first_year, model.base_year()),
                    reached_by,
                    required_average_growth: required_average_growth(model, target),
                    assumed_base: target
                        .sector_idx
                        .is_some_and(|i| model.sectors()[i].base_is_assumed),
                }
            })
            .collect();
        let value_series: Vec<usize> = (0..model.n_sectors())
            .map(|i| model.value_series(i))
            .collect();
        let mut trajectories = Vec::new();
        for (s, def) in model.series().iter().enumerate() {
            {
                for (point, year) in model.years().enumerate() {
                    // A series without a trajectory (`[trajectories]`) has no rows.
                    let Some(d) = summary.series(s, point) else {
                        continue;
                    };
                    let q = |p: f64| d.quantile(p).unwrap_or(f64::NAN);
                    trajectories.push(TrajectoryRow {
                        item: def.item.clone(),
                        measure: def.measure.to_string(),
                        unit: def.unit.clone(),
                        sector_value: value_series.contains(&s),
                        year,
                        mean: d.mean().unwrap_or(f64::NAN),
                        p05: q(0.05),
                        p10: q(0.10),
                        p25: q(0.25),
                        p50: q(0.50),
                        p75: q(0.75),
                        p90: q(0.90),
                        p95: q(0.95),
                    });
                }
            }
        }
        Report {
            scenario: model.name().to_string(),
            chainsim_version: env!("CARGO_PKG_VERSION"),
            engine_version: crate::engine::ENGINE_VERSION,
            seed: options.seed,
            runs: summary.runs(),
            sampler: options.sampler.name(),
            accepted_runs: accepted,
            rejected_runs: summary.rejected(),
            non_finite_runs: summary.non_finite(),
            value_unit: model.value_unit().to_string(),
            base_year: model.base_year(),
            horizon: model.horizon(),
            quantile_relative_error: QuantileSketch::RELATIVE_ACCURACY,
            correlation_repair_distance: model.correlation_repair().map(|r| r.distance),
            targets,
            projects: project_results(model, summary),
            chains: chain_results(model, summary),
            trajectories,
        }
    }
}

/// The constant yearly growth from the start year that lands exactly on the threshold.
fn required_average_growth(model: &Model, target: &crate::model::targets::Target) -> Option<f64> {
    let years = f64::from(target.year - target.from);
    match target.kind {
        TargetKind::Level => {
            let base = model.base_series()[target.series_idx];
            let years = f64::from(target.year - model.base_year());
            (base > 0.0 && target.threshold > 0.0)
                .then(|| libm::pow(target.threshold / base, 1.0 / years) - 1.0)
        }
        TargetKind::Ratio => Some(libm::pow(target.threshold, 1.0 / years) - 1.0),
        TargetKind::Growth | TargetKind::AverageGrowth => Some(target.threshold),
    }
}

/// The mean of an indicator series in each simulated year: a probability.
fn indicator_by_year(model: &Model, summary: &Summary, series_idx: usize) -> Vec<ReachedBy> {
    model
        .years()
        .enumerate()
        .skip(1)
        .map(|(point, year)| ReachedBy {
            year,
            probability: kept_series(summary, series_idx, point)
                .mean()
                .unwrap_or(0.0),
        })
        .collect()
}

fn project_results(model: &Model, summary: &Summary) -> Vec<ProjectResult> {
    model
        .projects()
        .iter()
        .enumerate()
        .map(|(p, project)| {
            let s = model
                .series()
                .iter()
                .position(|d| d.source == SeriesSource::ProjectOnline(p))
                .expect("every project has an online series");
            ProjectResult {
                id: project.id.clone(),
                name: project.name.clone(),
                planned: project.year,
                online_by: indicator_by_year(model, summary, s),
            }
        })
        .collect()
}

fn chain_results(model: &Model, summary: &Summary) -> Vec<ChainResult> {
    let find = |source: SeriesSource| {
        model
            .series()
            .iter()
            .position(|d| d.source == source)
            .expect("the registry lists every chain series")
    };
    model
        .chains()
        .iter()
        .enumerate()
        .map(|(c, chain)| {
            let unmet = find(SeriesSource::UnmetDemand(chain.sector_idx));
            ChainResult {
                id: chain.id.clone(),
                name: chain.name.clone(),
                sector: model.sectors()[chain.sector_idx].id.clone(),
                unit: model.sectors()[chain.sector_idx].unit.clone(),
                stages: chain
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(k, stage)| StageResult {
                        id: stage.id.clone(),
                        binding: indicator_by_year(
                            model,
                            summary,
                            find(SeriesSource::StageBinding { chain: c, stage: k }),
                        ),
                    })
                    .collect(),
                mean_unmet_demand: (1..model.n_years() + 1)
                    .map(|point| kept_series(summary, unmet, point).mean().unwrap_or(0.0))
                    .collect(),
            }
        })
        .collect()
}

/// The distribution of a series the report's project and chain tables read, which every
/// summary keeps (`[trajectories]` cannot leave it out).
fn kept_series(summary: &Summary, series_idx: usize, point: usize) -> &Distribution {
    summary
        .series(series_idx, point)
        .expect("summaries keep the series of the project and chain tables")
}

fn ratio(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

fn median_first_year(first_year: &[u64], base_year: i32) -> Option<i32> {
    let total: u64 = first_year.iter().sum();
    if total == 0 {
        return None;
    }
    // The lower median: the first year by which at least half the runs have reached it.
    let half = total.div_ceil(2);
    let mut cumulative = 0;
    for (k, &count) in first_year[..first_year.len() - 1].iter().enumerate() {
        cumulative += count;
        if cumulative >= half {
            return Some(base_year + 1 + k as i32);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_first_year_is_the_lower_median() {
        // Four runs: reached in 2026, 2027, 2027, never.
        assert_eq!(median_first_year(&[1, 2, 0, 1], 2025), Some(2027));
        // Three of four never reach it.
        assert_eq!(median_first_year(&[1, 0, 0, 3], 2025), None);
    }
}
