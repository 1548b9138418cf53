//! `chainsim compare`: several scenarios' target probabilities side by side.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::analysis::compare::{Comparison, column_names};
use chainsim::{Model, Report, simulate};

use chainsim_report::html::{ComparedRun, Provenance};

use crate::output::{OutputFile, csv_bytes, print, print_table};
use crate::progress::CliObserver;

use super::format::{Format, TableOrJson};
use super::model_args::CompileArgs;
use super::run_args::RunArgs;

/// Arguments of `chainsim compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files (TOML), one column each.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Runs, seed and threads (defaults: each scenario's own).
    #[command(flatten)]
    pub run: RunArgs,
    /// What to print: a table, or a JSON object with `scenarios` and `targets`.
    #[command(flatten)]
    pub print: TableOrJson,
    /// Also write the comparison to this CSV file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the CSV file with a UTF-8 byte order mark, for Excel on Windows.
    #[arg(long, requires = "out")]
    pub excel: bool,
    /// Also write the comparison as one self-contained HTML page.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// How the scenarios compile.
    #[command(flatten)]
    pub compile: CompileArgs,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    let compile = args.compile.options();
    args.run.check()?;
    // Every file is checked before any is simulated, so a bad one costs no waiting.
    let (models, hashes): (Vec<Model>, Vec<String>) = args
        .files
        .iter()
        .map(|path| super::load_model_hashed(path, &compile))
        .collect::<anyhow::Result<Vec<(Model, String)>>>()?
        .into_iter()
        .unzip();
    let out = match &args.out {
        Some(path) => Some(OutputFile::prepare("--out", path)?),
        None => None,
    };
    let html = match &args.report {
        Some(path) => {
            crate::output::check_html_name("--report", path)?;
            Some(OutputFile::prepare("--report", path)?)
        }
        None => None,
    };
    for model in &models {
        args.run.guard(model, &args.run.options(model), 1, false)?;
    }
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
    if let Some(html) = html {
        let runs: Vec<ComparedRun> = names
            .iter()
            .zip(&args.files)
            .zip(hashes)
            .zip(&reports)
            .map(|(((column, path), sha256), report)| ComparedRun {
                column: column.clone(),
                provenance: Provenance {
                    scenario_file: path.display().to_string(),
                    scenario_sha256: sha256,
                    command: format!(
                        "chainsim compare {} --seed {} --runs {}",
                        path.display(),
                        report.seed,
                        report.runs
                    ),
                },
            })
            .collect();
        html.write(chainsim_report::html::comparison(&comparison, &runs).as_bytes())?;
        html.commit()?;
    }
    if let Some(out) = out {
        out.write(&csv_bytes(
            &chainsim_report::compare::csv(&comparison),
            args.excel,
        ))?;
        out.commit()?;
    }
    match args.print.format() {
        Format::Table => {
            let mut labels: Vec<&str> = models.iter().flat_map(super::labels).collect();
            labels.extend(names.iter().map(String::as_str));
            print_table(&chainsim_report::compare::table(&comparison), labels)
        }
        Format::Json => print(&chainsim_report::compare::json(&comparison)),
        Format::Csv => unreachable!("compare does not offer --format csv"),
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
