//! `chainsim bases`: how each target's probability moves when the assumed base level it
//! rests on is lowered or raised.

use anyhow::Context;
use chainsim::analysis::bases::BaseCheck;

use crate::output::{print, print_table};
use crate::progress::CliObserver;

use super::format::Format;
use super::model_args::ModelArgs;
use super::run_args::RunArgs;

/// Arguments of `chainsim bases`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario and how it compiles.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Relative change of each assumed base level (0.1 = ±10%).
    #[arg(long, default_value_t = 0.1)]
    pub change: f64,
    /// Runs, seed and threads.
    #[command(flatten)]
    pub run: RunArgs,
    /// Output on the terminal (CSV: one row per target).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    args.run.check()?;
    if !(args.change > 0.0 && args.change < 1.0) {
        anyhow::bail!("--change: must lie in (0, 1), got {}", args.change);
    }
    let model = args.model.load()?;
    let options = args.run.options(&model);
    let simulations = BaseCheck::simulations(&model) as u64;
    args.run.guard(&model, &options, simulations, false)?;
    let mut observer = CliObserver::new(options.runs * simulations, None);
    let check = BaseCheck::new(&model, &options, args.change, &mut observer);
    observer.finish();
    let check = check.with_context(|| format!("{}", args.model.file.display()))?;
    match args.format {
        Format::Table => print_table(
            &chainsim_report::bases::table(&check),
            super::labels(&model),
        ),
        Format::Csv => print(&chainsim_report::bases::csv(&check)),
        Format::Json => print(&chainsim_report::bases::json(&check)),
    }
}
