//! The OECD Inter-Country Input-Output (ICIO) tables' CSV, as the 2023
//! release writes it (`ICIO2023_2020.csv`; the 2025 release keeps the layout).
//!
//! The corner cell is `V1`. Rows and columns are `<country>_<industry>`
//! (`AUS_A01_02`, `CHN_C20`, `ROW_D`), split at the first `_` into a
//! [`Label::regional`]. After the industry columns come the final-demand
//! columns `<country>_<category>` for the six categories of
//! [`FINAL_DEMAND`], then `OUT` (total output) as the last column. After the
//! industry rows come `TLS` (taxes less subsidies on products), `VA` (value
//! added) and `OUT`. The reader checks both identities the OECD publishes:
//! each row's `OUT` equals its intermediate and final uses, and each column's
//! `OUT` its intermediate inputs plus `TLS` and `VA`.
//!
//! Older releases (2016, 2018, 2021: a `TOTAL` column, `<country>_TAXSUB`,
//! `VALU` and `OUTPUT` rows, `DISC`) and the extended tables that split China
//! and Mexico (`CN1`, `CN2`, `MX1`, `MX2`) are refused with a line saying so.

use std::path::Path;

use chainsim_io::{IoTable, Label};
use nalgebra::{DMatrix, DVector};

use crate::error::TableError;
use crate::identity::{balances, check_inputs, check_uses};
use crate::read_file;

/// The corner cell of the 2023 release's CSV.
const CORNER: &str = "V1";
/// Total output: the last column and the last row.
const OUTPUT: &str = "OUT";
/// Taxes less subsidies on products: a row after the industries.
const TAXES: &str = "TLS";
/// Value added at basic prices: a row after the industries.
const VALUE_ADDED: &str = "VA";
/// The final-demand categories, each a column per country: household and
/// NPISH final consumption, government final consumption, gross fixed
/// capital formation, changes in inventories and valuables, direct purchases
/// abroad by residents.
const FINAL_DEMAND: [&str; 6] = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"];
/// The regions of the extended tables that split China and Mexico by
/// processing trade.
const SPLIT_REGIONS: [&str; 7] = ["CN1", "CN2", "CN3", "CN4", "MX1", "MX2", "MX3"];

/// Reads an ICIO CSV from `path`.
pub(crate) fn read(path: &Path) -> Result<IoTable, TableError> {
    let bytes = read_file(path)?;
    let sheet = Sheet::parse(path, &bytes)?;
    refuse_other_releases(path, &sheet)?;
    if sheet.corner != CORNER {
        return Err(TableError::layout(
            path,
            format!(
                "the corner cell is {:?}; the ICIO CSV (2023 release) starts with {CORNER:?}",
                sheet.corner
            ),
        ));
    }
    let columns = Columns::classify(path, &sheet.col_labels)?;
    let rows = Rows::classify(path, &sheet.row_labels)?;
    let industries: Vec<&str> = rows
        .industries
        .iter()
        .map(|&i| sheet.row_labels[i].as_str())
        .collect();
    let industry_cols: Vec<&str> = columns
        .industries
        .iter()
        .map(|&j| sheet.col_labels[j].as_str())
        .collect();
    if industries != industry_cols {
        return Err(order_mismatch(path, &industries, &industry_cols));
    }
    let sectors = industries
        .iter()
        .map(|l| split_label(path, "row", l))
        .collect::<Result<Vec<_>, _>>()?;
    let fd_labels = columns
        .final_demand
        .iter()
        .map(|&j| {
            let (country, category) = sheet.col_labels[j]
                .split_once('_')
                .unwrap_or(("", sheet.col_labels[j].as_str()));
            format!("{country}/{category}")
        })
        .collect::<Vec<_>>();

    let value = |i: usize, j: usize| sheet.values[(i, j)];
    let n = industries.len();
    let flows = DMatrix::from_fn(n, n, |a, b| {
        value(rows.industries[a], columns.industries[b])
    });
    let final_demand = DMatrix::from_fn(n, columns.final_demand.len(), |a, b| {
        value(rows.industries[a], columns.final_demand[b])
    });
    let output = DVector::from_fn(n, |a, _| value(rows.industries[a], columns.output));
    let value_added = DMatrix::from_fn(2, n, |k, b| {
        let row = if k == 0 { rows.taxes } else { rows.value_added };
        value(row, columns.industries[b])
    });
    let output_row = DVector::from_fn(n, |b, _| value(rows.output, columns.industries[b]));

    check_uses(path, &output, &flows, &final_demand, |a| {
        format!("row {}: {OUTPUT}", industries[a])
    })?;
    check_inputs(
        path,
        &output_row,
        &flows,
        &value_added,
        &format!("{TAXES}, {VALUE_ADDED}"),
        |b| format!("column {}: the {OUTPUT} row", industries[b]),
    )?;
    for b in 0..n {
        if !balances(output_row[b], output[b]) {
            return Err(TableError::layout(
                path,
                format!(
                    "{}: the {OUTPUT} row says {} but the {OUTPUT} column says {} (they must agree)",
                    industries[b], output_row[b], output[b]
                ),
            ));
        }
    }

    let table = |cause| TableError::Table {
        path: path.to_path_buf(),
        cause,
    };
    IoTable::new(sectors, flows, output)
        .and_then(|t| t.with_final_demand(fd_labels, final_demand))
        .and_then(|t| t.with_value_added(vec![TAXES.into(), VALUE_ADDED.into()], value_added))
        .map_err(table)
}

/// The CSV as labels and numbers, checked to be rectangular, with unique
/// labels and a number (or nothing, read as 0) in every cell.
struct Sheet {
    corner: String,
    col_labels: Vec<String>,
    row_labels: Vec<String>,
    values: DMatrix<f64>,
}

impl Sheet {
    fn parse(path: &Path, bytes: &[u8]) -> Result<Sheet, TableError> {
        let malformed = |e: csv::Error| TableError::layout(path, e.to_string().to_lowercase());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let mut records = reader.records();
        let header = match records.next() {
            Some(record) => record.map_err(malformed)?,
            None => return Err(TableError::layout(path, "the file is empty")),
        };
        let corner = header.get(0).unwrap_or_default().to_owned();
        let col_labels: Vec<String> = header.iter().skip(1).map(str::to_owned).collect();
        unique(path, "column", &col_labels)?;
        let mut row_labels = Vec::new();
        let mut data = Vec::new();
        for record in records {
            let record = record.map_err(malformed)?;
            if record.iter().all(str::is_empty) {
                continue;
            }
            let label = record.get(0).unwrap_or_default().to_owned();
            if record.len() != header.len() {
                return Err(TableError::layout(
                    path,
                    format!(
                        "row {label:?} has {} cells but the header has {} (every row needs a label and one value per column)",
                        record.len(),
                        header.len()
                    ),
                ));
            }
            for (cell, column) in record.iter().skip(1).zip(&col_labels) {
                data.push(number(path, &label, column, cell)?);
            }
            row_labels.push(label);
        }
        unique(path, "row", &row_labels)?;
        let values = DMatrix::from_row_slice(row_labels.len(), col_labels.len(), &data);
        Ok(Sheet {
            corner,
            col_labels,
            row_labels,
            values,
        })
    }
}

/// A cell as a finite number; an empty cell is 0.
fn number(path: &Path, row: &str, column: &str, cell: &str) -> Result<f64, TableError> {
    if cell.is_empty() {
        return Ok(0.0);
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(TableError::Cell {
            path: path.to_path_buf(),
            row: row.to_owned(),
            column: column.to_owned(),
            expected: "a finite number",
            found: cell.to_owned(),
        }),
    }
}

fn unique(path: &Path, what: &str, labels: &[String]) -> Result<(), TableError> {
    let mut seen = std::collections::HashSet::with_capacity(labels.len());
    match labels.iter().find(|l| !seen.insert(l.as_str())) {
        Some(label) => Err(TableError::layout(
            path,
            format!("the {what} label {label:?} appears more than once (labels must be unique)"),
        )),
        None => Ok(()),
    }
}

/// Where the parts are among the columns.
struct Columns {
    industries: Vec<usize>,
    final_demand: Vec<usize>,
    output: usize,
}

impl Columns {
    fn classify(path: &Path, labels: &[String]) -> Result<Columns, TableError> {
        let Some(output) = labels.iter().position(|l| l == OUTPUT) else {
            return Err(TableError::layout(
                path,
                format!("no {OUTPUT} column (total output, the last column of the ICIO CSV)"),
            ));
        };
        if output + 1 != labels.len() {
            return Err(TableError::layout(
                path,
                format!(
                    "the {OUTPUT} column is followed by {:?}; {OUTPUT} must be the last column",
                    labels[output + 1]
                ),
            ));
        }
        let is_final_demand = |l: &str| {
            l.split_once('_')
                .is_some_and(|(_, category)| FINAL_DEMAND.contains(&category))
        };
        let (final_demand, industries) = (0..output).partition(|&j| is_final_demand(&labels[j]));
        Ok(Columns {
            industries,
            final_demand,
            output,
        })
    }
}

/// Where the parts are among the rows.
struct Rows {
    industries: Vec<usize>,
    taxes: usize,
    value_added: usize,
    output: usize,
}

impl Rows {
    fn classify(path: &Path, labels: &[String]) -> Result<Rows, TableError> {
        let find = |label: &str, what: &str| {
            labels.iter().position(|l| l == label).ok_or_else(|| {
                TableError::layout(
                    path,
                    format!("no {label} row ({what}, a row after the industries)"),
                )
            })
        };
        let taxes = find(TAXES, "taxes less subsidies on products")?;
        let value_added = find(VALUE_ADDED, "value added")?;
        let output = find(OUTPUT, "total output")?;
        let industries = (0..labels.len())
            .filter(|&i| i != taxes && i != value_added && i != output)
            .collect();
        Ok(Rows {
            industries,
            taxes,
            value_added,
            output,
        })
    }
}

/// `<country>_<industry>` as a (region, sector) label.
fn split_label(path: &Path, what: &str, label: &str) -> Result<Label, TableError> {
    match label.split_once('_') {
        Some((country, industry)) if !country.is_empty() && !industry.is_empty() => {
            Ok(Label::regional(country, industry))
        }
        _ => Err(TableError::layout(
            path,
            format!(
                "the {what} label {label:?} is not <country>_<industry> (e.g. AUS_A01_02), nor {TAXES}, {VALUE_ADDED} or {OUTPUT}"
            ),
        )),
    }
}

fn order_mismatch(path: &Path, rows: &[&str], cols: &[&str]) -> TableError {
    let detail = match rows.iter().zip(cols).find(|(r, c)| r != c) {
        Some((r, c)) => format!(
            "the industry rows and columns differ: row {r:?} stands where column {c:?} does (rows and columns must list the same industries in the same order)"
        ),
        None if rows.len() > cols.len() => format!(
            "row {:?} has no industry column (rows and columns must list the same industries)",
            rows[cols.len()]
        ),
        None => format!(
            "column {:?} is neither an industry row nor a final-demand column <country>_{{{}}}",
            cols[rows.len()],
            FINAL_DEMAND.join(",")
        ),
    };
    TableError::layout(path, detail)
}

/// Refuses the layouts of other ICIO releases with a line naming the label
/// that gives them away.
fn refuse_other_releases(path: &Path, sheet: &Sheet) -> Result<(), TableError> {
    let older = |l: &str| {
        matches!(l, "TOTAL" | "VALU" | "OUTPUT" | "VA+TAXSUB" | "DISC") || l.ends_with("_TAXSUB")
    };
    let reversed = |l: &str| {
        l.split_once('_')
            .is_some_and(|(category, _)| matches!(category, "HFCE" | "GFCF" | "INV" | "DIRP"))
    };
    let labels = sheet.col_labels.iter().chain(&sheet.row_labels);
    if let Some(label) = labels.clone().find(|l| older(l) || reversed(l)) {
        return Err(TableError::layout(
            path,
            format!(
                "{label:?} belongs to an ICIO release before 2023 (TOTAL column; TAXSUB, VALU, OUTPUT rows); chainsim reads the 2023 release's layout ({CORNER} corner, {TAXES}, {VALUE_ADDED}, {OUTPUT}): download the 2023 tables"
            ),
        ));
    }
    let split = |l: &str| {
        l.split_once('_')
            .is_some_and(|(country, _)| SPLIT_REGIONS.contains(&country))
    };
    if let Some(label) = labels.clone().find(|l| split(l)) {
        return Err(TableError::layout(
            path,
            format!(
                "{label:?} is a region of the extended ICIO, which splits China and Mexico ({}); chainsim reads the standard tables, with CHN and MEX whole",
                SPLIT_REGIONS.join(", ")
            ),
        ));
    }
    Ok(())
}
