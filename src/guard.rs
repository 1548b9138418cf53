//! The resource guard: before a simulation, what it will cost — time from a short
//! calibration on this machine, memory from the calibration's summaries, file sizes from the
//! model's shape — refused past a budget (unless `--force`), with a note above a smaller one.
//!
//! The library computes (a chunk's runs, a summary's heap bytes); this module only times it
//! and decides, so the numeric core still does no I/O and reads no clock.

use std::time::Instant;

use chainsim::engine::CHUNK_RUNS;
use chainsim::{Model, RunOptions, Silent, simulate};

/// Runs timed to estimate a run's cost, at most: enough to time a model of microseconds a
/// run. Fewer for a large model, so that it is not kept waiting for its own estimate.
pub const CALIBRATION_RUNS: u64 = 32;
/// Recorded values the calibration may cost, about: a run of 1,500 sectors over 200 years
/// records 900,000, so it is calibrated on two runs.
const CALIBRATION_VALUES: u64 = 2_000_000;

/// Seconds the second calibration may take, about (see [`Estimate::measure`]).
const REFINE_SECONDS: f64 = 0.25;
/// Runs the second calibration makes at most, whatever the first measured (a clock that
/// read no time would otherwise ask for every run of the job).
const REFINE_MAX_RUNS: u64 = 1 << 20;

/// Refused above these without `--force`.
const MAX_SECONDS: f64 = 12.0 * 3600.0;
const MAX_MEMORY: f64 = 8.0 * GIB;
const MAX_FILES: f64 = 4.0 * GIB;
/// A note above these.
const NOTE_SECONDS: f64 = 300.0;
const NOTE_MEMORY: f64 = 1.0 * GIB;
const NOTE_FILES: f64 = 0.5 * GIB;

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
/// Bytes a line of trajectories.csv takes, about (the shipped scenario's: 68,604 bytes in
/// 451 lines, 152 a line; rounded up), and a field of the draws file (a shortest round-trip
/// f64 is at most 24 characters with its comma).
const TRAJECTORY_LINE: f64 = 160.0;
const DRAWS_FIELD: f64 = 24.0;

/// What a simulation will cost, estimated.
#[derive(Debug, Clone, Copy)]
pub struct Estimate {
    /// Seconds a run on one core, from the calibration.
    pub seconds_per_run: f64,
    /// Wall seconds for all runs on `workers` threads.
    pub seconds: f64,
    /// Peak memory of the summaries: one per worker and the total.
    pub memory: f64,
    /// Bytes of the files written.
    pub files: f64,
    /// Worker threads assumed.
    pub workers: usize,
}

impl Estimate {
    /// What `chainsim validate` prints: calibrated on [`CALIBRATION_RUNS`] of `options`' runs
    /// (fewer for a large model) on one thread, then on up to [`REFINE_SECONDS`] more, so
    /// that the time a run it shows is that of a long simulation. `None` when the
    /// calibration itself fails (the simulation will then report why).
    pub fn measure(model: &Model, options: &RunOptions, draws: bool) -> Option<Estimate> {
        Estimate::calibrate(model, options, options.runs, draws, 0.0)
    }

    /// The estimate a simulation checks before it runs `runs` of its runs (a shard's share):
    /// [`Estimate::measure`]'s, calibrating a second time only when the first calibration
    /// puts the job above the note, so that a short job is not kept waiting for it.
    pub fn measure_runs(
        model: &Model,
        options: &RunOptions,
        runs: u64,
        draws: bool,
    ) -> Option<Estimate> {
        Estimate::calibrate(model, options, runs, draws, NOTE_SECONDS)
    }

    /// Calibrates, a second time when the first estimate exceeds `refine_above` seconds.
    fn calibrate(
        model: &Model,
        options: &RunOptions,
        runs: u64,
        draws: bool,
        refine_above: f64,
    ) -> Option<Estimate> {
        let timed = |n: u64| {
            let calibration = RunOptions {
                runs: n,
                threads: Some(1),
                precision: None,
                ..*options
            };
            let start = Instant::now();
            let summary = simulate(model, &calibration, &mut Silent).ok()?;
            Some((start.elapsed().as_secs_f64(), summary))
        };
        let first_runs = calibration_runs(model).min(options.runs);
        let (first, summary) = timed(first_runs)?;
        let mut seconds_per_run = first / first_runs as f64;
        // A worker without a chunk keeps no summary.
        let chunks = runs.div_ceil(CHUNK_RUNS) as usize;
        let workers = options
            .threads
            .unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
            })
            .min(chunks)
            .max(1);
        // The first calibration's fixed costs (starting the workers, a batch, a summary)
        // swamp a model of a fraction of a microsecond a run: 32 runs of issue 14's plain
        // model time at 10 µs each, against 0.3 µs in a long simulation. A second
        // calibration of up to REFINE_SECONDS spreads those costs over more runs. Its time
        // a run still includes them, so the estimate errs high, never low.
        if seconds_per_run * runs as f64 / workers as f64 > refine_above {
            // As many runs as the first calibration says fit the time (fewer, as it errs
            // high); none for a model whose first calibration took that long already.
            let more_runs = ((REFINE_SECONDS / seconds_per_run) as u64)
                .min(REFINE_MAX_RUNS)
                .min(options.runs);
            if more_runs >= 2 * first_runs {
                let (more, _) = timed(more_runs)?;
                seconds_per_run = seconds_per_run.min(more / more_runs as f64);
            }
        }
        let runs = runs as f64;
        let points = (model.n_years() + 1) as f64;
        let kept = model
            .trajectory_series()
            .map_or(model.series().len(), <[usize]>::len);
        let lines = kept as f64 * points;
        let draws_bytes = if draws {
            runs * (model.targets().len() + 2) as f64 * DRAWS_FIELD
        } else {
            0.0
        };
        Some(Estimate {
            seconds_per_run,
            seconds: seconds_per_run * runs / workers as f64,
            memory: summary.heap_bytes() as f64 * (workers + 1) as f64,
            files: lines * TRAJECTORY_LINE + draws_bytes,
            workers,
        })
    }

    /// The estimate for `simulations` simulations in turn: their time adds up; memory and
    /// files are those of one.
    pub fn times(self, simulations: u64) -> Estimate {
        Estimate {
            seconds: self.seconds * simulations as f64,
            ..self
        }
    }

    /// One line: the estimate in words.
    pub fn describe(&self, runs: u64) -> String {
        format!(
            "estimate: {} a run; {runs} runs ≈ {} on {} thread{}; memory ≈ {}; files ≈ {}",
            duration(self.seconds_per_run),
            duration(self.seconds),
            self.workers,
            if self.workers == 1 { "" } else { "s" },
            bytes(self.memory),
            bytes(self.files),
        )
    }

    /// Refuses past the budget unless `force`; returns a note when above the smaller one.
    pub fn check(&self, runs: u64, force: bool) -> anyhow::Result<Option<String>> {
        let over = self.seconds > MAX_SECONDS || self.memory > MAX_MEMORY || self.files > MAX_FILES;
        if over && !force {
            anyhow::bail!(
                "{}: past the budget (12 h, 8 GiB of memory, 4 GiB of files); lower --runs or pass --force",
                self.describe(runs)
            );
        }
        let large =
            self.seconds > NOTE_SECONDS || self.memory > NOTE_MEMORY || self.files > NOTE_FILES;
        Ok((over || large).then(|| format!("note: {}", self.describe(runs))))
    }
}

/// Runs to calibrate on: [`CALIBRATION_RUNS`], or as many as record [`CALIBRATION_VALUES`].
fn calibration_runs(model: &Model) -> u64 {
    let per_run = (model.series().len() * (model.n_years() + 1)) as u64;
    (CALIBRATION_VALUES / per_run.max(1)).clamp(1, CALIBRATION_RUNS)
}

fn duration(seconds: f64) -> String {
    if seconds < 1e-3 {
        format!("{:.1} µs", seconds * 1e6)
    } else if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1e3)
    } else if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else if seconds < 7200.0 {
        format!("{:.0} min", seconds / 60.0)
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}

fn bytes(b: f64) -> String {
    if b < 1024.0 * 1024.0 {
        format!("{:.0} KiB", b / 1024.0)
    } else if b < GIB {
        format!("{:.0} MiB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.1} GiB", b / GIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_read_in_their_unit() {
        assert_eq!(duration(34e-6), "34.0 µs");
        assert_eq!(duration(0.25), "250 ms");
        assert_eq!(duration(9.5 * 3600.0), "9.5 h");
        assert_eq!(bytes(4.3 * GIB), "4.3 GiB");
        assert_eq!(bytes(154.0 * 1024.0 * 1024.0), "154 MiB");
    }

    #[test]
    fn past_the_budget_is_refused_unless_forced() {
        let estimate = Estimate {
            seconds_per_run: 34e-6,
            seconds: 34e-6 * 1e9 / 2.0,
            memory: 10e6,
            files: 1e6,
            workers: 2,
        };
        // 10^9 runs of 34 µs on 2 threads: 4.7 h, under 12 h, so a note.
        let note = estimate.check(1_000_000_000, false).unwrap().unwrap();
        assert!(note.contains("4.7 h"), "{note}");
        let longer = Estimate {
            seconds: 13.0 * 3600.0,
            ..estimate
        };
        let err = longer.check(1_000_000_000, false).unwrap_err().to_string();
        assert!(err.contains("past the budget"), "{err}");
        assert!(longer.check(1_000_000_000, true).unwrap().is_some());
        let small = Estimate {
            seconds: 1.0,
            ..estimate
        };
        assert!(small.check(20_000, false).unwrap().is_none());
    }
}
