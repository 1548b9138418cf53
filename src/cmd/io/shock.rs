//! `chainsim io shock`: output changes from a final-demand or primary-input shock.

use std::path::PathBuf;

use anyhow::Context;
use chainsim::io::nalgebra::DMatrix;
use chainsim::io::{Block, LabelledMatrix};
use chainsim_report::io::ShockReport;

use super::assign::{Flag, number, sector_values};
use super::input::{Input, OutputArgs, TableArgs, at, read};

/// Arguments of `chainsim io shock`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").required(true).multiple(false)))]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// A final-demand change, SECTOR=CHANGE (e.g. `agriculture=+250`); repeatable.
    /// Output changes by Δx = L Δy.
    #[arg(long, value_name = "SECTOR=CHANGE", group = "change")]
    demand: Vec<String>,
    /// Final-demand changes as CSV: one row per sector (sectors left out do not change),
    /// one column per shock.
    #[arg(long, value_name = "FILE", group = "change")]
    demand_file: Option<PathBuf>,
    /// A primary-input (value-added) change, SECTOR=CHANGE; repeatable. Output changes by
    /// the supply-side (Ghosh) model, Δxᵀ = Δvᵀ G.
    #[arg(long, value_name = "SECTOR=CHANGE", group = "change")]
    supply: Vec<String>,
    /// Primary-input changes as CSV, laid out as for --demand-file.
    #[arg(long, value_name = "FILE", group = "change")]
    supply_file: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the report.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input = args.table.load()?;
    let accounts = input.satellites();
    let report = if !args.demand.is_empty() || args.demand_file.is_some() {
        let change = match &args.demand_file {
            Some(path) => change_file(&input, path)?,
            None => change_flags(&input, "--demand", &args.demand)?,
        };
        ShockReport::demand(&input.model, &change, &accounts)
    } else {
        let change = match &args.supply_file {
            Some(path) => change_file(&input, path)?,
            None => change_flags(&input, "--supply", &args.supply)?,
        };
        ShockReport::supply(&input.model, &change, &accounts)
    };
    let report = report.with_context(at(&input.file))?;
    args.output.emit(input.value_terms.as_ref(), &report, &[])
}

/// One shock, `shock`, from SECTOR=CHANGE arguments.
fn change_flags(input: &Input, flag: &str, items: &[String]) -> anyhow::Result<Block> {
    let flag = Flag {
        name: flag,
        form: "SECTOR=CHANGE",
        example: "agriculture=+250",
        expected: "a finite number",
    };
    let mut values = DMatrix::zeros(input.model.n_sectors(), 1);
    for (sector_idx, amount) in sector_values(input, &flag, items, number)? {
        values[(sector_idx, 0)] = amount;
    }
    Ok(Block {
        labels: vec!["shock".into()],
        values,
    })
}

/// Shocks from a CSV sheet with sector rows and one column per shock.
fn change_file(input: &Input, path: &std::path::Path) -> anyhow::Result<Block> {
    let sheet = LabelledMatrix::from_csv(read(path)?.as_slice(), "shock table")
        .and_then(|sheet| {
            let values = sheet.sector_rows(
                "shock row",
                input.model.sectors(),
                input.separator.as_deref(),
                true,
            )?;
            Ok(Block {
                labels: sheet.col_labels,
                values,
            })
        })
        .with_context(at(path))?;
    if sheet.labels.is_empty() {
        anyhow::bail!(
            "{}: the shock table has no value column (one column per shock)",
            path.display()
        );
    }
    Ok(sheet)
}
