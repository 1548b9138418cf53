//! `chainsim-gate`: the instruction-count gate (see docs/benchmarks.md).
//!
//! - `chainsim-gate check`: measure, compare with `benches/baseline/instructions.json`, exit 1
//!   on a regression of more than 5% (2 if the gate itself could not run).
//! - `chainsim-gate record`: measure and rewrite the baseline, to accept an intended change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chainsim_gate::baseline::Counts;
use chainsim_gate::compare::{DEFAULT_THRESHOLD_PERCENT, Reference, compare, reference_for};
use chainsim_gate::measure::{BenchOptions, measure_parent, run_benchmarks, rustc_version};
use clap::{Parser, Subcommand};

/// The instruction-count performance gate of chainsim.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Measure the gate benchmarks and compare them with the baseline.
    Check {
        /// Fail when a kernel is more than this many percent above its reference.
        #[arg(long, default_value_t = DEFAULT_THRESHOLD_PERCENT)]
        threshold: f64,
        #[command(flatten)]
        common: Common,
    },
    /// Measure the gate benchmarks and write them as the new baseline.
    Record {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
struct Common {
    /// Workspace root [default: the one this tool was built in].
    #[arg(long)]
    root: Option<PathBuf>,
    /// Baseline file [default: <root>/benches/baseline/instructions.json].
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Root-package features to build the benchmarks with (test-only, e.g. gate-slowdown).
    #[arg(long)]
    features: Vec<String>,
    /// Only run benchmarks whose module path matches this gungraun pattern, e.g.
    /// 'gate::stats_group::sketch_insert'; kernels not run are then not checked.
    #[arg(long)]
    filter: Option<String>,
}

impl Common {
    fn root(&self) -> PathBuf {
        let root = self
            .root
            .clone()
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
        root.canonicalize().unwrap_or(root)
    }

    fn baseline(&self, root: &Path) -> PathBuf {
        self.baseline
            .clone()
            .unwrap_or_else(|| root.join("benches/baseline/instructions.json"))
    }

    fn bench_options(&self) -> BenchOptions {
        BenchOptions {
            features: self.features.clone(),
            filter: self.filter.clone(),
            target_dir: None,
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("chainsim-gate: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs the command; `Ok(false)` when the gate fails.
fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Cmd::Check { threshold, common } => check(&common, threshold),
        Cmd::Record { common } => record(&common),
    }
}

fn check(common: &Common, threshold: f64) -> anyhow::Result<bool> {
    let root = common.root();
    let baseline_path = common.baseline(&root);
    let baseline = Counts::read(&baseline_path)
        .context("no baseline to compare with (record one with `chainsim-gate record`)")?;
    let rustc = rustc_version(&root)?;
    let options = common.bench_options();
    let (reference_name, mut reference) = match reference_for(&baseline.rustc, &rustc) {
        Reference::Baseline => ("baseline", baseline.kernels),
        Reference::Parent {
            baseline_rustc,
            current_rustc,
        } => {
            println!(
                "The compiler changed: the baseline was measured with `{baseline_rustc}`, this is \
                 `{current_rustc}`. Counts from different compilers are not comparable, so the \
                 parent commit is measured now with `{current_rustc}` and used as the reference."
            );
            let (parent, counts) = measure_parent(&root, &options)?;
            println!("Parent commit {parent} measured.");
            ("parent", counts)
        }
    };
    let now = run_benchmarks(&root, &options)?;
    if common.filter.is_some() {
        reference.retain(|kernel, _| now.contains_key(kernel));
        println!(
            "Filtered run: only the {} kernel(s) run are checked.",
            now.len()
        );
    }
    let verdict = compare(&reference, &now, threshold);
    print!("{}", verdict.render(reference_name));
    if !verdict.passed() {
        println!(
            "If the change is intended, accept it in the same commit: `cargo run -p chainsim-gate -- record` \
             rewrites {} (see docs/benchmarks.md).",
            baseline_path.display()
        );
    }
    Ok(verdict.passed())
}

fn record(common: &Common) -> anyhow::Result<bool> {
    anyhow::ensure!(
        common.features.is_empty() && common.filter.is_none(),
        "a baseline is recorded from the full, unmodified benchmark set (no --features, no --filter)"
    );
    let root = common.root();
    let path = common.baseline(&root);
    let rustc = rustc_version(&root)?;
    let now = run_benchmarks(&root, &common.bench_options())?;
    let old = Counts::read(&path)
        .ok()
        .filter(|old| old.rustc == rustc)
        .map(|old| old.kernels)
        .unwrap_or_default();
    let counts = Counts::new(rustc, now);
    counts.write(&path)?;
    print!(
        "{}",
        compare(&old, &counts.kernels, DEFAULT_THRESHOLD_PERCENT).render_table("old")
    );
    println!(
        "Recorded {} kernel(s) with {} in {}; commit it with the change it accepts.",
        counts.kernels.len(),
        counts.rustc,
        path.display()
    );
    Ok(true)
}
