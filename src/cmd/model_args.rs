//! The scenario a command compiles and how: shared by every command that reads one.

use std::path::PathBuf;

use chainsim::{CompileOptions, Model};

/// How a scenario is compiled.
#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// Use the nearest positive definite correlation matrix when the scenario's is not
    /// (reported on stderr) instead of failing.
    #[arg(long)]
    pub repair_correlation: bool,
}

impl CompileArgs {
    /// The library's compile options.
    pub fn options(&self) -> CompileOptions {
        CompileOptions {
            repair_correlation: self.repair_correlation,
        }
    }
}

/// One scenario file and how it is compiled.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// Compile options.
    #[command(flatten)]
    pub compile: CompileArgs,
}

impl ModelArgs {
    /// Reads and compiles the scenario (see [`super::load_model_with`]).
    pub fn load(&self) -> anyhow::Result<Model> {
        super::load_model_with(&self.file, &self.compile.options())
    }
}
