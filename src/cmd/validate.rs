//! `chainsim validate`: check a scenario and say what it would simulate.

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
    print(&format!(
        "{}: valid\n{}",
        args.file.display(),
        chainsim_report::describe::describe(&model)
    ))
}
