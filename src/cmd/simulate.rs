//! `chainsim simulate`: Monte Carlo over a scenario, target probabilities out.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use anyhow::Context;
use chainsim::analysis::bases::BaseCheck;
use chainsim::engine::{CHUNK_RUNS, simulate_chunks};
use chainsim::report::ScenarioContext;
use chainsim::scenario::SamplerKind;
use chainsim::summary::ChunkRange;
use chainsim::{Model, Report, RunOptions, simulate};
use chainsim_report::html::{Provenance, SimulationPage};
use chainsim_report::simulation;
use clap::ValueEnum;

use super::format::{Format, TableOrJson};
use super::model_args::ModelArgs;
use super::run_args::RunArgs;
use super::shard::{PART_NAME, ShardArg};
use crate::output::{OutputDir, OutputFile, csv_bytes, print, print_table, split_file_path};
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
    /// Directory for targets.csv, trajectories.csv and summary.json, replaced as a whole
    /// (it may hold only CSV, JSON, SVG and HTML files) [default: out/<scenario file's
    /// name without .toml>, so variants do not overwrite each other].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write the report a planning office can hand around: one self-contained HTML file
    /// (inside --out or elsewhere) with the targets, fan charts, projects, chains, energy,
    /// assumed bases, every source and assumption, and what reproduces the run.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// With --report: also rerun the scenario with each assumed base level (one a target
    /// rests on) lowered and raised by CHANGE (0.1 = ±10%, the default), same runs and seed,
    /// as `chainsim bases` does, and print each such target's probability at both beside
    /// the simulated one. Costs two more simulations per assumed base.
    #[arg(
        long,
        value_name = "CHANGE",
        num_args = 0..=1,
        default_missing_value = "0.1",
        requires = "report"
    )]
    pub bases: Option<f64>,
    /// Write the CSV files with a UTF-8 byte order mark, so Excel on Windows shows 亿元 and
    /// other non-ASCII text correctly when the file is double-clicked.
    #[arg(long)]
    pub excel: bool,
    /// What to print: a table, or the JSON summary.
    #[command(flatten)]
    pub print: TableOrJson,
    /// Also write every run's target metrics to this CSV file (inside --out or elsewhere).
    #[arg(long)]
    pub draws: Option<PathBuf>,
    /// Point set driving the runs [default: the scenario's `sampling.method`].
    #[arg(long, value_enum)]
    pub sampler: Option<Sampler>,
    /// Run until every target probability's 95% interval half-width is at most this
    /// (e.g. 0.01), up to --runs (default 10,000,000) runs.
    #[arg(long)]
    pub precision: Option<f64>,
    /// Also write SVG charts: fan-<sector>.svg (the bands of each sector's value — output ×
    /// price for a priced sector, output in its own unit for one without a price) and
    /// targets.svg (a row per target: its probability with the 95% interval; past 40
    /// targets the rows continue in targets-2.svg, …).
    #[arg(long)]
    pub charts: bool,
    /// Run only shard K of N (K from 0): the chunks ⌊K·C/N⌋ to ⌊(K+1)·C/N⌋ − 1 of the
    /// C = ⌈runs/256⌉ chunks of the whole job. --out then also gets part.json, which
    /// `chainsim merge` combines with the other shards' into the files of one process.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<ShardArg>,
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

/// The files every run writes into --out (charts come on top).
pub const OUTPUT_NAMES: [&str; 3] = ["targets.csv", "trajectories.csv", "summary.json"];

/// The most runs precision control makes when --runs is not given.
const PRECISION_MAX_RUNS: u64 = 10_000_000;

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    args.run.check()?;
    if let Some(change) = args.bases {
        if !(change > 0.0 && change < 1.0) {
            anyhow::bail!("--bases: the change must lie in (0, 1), got {change}");
        }
        if args.shard.is_some() || args.precision.is_some() {
            anyhow::bail!(
                "--bases: reruns the whole scenario at a fixed number of runs, so it does not combine with --shard or --precision; leave out one of them"
            );
        }
    }
    if args.shard.is_some() && args.precision.is_some() {
        anyhow::bail!(
            "--shard: --precision decides where to stop from every chunk in turn, so it runs in one process; leave out one of them"
        );
    }
    let super::Loaded {
        scenario,
        model,
        sha256: scenario_sha256,
    } = super::load(&args.model.file, &args.model.compile.options())?;
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
    let n_chunks = options.runs.div_ceil(CHUNK_RUNS);
    let chunks = match args.shard {
        Some(ShardArg(shard)) => super::shard::chunks_of(shard, options.runs)?,
        None => ChunkRange::all(n_chunks),
    };
    // What the job (a shard: its share) will cost, before any file is touched: refused past
    // the budget, a note above a smaller one. A job of one chunk needs none.
    let runs_here = chunks.runs(options.runs, CHUNK_RUNS);
    let moved_simulations = if args.bases.is_some() {
        BaseCheck::moved_simulations(&model) as u64
    } else {
        0
    };
    args.run.guard_runs(
        &model,
        &options,
        runs_here,
        1 + moved_simulations,
        args.draws.is_some(),
    )?;
    if let Some(change) = args.bases {
        if moved_simulations == 0 {
            eprintln!(
                "--bases: no target rests on an assumed base level; nothing more to simulate"
            );
        } else {
            eprintln!(
                "--bases: {moved_simulations} more simulations of {} runs each after this one ({} assumed base levels, each lowered and raised by {})",
                options.runs,
                moved_simulations / 2,
                chainsim_report::numbers::percent(change)
            );
        }
    }
    let target_ids: Vec<String> = model.targets().iter().map(|t| t.id.clone()).collect();
    // Every output path is checked, and its temporary made, before the runs start.
    let out_path = match &args.out {
        Some(path) => path.clone(),
        None => default_out(&args.model.file)?,
    };
    if !args.run.force {
        refuse_other_run(&out_path, model.name())?;
    }
    let out = OutputDir::prepare("--out", &out_path)?;
    let report_file = match &args.report {
        Some(path) if out.holds(path) => {
            let (_, name) = split_file_path("--report", path)?;
            if OUTPUT_NAMES.contains(&name) || name == PART_NAME || !name.ends_with(".html") {
                anyhow::bail!(
                    "--report {}: give a file name ending in .html that simulate does not write itself",
                    path.display()
                );
            }
            Some(ReportFile::Inside(name.to_string()))
        }
        Some(path) => {
            crate::output::check_html_name("--report", path)?;
            Some(ReportFile::Outside(OutputFile::prepare("--report", path)?))
        }
        None => None,
    };
    let (draws_file, draws) = match &args.draws {
        Some(path) if out.holds(path) => {
            let (_, name) = split_file_path("--draws", path)?;
            if OUTPUT_NAMES.contains(&name) || name == PART_NAME || name.ends_with(".svg") {
                anyhow::bail!(
                    "--draws {}: simulate writes that file itself; give another name",
                    path.display()
                );
            }
            let file = out.create(name)?;
            (None, Some(Draws::new(file, path, &target_ids)))
        }
        Some(path) => {
            if std::path::absolute(path).ok() == std::path::absolute(&out_path).ok() {
                anyhow::bail!("--draws {}: is the --out folder", path.display());
            }
            let file = OutputFile::prepare("--draws", path)?;
            let draws = Draws::new(file.file()?, path, &target_ids);
            (Some(file), Some(draws))
        }
        None => (None, None),
    };
    let mut observer = CliObserver::new(runs_here, draws);
    let result = match args.shard {
        Some(_) => simulate_chunks(&model, &options, chunks, &mut observer),
        None => simulate(&model, &options, &mut observer),
    };
    let draws = observer.finish();
    let summary = result.with_context(|| format!("{}", args.model.file.display()))?;
    if let Some(draws) = draws {
        draws.finish()?;
    }
    if let Some(ShardArg(shard)) = args.shard {
        let header = super::shard::header(
            "simulate",
            scenario_sha256.clone(),
            args.model.compile.repair_correlation,
            &options,
            shard,
            chunks,
            BTreeMap::new(),
        );
        out.write(
            PART_NAME,
            super::shard::part_text(header, &summary).as_bytes(),
        )?;
    }
    let report = Report::new(&model, &options, &summary);
    let bases = match args.bases {
        Some(change) => {
            let mut observer =
                CliObserver::new(options.runs.saturating_mul(moved_simulations), None);
            let check = BaseCheck::around(&model, &options, change, &report, &mut observer);
            observer.finish();
            Some(check.with_context(|| format!("{}", args.model.file.display()))?)
        }
        None => None,
    };
    let context = ScenarioContext::new(&model, &scenario);
    let json = write_report(&out, &report, &context, args.charts, args.excel)?;
    if let Some(file) = &report_file {
        let provenance = Provenance {
            scenario_file: args.model.file.display().to_string(),
            scenario_sha256: scenario_sha256.clone(),
            command: command_line(&args, &options),
        };
        let html = chainsim_report::html::simulation(&SimulationPage {
            report: &report,
            context: &context,
            provenance: &provenance,
            bases: bases.as_ref(),
        });
        match file {
            ReportFile::Inside(name) => out.write(name, html.as_bytes())?,
            ReportFile::Outside(file) => file.write(html.as_bytes())?,
        }
    }
    out.commit()?;
    if let Some(ReportFile::Outside(file)) = report_file {
        file.commit()?;
    }
    if let Some(file) = draws_file {
        file.commit()?;
    }
    print_report(&model, &report, &json, args.print.format())
}

/// Where the HTML report goes: into the --out folder, or a file of its own.
enum ReportFile {
    Inside(String),
    Outside(OutputFile),
}

/// `out/<scenario file stem>`: each scenario's run in a folder of its own.
pub fn default_out(scenario: &Path) -> anyhow::Result<PathBuf> {
    let stem = scenario
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .with_context(|| {
            format!(
                "{}: no file name to name the output folder after; give --out",
                scenario.display()
            )
        })?;
    Ok(Path::new("out").join(stem))
}

/// Refuses an output folder whose summary.json is another scenario's run.
fn refuse_other_run(out: &Path, scenario: &str) -> anyhow::Result<()> {
    let Ok(text) = std::fs::read_to_string(out.join(OUTPUT_NAMES[2])) else {
        return Ok(());
    };
    let held = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("scenario").and_then(|s| s.as_str()).map(String::from));
    match held {
        Some(held) if held == scenario => Ok(()),
        Some(held) => anyhow::bail!(
            "--out {}: holds a run of another scenario (\"{}\"); give another --out, or --force to replace it",
            out.display(),
            crate::terminal::escape_line(&held)
        ),
        None => anyhow::bail!(
            "--out {}: its summary.json is not one chainsim wrote; give another --out, or --force to replace it",
            out.display()
        ),
    }
}

/// The command line that reproduces a run, as a report prints it.
fn command_line(args: &Args, options: &RunOptions) -> String {
    let sampler = options.sampler.name().replace('_', "-");
    let mut line = format!(
        "chainsim simulate {} --seed {} --runs {} --sampler {sampler}",
        args.model.file.display(),
        options.seed,
        options.runs
    );
    if args.model.compile.repair_correlation {
        line.push_str(" --repair-correlation");
    }
    if let Some(precision) = options.precision {
        line.push_str(&format!(" --precision {precision}"));
    }
    if let (Some(report), Some(change)) = (&args.report, args.bases) {
        line.push_str(&format!(" --report {} --bases {change}", report.display()));
    }
    line
}

/// Writes a simulation's files (and charts) into the staged folder; returns the JSON summary.
/// With `excel`, the CSV files start with a UTF-8 byte order mark.
pub fn write_report(
    out: &OutputDir,
    report: &Report,
    context: &ScenarioContext,
    charts: bool,
    excel: bool,
) -> anyhow::Result<String> {
    let json = simulation::summary_json(report);
    out.write(
        OUTPUT_NAMES[0],
        &csv_bytes(&simulation::targets_csv(report), excel),
    )?;
    out.write(
        OUTPUT_NAMES[1],
        &csv_bytes(&simulation::trajectories_csv(report), excel),
    )?;
    out.write(OUTPUT_NAMES[2], json.as_bytes())?;
    if charts {
        for (name, svg) in chainsim_report::charts::chart_files(report, context) {
            out.write(&name, svg.as_bytes())?;
        }
    }
    Ok(json)
}

/// Prints a simulation's results: the table, or the JSON summary.
pub fn print_report(
    model: &Model,
    report: &Report,
    json: &str,
    format: Format,
) -> anyhow::Result<()> {
    match format {
        Format::Table => print_table(&simulation::table(report), super::labels(model)),
        Format::Json => print(json),
        Format::Csv => unreachable!("simulate does not offer --format csv"),
    }
}
