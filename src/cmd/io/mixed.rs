//! `chainsim io mixed`: some sectors' outputs fixed, the others' final demands given.

use anyhow::Context;
use chainsim::io::nalgebra::DVector;
use chainsim_report::io::MixedReport;

use super::assign::{Flag, number, sector_values};
use super::input::{OutputArgs, TableArgs, at};

/// Arguments of `chainsim io mixed`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// A fixed (exogenous) output, SECTOR=OUTPUT (e.g. `manufacturing=1500`); repeatable,
    /// at least one. The sector's final demand is solved.
    #[arg(long, value_name = "SECTOR=OUTPUT", required = true)]
    fixed: Vec<String>,
    /// The final demand of a sector whose output is solved, SECTOR=DEMAND; repeatable.
    /// Sectors not named keep the table's base-year final demand (I − A) x.
    #[arg(long, value_name = "SECTOR=DEMAND")]
    demand: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the report.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input = args.table.load()?;
    let fixed_flag = Flag {
        name: "--fixed",
        form: "SECTOR=OUTPUT",
        example: "manufacturing=1500",
        expected: "a number at least 0",
    };
    let fixed = sector_values(&input, &fixed_flag, &args.fixed, |text| {
        number(text).filter(|x| *x >= 0.0)
    })?;
    let demand_flag = Flag {
        name: "--demand",
        form: "SECTOR=DEMAND",
        example: "agriculture=600",
        expected: "a finite number",
    };
    let demand = sector_values(&input, &demand_flag, &args.demand, number)?;
    let sectors = input.model.sectors();
    if let Some(&(sector_idx, _)) = demand
        .iter()
        .find(|(i, _)| fixed.iter().any(|(k, _)| k == i))
    {
        anyhow::bail!(
            "--demand: {} has a fixed output, so its final demand is solved, not given",
            sectors[sector_idx]
        );
    }
    let mut final_demand = match input.model.base_final_demand() {
        Ok(base) => base,
        Err(_) => {
            let given: Vec<usize> = fixed.iter().chain(&demand).map(|&(i, _)| i).collect();
            if let Some(missing) = (0..sectors.len()).find(|i| !given.contains(i)) {
                anyhow::bail!(
                    "{}: {} has neither a fixed output nor a --demand, and the file holds coefficients without a total-output column to give its base-year final demand",
                    input.file.display(),
                    sectors[missing]
                );
            }
            DVector::zeros(sectors.len())
        }
    };
    for &(sector_idx, value) in &demand {
        final_demand[sector_idx] = value;
    }
    let report =
        MixedReport::new(&input.model, &fixed, &final_demand).with_context(at(&input.file))?;
    args.output.emit(input.value_terms.as_ref(), &report, &[])
}
