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
    /// Prior matrix as CSV, with row and column labels (e.g. last year's flows Z₀, or its
    /// coefficients A₀ with --prior-coefficients).
    prior: PathBuf,
    /// PRIOR holds technical coefficients A₀ (sectors down and across, in the same order):
    /// the prior flows are Z₀ = A₀ x̂₁ for the target outputs of --total-output, and the
    /// report gives the updated coefficients A₁ = Z₁ x̂₁⁻¹ and flows Z₁.
    #[arg(long, requires = "total_output")]
    prior_coefficients: bool,
    /// Target total outputs x₁ as CSV, one row per sector and one value column (with
    /// --prior-coefficients).
    #[arg(long, value_name = "FILE", requires = "prior_coefficients")]
    total_output: Option<PathBuf>,
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
    let labels = |names: &[String]| names.iter().map(Label::sector).collect::<Vec<_>>();
    let (row_labels, col_labels) = (labels(&prior.row_labels), labels(&prior.col_labels));
    let rows = margin(&args.rows, "row target", &row_labels, None)?;
    let cols = margin(&args.cols, "column target", &col_labels, None)?;
    let options = RasOptions {
        tolerance: args.tolerance,
        max_iterations: args.max_iterations,
    };
    let context = || {
        format!(
            "RAS of {} to {} and {}",
            args.prior.display(),
            args.rows.display(),
            args.cols.display()
        )
    };
    let report = match &args.total_output {
        Some(path) if args.prior_coefficients => {
            if prior.row_labels != prior.col_labels {
                anyhow::bail!(
                    "{}: a coefficient prior needs the same sectors down and across, in the same order (rows [{}], columns [{}])",
                    args.prior.display(),
                    prior.row_labels.join(", "),
                    prior.col_labels.join(", ")
                );
            }
            let x1 = margin(path, "total output", &col_labels, None)?;
            RasReport::from_coefficients(&prior, &x1, &rows, &cols, options)
                .with_context(context)?
        }
        _ => RasReport::new(&prior, &rows, &cols, options).with_context(context)?,
    };
    args.output.emit(None, &report, &[])
}

/// A margin file: one value per label, in the labels' order (labels of the file split at
/// `separator`).
pub(super) fn margin(
    path: &Path,
    what: &'static str,
    labels: &[Label],
    separator: Option<&str>,
) -> anyhow::Result<DVector<f64>> {
    let sheet =
        LabelledMatrix::from_csv(read(path)?.as_slice(), "target table").with_context(at(path))?;
    if sheet.values.ncols() != 1 {
        anyhow::bail!(
            "{}: the {what}s need exactly one value column, found {}",
            path.display(),
            sheet.values.ncols()
        );
    }
    let values = sheet
        .sector_rows(what, labels, separator, false)
        .with_context(at(path))?;
    Ok(values.column(0).into_owned())
}
