//! `chainsim goal-seek`: the growth at which a target reaches a probability.

use std::fmt::Write as _;

use anyhow::Context;
use chainsim::analysis::goal_seek::{GoalSeekRequest, Parameter, goal_seek};

use crate::output::{print, print_table};

use super::format::{Format, TableOrJson};
use super::model_args::ModelArgs;
use super::run_args::RunArgs;

/// Arguments of `chainsim goal-seek`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario and how it compiles.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Target id.
    #[arg(long)]
    pub target: String,
    /// Probability to reach, in (0, 1).
    #[arg(long, default_value_t = 0.8)]
    pub probability: f64,
    /// Parameter to vary: `growth:<sector id>` shifts that sector's growth rate in every year.
    #[arg(long)]
    pub vary: String,
    /// Runs per evaluation, the seed they share, threads.
    #[command(flatten)]
    pub run: RunArgs,
    /// Search range of the shift, as LOW,HIGH (growth-rate points as fractions).
    #[arg(long, default_value = "-0.5,0.5", value_parser = parse_range)]
    pub range: (f64, f64),
    /// What to print: a table, or JSON.
    #[command(flatten)]
    pub print: TableOrJson,
}

fn parse_range(text: &str) -> Result<(f64, f64), String> {
    let (low, high) = text
        .split_once(',')
        .ok_or_else(|| format!("expected LOW,HIGH, got \"{text}\""))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<f64>()
            .map_err(|_| format!("\"{s}\" is not a number"))
    };
    Ok((parse(low)?, parse(high)?))
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    args.run.check()?;
    let model = args.model.load()?;
    let target_idx = super::target_index(&model, &args.target)?;
    let parameter = Parameter::parse(&model, &args.vary)
        .map_err(|message| anyhow::anyhow!("--vary: {message}"))?;
    let options = args.run.options(&model);
    let request = GoalSeekRequest {
        target_idx,
        probability: args.probability,
        parameter,
        range: args.range,
        tolerance: 1e-4,
    };
    // Bisection: the two ends, then one simulation a halving down to the tolerance.
    let halvings = ((request.range.1 - request.range.0) / request.tolerance)
        .log2()
        .ceil()
        .max(0.0);
    args.run
        .guard(&model, &options, 2 + halvings as u64, false)?;
    let result = goal_seek(&model, &options, &request)
        .with_context(|| format!("{}", args.model.file.display()))?;
    if args.print.format() == Format::Json {
        let mut text = serde_json::to_string_pretty(&result)?;
        text.push('\n');
        return print(&text);
    }
    let target = &model.targets()[target_idx];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {:.0}% chance needs growth of \"{}\" shifted by {:+.2} points (95% MC interval {:+.2} to {:+.2}); achieved {:.1}% over {} runs, {} simulations",
        target.id,
        100.0 * result.probability,
        result.sector,
        100.0 * result.shift,
        100.0 * result.shift_low,
        100.0 * result.shift_high,
        100.0 * result.achieved_probability,
        result.runs,
        result.evaluations,
    );
    let _ = writeln!(out, "\nyear  mean growth now  needed");
    for year in &result.growth {
        let _ = writeln!(
            out,
            "{}  {:>15}  {:>6}",
            year.year,
            format!("{:+.2}%", 100.0 * year.baseline),
            format!("{:+.2}%", 100.0 * year.needed)
        );
    }
    print_table(&out, super::labels(&model))
}
