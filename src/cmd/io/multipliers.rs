//! `chainsim io multipliers`: output, income and satellite multipliers.

use anyhow::Context;
use chainsim::io::{Households, MultiplierInputs, multipliers};

use super::input::{OutputArgs, TableArgs, at};

/// Arguments of `chainsim io multipliers`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Value-added row of household income (e.g. `compensation`); with --households-col,
    /// closes the model for households for income and Type II multipliers.
    #[arg(long, value_name = "LABEL", requires = "households_col")]
    households_row: Option<String>,
    /// Final-demand column of household consumption (e.g. `households`).
    #[arg(long, value_name = "LABEL", requires = "households_row")]
    households_col: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the report.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input = args.table.load()?;
    let households = match (&args.households_row, &args.households_col) {
        (Some(row), Some(col)) => Some(
            Households::from_table(input.table("closing the model for households")?, row, col)
                .with_context(at(&input.file))?,
        ),
        _ => None,
    };
    let inputs = MultiplierInputs {
        households,
        satellites: input.satellites(),
    };
    let report = multipliers(&input.model, &inputs).with_context(at(&input.file))?;
    args.output.emit(input.value_terms.as_ref(), &report, &[])
}
