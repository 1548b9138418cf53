//! `chainsim io linkages`: backward and forward linkages and key sectors.

use anyhow::Context;
use chainsim::io::linkages;

use super::input::{OutputArgs, TableArgs, at};

/// Arguments of `chainsim io linkages`.
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
    let report = linkages(&input.model).with_context(at(&input.file))?;
    args.output.emit(input.value_terms.as_ref(), &report, &[])
}
