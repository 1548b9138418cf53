//! `chainsim io prices`: Leontief's price model with some sectors' prices set.

use anyhow::Context;
use chainsim_report::io::PriceReport;

use super::assign::{Flag, number, sector_values};
use super::input::{OutputArgs, TableArgs, at};

/// Arguments of `chainsim io prices`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("given").required(true).multiple(true)))]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// A price change in percent, SECTOR=CHANGE% (e.g. `crude oil=+30%`); repeatable. The
    /// sector's price index becomes 1 + CHANGE/100 and the other sectors pass it on.
    #[arg(long, value_name = "SECTOR=CHANGE%", group = "given")]
    shock: Vec<String>,
    /// A price index, SECTOR=INDEX (e.g. `crude oil=1.3`, base year 1); repeatable.
    #[arg(long, value_name = "SECTOR=INDEX", group = "given")]
    price: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the report.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input = args.table.load()?;
    let shock = Flag {
        name: "--shock",
        form: "SECTOR=CHANGE%",
        example: "\"crude oil=+30%\"",
        expected: "a change in percent such as +30%",
    };
    let mut given = sector_values(&input, &shock, &args.shock, |text| {
        let change: f64 = text.strip_suffix('%')?.trim().parse().ok()?;
        Some(1.0 + change / 100.0)
    })?;
    let price = Flag {
        name: "--price",
        form: "SECTOR=INDEX",
        example: "\"crude oil=1.3\"",
        expected: "a finite number",
    };
    let prices = sector_values(&input, &price, &args.price, number)?;
    for &(sector_idx, price) in &prices {
        if given.iter().any(|&(i, _)| i == sector_idx) {
            anyhow::bail!(
                "--price: {} already has a --shock",
                input.model.sectors()[sector_idx]
            );
        }
        given.push((sector_idx, price));
    }
    let report = PriceReport::new(&input.model, &given).with_context(at(&input.file))?;
    args.output.emit(input.value_terms.as_ref(), &report, &[])
}
