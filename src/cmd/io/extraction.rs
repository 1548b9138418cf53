//! `chainsim io extraction`: hypothetical extraction of each sector in turn.

use anyhow::Context;
use chainsim::io::extraction;

use super::input::{OutputArgs, TableArgs, at};

/// Arguments of `chainsim io extraction`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the report, holding final demand at its base-year level f = (I − A) x.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input = args.table.load()?;
    let final_demand = input
        .model
        .base_final_demand()
        .with_context(at(&input.file))?;
    let report = extraction(&input.model, &final_demand).with_context(at(&input.file))?;
    args.output.emit(input.value_terms.as_ref(), &report, &[])
}
