//! The Monte Carlo engine: runs in fixed chunks, in parallel, merged in chunk order.
//!
//! Run `r` draws its inputs from the stream `(seed, r)` alone, and chunk summaries are
//! merged in chunk order, so the result is bit-identical for any thread count.

use rayon::prelude::*;

use crate::model::Model;
use crate::run::{RunState, simulate_run};
use crate::sampling::{InputSampler, SamplerKind};
use crate::stats::{SamplerError, Z_95, wilson_interval};
use crate::summary::Summary;

/// Runs per chunk: the unit of parallel work and of ordered merging.
pub const CHUNK_RUNS: u64 = 256;

/// How many runs, from which seed and sampler, on how many threads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Number of runs (at least 1); with `precision`, the most runs to make.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads; `None` uses rayon's global pool (all cores).
    pub threads: Option<usize>,
    /// Where the runs' inputs come from.
    pub sampler: SamplerKind,
    /// Stop once every target probability's 95% Wilson interval has at most this
    /// half-width (checked after every chunk of [`CHUNK_RUNS`] runs).
    pub precision: Option<f64>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            runs: 10_000,
            seed: 0,
            threads: None,
            sampler: SamplerKind::MonteCarlo,
            precision: None,
        }
    }
}

impl RunOptions {
    /// The scenario's own run count, seed and sampler, on all cores.
    pub fn from_model(model: &Model) -> RunOptions {
        RunOptions {
            runs: model.default_runs(),
            seed: model.default_seed(),
            sampler: model.default_sampler(),
            ..RunOptions::default()
        }
    }
}

/// One run's outcome as passed to an [`Observer`] that asked for runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunRecord<'a> {
    /// Run index.
    pub run: u64,
    /// Each target's metric, in target order (NaN where it is undefined for this run); `None`
    /// when the run was rejected.
    pub target_metrics: Option<&'a [f64]>,
}

/// Receives progress and, when asked, every run, on the calling thread and in run order.
pub trait Observer {
    /// Called after each batch with the runs finished so far.
    fn progress(&mut self, _done: u64, _total: u64) {}

    /// Whether [`Observer::run`] should be called for every run.
    fn wants_runs(&self) -> bool {
        false
    }

    /// One run's record, in run order.
    fn run(&mut self, _record: RunRecord<'_>) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}

/// Errors of the engine itself (the model is already valid).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// `runs` was zero.
    #[error("runs must be at least 1")]
    NoRuns,
    /// `threads` was zero.
    #[error("threads must be at least 1")]
    NoThreads,
    /// Every run drew coefficients that were not productive.
    #[error(
        "all {runs} runs drew a non-productive coefficient matrix; lower the coefficients or their relative_sd"
    )]
    AllRejected {
        /// Runs attempted.
        runs: u64,
    },
    /// The sampler cannot cover this many inputs or runs.
    #[error("{sampler} sampler: {source}")]
    Sampler {
        /// The sampler's name.
        sampler: &'static str,
        /// Cause.
        source: SamplerError,
    },
    /// Precision control needs a sampler whose runs do not depend on the run count.
    #[error(
        "precision control needs monte_carlo or sobol sampling: a latin hypercube's runs depend on the total count"
    )]
    PrecisionNeedsExtensibleSampler,
    /// Precision control needs targets to measure.
    #[error("precision control needs at least one target")]
    PrecisionWithoutTargets,
    /// A relative change of a base level outside (0, 1).
    #[error("the relative change of a base level must lie in (0, 1), got {0}")]
    InvalidChange(f64),
    /// The precision is not a usable half-width.
    #[error("precision must be a half-width in (0, 0.5], got {0}")]
    InvalidPrecision(f64),
    /// The thread pool could not be built.
    #[error("cannot start {threads} worker threads: {source}")]
    ThreadPool {
        /// Requested threads.
        threads: usize,
        /// Cause.
        source: rayon::ThreadPoolBuildError,
    },
}

struct ChunkResult {
    summary: Summary,
    /// Target metrics of each run, run-major; empty unless runs were requested.
    metrics: Vec<f64>,
    accepted: Vec<bool>,
}

/// Whether every target's 95% Wilson interval has half-width at most `precision`.
fn is_precise(summary: &Summary, precision: f64) -> bool {
    let n = summary.accepted();
    n > 0
        && (0..summary.n_targets()).all(|idx| {
            let (low, high) = wilson_interval(summary.target(idx).met, n, Z_95);
            (high - low) / 2.0 <= precision
        })
}

fn run_chunk(
    model: &Model,
    options: &RunOptions,
    sampler: &InputSampler,
    chunk: u64,
    keep_runs: bool,
) -> ChunkResult {
    let first = chunk * CHUNK_RUNS;
    let last = (first + CHUNK_RUNS).min(options.runs);
    let n_targets = model.targets().len();
    let mut summary = Summary::new(model);
    let mut state = RunState::new(model);
    let mut inputs = vec![0.0; model.n_inputs()];
    let mut metrics = vec![0.0; n_targets];
    let capacity = if keep_runs {
        (last - first) as usize
    } else {
        0
    };
    let mut all_metrics = Vec::with_capacity(capacity * n_targets);
    let mut accepted = Vec::with_capacity(capacity);
    for run in first..last {
        sampler.fill(run, &mut inputs);
        let ok = match simulate_run(model, &inputs, &mut state) {
            Ok(()) => {
                summary.record(model, &state, &mut metrics);
                true
            }
            Err(_) => {
                summary.reject();
                metrics.fill(0.0);
                false
            }
        };
        if keep_runs {
            all_metrics.extend_from_slice(&metrics);
            accepted.push(ok);
        }
    }
    ChunkResult {
        summary,
        metrics: all_metrics,
        accepted,
    }
}

/// Simulates `options.runs` runs of `model` and summarises them.
///
/// # Errors
/// [`EngineError`] for zero runs or threads, or when worker threads cannot start.
///
/// # Examples
/// ```
/// use chainsim::{Model, RunOptions, Silent, simulate};
/// let model = Model::from_toml_str(r#"
///     [scenario]
///     name = "one sector"
///     value_unit = "CNY 100 million"
///     base_year = 2025
///     horizon = 2027
///     [[sectors]]
///     id = "a"
///     name = "A"
///     base = 100.0
///     assumption = "illustration"
///     [[growth]]
///     sector = "a"
///     distribution = "normal"
///     mean = 0.05
///     sd = 0.02
///     assumption = "illustration"
/// "#).unwrap();
/// let options = RunOptions { runs: 1000, seed: 7, threads: Some(1), ..RunOptions::default() };
/// let summary = simulate(&model, &options, &mut Silent).unwrap();
/// assert_eq!(summary.accepted(), 1000);
/// ```
pub fn simulate(
    model: &Model,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Summary, EngineError> {
    if options.runs == 0 {
        return Err(EngineError::NoRuns);
    }
    if let Some(precision) = options.precision {
        if !(precision > 0.0 && precision <= 0.5) {
            return Err(EngineError::InvalidPrecision(precision));
        }
        if !options.sampler.is_extensible() {
            return Err(EngineError::PrecisionNeedsExtensibleSampler);
        }
        if model.targets().is_empty() {
            return Err(EngineError::PrecisionWithoutTargets);
        }
    }
    let sampler = InputSampler::new(
        options.sampler,
        model.n_inputs(),
        options.runs,
        options.seed,
    )
    .map_err(|source| EngineError::Sampler {
        sampler: options.sampler.name(),
        source,
    })?;
    let pool = match options.threads {
        Some(0) => return Err(EngineError::NoThreads),
        Some(threads) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|source| EngineError::ThreadPool { threads, source })?,
        ),
        None => None,
    };
    let threads = pool
        .as_ref()
        .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let keep_runs = observer.wants_runs();
    let n_chunks = options.runs.div_ceil(CHUNK_RUNS);
    // A batch keeps every thread busy while bounding how many chunk summaries are alive.
    let batch = (threads as u64 * 4).max(1);
    let n_targets = model.targets().len();
    let mut total = Summary::new(model);
    let mut start = 0;
    while start < n_chunks {
        let end = (start + batch).min(n_chunks);
        let work = || {
            (start..end)
                .into_par_iter()
                .map(|chunk| run_chunk(model, options, &sampler, chunk, keep_runs))
                .collect::<Vec<_>>()
        };
        let results = match &pool {
            Some(pool) => pool.install(work),
            None => work(),
        };
        let mut done = false;
        for (offset, result) in results.iter().enumerate() {
            total.merge(&result.summary);
            if keep_runs {
                let first = (start + offset as u64) * CHUNK_RUNS;
                for (k, &ok) in result.accepted.iter().enumerate() {
                    let metrics = &result.metrics[k * n_targets..(k + 1) * n_targets];
                    observer.run(RunRecord {
                        run: first + k as u64,
                        target_metrics: ok.then_some(metrics),
                    });
                }
            }
            // Checked after every chunk, not every batch, so where the run stops does not
            // depend on how many chunks a batch holds (that is, on the thread count).
            if options
                .precision
                .is_some_and(|precision| is_precise(&total, precision))
            {
                done = true;
                break;
            }
        }
        let finished = total.accepted() + total.rejected();
        observer.progress(finished, options.runs);
        if done {
            break;
        }
        start = end;
    }
    if total.accepted() == 0 {
        return Err(EngineError::AllRejected { runs: options.runs });
    }
    Ok(total)
}
