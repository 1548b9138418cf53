//! `chainsim compare`: several scenarios' target probabilities side by side.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::analysis::compare::{Comparison, column_names};
use chainsim::{Model, Report, simulate};
use clap::ValueEnum;

use crate::output::{print, write_all_atomically};
use crate::progress::CliObserver;

use super::run_args::RunArgs;

/// What to print on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// A JSON object with `scenarios` and `targets`.
    Json,
}

/// Arguments of `chainsim compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files (TOML), one column each.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Runs, seed and threads (defaults: each scenario's own).
    #[command(flatten)]
    pub run: RunArgs,
    /// Output on the terminal.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the comparison to this CSV file.
    #[arg(long)]
    pub out: Option<PathBuf>,
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
    args.run.check()?;
    // Every file is checked before any is simulated, so a bad one costs no waiting.
    let models = args
        .files
        .iter()
        .map(|path| super::load_model_with(path, &compile))
        .collect::<anyhow::Result<Vec<Model>>>()?;
    let mut reports = Vec::with_capacity(models.len());
    for (model, path) in models.iter().zip(&args.files) {
        let options = args.run.options(model);
        let mut observer = CliObserver::new(options.runs, None);
        let result = simulate(model, &options, &mut observer);
        observer.finish();
        let summary = result.with_context(|| format!("{}", path.display()))?;
        reports.push(Report::new(model, &options, &summary));
    }
    let stems: Vec<String> = args.files.iter().map(|path| file_stem(path)).collect();
    let keys: Vec<(&str, &str)> = models
        .iter()
        .zip(&stems)
        .map(|(model, stem)| (model.name(), stem.as_str()))
        .collect();
    let names = column_names(&keys);
    let columns: Vec<(&str, &Report)> = names.iter().map(String::as_str).zip(&reports).collect();
    let comparison = Comparison::new(&columns);
    if let Some(out) = &args.out {
        write_csv(out, &chainsim_report::compare::csv(&comparison))?;
    }
    match args.format {
        Format::Table => print(&chainsim_report::compare::table(&comparison)),
        Format::Json => print(&chainsim_report::compare::json(&comparison)),
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Writes one file atomically, in its own directory.
fn write_csv(path: &Path, text: &str) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("--out: {} is not a file name", path.display()))?
        .to_str()
        .with_context(|| format!("--out: {} is not valid UTF-8", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    write_all_atomically(dir, &[(name, text.as_bytes())])
}
