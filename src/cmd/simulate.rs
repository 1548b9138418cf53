//! `chainsim simulate`: Monte Carlo over a scenario, target probabilities out.

use std::path::PathBuf;

use anyhow::Context;
use chainsim::scenario::SamplerKind;
use chainsim::{Report, RunOptions, simulate};
use chainsim_report::simulation;
use clap::ValueEnum;

use super::format::{Format, TableOrJson};
use super::model_args::ModelArgs;
use super::run_args::RunArgs;
use crate::output::{print, write_all_atomically};
use crate::progress::{CliObserver, Draws};

/// Arguments of `chainsim simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario and how it compiles.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Runs, seed and threads.
    #[command(flatten)]
    pub run: RunArgs,
    /// Directory for targets.csv, trajectories.csv and summary.json.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// What to print: a table, or the JSON summary.
    #[command(flatten)]
    pub print: TableOrJson,
    /// Also write every run's target metrics to this CSV file.
    #[arg(long)]
    pub draws: Option<PathBuf>,
    /// Point set driving the runs [default: the scenario's `sampling.method`].
    #[arg(long, value_enum)]
    pub sampler: Option<Sampler>,
    /// Run until every target probability's 95% interval half-width is at most this
    /// (e.g. 0.01), up to --runs (default 10,000,000) runs.
    #[arg(long)]
    pub precision: Option<f64>,
    /// Also write SVG charts: fan-<sector>.svg (gross output bands) and targets.svg
    /// (probabilities with 95% intervals).
    #[arg(long)]
    pub charts: bool,
}

/// The samplers, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sampler {
    /// Pseudo-random Monte Carlo.
    MonteCarlo,
    /// Latin hypercube.
    LatinHypercube,
    /// Scrambled Sobol (quasi-Monte Carlo).
    Sobol,
}

impl From<Sampler> for SamplerKind {
    fn from(sampler: Sampler) -> SamplerKind {
        match sampler {
            Sampler::MonteCarlo => SamplerKind::MonteCarlo,
            Sampler::LatinHypercube => SamplerKind::LatinHypercube,
            Sampler::Sobol => SamplerKind::Sobol,
        }
    }
}

/// The most runs precision control makes when --runs is not given.
const PRECISION_MAX_RUNS: u64 = 10_000_000;

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    args.run.check()?;
    let model = args.model.load()?;
    let default_runs = if args.precision.is_some() {
        PRECISION_MAX_RUNS
    } else {
        model.default_runs()
    };
    let options = RunOptions {
        runs: args.run.runs.unwrap_or(default_runs),
        sampler: args
            .sampler
            .map_or(model.default_sampler(), SamplerKind::from),
        precision: args.precision,
        ..args.run.options(&model)
    };
    let target_ids: Vec<String> = model.targets().iter().map(|t| t.id.clone()).collect();
    let draws = match &args.draws {
        Some(path) => Some(Draws::create(path, &target_ids)?),
        None => None,
    };
    let mut observer = CliObserver::new(options.runs, draws);
    let result = simulate(&model, &options, &mut observer);
    let draws = observer.finish();
    let summary = match result {
        Ok(summary) => summary,
        Err(err) => {
            if let Some(draws) = draws {
                draws.discard();
            }
            return Err(err).with_context(|| format!("{}", args.model.file.display()));
        }
    };
    let report = Report::new(&model, &options, &summary);
    let json = simulation::summary_json(&report);
    let targets_csv = simulation::targets_csv(&report);
    let trajectories_csv = simulation::trajectories_csv(&report);
    let charts = if args.charts {
        chainsim_report::charts::chart_files(&report)
    } else {
        Vec::new()
    };
    let mut files: Vec<(&str, &[u8])> = vec![
        ("targets.csv", targets_csv.as_bytes()),
        ("trajectories.csv", trajectories_csv.as_bytes()),
        ("summary.json", json.as_bytes()),
    ];
    files.extend(
        charts
            .iter()
            .map(|(name, svg)| (name.as_str(), svg.as_bytes())),
    );
    let written = write_all_atomically(&args.out, &files);
    match (written, draws) {
        (Ok(()), Some(draws)) => draws.commit()?,
        (Ok(()), None) => {}
        (Err(err), draws) => {
            if let Some(draws) = draws {
                draws.discard();
            }
            return Err(err);
        }
    }
    match args.print.format() {
        Format::Table => print(&simulation::table(&report)),
        Format::Json => print(&json),
        Format::Csv => unreachable!("simulate does not offer --format csv"),
    }
}
