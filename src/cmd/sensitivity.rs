//! `chainsim sensitivity`: which uncertain inputs drive a target.

use std::path::PathBuf;

use anyhow::Context;
use chainsim::analysis::sensitivity::{SensitivityRequest, named_group, sensitivity};
use chainsim_report::tornado::tornado_svg;

use crate::output::{OutputFile, print, print_table};

use super::format::{Format, TableOrJson};
use super::model_args::ModelArgs;

/// Arguments of `chainsim sensitivity`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario and how it compiles.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Target id whose metric is analysed.
    #[arg(long)]
    pub target: String,
    /// Base samples of the Saltelli design (a power of two; runs = base × (factors + 2)).
    #[arg(long, default_value_t = 1024)]
    pub base_samples: usize,
    /// Bootstrap resamples for the 95% intervals.
    #[arg(long, default_value_t = 100)]
    pub resamples: usize,
    /// Runs of the ordinary simulation behind the rank correlations.
    #[arg(long, default_value_t = 10_000)]
    pub rank_runs: u64,
    /// Seed [default: the scenario's `sampling.seed`].
    #[arg(long)]
    pub seed: Option<u64>,
    /// An extra named group of inputs, NAME=PREFIX[,PREFIX…]: every input whose name starts
    /// with a prefix, e.g. `--group "fibre chain=growth.carbon_fibre,coefficient.chemicals.carbon_fibre"`.
    #[arg(long)]
    pub group: Vec<String>,
    /// What to print: tables, or JSON.
    #[command(flatten)]
    pub print: TableOrJson,
    /// Also write the tornado chart to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    let model = args.model.load()?;
    // Checked, and its temporary made, before the analysis starts.
    let chart = match &args.chart {
        Some(path) => Some(OutputFile::prepare("--chart", path)?),
        None => None,
    };
    let target_idx = super::target_index(&model, &args.target)?;
    if args.base_samples < 2 || args.rank_runs < 3 {
        anyhow::bail!("--base-samples must be at least 2 and --rank-runs at least 3");
    }
    let mut extra_groups = Vec::with_capacity(args.group.len());
    for spec in &args.group {
        let (name, prefixes) = spec
            .split_once('=')
            .with_context(|| format!("--group: expected NAME=PREFIX[,PREFIX…], got \"{spec}\""))?;
        let prefixes: Vec<&str> = prefixes.split(',').map(str::trim).collect();
        extra_groups.push(
            named_group(&model, name.trim(), &prefixes)
                .map_err(|message| anyhow::anyhow!("--group {spec}: {message}"))?,
        );
    }
    let request = SensitivityRequest {
        target_idx,
        n_base: args.base_samples,
        resamples: args.resamples,
        rank_runs: args.rank_runs,
        seed: args.seed.unwrap_or(model.default_seed()),
        extra_groups,
    };
    let report =
        sensitivity(&model, &request).with_context(|| format!("{}", args.model.file.display()))?;
    if let Some(chart) = chart {
        let title = format!("{} — {}", report.target, report.label);
        chart.write(tornado_svg(&report.tornado, &title).as_bytes())?;
        chart.commit()?;
    }
    if args.print.format() == Format::Json {
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        return print(&text);
    }
    let mut labels = super::labels(&model);
    labels.extend(args.group.iter().map(String::as_str));
    print_table(&chainsim_report::sensitivity::table(&report), labels)
}
