//! `chainsim merge`: the part files of a sharded `simulate` (or `sensitivity`) into the
//! files one process would have written.

use std::path::PathBuf;

use anyhow::Context;
use chainsim::Report;
use chainsim::summary::Summary;
use chainsim::summary::part::{PartCheck, PartHeader, add_summary};

use super::format::TableOrJson;
use super::model_args::ModelArgs;
use super::shard::{explain, options_of, read_part};
use crate::output::OutputDir;

/// Arguments of `chainsim merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario the parts were run on, and how it was compiled.
    #[command(flatten)]
    pub model: ModelArgs,
    /// The shards' part files, or the shards' output folders (each holding part.json).
    #[arg(required = true, num_args = 1.., value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Directory for targets.csv, trajectories.csv and summary.json, replaced as a whole
    /// (as `simulate --out`) [default: out]. Sensitivity parts write no folder: their
    /// analysis is printed.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// What to print: a table, or the JSON summary.
    #[command(flatten)]
    pub print: TableOrJson,
    /// Also write the SVG charts `simulate --charts` writes.
    #[arg(long)]
    pub charts: bool,
    /// Sensitivity parts: also write the tornado chart to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    let super::Loaded {
        scenario,
        model,
        sha256: scenario_sha256,
    } = super::load(&args.model.file, &args.model.compile.options())?;
    let command = match args.parts.first() {
        Some(first) => super::shard::command_of(first)?,
        None => anyhow::bail!("no part given"),
    };
    if command == "sensitivity" {
        if args.out.is_some() || args.charts {
            anyhow::bail!(
                "--out, --charts: sensitivity parts merge into the printed analysis; give --chart FILE.svg for the tornado"
            );
        }
        return super::sensitivity::merge(&args, &model, &scenario_sha256);
    }
    if command != "simulate" {
        anyhow::bail!(
            "{}: a part of `{command}`, which chainsim merge does not know",
            args.parts[0].display()
        );
    }
    if args.chart.is_some() {
        anyhow::bail!("--chart: simulate parts have the charts of --charts");
    }
    // Parts are read, checked and merged one at a time, so memory holds one part and the
    // total whatever their number.
    let mut check = PartCheck::new(&scenario_sha256, args.model.compile.repair_correlation);
    let mut summary = Summary::new(&model);
    let mut paths = Vec::with_capacity(args.parts.len());
    let mut headers = Vec::with_capacity(args.parts.len());
    for given in &args.parts {
        let (path, part) = read_part::<Summary>(given)?;
        paths.push(path);
        let checked = check
            .add(&part.header)
            .and_then(|()| add_summary(&model, &mut summary, headers.len(), &part));
        headers.push(part.header);
        if let Err(err) = checked {
            let headers: Vec<&PartHeader> = headers.iter().collect();
            return Err(explain(err, &paths, &headers));
        }
    }
    let header_refs: Vec<&PartHeader> = headers.iter().collect();
    check
        .finish()
        .map_err(|err| explain(err, &paths, &header_refs))?;
    let options = options_of(&headers[0]);
    if let Some(err) = chainsim::engine::unscored(&summary, options.runs) {
        return Err(err).with_context(|| format!("{}", args.model.file.display()));
    }
    // Every check passed before the output folder is touched.
    let out_path = args.out.clone().unwrap_or_else(|| PathBuf::from("out"));
    let out = OutputDir::prepare("--out", &out_path)?;
    let report = Report::new(&model, &options, &summary);
    let context = chainsim::report::ScenarioContext::new(&model, &scenario);
    let json = super::simulate::write_report(&out, &report, &context, args.charts, false)?;
    out.commit()?;
    super::simulate::print_report(&model, &report, &json, args.print.format())
}
