//! `chainsim io regionalize`: a regional table from a national one by location quotients.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::io::nalgebra::DVector;
use chainsim::io::{
    LabelledMatrix, LocationQuotients, QuotientMethod, RasOptions, Regionalization,
};
use chainsim_report::io::RegionalReport;

use super::input::{Input, OutputArgs, TableArgs, at, read};
use super::ras::margin;
use super::table_out::{TableOutArgs, emit_table};

/// Which location quotient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Method {
    /// Simple location quotient, row by row.
    Slq,
    /// Cross-industry quotient SLQᵢ / SLQⱼ (SLQᵢ on the diagonal).
    Cilq,
    /// Flegg's quotient, CILQ · λ.
    Flq,
    /// Augmented FLQ: FLQ · log₂(1 + SLQⱼ) for buyers with SLQⱼ > 1.
    Aflq,
}

/// Arguments of `chainsim io regionalize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The national table.
    #[command(flatten)]
    national: TableArgs,
    /// The region's sizes as CSV: a header row (`sector,output`, or `sector,employment` with
    /// --measure employment), then one row per sector of the national table. With a
    /// measure other than output, an `output` column, if present, gives the regional
    /// output for the regional flows; without one the report has coefficients only.
    #[arg(long, value_name = "FILE")]
    regional: PathBuf,
    /// Which location quotient.
    #[arg(long, value_enum, default_value_t = Method::Flq)]
    method: Method,
    /// FLQ and AFLQ exponent δ, in [0, 1) [default: 0.3].
    #[arg(long)]
    delta: Option<f64>,
    /// What the quotients compare: `output` (the national table's total output), or the
    /// label of a national satellite account given with --satellites, e.g. `employment`.
    #[arg(long, value_name = "LABEL", default_value = "output")]
    measure: String,
    /// Known regional intermediate sales (row totals of the regional flows) as CSV, one row
    /// per sector and one value column; with --cols, the flows are scaled to them by RAS.
    #[arg(long, value_name = "FILE", requires = "cols")]
    rows: Option<PathBuf>,
    /// Known regional intermediate purchases (column totals), laid out as for --rows.
    #[arg(long, value_name = "FILE", requires = "rows")]
    cols: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    table_out: TableOutArgs,
}

/// Runs the report. With a CSV --out, the quotients go next to it in `<out>.quotients.csv`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let method = match (args.method, args.delta) {
        (Method::Slq | Method::Cilq, Some(_)) => {
            anyhow::bail!("--delta applies to --method flq and aflq, not to the SLQ or CILQ")
        }
        (Method::Slq, None) => QuotientMethod::Slq,
        (Method::Cilq, None) => QuotientMethod::Cilq,
        (Method::Flq, delta) => QuotientMethod::Flq {
            delta: delta.unwrap_or(0.3),
        },
        (Method::Aflq, delta) => QuotientMethod::Aflq {
            delta: delta.unwrap_or(0.3),
        },
    };
    let input = args.national.load()?;
    let national = national_measure(&input, &args.measure)?;
    let (regional, regional_output) = regional_measures(&input, &args.regional, &args.measure)?;
    let quotients = LocationQuotients::new(
        input.model.sectors(),
        &args.measure,
        &national,
        &regional,
        method,
    )
    .with_context(|| {
        format!(
            "location quotients of {} in {}",
            args.regional.display(),
            input.file.display()
        )
    })?;
    let mut regionalization =
        Regionalization::new(&input.model, quotients).with_context(at(&input.file))?;
    if let Some(output) = regional_output {
        regionalization = regionalization
            .with_output(output)
            .with_context(at(&args.regional))?;
    }
    if let (Some(rows), Some(cols)) = (&args.rows, &args.cols) {
        if regionalization.output().is_none() {
            anyhow::bail!(
                "{}: --rows and --cols scale the regional flows, which need the regional output (an `output` column)",
                args.regional.display()
            );
        }
        let sectors = input.model.sectors();
        let separator = input.separator.as_deref();
        let u = margin(rows, "row target", sectors, separator)?;
        let v = margin(cols, "column target", sectors, separator)?;
        regionalization = regionalization
            .with_margins(&u, &v, RasOptions::default())
            .with_context(|| {
                format!(
                    "RAS of the regional flows to {} and {}",
                    rows.display(),
                    cols.display()
                )
            })?;
    }
    let report = RegionalReport::new(&regionalization).with_context(at(&args.regional))?;
    if args.table_out.is_pymrio() {
        let table = regionalization.table().with_context(|| {
            format!(
                "{}: a pymrio folder needs the regional flows, which need the regional output (an `output` column)",
                args.regional.display()
            )
        })?;
        return emit_table(
            &args.output,
            &args.table_out,
            input.value_terms.as_ref(),
            &report,
            &[],
            &table,
        );
    }
    args.output.emit(
        input.value_terms.as_ref(),
        &report,
        &[("quotients.csv", report.quotients_csv())],
    )
}

/// The national size of each sector: total output, or a satellite account.
fn national_measure(input: &Input, measure: &str) -> anyhow::Result<DVector<f64>> {
    if measure.eq_ignore_ascii_case("output") {
        return input.model.output().cloned().with_context(|| {
            format!(
                "{}: location quotients by output need the national total output, but the file holds coefficients without a total-output column",
                input.file.display()
            )
        });
    }
    let satellites = input.table.as_ref().map(|t| t.satellites());
    satellites
        .and_then(|s| {
            let idx = s.labels.iter().position(|l| l.eq_ignore_ascii_case(measure))?;
            Some(s.values.row(idx).transpose())
        })
        .with_context(|| {
            format!(
                "{}: --measure {measure} needs a national satellite account {measure:?} (give one with --satellites)",
                input.file.display()
            )
        })
}

/// The regional size of each sector in `measure` and, when the file has it, the regional
/// output.
fn regional_measures(
    input: &Input,
    path: &Path,
    measure: &str,
) -> anyhow::Result<(DVector<f64>, Option<DVector<f64>>)> {
    let sheet = LabelledMatrix::from_csv(read(path)?.as_slice(), "regional table")
        .with_context(at(path))?;
    let values = sheet
        .sector_rows(
            "regional row",
            input.model.sectors(),
            input.separator.as_deref(),
            false,
        )
        .with_context(at(path))?;
    let column = |name: &str| {
        sheet
            .col_labels
            .iter()
            .position(|l| l.eq_ignore_ascii_case(name))
            .map(|j| values.column(j).into_owned())
    };
    let sizes = column(measure).with_context(|| {
        format!(
            "{}: no column {measure:?} (found: {}; --measure names the column)",
            path.display(),
            sheet.col_labels.join(", ")
        )
    })?;
    Ok((sizes, column("output")))
}
