//! `chainsim io`: input–output reports from a table or a scenario, one file per report.

mod aggregate;
mod assign;
mod coefficients;
mod extraction;
mod ghosh;
mod input;
mod inverse;
mod linkages;
mod mixed;
mod multipliers;
mod prices;
mod ras;
mod regionalize;
mod shock;
mod table_out;

/// Arguments of `chainsim io`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    report: Report,
}

#[derive(Debug, clap::Subcommand)]
enum Report {
    /// Technical coefficients A = Z x̂⁻¹.
    Coefficients(coefficients::Args),
    /// The Leontief inverse L = (I − A)⁻¹.
    Inverse(inverse::Args),
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
    /// Outputs of some sectors fixed, the others' final demands given (mixed model).
    Mixed(mixed::Args),
    /// Price indices when some sectors' prices change (Leontief price model).
    Prices(prices::Args),
    /// Scale a matrix to new row and column totals (biproportional RAS).
    Ras(ras::Args),
    /// A regional table from a national one by location quotients (SLQ, CILQ, FLQ, AFLQ).
    Regionalize(regionalize::Args),
    /// Merge sectors or regions of a table by a mapping.
    Aggregate(aggregate::Args),
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.report {
        Report::Coefficients(args) => coefficients::run(args),
        Report::Inverse(args) => inverse::run(args),
        Report::Multipliers(args) => multipliers::run(args),
        Report::Linkages(args) => linkages::run(args),
        Report::Ghosh(args) => ghosh::run(args),
        Report::Extraction(args) => extraction::run(args),
        Report::Shock(args) => shock::run(args),
        Report::Mixed(args) => mixed::run(args),
        Report::Prices(args) => prices::run(args),
        Report::Ras(args) => ras::run(args),
        Report::Regionalize(args) => regionalize::run(args),
        Report::Aggregate(args) => aggregate::run(args),
    }
}
