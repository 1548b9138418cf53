//! Which uncertain inputs drive a target: Sobol indices, a tornado table and rank
//! correlations, with the engine treated as a function of its inputs.
//!
//! A run is a pure function of its independent standard-normal inputs (see [`crate::engine::run`]):
//! each year's shocks (every sector's growth, every priced sector's price, every
//! technology's capacity factor, before the copula correlates them), one per uncertain
//! coefficient, and two per project. Those inputs are the dimensions the analysis knows by
//! name — `growth.<sector>.<year>`, `price.<sector>.<year>`,
//! `capacity_factor.<technology>.<year>`, `coefficient.<from>.<to>`,
//! `project.<id>.completion|delay` — and they are grouped as `growth.<sector>`,
//! `price.<sector>`, `capacity_factor.<technology>` (all years), `coefficients` and
//! `project.<id>`. With correlated shocks, an index measures an input's *own* innovation,
//! not its correlated share.

use nalgebra::DMatrix;
use rayon::prelude::*;
use serde::Serialize;

use crate::engine::run::{RunBatch, RunState, simulate_run};
use crate::engine::sampling::InputSampler;
use crate::engine::{CHUNK_RUNS, RunOptions};
use crate::model::Model;
use crate::stats::{std_normal_cdf, std_normal_quantile};
use crate::summary::ChunkRange;

use chainsim_sensitivity::{
    Bootstrap, RankCorrelation, SaltelliDesign, SobolIndices, Tornado, rank_correlations,
    sobol_indices, tornado_from_quantiles,
};

/// A named set of the model's inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputGroup {
    /// Group name.
    pub name: String,
    /// Indices into [`input_names`].
    pub members: Vec<usize>,
}

/// The name of every input of a run, in input order: `growth.<sector>.<year>`,
/// `price.<sector>.<year>`, `capacity_factor.<technology>.<year>`, `coefficient.<from>.<to>`,
/// `project.<id>.completion` and `project.<id>.delay`.
pub fn input_names(model: &Model) -> Vec<String> {
    let mut names = Vec::with_capacity(model.n_inputs());
    let n = model.n_sectors();
    for year in model.base_year() + 1..=model.horizon() {
        for (j, factor) in model.factor_names().iter().enumerate() {
            if j < n {
                names.push(format!("growth.{factor}.{year}"));
            } else {
                names.push(format!("{factor}.{year}"));
            }
        }
    }
    for c in model.uncertain_coefficients() {
        names.push(format!(
            "coefficient.{}.{}",
            model.sectors()[c.from].id,
            model.sectors()[c.to].id
        ));
    }
    for project in model.projects() {
        names.push(format!("project.{}.completion", project.id));
        names.push(format!("project.{}.delay", project.id));
    }
    names
}

/// Where the coefficient inputs sit in the input vector.
fn coefficient_range(model: &Model) -> std::ops::Range<usize> {
    let start = model.n_years() * model.n_factors();
    start..start + model.uncertain_coefficients().len()
}

/// The default groups: each yearly shock over all years where it is uncertain
/// (`growth.<sector>`, `price.<sector>`, `capacity_factor.<technology>`), all coefficients
/// together, and each project whose completion or timing is uncertain (`project.<id>`).
pub fn input_groups(model: &Model) -> Vec<InputGroup> {
    let n = model.n_sectors();
    let m = model.n_factors();
    let mut groups: Vec<InputGroup> = model
        .factor_names()
        .iter()
        .enumerate()
        .filter(|&(j, _)| {
            (0..model.n_years()).any(|y| !model.factor_law(y, j).marginal.is_degenerate())
        })
        .map(|(j, factor)| InputGroup {
            name: if j < n {
                format!("growth.{factor}")
            } else {
                factor.clone()
            },
            members: (0..model.n_years()).map(|y| y * m + j).collect(),
        })
        .collect();
    let coefficients = coefficient_range(model);
    if !coefficients.is_empty() {
        groups.push(InputGroup {
            name: "coefficients".into(),
            members: coefficients.clone().collect(),
        });
    }
    for (p, project) in model.projects().iter().enumerate() {
        let uncertain =
            (0.0 < project.probability && project.probability < 1.0) || project.delays.len() > 1;
        if uncertain {
            let first = coefficients.end + 2 * p;
            groups.push(InputGroup {
                name: format!("project.{}", project.id),
                members: vec![first, first + 1],
            });
        }
    }
    groups
}

/// What to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityRequest {
    /// Target index.
    pub target_idx: usize,
    /// Base samples of the Saltelli design (runs = base × (factors + 2)).
    pub n_base: usize,
    /// Bootstrap resamples for the intervals.
    pub resamples: usize,
    /// Runs of the ordinary simulation behind the rank correlations.
    pub rank_runs: u64,
    /// Seed of the design, the bootstrap and the ordinary run.
    pub seed: u64,
    /// Named groups beyond the defaults (see [`named_group`]).
    pub extra_groups: Vec<InputGroup>,
}

/// A group of every input whose name starts with one of `prefixes`, e.g.
/// `named_group(model, "carbon fibre", &["growth.carbon_fibre", "coefficient.chemicals.carbon_fibre"])`.
///
/// # Errors
/// [`GroupError`] for a prefix that matches no input or a group name already used.
pub fn named_group(model: &Model, name: &str, prefixes: &[&str]) -> Result<InputGroup, GroupError> {
    let names = input_names(model);
    if input_groups(model).iter().any(|g| g.name == name) || names.iter().any(|n| n == name) {
        return Err(GroupError::NameTaken(name.to_string()));
    }
    let mut members = Vec::new();
    for prefix in prefixes {
        let before = members.len();
        members.extend(
            names
                .iter()
                .enumerate()
                .filter(|(i, n)| n.starts_with(prefix) && !members.contains(i))
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
        );
        if members.len() == before {
            return Err(GroupError::NoMatch(prefix.to_string()));
        }
    }
    members.sort_unstable();
    Ok(InputGroup {
        name: name.to_string(),
        members,
    })
}

/// Why a named group of inputs could not be formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GroupError {
    /// The name is already an input's or a default group's.
    #[error("group name \"{0}\" is already an input or a default group")]
    NameTaken(String),
    /// A prefix matches no input.
    #[error(
        "\"{0}\" matches no input; inputs are named growth.<sector>.<year> and coefficient.<from>.<to>"
    )]
    NoMatch(String),
}

/// The analysis of one target's metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityReport {
    /// Target id.
    pub target: String,
    /// Target label.
    pub label: String,
    /// Sobol indices: the single inputs first (`n_inputs` of them), then the groups.
    pub sobol: SobolIndices,
    /// Number of single inputs at the start of `sobol.factors`.
    pub n_inputs: usize,
    /// Output at each group's P10 and P90 with everything else at its median.
    pub tornado: Tornado,
    /// Spearman and partial rank correlation of each single input with the metric.
    pub rank_correlations: Vec<RankCorrelation>,
}

impl SensitivityReport {}

/// Why an analysis failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SensitivityError {
    /// The request does not fit the model.
    #[error("{0}")]
    Invalid(String),
    /// A run drew unusable coefficients, so the metric is undefined there.
    #[error(
        "a run was rejected (a non-productive coefficient draw) or left the target's metric undefined (a growth or ratio over a level that was not positive); sensitivity analysis needs every run to be scored"
    )]
    RejectedRun,
    /// The design would need more than [`MAX_DESIGN_RUNS`] runs.
    #[error(
        "{base_samples} base samples × {columns} design columns exceed {max} runs (4 GiB of metrics); lower --base-samples",
        max = MAX_DESIGN_RUNS
    )]
    TooLarge {
        /// Base samples asked for.
        base_samples: usize,
        /// Columns of the design: inputs, groups and the two base matrices.
        columns: usize,
    },
    /// The estimator failed.
    #[error("{0}")]
    Estimator(String),
}

/// Most runs a Saltelli design may have: 2^29, whose metrics alone take 4 GiB.
pub const MAX_DESIGN_RUNS: usize = 1 << 29;

/// The target's metric for one vector of standard-normal inputs.
fn metric(model: &Model, target_idx: usize, z: &[f64], state: &mut RunState) -> f64 {
    let target = &model.targets()[target_idx];
    match simulate_run(model, z, state) {
        Ok(()) => target
            .metric(state.series(target.series_idx), model.base_year())
            .unwrap_or(f64::NAN),
        Err(_) => f64::NAN,
    }
}

/// The target's metric for lane `lane` of the latest batch (NaN when the run was rejected or
/// the metric is undefined); `path` is scratch for the target series' points.
fn lane_metric(
    model: &Model,
    target_idx: usize,
    batch: &RunBatch,
    lane: usize,
    path: &mut [f64],
) -> f64 {
    if batch.status()[lane].is_some() {
        return f64::NAN;
    }
    let target = &model.targets()[target_idx];
    batch.lane_series(target.series_idx, lane, path);
    target.metric(path, model.base_year()).unwrap_or(f64::NAN)
}

/// Sobol indices (single inputs and groups), a tornado over the groups and uncertain
/// coefficients, and rank correlations from an ordinary Monte Carlo run, for one target.
///
/// The same as [`SensitivityPlan::new`], [`SensitivityPlan::evaluate`] over every chunk and
/// [`SensitivityPlan::finish`]: sharded over processes, the analysis gives the same report.
///
/// # Errors
/// [`SensitivityError`] for a bad request, a rejected run or an estimator failure.
pub fn sensitivity(
    model: &Model,
    request: &SensitivityRequest,
) -> Result<SensitivityReport, SensitivityError> {
    let plan = SensitivityPlan::new(model, request)?;
    let outputs = plan.evaluate(plan.all_chunks())?;
    plan.finish(&outputs)
}

/// The run matrix of one analysis: the Saltelli design's runs, then the ordinary runs behind
/// the rank correlations, in chunks of [`CHUNK_RUNS`] runs. Each run's metric depends on its
/// index alone, so the matrix can be evaluated a chunk range at a time, in any process, and
/// the outputs put together in run order.
pub struct SensitivityPlan<'a> {
    model: &'a Model,
    request: &'a SensitivityRequest,
    names: Vec<String>,
    groups: Vec<InputGroup>,
    design: SaltelliDesign,
    rank_sampler: InputSampler,
}

impl std::fmt::Debug for SensitivityPlan<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SensitivityPlan")
            .field("design_runs", &self.design.runs())
            .field("rank_runs", &self.request.rank_runs)
            .finish()
    }
}

impl<'a> SensitivityPlan<'a> {
    /// The run matrix of `request` on `model`.
    ///
    /// # Errors
    /// [`SensitivityError`] for an unknown target, a design past [`MAX_DESIGN_RUNS`] or a
    /// design or sampler that cannot be built.
    pub fn new(
        model: &'a Model,
        request: &'a SensitivityRequest,
    ) -> Result<SensitivityPlan<'a>, SensitivityError> {
        if request.target_idx >= model.targets().len() {
            return Err(SensitivityError::Invalid(format!(
                "no target {}",
                request.target_idx
            )));
        }
        let names = input_names(model);
        let mut groups = input_groups(model);
        groups.extend(request.extra_groups.iter().cloned());
        let d = names.len();
        // The design's runs, each keeping its metric: refused before anything is allocated
        // when the outputs alone would pass MAX_DESIGN_RUNS (the tester's 10^12 base samples
        // aborted on a 128 TB allocation).
        let design_runs = (d + groups.len() + 2)
            .checked_mul(request.n_base)
            .filter(|&runs| runs <= MAX_DESIGN_RUNS);
        let Some(_) = design_runs else {
            return Err(SensitivityError::TooLarge {
                base_samples: request.n_base,
                columns: d + groups.len() + 2,
            });
        };
        let mut design = SaltelliDesign::new(names.clone(), request.n_base, request.seed)
            .map_err(|e| SensitivityError::Estimator(e.to_string()))?;
        for group in &groups {
            let members: Vec<&str> = group.members.iter().map(|&i| names[i].as_str()).collect();
            design = design
                .with_group(&group.name, &members)
                .map_err(|e| SensitivityError::Estimator(e.to_string()))?;
        }
        let options = RunOptions::from_model(model);
        let rank_sampler = InputSampler::new(options.sampler, d, request.rank_runs, request.seed)
            .map_err(|e| SensitivityError::Estimator(e.to_string()))?;
        Ok(SensitivityPlan {
            model,
            request,
            names,
            groups,
            design,
            rank_sampler,
        })
    }

    /// Runs of the matrix: the design's, then the rank correlations'.
    pub fn runs(&self) -> u64 {
        self.design.runs() as u64 + self.request.rank_runs
    }

    /// Every chunk of the matrix.
    pub fn all_chunks(&self) -> ChunkRange {
        ChunkRange::all(self.runs().div_ceil(CHUNK_RUNS))
    }

    /// The target's metric on every run of `chunks`, in run order (in parallel; the result
    /// does not depend on the thread count).
    ///
    /// # Errors
    /// [`SensitivityError::RejectedRun`] when a run is rejected or leaves the metric
    /// undefined (the analysis needs every run scored), [`SensitivityError::Invalid`] for
    /// chunks past the matrix.
    pub fn evaluate(&self, chunks: ChunkRange) -> Result<Vec<f64>, SensitivityError> {
        if chunks.end > self.all_chunks().end {
            return Err(SensitivityError::Invalid(format!(
                "chunks {chunks} lie past the {} chunks of the analysis",
                self.all_chunks().end
            )));
        }
        let runs = self.runs();
        let first = (chunks.start * CHUNK_RUNS).min(runs);
        let last = (chunks.end * CHUNK_RUNS).min(runs);
        let design_runs = self.design.runs() as u64;
        let d = self.names.len();
        // Batches of runs side by side, as the engine runs them; each run's metric is the
        // same as alone (`simulate_run`), so the outputs do not depend on the batching.
        let lanes = RunBatch::lanes_for(self.model);
        let starts: Vec<u64> = (first..last).step_by(lanes).collect();
        let batches: Vec<Vec<f64>> = starts
            .into_par_iter()
            .map_init(
                || {
                    let batch = RunBatch::new(self.model, lanes);
                    let path = vec![0.0; batch.n_points()];
                    (batch, vec![0.0; d], path)
                },
                |(batch, z, path), start| {
                    let width = (last - start).min(lanes as u64) as usize;
                    let lanes = batch.lanes();
                    for lane in 0..width {
                        let run = start + lane as u64;
                        if run < design_runs {
                            // u ∈ (0,1)^d mapped to z = Φ⁻¹(u).
                            self.design.point(run as usize, z);
                            for value in z.iter_mut() {
                                *value = std_normal_quantile(*value);
                            }
                        } else {
                            self.rank_sampler.fill(run - design_runs, z);
                        }
                        let inputs = batch.inputs_mut();
                        for (k, &value) in z.iter().enumerate() {
                            inputs[k * lanes + lane] = value;
                        }
                    }
                    batch.simulate(self.model, width);
                    (0..width)
                        .map(|lane| {
                            lane_metric(self.model, self.request.target_idx, batch, lane, path)
                        })
                        .collect()
                },
            )
            .collect();
        let outputs: Vec<f64> = batches.concat();
        if outputs.iter().any(|y| !y.is_finite()) {
            return Err(SensitivityError::RejectedRun);
        }
        Ok(outputs)
    }

    /// The report from the metrics of every run of the matrix, in run order (from one
    /// [`SensitivityPlan::evaluate`] or several put together).
    ///
    /// # Errors
    /// [`SensitivityError`] for outputs of another length, a rejected run or an estimator
    /// failure.
    pub fn finish(&self, outputs: &[f64]) -> Result<SensitivityReport, SensitivityError> {
        let model = self.model;
        let request = self.request;
        let target = &model.targets()[request.target_idx];
        if outputs.len() as u64 != self.runs() {
            return Err(SensitivityError::Invalid(format!(
                "{} outputs for the {} runs of the analysis",
                outputs.len(),
                self.runs()
            )));
        }
        let (design_outputs, rank_outputs) = outputs.split_at(self.design.runs());
        let names = &self.names;
        let d = names.len();
        let sobol = sobol_indices(
            &self.design,
            design_outputs,
            Bootstrap {
                resamples: request.resamples,
                seed: request.seed,
            },
        )
        .map_err(|e| match e {
            chainsim_sensitivity::IndicesError::NotFinite { .. } => SensitivityError::RejectedRun,
            other => SensitivityError::Estimator(other.to_string()),
        })?;

        // Tornado over the groups and each uncertain coefficient: a factor's members all move
        // to the same standard-normal quantile, the rest stay at zero (every input's median).
        let mut factors: Vec<(String, Vec<usize>)> = self
            .groups
            .iter()
            .filter(|g| g.name != "coefficients")
            .map(|g| (g.name.clone(), g.members.clone()))
            .collect();
        factors.extend(coefficient_range(model).map(|i| (names[i].clone(), vec![i])));
        let factor_names: Vec<String> = factors.iter().map(|(n, _)| n.clone()).collect();
        let quantiles: Vec<fn(f64) -> f64> = vec![std_normal_quantile; factors.len()];
        let mut state = RunState::new(model);
        let state = std::cell::RefCell::new(&mut state);
        let tornado = tornado_from_quantiles(&factor_names, &quantiles, |levels: &[f64]| {
            let mut z = vec![0.0; d];
            // Groups may overlap; the tornado moves one factor at a time (the others sit at
            // their median, zero), so adding the levels moves exactly that factor's members.
            for ((_, members), &level) in factors.iter().zip(levels) {
                for &i in members {
                    z[i] += level;
                }
            }
            metric(model, request.target_idx, &z, &mut state.borrow_mut())
        })
        .map_err(|e| SensitivityError::Estimator(e.to_string()))?;

        // Rank correlations from the ordinary runs of the scenario's sampler.
        let runs = request.rank_runs as usize;
        let mut inputs = DMatrix::zeros(runs, d);
        let mut z = vec![0.0; d];
        for (run, y) in rank_outputs.iter().enumerate() {
            if !y.is_finite() {
                return Err(SensitivityError::RejectedRun);
            }
            self.rank_sampler.fill(run as u64, &mut z);
            for (j, &v) in z.iter().enumerate() {
                // Ranks are what matter; Φ(z) keeps them and reads as a quantile.
                inputs[(run, j)] = std_normal_cdf(v);
            }
        }
        let rank_correlations = rank_correlations(names, &inputs, rank_outputs)
            .map_err(|e| SensitivityError::Estimator(e.to_string()))?;

        Ok(SensitivityReport {
            target: target.id.clone(),
            label: target.label.clone(),
            sobol,
            n_inputs: d,
            tornado,
            rank_correlations,
        })
    }
}
