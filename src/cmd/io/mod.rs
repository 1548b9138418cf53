//! `chainsim io`: input–output reports from a table or a scenario, one file per report.

mod aggregate;
mod extraction;
mod ghosh;
mod input;
mod linkages;
mod multipliers;
mod ras;
mod shock;

/// Arguments of `chainsim io`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    report: Report,
}

#[derive(Debug, clap::Subcommand)]
enum Report {
    /// Output, household-income (Type I and II) and satellite multipliers.
    Multipliers(multipliers::Args),
    /// Backward and forward linkages (Rasmussen, Ghosh) and key sectors.
    Linkages(linkages::Args),
    /// Supply-side (Ghosh) allocation coefficients B and inverse G.
    Ghosh(ghosh::Args),
    /// Output lost when each sector's purchases, sales or both are extracted.
    Extraction(extraction::Args),
    /// Output changes from a final-demand (--demand) or primary-input (--supply) shock.
    Shock(shock::Args),
    /// Scale a matrix to new row and column totals (biproportional RAS).
    Ras(ras::Args),
    /// Merge sectors or regions of a table by a mapping.
    Aggregate(aggregate::Args),
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.report {
        Report::Multipliers(args) => multipliers::run(args),
        Report::Linkages(args) => linkages::run(args),
        Report::Ghosh(args) => ghosh::run(args),
        Report::Extraction(args) => extraction::run(args),
        Report::Shock(args) => shock::run(args),
        Report::Ras(args) => ras::run(args),
        Report::Aggregate(args) => aggregate::run(args),
    }
}
