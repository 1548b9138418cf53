//! `chainsim io aggregate`: merge sectors or regions of a table by a mapping.

use std::path::PathBuf;

use anyhow::Context;
use chainsim::io::Aggregation;
use chainsim_report::io::TableReport;

use super::input::{OutputArgs, TableArgs, at, read};
use super::table_out::{TableOutArgs, emit_table};

/// Arguments of `chainsim io aggregate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Mapping as CSV: a header row, then SOURCE,TARGET for every sector of the table
    /// (labels split at --region-separator, so regions can be merged too).
    #[arg(long, value_name = "FILE")]
    map: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    table_out: TableOutArgs,
}

/// Runs the report. The aggregated table is written as a sheet `chainsim io` reads back;
/// with --satellites and a CSV --out, the aggregated accounts go next to it in
/// `<out>.satellites.csv`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input = args.table.load()?;
    let table = input.table("aggregation")?;
    let map = Aggregation::from_csv(
        read(&args.map)?.as_slice(),
        table.sectors(),
        input.separator.as_deref(),
    )
    .with_context(at(&args.map))?;
    let aggregated = map.aggregate_table(table).with_context(at(&input.file))?;
    let report = TableReport::new(&aggregated);
    let companions: Vec<(&str, String)> = report
        .satellites_csv()
        .map(|csv| ("satellites.csv", csv))
        .into_iter()
        .collect();
    emit_table(
        &args.output,
        &args.table_out,
        input.value_terms.as_ref(),
        &report,
        &companions,
        &aggregated,
    )
}
