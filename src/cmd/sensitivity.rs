//! `chainsim sensitivity`: which uncertain inputs drive a target.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use chainsim::Model;
use chainsim::analysis::sensitivity::{
    SensitivityPlan, SensitivityReport, SensitivityRequest, named_group, sensitivity,
};
use chainsim::summary::part::{PartHeader, check_parts, merge_outputs};
use chainsim_report::tornado::tornado_svg;

use crate::output::{OutputDir, OutputFile, print, print_table};

use super::format::{Format, TableOrJson};
use super::model_args::ModelArgs;
use super::shard::{PART_NAME, ShardArg, explain, read_parts};

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
    /// Also write the analysis as one self-contained HTML page (Sobol indices, the tornado,
    /// rank correlations, the scenario's sources and what reproduces it).
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Run only shard K of N (K from 0) of the analysis's runs (the Saltelli design's, then
    /// the rank correlations'), in chunks of 256: the chunks ⌊K·C/N⌋ to ⌊(K+1)·C/N⌋ − 1.
    /// Writes part.json into --out and prints nothing; `chainsim merge` prints the analysis.
    #[arg(long, value_name = "K/N", requires = "out")]
    pub shard: Option<ShardArg>,
    /// With --shard: the folder for part.json, replaced as a whole.
    #[arg(long, requires = "shard")]
    pub out: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    let super::Loaded {
        scenario,
        model,
        sha256: scenario_sha256,
    } = super::load(&args.model.file, &args.model.compile.options())?;
    if let (Some(ShardArg(shard)), Some(out)) = (args.shard, &args.out) {
        if args.chart.is_some() || args.report.is_some() {
            anyhow::bail!(
                "--chart: a shard has no analysis to chart; give --chart to chainsim merge"
            );
        }
        let settings = Settings::of(&args);
        let request = settings.request(&model, args.seed.unwrap_or(model.default_seed()))?;
        // Checked, and its temporary made, before the runs start.
        let out = OutputDir::prepare("--out", out)?;
        let located = || format!("{}", args.model.file.display());
        let plan = SensitivityPlan::new(&model, &request).with_context(located)?;
        let chunks = super::shard::chunks_of(shard, plan.runs())?;
        let outputs = plan.evaluate(chunks).with_context(located)?;
        let options = chainsim::RunOptions {
            runs: plan.runs(),
            seed: request.seed,
            sampler: model.default_sampler(),
            ..chainsim::RunOptions::default()
        };
        let header = super::shard::header(
            "sensitivity",
            scenario_sha256,
            args.model.compile.repair_correlation,
            &options,
            shard,
            chunks,
            settings.to_map(),
        );
        out.write(
            PART_NAME,
            super::shard::part_text(header, outputs).as_bytes(),
        )?;
        return out.commit();
    }
    // Checked, and its temporary made, before the analysis starts.
    let chart = match &args.chart {
        Some(path) => Some(OutputFile::prepare("--chart", path)?),
        None => None,
    };
    let html = match &args.report {
        Some(path) => {
            crate::output::check_html_name("--report", path)?;
            Some(OutputFile::prepare("--report", path)?)
        }
        None => None,
    };
    let seed = args.seed.unwrap_or(model.default_seed());
    let request = Settings::of(&args).request(&model, seed)?;
    let report =
        sensitivity(&model, &request).with_context(|| format!("{}", args.model.file.display()))?;
    if let Some(html) = html {
        let provenance = chainsim_report::html::Provenance {
            scenario_file: args.model.file.display().to_string(),
            scenario_sha256,
            command: command_line(&args, seed),
        };
        let context = chainsim::report::ScenarioContext::new(&model, &scenario);
        let page =
            chainsim_report::html::sensitivity(&report, model.name(), &context, &provenance, seed);
        html.write(page.as_bytes())?;
        html.commit()?;
    }
    show(&model, &report, &args.group, chart, args.print.format())
}

/// The command line that reproduces an analysis, as its report prints it.
fn command_line(args: &Args, seed: u64) -> String {
    let mut line = format!(
        "chainsim sensitivity {} --target {} --seed {seed} --base-samples {} --resamples {} --rank-runs {}",
        args.model.file.display(),
        args.target,
        args.base_samples,
        args.resamples,
        args.rank_runs
    );
    for group in &args.group {
        line.push_str(&format!(" --group \"{group}\""));
    }
    if args.model.compile.repair_correlation {
        line.push_str(" --repair-correlation");
    }
    line
}

/// What an analysis was asked for, as written in a part's settings.
struct Settings {
    target: String,
    base_samples: usize,
    resamples: usize,
    rank_runs: u64,
    groups: Vec<String>,
}

impl Settings {
    fn of(args: &Args) -> Settings {
        Settings {
            target: args.target.clone(),
            base_samples: args.base_samples,
            resamples: args.resamples,
            rank_runs: args.rank_runs,
            groups: args.group.clone(),
        }
    }

    fn to_map(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::from([
            ("target".to_string(), self.target.clone()),
            ("base_samples".to_string(), self.base_samples.to_string()),
            ("resamples".to_string(), self.resamples.to_string()),
            ("rank_runs".to_string(), self.rank_runs.to_string()),
        ]);
        for (k, group) in self.groups.iter().enumerate() {
            map.insert(format!("group.{k}"), group.clone());
        }
        map
    }

    /// The settings of a part, as its header wrote them.
    fn from_map(map: &BTreeMap<String, String>) -> anyhow::Result<Settings> {
        let get = |key: &str| {
            map.get(key)
                .with_context(|| format!("a sensitivity part without the setting {key}"))
        };
        let number = |key: &str| -> anyhow::Result<u64> {
            get(key)?
                .parse()
                .with_context(|| format!("the setting {key} is not a count"))
        };
        let groups = (0..)
            .map_while(|k| map.get(&format!("group.{k}")).cloned())
            .collect();
        Ok(Settings {
            target: get("target")?.clone(),
            base_samples: number("base_samples")? as usize,
            resamples: number("resamples")? as usize,
            rank_runs: number("rank_runs")?,
            groups,
        })
    }

    /// The library's request for `model`, with `seed`.
    fn request(&self, model: &Model, seed: u64) -> anyhow::Result<SensitivityRequest> {
        let target_idx = super::target_index(model, &self.target)?;
        if self.base_samples < 2 || self.rank_runs < 3 {
            anyhow::bail!("--base-samples must be at least 2 and --rank-runs at least 3");
        }
        let mut extra_groups = Vec::with_capacity(self.groups.len());
        for spec in &self.groups {
            let (name, prefixes) = spec.split_once('=').with_context(|| {
                format!("--group: expected NAME=PREFIX[,PREFIX…], got \"{spec}\"")
            })?;
            let prefixes: Vec<&str> = prefixes.split(',').map(str::trim).collect();
            extra_groups.push(
                named_group(model, name.trim(), &prefixes)
                    .map_err(|message| anyhow::anyhow!("--group {spec}: {message}"))?,
            );
        }
        Ok(SensitivityRequest {
            target_idx,
            n_base: self.base_samples,
            resamples: self.resamples,
            rank_runs: self.rank_runs,
            seed,
            extra_groups,
        })
    }
}

/// Writes the chart, if asked for, and prints the report.
fn show(
    model: &Model,
    report: &SensitivityReport,
    groups: &[String],
    chart: Option<OutputFile>,
    format: Format,
) -> anyhow::Result<()> {
    if let Some(chart) = chart {
        let title = format!("{} ({})", report.label, report.target);
        chart.write(tornado_svg(&report.tornado, &title).as_bytes())?;
        chart.commit()?;
    }
    if format == Format::Json {
        let mut text = serde_json::to_string_pretty(report)?;
        text.push('\n');
        return print(&text);
    }
    let mut labels = super::labels(model);
    labels.extend(groups.iter().map(String::as_str));
    print_table(&chainsim_report::sensitivity::table(report), labels)
}

/// `chainsim merge` of sensitivity parts: checks them, puts their outputs together in run
/// order and prints (and charts) the analysis as `chainsim sensitivity` would.
pub fn merge(
    args: &super::merge::Args,
    model: &Model,
    scenario_sha256: &str,
) -> anyhow::Result<()> {
    let (paths, parts) = read_parts::<Vec<f64>>(&args.parts)?;
    let headers: Vec<&PartHeader> = parts.iter().map(|p| &p.header).collect();
    check_parts(
        scenario_sha256,
        args.model.compile.repair_correlation,
        &headers,
    )
    .map_err(|err| explain(err, &paths, &headers))?;
    let outputs = merge_outputs(&parts).map_err(|err| explain(err, &paths, &headers))?;
    let header = &parts[0].header;
    let settings =
        Settings::from_map(&header.settings).with_context(|| format!("{}", paths[0].display()))?;
    let request = settings.request(model, header.seed)?;
    let located = || format!("{}", args.model.file.display());
    let plan = SensitivityPlan::new(model, &request).with_context(located)?;
    if plan.runs() != header.runs {
        anyhow::bail!(
            "{}: {} runs, but the scenario's analysis has {}",
            paths[0].display(),
            header.runs,
            plan.runs()
        );
    }
    let chart = match &args.chart {
        Some(path) => Some(OutputFile::prepare("--chart", path)?),
        None => None,
    };
    let report = plan.finish(&outputs).with_context(located)?;
    show(model, &report, &settings.groups, chart, args.print.format())
}
