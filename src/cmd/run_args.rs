//! `--runs`, `--seed` and `--threads`, shared by the commands that run plain simulations.

use chainsim::{Model, RunOptions};

use crate::guard::Estimate;

/// How many runs, from which seed, on how many threads.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Monte Carlo runs of each simulation [default: the scenario's `sampling.runs`].
    #[arg(long)]
    pub runs: Option<u64>,
    /// Master seed, the same for every simulation the command makes (common random
    /// numbers) [default: the scenario's `sampling.seed`].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Threads for the runs and for compiling the scenario's tabulated laws [default: all
    /// cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Run even when the estimate (from a short calibration) is past the budget of
    /// 12 hours, 8 GiB of memory or 4 GiB of files; `simulate`: also replace an --out
    /// folder holding another scenario's run.
    #[arg(long)]
    pub force: bool,
}

impl RunArgs {
    /// Rejects zero runs or threads before any scenario is read, and caps the threads that
    /// compiling the scenario may use at `--threads`.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.runs == Some(0) {
            anyhow::bail!("--runs: must be at least 1, got 0");
        }
        if self.threads == Some(0) {
            anyhow::bail!("--threads: must be at least 1, got 0");
        }
        if let Some(threads) = self.threads.filter(|&t| t > chainsim::engine::MAX_THREADS) {
            anyhow::bail!(
                "--threads: must be at most {}, got {threads}",
                chainsim::engine::MAX_THREADS
            );
        }
        if let Some(threads) = self.threads {
            chainsim::engine::cap_global_threads(threads);
        }
        Ok(())
    }

    /// The resource guard for `simulations` simulations of `options` on `model` (the
    /// `--draws` file when `draws`): refused past the budget unless `--force`, a note on
    /// stderr above the smaller one. A job of one chunk needs no estimate.
    pub fn guard(
        &self,
        model: &Model,
        options: &RunOptions,
        simulations: u64,
        draws: bool,
    ) -> anyhow::Result<()> {
        self.guard_runs(model, options, options.runs, simulations, draws)
    }

    /// [`RunArgs::guard`] for a process that makes `runs` of each simulation's runs (a
    /// shard's share of them).
    pub fn guard_runs(
        &self,
        model: &Model,
        options: &RunOptions,
        runs: u64,
        simulations: u64,
        draws: bool,
    ) -> anyhow::Result<()> {
        if runs.saturating_mul(simulations) <= chainsim::engine::CHUNK_RUNS {
            return Ok(());
        }
        if let Some(estimate) = Estimate::measure_runs(model, options, runs, draws) {
            let estimate = estimate.times(simulations);
            if let Some(note) = estimate.check(runs.saturating_mul(simulations), self.force)? {
                eprintln!("{note}");
            }
        }
        Ok(())
    }

    /// The options for `model`: these arguments over the scenario's own defaults.
    pub fn options(&self, model: &Model) -> RunOptions {
        RunOptions {
            runs: self.runs.unwrap_or(model.default_runs()),
            seed: self.seed.unwrap_or(model.default_seed()),
            threads: self.threads,
            ..RunOptions::from_model(model)
        }
    }
}
