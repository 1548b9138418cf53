//! The Monte Carlo engine: runs in fixed chunks, in parallel, merged in chunk order.
//!
//! Run `r` draws its inputs from the stream `(seed, r)` alone, and chunk summaries are
//! merged in chunk order, so the result is bit-identical for any thread count.

use rayon::prelude::*;

use crate::model::Model;
use crate::run::{RunState, simulate_run};
use crate::sampling::fill_standard_normals;
use crate::summary::Summary;

/// Runs per chunk: the unit of parallel work and of ordered merging.
pub const CHUNK_RUNS: u64 = 256;

/// How many runs, from which seed, on how many threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Number of runs (at least 1).
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads; `None` uses rayon's global pool (all cores).
    pub threads: Option<usize>,
}

impl RunOptions {
    /// The scenario's own run count and seed, on all cores.
    pub fn from_model(model: &Model) -> RunOptions {
        RunOptions {
            runs: model.default_runs(),
            seed: model.default_seed(),
            threads: None,
        }
    }
}

/// One run's outcome as passed to an [`Observer`] that asked for runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunRecord<'a> {
    /// Run index.
    pub run: u64,
    /// Each target's metric, in target order; `None` when the run was rejected.
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

fn run_chunk(model: &Model, options: &RunOptions, chunk: u64, keep_runs: bool) -> ChunkResult {
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
        fill_standard_normals(options.seed, run, &mut inputs);
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
/// let options = RunOptions { runs: 1000, seed: 7, threads: Some(1) };
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
                .map(|chunk| run_chunk(model, options, chunk, keep_runs))
                .collect::<Vec<_>>()
        };
        let results = match &pool {
            Some(pool) => pool.install(work),
            None => work(),
        };
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
        }
        observer.progress((end * CHUNK_RUNS).min(options.runs), options.runs);
        start = end;
    }
    if total.accepted() == 0 {
        return Err(EngineError::AllRejected { runs: options.runs });
    }
    Ok(total)
}
