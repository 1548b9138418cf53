//! `chainsim io coefficients`: the technical coefficients A = Z x̂⁻¹.

use chainsim_report::io::MatrixReport;

use super::input::{OutputArgs, TableArgs};

/// Arguments of `chainsim io coefficients`.
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
    args.output.emit(
        input.value_terms.as_ref(),
        &MatrixReport::coefficients(&input.model),
        &[],
    )
}
