//! The Monte Carlo engine: runs in fixed chunks, in parallel, summarised exactly.
//!
//! Run `r` draws its inputs from the stream `(seed, r)` alone, and every chunk's sums are
//! sealed exactly (see [`Summary`]), so the result is bit-identical for any thread count
//! and any assignment of chunks to threads.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use crate::model::Model;
use crate::scenario::SamplerKind;
use crate::stats::{SamplerError, Z_95, wilson_interval};
use crate::summary::{ChunkRange, Summary};

pub mod run;
pub mod sampling;

pub use crate::summary::Rejection;
pub use run::{LANES, RunBatch, RunState, simulate_run};
use sampling::InputSampler;

/// Most worker threads a simulation may ask for: beyond this, starting the threads costs more
/// than any machine's cores can give back.
pub const MAX_THREADS: usize = 1024;

/// Caps rayon's global pool at `threads` threads, for a process that was told to use that
/// many: compiling a scenario tabulates its laws on the global pool's threads (each table
/// the same on any number), and [`RunOptions::threads`] `None` runs on it. Nothing happens
/// once the pool exists (it is made on first use), so call it first.
pub fn cap_global_threads(threads: usize) {
    // An error means the pool already exists: it keeps its size.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.clamp(1, MAX_THREADS))
        .build_global();
}

/// Runs per chunk: the unit of parallel work and of ordered merging.
pub const CHUNK_RUNS: u64 = 256;

/// The version of the engine's numbers: bumped whenever the same scenario and seed give
/// different numbers (a new generator, a new order of draws, a new order of sums), and
/// written in `summary.json`, the HTML report and shards' part files
/// ([`PartHeader::ENGINE`](crate::summary::part::PartHeader::ENGINE), bumped with it), so a
/// reader can tell why two results of one seed differ and parts of two versions never merge.
///
/// - 1: each run's normals from its own ChaCha8 stream, runs one at a time, the Leontief
///   system solved by LU every year.
/// - 2: draw k of run r is [`philox_normal`](crate::stats::philox_normal)`(seed, r, k)`
///   (Philox2x64-10), runs side by side in batches of [`LANES`], and with fixed
///   coefficients x = L f by the Leontief inverse computed once.
/// - 3: the same runs; the sums behind means add a chunk's values into eight interleaved
///   partial sums (value i into sum i mod 8, summed pairwise when the chunk is sealed), so
///   means may differ from version 2's in their last bits.
/// - 4: the same runs; the mixed model of capped sectors is solved from each run's columns of
///   L = (I − A)⁻¹ for them (`CapacityUpdate`) instead of the reduced system I − A_EE, so
///   outputs of the years a sector is at capacity may differ from version 3's in their last
///   bits.
/// - 5: the same runs; e^x, ln x and the incomplete beta (PERT) come from plain arithmetic
///   ([`exp`](crate::stats::exp) and the `libm` crate) instead of the platform's C library,
///   whose versions differ in the last bit from one processor to another, so results are the
///   same on every machine; values differ from version 4's in their last bits.
pub const ENGINE_VERSION: u32 = 5;

/// How often the calling thread reports progress while workers run.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// How many runs, from which seed and sampler, on how many threads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Number of runs (at least 1); with `precision`, the most runs to make.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads; `None` uses as many as rayon's global pool has (all cores unless
    /// `RAYON_NUM_THREADS` says otherwise).
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

    /// Whether to stop early (e.g. the user pressed Ctrl-C). Asked on the calling thread
    /// after every chunk and at least every 100 ms; once it answers true the workers stop
    /// after their current chunk and [`simulate`] returns [`EngineError::Cancelled`]. A
    /// simulation that is never cancelled is unaffected.
    fn cancelled(&self) -> bool {
        false
    }
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
    /// The observer asked to stop ([`Observer::cancelled`]).
    #[error("the simulation was cancelled")]
    Cancelled,
    /// More threads than [`MAX_THREADS`].
    #[error("threads must be at most {max}, got {threads}", max = MAX_THREADS)]
    TooManyThreads {
        /// Threads asked for.
        threads: usize,
    },
    /// Every run drew coefficients that were not productive.
    #[error(
        "all {runs} runs drew a non-productive coefficient matrix; lower the coefficients or their relative_sd"
    )]
    AllRejected {
        /// Runs attempted.
        runs: u64,
    },
    /// Every run produced a non-finite value.
    #[error(
        "all {runs} runs produced a value that is not a finite number (a level overflowed); check the scenario's bases and growth laws for values that overflow over the horizon"
    )]
    AllNonFinite {
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
    /// A chunk range past the simulation's chunks.
    #[error("chunks {chunks} lie past the {n_chunks} chunks of {runs} runs")]
    ChunksOutOfRange {
        /// The range asked for.
        chunks: ChunkRange,
        /// Chunks of the simulation.
        n_chunks: u64,
        /// Runs of the simulation.
        runs: u64,
    },
    /// Precision control decides where to stop from every chunk in order, so it cannot run a
    /// range of chunks.
    #[error(
        "precision control runs chunks in order until it stops, so it cannot run a range of them"
    )]
    PrecisionWithChunks,
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

/// A worker's reusable buffers.
struct Scratch {
    batch: RunBatch,
    /// One run's inputs, for samplers that make a run's point at a time.
    point: Vec<f64>,
    /// A batch's target metrics, run-major.
    metrics: Vec<f64>,
}

impl Scratch {
    fn new(model: &Model) -> Scratch {
        Scratch {
            batch: RunBatch::new(model, RunBatch::lanes_for(model)),
            point: vec![0.0; model.n_inputs()],
            metrics: vec![0.0; LANES * model.targets().len()],
        }
    }
}

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

/// Runs chunk `chunk` into `summary` with `scratch`'s buffers, and seals it.
fn run_chunk(
    shared: &Shared<'_>,
    chunk: u64,
    scratch: &mut Scratch,
    summary: &mut Summary,
) -> ChunkResult {
    let Shared {
        model,
        options,
        ref sampler,
        keep_runs,
        ..
    } = *shared;
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
        batch,
        point,
        metrics,
    } = scratch;
    let lanes = batch.lanes();
    let mut run = first;
    while run < last {
        let width = (last - run).min(lanes as u64) as usize;
        sampler.fill_lanes(run, width, lanes, batch.inputs_mut(), point);
        batch.simulate(model, width);
        let metrics = &mut metrics[..width * n_targets];
        summary.record_lanes(model, batch.values(), lanes, batch.status(), metrics);
        if keep_runs {
            all_metrics.extend_from_slice(metrics);
            accepted.extend(batch.status().iter().map(Option::is_none));
        }
        run += width as u64;
    }
    summary.seal_chunk(chunk);
    ChunkResult {
        runs: last - first,
        summary: None,
        metrics: all_metrics,
        accepted,
    }
}

/// A message from a worker to the calling thread.
enum Message {
    /// A chunk (by index) is done.
    Chunk(u64, ChunkResult),
    /// A worker ran out of chunks; its summary holds every chunk it ran without one of
    /// its own.
    Done(Summary),
}

/// What the workers of one simulation share.
struct Shared<'a> {
    model: &'a Model,
    options: &'a RunOptions,
    /// The chunks to run.
    chunks: ChunkRange,
    sampler: InputSampler,
    /// Whether the observer wants every run's metrics.
    keep_runs: bool,
    /// Whether chunks need summaries of their own, merged in chunk order (precision control).
    ordered: bool,
    /// The next chunk to take.
    next: AtomicU64,
    /// Runs finished, when chunks are not reported one by one.
    finished: AtomicU64,
    /// Set when precision control has stopped the simulation.
    stop: AtomicBool,
}

impl Shared<'_> {
    /// Whether the calling thread needs each chunk's result, in chunk order.
    fn in_order(&self) -> bool {
        self.ordered || self.keep_runs
    }
}

/// One worker: takes the next chunk until there is none or the simulation stopped, and
/// reports each (when nothing needs chunks in order, it only counts their runs). With
/// `ordered` each chunk gets a summary of its own; otherwise chunks add to the worker's
/// summary, sent when the worker finishes.
fn work(shared: &Shared<'_>, messages: &Sender<Message>) {
    let Shared { model, chunks, .. } = *shared;
    let mut scratch = Scratch::new(model);
    let mut summary = Summary::new(model);
    while !shared.stop.load(Ordering::Relaxed) {
        let chunk = shared.next.fetch_add(1, Ordering::Relaxed);
        if chunk >= chunks.end {
            break;
        }
        let mut own = shared.ordered.then(|| Summary::new(model));
        let result = run_chunk(
            shared,
            chunk,
            &mut scratch,
            own.as_mut().unwrap_or(&mut summary),
        );
        if !shared.in_order() {
            shared.finished.fetch_add(result.runs, Ordering::Relaxed);
        } else if messages
            .send(Message::Chunk(
                chunk,
                ChunkResult {
                    summary: own,
                    ..result
                },
            ))
            .is_err()
        {
            return;
        }
    }
    // The receiver lives until every worker is done, so this cannot fail.
    let _ = messages.send(Message::Done(summary));
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
    let all = ChunkRange::all(options.runs.div_ceil(CHUNK_RUNS));
    let total = simulate_chunks(model, options, all, observer)?;
    match unscored(&total, options.runs) {
        Some(err) => Err(err),
        None => Ok(total),
    }
}

/// The error of a whole simulation of `runs` runs whose summary is `summary`, when not one
/// run was scored; `None` when some were.
pub fn unscored(summary: &Summary, runs: u64) -> Option<EngineError> {
    (summary.accepted() == 0).then(|| {
        if summary.non_finite() == runs {
            EngineError::AllNonFinite { runs }
        } else {
            EngineError::AllRejected { runs }
        }
    })
}

/// Runs only the chunks `chunks` (of [`CHUNK_RUNS`] runs each) of the simulation `options`
/// describes, and summarises them: a shard of it. Each run is the run of that index in the
/// whole simulation (a Latin hypercube is laid out for all `options.runs` runs), so the
/// summaries of ranges that cover every chunk once merge into the summary [`simulate`]
/// returns, to the bit. A range of runs that were all rejected is not an error here (the
/// whole simulation's may still have scored runs: see [`unscored`]); an empty range gives an
/// empty summary.
///
/// # Errors
/// [`EngineError`] as for [`simulate`], and for a range past the simulation's chunks or
/// with precision control.
///
/// # Examples
/// ```
/// use chainsim::summary::ChunkRange;
/// use chainsim::{Model, RunOptions, Silent, simulate};
/// use chainsim::engine::simulate_chunks;
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
/// // 1000 runs are 4 chunks; two shards of two chunks each.
/// let mut merged = simulate_chunks(&model, &options, ChunkRange { start: 0, end: 2 }, &mut Silent).unwrap();
/// let rest = simulate_chunks(&model, &options, ChunkRange { start: 2, end: 4 }, &mut Silent).unwrap();
/// assert_eq!(rest.runs(), 1000 - 512);
/// merged.merge(&rest);
/// assert_eq!(merged, simulate(&model, &options, &mut Silent).unwrap());
/// ```
pub fn simulate_chunks(
    model: &Model,
    options: &RunOptions,
    chunks: ChunkRange,
    observer: &mut dyn Observer,
) -> Result<Summary, EngineError> {
    if options.runs == 0 {
        return Err(EngineError::NoRuns);
    }
    let n_chunks = options.runs.div_ceil(CHUNK_RUNS);
    if chunks.end > n_chunks {
        return Err(EngineError::ChunksOutOfRange {
            chunks,
            n_chunks,
            runs: options.runs,
        });
    }
    if options.precision.is_some() && chunks != ChunkRange::all(n_chunks) {
        return Err(EngineError::PrecisionWithChunks);
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
    let threads = match options.threads {
        Some(0) => return Err(EngineError::NoThreads),
        Some(threads) if threads > MAX_THREADS => {
            return Err(EngineError::TooManyThreads { threads });
        }
        Some(threads) => threads,
        None => rayon::current_num_threads(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| EngineError::ThreadPool { threads, source })?;
    let keep_runs = observer.wants_runs();
    // Precision control merges chunk summaries in chunk order and stops at the first chunk
    // that meets it; otherwise each worker adds its chunks to its own summary, and the
    // workers' summaries are merged at the end (exact, so in any order).
    let ordered = options.precision.is_some();
    let n_targets = model.targets().len();
    let total_runs = chunks.runs(options.runs, CHUNK_RUNS);
    let shared = Shared {
        model,
        options,
        chunks,
        sampler,
        keep_runs,
        ordered,
        next: AtomicU64::new(chunks.start),
        finished: AtomicU64::new(0),
        stop: AtomicBool::new(false),
    };
    let (messages, inbox) = mpsc::channel();
    let mut total = Summary::new(model);
    // Chunks finished but not yet taken in order; workers take chunks in increasing order,
    // so this holds a few chunks per thread at most.
    let mut waiting = BTreeMap::new();
    let mut next_in_order = chunks.start;
    let mut runs_done = 0;
    let mut cancelled = false;
    // The calling thread only receives: it never runs chunks, so it cannot block a worker
    // of the pool it waits on. A pool of its own per call keeps that true when `simulate`
    // is called from inside another rayon pool.
    pool.in_place_scope(|scope| {
        for _ in 0..threads {
            let (shared, messages) = (&shared, messages.clone());
            scope.spawn(move |_| work(shared, &messages));
        }
        drop(messages);
        loop {
            if observer.cancelled() {
                shared.stop.store(true, Ordering::Relaxed);
                cancelled = true;
                break;
            }
            let (chunk, result) = match inbox.recv_timeout(PROGRESS_INTERVAL) {
                Ok(Message::Chunk(chunk, result)) => (chunk, result),
                Ok(Message::Done(summary)) => {
                    total.merge(&summary);
                    continue;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if !shared.in_order() {
                        let finished = shared.finished.load(Ordering::Relaxed);
                        observer.progress(finished, total_runs);
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            waiting.insert(chunk, result);
            while let Some(result) = waiting.remove(&next_in_order) {
                if shared.stop.load(Ordering::Relaxed) {
                    break;
                }
                if let Some(summary) = &result.summary {
                    total.merge(summary);
                }
                if keep_runs {
                    let first = next_in_order * CHUNK_RUNS;
                    for (k, &ok) in result.accepted.iter().enumerate() {
                        let metrics = &result.metrics[k * n_targets..(k + 1) * n_targets];
                        observer.run(RunRecord {
                            run: first + k as u64,
                            target_metrics: ok.then_some(metrics),
                        });
                    }
                }
                runs_done += result.runs;
                observer.progress(runs_done, total_runs);
                next_in_order += 1;
                // Checked after every chunk in chunk order, so where the run stops does not
                // depend on the thread count.
                if options
                    .precision
                    .is_some_and(|precision| is_precise(&total, precision))
                {
                    shared.stop.store(true, Ordering::Relaxed);
                }
            }
        }
    });
    if cancelled {
        return Err(EngineError::Cancelled);
    }
    if !shared.in_order() {
        observer.progress(shared.finished.into_inner(), total_runs);
    }
    Ok(total)
}
