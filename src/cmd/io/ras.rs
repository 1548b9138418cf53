//! `chainsim io ras`: biproportional (RAS) scaling of a matrix to new margins.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::io::nalgebra::DVector;
use chainsim::io::{Label, LabelledMatrix, RasOptions};
use chainsim_report::io::RasReport;

use super::input::{OutputArgs, at, read};

/// Arguments of `chainsim io ras`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Prior matrix as CSV, with row and column labels (e.g. last year's flows Z₀).
    prior: PathBuf,
    /// Row targets as CSV: one row per row label of the prior, one value column.
    #[arg(long, value_name = "FILE")]
    rows: PathBuf,
    /// Column targets as CSV: one row per column label of the prior, one value column.
    #[arg(long, value_name = "FILE")]
    cols: PathBuf,
    /// Largest relative margin error accepted; also how closely the row and column
    /// targets' totals must agree.
    #[arg(long, default_value_t = RasOptions::default().tolerance)]
    tolerance: f64,
    /// Most iterations (each scales the rows, then the columns).
    #[arg(long, default_value_t = RasOptions::default().max_iterations)]
    max_iterations: usize,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs the report.
pub fn run(args: Args) -> anyhow::Result<()> {
    let prior = LabelledMatrix::from_csv(read(&args.prior)?.as_slice(), "prior matrix")
        .with_context(at(&args.prior))?;
    let rows = margin(&args.rows, "row target", &prior.row_labels)?;
    let cols = margin(&args.cols, "column target", &prior.col_labels)?;
    let options = RasOptions {
        tolerance: args.tolerance,
        max_iterations: args.max_iterations,
    };
    let report = RasReport::new(&prior, &rows, &cols, options).with_context(|| {
        format!(
            "RAS of {} to {} and {}",
            args.prior.display(),
            args.rows.display(),
            args.cols.display()
        )
    })?;
    args.output.emit(None, &report, &[])
}

/// A margin file: one value per label of the prior, in the prior's order.
fn margin(path: &Path, what: &'static str, labels: &[String]) -> anyhow::Result<DVector<f64>> {
    let sheet =
        LabelledMatrix::from_csv(read(path)?.as_slice(), "target table").with_context(at(path))?;
    if sheet.values.ncols() != 1 {
        anyhow::bail!(
            "{}: the {what}s need exactly one value column, found {}",
            path.display(),
            sheet.values.ncols()
        );
    }
    let labels: Vec<Label> = labels.iter().map(Label::sector).collect();
    let values = sheet
        .sector_rows(what, &labels, None, false)
        .with_context(at(path))?;
    Ok(values.column(0).into_owned())
}
