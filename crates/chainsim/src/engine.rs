//! The Monte Carlo engine: runs in fixed chunks, in parallel, merged in chunk order.
//!
//! Run `r` draws its inputs from the stream `(seed, r)` alone, and every chunk's sums are
//! sealed exactly (see [`Summary`]), so the result is bit-identical for any thread count
//! and any assignment of chunks to threads.

use std::sync::Mutex;

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

/// A run's reusable buffers.
struct Scratch {
    state: RunState,
    inputs: Vec<f64>,
    metrics: Vec<f64>,
}

impl Scratch {
    fn new(model: &Model) -> Scratch {
        Scratch {
            state: RunState::new(model),
            inputs: vec![0.0; model.n_inputs()],
            metrics: vec![0.0; model.targets().len()],
        }
    }
}

/// What a worker thread keeps between chunks: its buffers and, when runs are not merged
/// in chunk order, the summary of every chunk it ran.
struct Worker {
    scratch: Scratch,
    summary: Summary,
}

/// One worker's slot, alone on its cache lines (two lines: adjacent-line prefetch pairs
/// them): the run writes counters and small state inline in the `Worker` at every step, and
/// sharing a line with another thread's slot would make the cores take turns with it.
#[repr(align(128))]
struct Slot(Mutex<Option<Worker>>);

/// What a chunk hands back to the calling thread.
struct ChunkResult {
    /// Runs in the chunk.
    runs: u64,
    /// The chunk's own summary, when it was not added to a worker's.
    summary: Option<Summary>,
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

/// Runs chunk `chunk` into `summary` with `worker`'s buffers, and seals it.
fn run_chunk(
    model: &Model,
    options: &RunOptions,
    sampler: &InputSampler,
    chunk: u64,
    keep_runs: bool,
    scratch: &mut Scratch,
    summary: &mut Summary,
) -> ChunkResult {
    let first = chunk * CHUNK_RUNS;
    let last = (first + CHUNK_RUNS).min(options.runs);
    let n_targets = model.targets().len();
    let capacity = if keep_runs {
        (last - first) as usize
    } else {
        0
    };
    let mut all_metrics = Vec::with_capacity(capacity * n_targets);
    let mut accepted = Vec::with_capacity(capacity);
    let Scratch {
        state,
        inputs,
        metrics,
    } = scratch;
    for run in first..last {
        sampler.fill(run, inputs);
        let ok = match simulate_run(model, inputs, state) {
            Ok(()) => {
                summary.record(model, state, metrics);
                true
            }
            Err(_) => {
                summary.reject();
                metrics.fill(0.0);
                false
            }
        };
        if keep_runs {
            all_metrics.extend_from_slice(metrics);
            accepted.push(ok);
        }
    }
    summary.seal();
    ChunkResult {
        runs: last - first,
        summary: None,
        metrics: all_metrics,
        accepted,
    }
}

/// Runs chunk `chunk` on the current thread's worker. With `own_summary` (precision
/// control, which must merge chunks in order to stop at the right one) the chunk gets a
/// summary of its own; otherwise it adds to the worker's. A worker already busy on this
/// thread (a nested parallel solve stole this chunk) lends nothing: the chunk then runs
/// with fresh buffers and its own summary.
fn run_on_worker(
    model: &Model,
    options: &RunOptions,
    sampler: &InputSampler,
    chunk: u64,
    keep_runs: bool,
    own_summary: bool,
    workers: &[Slot],
) -> ChunkResult {
    let Slot(slot) = &workers[rayon::current_thread_index().unwrap_or(0) % workers.len()];
    let mut guard = slot.try_lock().ok();
    let worker = guard.as_deref_mut().map(|slot| {
        slot.get_or_insert_with(|| Worker {
            scratch: Scratch::new(model),
            summary: Summary::new(model),
        })
    });
    match worker {
        Some(worker) if !own_summary => run_chunk(
            model,
            options,
            sampler,
            chunk,
            keep_runs,
            &mut worker.scratch,
            &mut worker.summary,
        ),
        worker => {
            let mut fresh = None;
            let scratch = match worker {
                Some(worker) => &mut worker.scratch,
                None => fresh.insert(Scratch::new(model)),
            };
            let mut summary = Summary::new(model);
            let result = run_chunk(
                model,
                options,
                sampler,
                chunk,
                keep_runs,
                scratch,
                &mut summary,
            );
            ChunkResult {
                summary: Some(summary),
                ..result
            }
        }
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
    // Precision control merges chunk summaries in chunk order and stops at the first chunk
    // that meets it; otherwise each worker thread adds its chunks to its own summary, and the
    // workers' summaries are merged at the end (exact, so in any order).
    let ordered = options.precision.is_some();
    // A batch keeps every thread busy between progress reports; under precision control it
    // also bounds the runs made past the stopping chunk.
    let batch = (threads as u64 * if ordered { 4 } else { 16 }).max(1);
    let workers: Vec<Slot> = (0..threads).map(|_| Slot(Mutex::new(None))).collect();
    let n_targets = model.targets().len();
    let mut total = Summary::new(model);
    let mut runs_done = 0;
    let mut start = 0;
    while start < n_chunks {
        let end = (start + batch).min(n_chunks);
        let work = || {
            (start..end)
                .into_par_iter()
                .map(|chunk| {
                    run_on_worker(
                        model, options, &sampler, chunk, keep_runs, ordered, &workers,
                    )
                })
                .collect::<Vec<_>>()
        };
        let results = match &pool {
            Some(pool) => pool.install(work),
            None => work(),
        };
        let mut done = false;
        for (offset, result) in results.iter().enumerate() {
            runs_done += result.runs;
            if let Some(summary) = &result.summary {
                total.merge(summary);
            }
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
        observer.progress(runs_done, options.runs);
        if done {
            break;
        }
        start = end;
    }
    for worker in workers
        .into_iter()
        .filter_map(|Slot(w)| w.into_inner().ok().flatten())
    {
        total.merge(&worker.summary);
    }
    if total.accepted() == 0 {
        return Err(EngineError::AllRejected { runs: options.runs });
    }
    Ok(total)
}
