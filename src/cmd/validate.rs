//! `chainsim validate`: check a scenario and say what it would simulate.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::output::print;

/// Arguments of `chainsim validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// Use the nearest positive definite correlation matrix when the scenario's is not
    /// (reported on stderr) instead of failing.
    #[arg(long)]
    pub repair_correlation: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    let compile = chainsim::CompileOptions {
        repair_correlation: args.repair_correlation,
    };
    let model = super::load_model_with(&args.file, &compile)?;
    let mut out = String::new();
    let _ = writeln!(out, "{}: valid", args.file.display());
    let _ = writeln!(out, "scenario: {}", model.name());
    let _ = writeln!(
        out,
        "years: {}–{} ({} simulated), values in {}",
        model.base_year(),
        model.horizon(),
        model.n_years(),
        model.value_unit()
    );
    let _ = writeln!(
        out,
        "runs: {} (seed {}); {} random inputs per run",
        model.default_runs(),
        model.default_seed(),
        model.n_inputs()
    );
    let _ = writeln!(out, "sectors ({}):", model.n_sectors());
    for (idx, sector) in model.sectors().iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:<16} {:<28} base output {:>10.2}, final demand {:>10.2}, mean growth {:+.2}% in {}",
            sector.id,
            sector.name,
            sector.base_output,
            model.base_final_demand()[idx],
            100.0 * model.growth(0, idx).mean_rate(),
            model.base_year() + 1,
        );
    }
    let nonzero = model.coefficients().iter().filter(|&&a| a > 0.0).count();
    let _ = writeln!(
        out,
        "input–output: {nonzero} coefficients ({} uncertain), spectral radius {:.4}",
        model.uncertain_coefficients().len(),
        model.spectral_radius()
    );
    let _ = writeln!(
        out,
        "correlation: {}{}",
        if model.correlation().is_some() {
            "Gaussian copula over the sectors' growth shocks"
        } else {
            "none (independent growth shocks)"
        },
        model
            .correlation_repair()
            .map_or_else(String::new, |r| format!(
                " (repaired: moved by {:.6})",
                r.distance
            ))
    );
    let _ = writeln!(out, "targets ({}):", model.targets().len());
    for target in model.targets() {
        let _ = writeln!(out, "  {:<20} {}", target.id, target.label);
    }
    print(&out)
}
