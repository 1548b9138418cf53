//! `chainsim io ghosh`: the supply-side allocation coefficients and Ghosh inverse.

use anyhow::Context;
use chainsim_report::io::GhoshReport;

use super::input::{OutputArgs, TableArgs, at};

/// Arguments of `chainsim io ghosh`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the report.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input = args.table.load()?;
    let report = GhoshReport::new(&input.model).with_context(at(&input.file))?;
    args.output.emit(input.value_terms.as_ref(), &report, &[])
}
