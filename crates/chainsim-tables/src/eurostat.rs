//! Eurostat's symmetric input–output tables (`naio_10_cp1700` product by
//! product, `naio_10_cp1750` industry by industry, and the other `naio_10_*`
//! tables of the ESA 2010 transmission programme) as the dissemination API
//! and the bulk download give them.
//!
//! Two layouts carry the same observations:
//!
//! - **TSV**: the first header cell joins the dimension codes with commas and
//!   names the time dimension after a backslash
//!   (`freq,unit,stk_flow,induse,prod_na,geo\TIME_PERIOD`; older files
//!   `…\time`), the other header cells are periods; each line is one series,
//!   its first cell the comma-joined codes, then one cell per period: a
//!   number or `:` (not available), each optionally followed by flags (`p`
//!   provisional, `e` estimated, `c`/`C` confidential, …).
//! - **SDMX-CSV**: one observation per line, with the columns `DATAFLOW`,
//!   `LAST UPDATE`, the dimensions, `TIME_PERIOD`, `OBS_VALUE`, `OBS_FLAG`
//!   and, since 2025, `CONF_STATUS`.
//!
//! One table is picked by [`EurostatSelection`] (geo, year, unit, stk_flow);
//! a dimension left unset must have a single value in the file. Which codes
//! make Z, Y, value added and x is set out in `docs/input-output.md`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chainsim_io::{IoTable, Label, TableLayout};
use nalgebra::{DMatrix, DVector};

use crate::error::TableError;
use crate::identity::{check_inputs, check_uses};
use crate::read_file;

/// Which table of a Eurostat file to read, and what to do with cells the
/// table needs but Eurostat does not publish.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EurostatSelection {
    /// The country (`geo`), e.g. `DE`; `None` if the file holds one.
    pub geo: Option<String>,
    /// The period (`TIME_PERIOD`), e.g. `2020`; `None` if the file holds one.
    pub year: Option<String>,
    /// The unit, e.g. `MIO_EUR` or `MIO_NAC`; `None` if the file holds one.
    pub unit: Option<String>,
    /// `TOTAL` (domestic and imported flows) or `DOM` (domestic flows); `IMP`
    /// (imported flows alone) is not a Leontief table and is refused. `None`
    /// if the file holds one.
    pub stk_flow: Option<String>,
    /// Read not-available cells (`:`, or a series the file lacks) inside Z,
    /// final demand and value added as 0 instead of refusing the table.
    pub missing_as_zero: bool,
    /// Read confidential cells (flag `c`, since 2025 `C`; `N` not for
    /// publication, `P` secrecy arrangements) as 0 instead of refusing.
    pub confidential_as_zero: bool,
}

/// Final uses (ESA 2010): final consumption by households, NPISH and
/// government, gross fixed capital formation, exports. With them one of the
/// inventory codes of [`INVENTORIES`].
const FINAL_USES: [&str; 5] = ["P3_S14", "P3_S15", "P3_S13", "P51G", "P6"];
/// Changes in inventories and acquisitions less disposals of valuables: the
/// first of these the file has is used, so that a total and its parts are
/// not both added.
const INVENTORIES: [&[&str]; 4] = [&["P5M"], &["P52_P53"], &["P52", "P53"], &["P52"]];
/// Totals and breakdowns among the uses, never read: all final consumption,
/// gross capital formation, exports to and outside the EU and euro area,
/// final use, total use, intermediate use, output and supply.
const USE_TOTALS: [&str; 17] = [
    "P3",
    "P5",
    "P5G",
    "P6_S21",
    "P6_S22",
    "P6_S2111",
    "P6_S2112",
    "TFU",
    "FINUBP",
    "TU",
    "TUBP",
    "TOTAL",
    "CPA_TOTAL",
    "P2",
    "P1",
    "TS_BP",
    "SUPBP",
];
/// Primary inputs that every table's value-added block takes: taxes less
/// subsidies on products, compensation of employees, other taxes less
/// subsidies on production (current codes and those before 2023).
const PRIMARY_INPUTS: [&[&str]; 3] = [&["D21X31", "D21_M_D31"], &["D1"], &["D29X39", "D29_M_D39"]];
/// Gross operating surplus and mixed income, or else its parts (consumption
/// of fixed capital and the net surplus).
const SURPLUS: [&[&str]; 3] = [&["B2A3G"], &["B2G_B3G"], &["K1", "B2A3N"]];
/// Imports: a primary input of the domestic (`DOM`) table, a supply total
/// (not read) of the `TOTAL` table.
const IMPORTS: &str = "P7";
/// Output at basic prices: x.
const OUTPUT: &str = "P1";
/// Totals and breakdowns among the rows, never read: value added, net
/// surplus (when gross is there), wages within D1, intermediate consumption,
/// total supply, purchases abroad by residents and at home by non-residents
/// (which fill final-use columns only), imports by origin.
const ROW_TOTALS: [&str; 18] = [
    "B1G",
    "B2A3N",
    "B2N_B3N",
    "B3G",
    "K1",
    "D11",
    "P2",
    "P2PP",
    "P2_ADJ",
    "TOTAL",
    "CPA_TOTAL",
    "TS_BP",
    "SUPBP",
    "OP_RES",
    "OP_NRES",
    "P7_S21",
    "P7_S22",
    "P7",
];

/// Reads a Eurostat file (TSV or SDMX-CSV, told from its first line).
pub(crate) fn read(
    path: &Path,
    selection: &EurostatSelection,
    layout: &TableLayout,
) -> Result<IoTable, TableError> {
    let bytes = read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        TableError::layout(path, "the file is not UTF-8 text (Eurostat writes UTF-8)")
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let file = if text.starts_with("DATAFLOW") {
        parse_sdmx_csv(path, text)?
    } else {
        parse_tsv(path, text)?
    };
    let slice = file.select(path, selection)?;
    build(path, &slice, selection, layout)
}

/// An observation's value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Number(f64),
    /// `:`, with `confidential` if a confidentiality flag came with it.
    Missing {
        confidential: bool,
    },
}

/// One observation: the codes of its series, its period and its value.
struct Observation {
    codes: Vec<String>,
    period: String,
    value: Value,
}

/// A file's observations and the names of its dimensions (the period apart).
struct File {
    dimensions: Vec<String>,
    observations: Vec<Observation>,
}

/// Parses `value` and its `flags` as Eurostat writes them: a number or `:`,
/// flags as letters, perhaps run onto the number (`3386e`, older files).
fn parse_value(value: &str, flags: &str) -> Option<Value> {
    let (number, run_on) = match value.strip_prefix(':') {
        Some(rest) => (":", rest),
        None => {
            let number = value.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            (number, &value[number.len()..])
        }
    };
    let flags = format!("{run_on}{flags}");
    if !flags.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let confidential = flags.chars().any(|c| matches!(c, 'c' | 'C' | 'N' | 'P'));
    if number == ":" || value.is_empty() {
        return Some(Value::Missing { confidential });
    }
    match number.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Value::Number(v)),
        _ => None,
    }
}

const CELL_EXPECTED: &str =
    "a number or \":\" (not available), optionally followed by flags such as p, e or c";

fn parse_tsv(path: &Path, text: &str) -> Result<File, TableError> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let Some((dims, time)) = header[0].split_once('\\') else {
        return Err(TableError::layout(
            path,
            format!(
                "the first header cell is {:?}; Eurostat's TSV starts with the dimension codes and the time dimension, e.g. freq,unit,stk_flow,induse,prod_na,geo\\TIME_PERIOD",
                header[0]
            ),
        ));
    };
    if !matches!(time.trim(), "TIME_PERIOD" | "time") {
        return Err(TableError::layout(
            path,
            format!(
                "the time dimension is {time:?}; expected TIME_PERIOD (or time in older files)"
            ),
        ));
    }
    let dimensions: Vec<String> = dims.split(',').map(|d| d.trim().to_owned()).collect();
    let periods: Vec<&str> = header[1..].iter().map(|p| p.trim()).collect();
    let mut observations = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let series = cells[0].trim();
        let codes: Vec<String> = series.split(',').map(|c| c.trim().to_owned()).collect();
        if codes.len() != dimensions.len() {
            return Err(TableError::layout(
                path,
                format!(
                    "series {series:?} has {} codes but the header names {} dimensions ({})",
                    codes.len(),
                    dimensions.len(),
                    dimensions.join(",")
                ),
            ));
        }
        if cells.len() != header.len() {
            return Err(TableError::layout(
                path,
                format!(
                    "series {series:?} has {} cells after its codes but the header has {} periods (every series needs one cell per period)",
                    cells.len() - 1,
                    periods.len()
                ),
            ));
        }
        for (cell, period) in cells[1..].iter().zip(&periods) {
            let mut parts = cell.split_whitespace();
            let value = parts.next().unwrap_or_default();
            let flags = parts.next().unwrap_or_default();
            let parsed = parse_value(value, flags).filter(|_| parts.next().is_none());
            let Some(value) = parsed else {
                return Err(TableError::Cell {
                    path: path.to_path_buf(),
                    row: series.to_owned(),
                    column: (*period).to_owned(),
                    expected: CELL_EXPECTED,
                    found: cell.trim().to_owned(),
                });
            };
            observations.push(Observation {
                codes: codes.clone(),
                period: (*period).to_owned(),
                value,
            });
        }
    }
    Ok(File {
        dimensions,
        observations,
    })
}

fn parse_sdmx_csv(path: &Path, text: &str) -> Result<File, TableError> {
    let malformed = |e: csv::Error| TableError::layout(path, e.to_string().to_lowercase());
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(malformed)?
        .iter()
        .map(str::to_owned)
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            TableError::layout(
                path,
                format!("no {name} column (Eurostat's SDMX-CSV has DATAFLOW, LAST UPDATE, the dimensions, TIME_PERIOD, OBS_VALUE, OBS_FLAG)"),
            )
        })
    };
    let time = required("TIME_PERIOD")?;
    let value = required("OBS_VALUE")?;
    let flag = column("OBS_FLAG");
    let conf = column("CONF_STATUS");
    let not_dimensions = [
        "DATAFLOW",
        "LAST UPDATE",
        "TIME_PERIOD",
        "OBS_VALUE",
        "OBS_FLAG",
        "CONF_STATUS",
    ];
    let dim_cols: Vec<usize> = (0..header.len())
        .filter(|&j| !not_dimensions.contains(&header[j].as_str()))
        .collect();
    let dimensions = dim_cols.iter().map(|&j| header[j].clone()).collect();
    let mut observations = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        if record.len() != header.len() {
            return Err(TableError::layout(
                path,
                format!(
                    "line {} has {} cells but the header has {} (every observation needs one cell per column)",
                    record.position().map_or(0, |p| p.line()),
                    record.len(),
                    header.len()
                ),
            ));
        }
        let codes: Vec<String> = dim_cols.iter().map(|&j| record[j].to_owned()).collect();
        let flags = format!(
            "{}{}",
            flag.map_or("", |j| &record[j]),
            conf.map_or("", |j| &record[j])
        );
        let Some(parsed) = parse_value(&record[value], &flags) else {
            return Err(TableError::Cell {
                path: path.to_path_buf(),
                row: codes.join(","),
                column: record[time].to_owned(),
                expected: CELL_EXPECTED,
                found: format!("{} {flags}", &record[value]).trim().to_owned(),
            });
        };
        observations.push(Observation {
            codes,
            period: record[time].to_owned(),
            value: parsed,
        });
    }
    Ok(File {
        dimensions,
        observations,
    })
}

/// The observations of one table: value by (prod_na, induse).
struct Slice {
    stk_flow: Option<String>,
    /// What was selected, for messages: `geo DE, unit MIO_EUR, …`.
    described: String,
    cells: HashMap<(String, String), Value>,
    rows: BTreeSet<String>,
    columns: BTreeSet<String>,
}

impl File {
    fn select(&self, path: &Path, selection: &EurostatSelection) -> Result<Slice, TableError> {
        let dim = |name: &str| self.dimensions.iter().position(|d| d == name);
        let (Some(prod_na), Some(induse)) = (dim("prod_na"), dim("induse")) else {
            return Err(TableError::layout(
                path,
                format!(
                    "the dimensions are {}; an input–output table has prod_na (rows) and induse (columns)",
                    self.dimensions.join(",")
                ),
            ));
        };
        let mut kept: Vec<&Observation> = self.observations.iter().collect();
        let mut described = Vec::new();
        let mut stk_flow = None;
        let mut pick = |name: &str,
                        wanted: Option<&str>,
                        code: &dyn Fn(&Observation) -> &str|
         -> Result<(), TableError> {
            let values: BTreeSet<&str> = kept.iter().map(|o| code(o)).collect();
            let chosen = match wanted {
                Some(w) if values.contains(w) => w.to_owned(),
                Some(w) => {
                    return Err(TableError::layout(
                        path,
                        format!(
                            "no series has {name} {w} (the file has {name} {})",
                            join(&values)
                        ),
                    ));
                }
                None if values.len() > 1 => {
                    let choose = match name {
                        "TIME_PERIOD" => "choose one with the year option".to_owned(),
                        "geo" | "unit" | "stk_flow" => format!("choose one with the {name} option"),
                        _ => format!("keep one in the file (there is no option for {name})"),
                    };
                    return Err(TableError::layout(
                        path,
                        format!(
                            "the file holds {} values of {name} ({}); {choose}",
                            values.len(),
                            join(&values)
                        ),
                    ));
                }
                None => match values.first() {
                    Some(v) => (*v).to_owned(),
                    None => return Err(TableError::layout(path, "the file holds no observations")),
                },
            };
            kept.retain(|o| code(o) == chosen);
            if name == "stk_flow" {
                stk_flow = Some(chosen.clone());
            }
            described.push(format!("{name} {chosen}"));
            Ok(())
        };
        for (k, name) in self.dimensions.iter().enumerate() {
            if k == prod_na || k == induse {
                continue;
            }
            let wanted = match name.as_str() {
                "geo" => selection.geo.as_deref(),
                "unit" => selection.unit.as_deref(),
                "stk_flow" => selection.stk_flow.as_deref(),
                _ => None,
            };
            pick(name, wanted, &|o: &Observation| o.codes[k].as_str())?;
        }
        pick(
            "TIME_PERIOD",
            selection.year.as_deref(),
            &|o: &Observation| o.period.as_str(),
        )?;
        if stk_flow.as_deref() == Some("IMP") {
            return Err(TableError::layout(
                path,
                "stk_flow IMP holds the imported flows alone; a Leontief table is TOTAL (all flows) or DOM (domestic flows)",
            ));
        }
        let mut cells = HashMap::with_capacity(kept.len());
        let mut rows = BTreeSet::new();
        let mut columns = BTreeSet::new();
        for o in kept {
            let key = (o.codes[prod_na].clone(), o.codes[induse].clone());
            if cells.insert(key, o.value).is_some() {
                return Err(TableError::layout(
                    path,
                    format!(
                        "the series {} appears more than once (each series must be unique)",
                        o.codes.join(",")
                    ),
                ));
            }
            rows.insert(o.codes[prod_na].clone());
            columns.insert(o.codes[induse].clone());
        }
        Ok(Slice {
            stk_flow,
            described: described.join(", "),
            cells,
            rows,
            columns,
        })
    }
}

fn join<'a>(values: impl IntoIterator<Item = &'a &'a str>) -> String {
    values.into_iter().copied().collect::<Vec<_>>().join(", ")
}

/// The first group of alternatives whose codes are all in `codes`.
fn first_present<'a>(groups: &[&[&'a str]], codes: &BTreeSet<String>) -> Vec<&'a str> {
    groups
        .iter()
        .find(|g| g.iter().all(|c| codes.contains(*c)))
        .map(|g| g.to_vec())
        .unwrap_or_default()
}

/// Counts the cells the table needs that the file does not publish.
#[derive(Default)]
struct Gaps {
    missing: usize,
    confidential: usize,
    first: Option<(String, String, &'static str)>,
}

fn build(
    path: &Path,
    slice: &Slice,
    selection: &EurostatSelection,
    layout: &TableLayout,
) -> Result<IoTable, TableError> {
    let ignored = |c: &str| layout.ignored.iter().any(|i| i.eq_ignore_ascii_case(c));
    let domestic = slice.stk_flow.as_deref() == Some("DOM");

    let mut final_uses: Vec<&str> = FINAL_USES
        .iter()
        .copied()
        .filter(|c| slice.columns.contains(*c))
        .collect();
    final_uses.extend(first_present(&INVENTORIES, &slice.columns));
    let mut primary: Vec<&str> = PRIMARY_INPUTS
        .iter()
        .filter_map(|g| g.iter().copied().find(|c| slice.rows.contains(*c)))
        .collect();
    primary.extend(first_present(&SURPLUS, &slice.rows));
    if domestic && slice.rows.contains(IMPORTS) {
        primary.insert(0, IMPORTS);
    }

    let special_column = |c: &str| {
        final_uses.contains(&c)
            || USE_TOTALS.contains(&c)
            || INVENTORIES.iter().any(|g| g.contains(&c))
    };
    let special_row = |c: &str| {
        primary.contains(&c)
            || c == OUTPUT
            || ROW_TOTALS.contains(&c)
            || PRIMARY_INPUTS
                .iter()
                .chain(&SURPLUS)
                .any(|g| g.contains(&c))
    };
    let sectors: Vec<&str> = slice
        .rows
        .iter()
        .map(String::as_str)
        .filter(|c| {
            slice.columns.contains(*c) && !special_row(c) && !special_column(c) && !ignored(c)
        })
        .collect();
    if sectors.is_empty() {
        return Err(TableError::layout(
            path,
            format!(
                "no product or industry code appears both as prod_na and as induse ({})",
                slice.described
            ),
        ));
    }
    let is_sector = |c: &str| sectors.contains(&c);
    if let Some(c) = slice
        .columns
        .iter()
        .find(|c| !is_sector(c) && !special_column(c) && !ignored(c))
    {
        return Err(TableError::layout(
            path,
            format!(
                "induse {c} is neither a product or industry of prod_na, a final use ({}, {}) nor a total chainsim knows; name it among the ignored labels to skip it",
                FINAL_USES.join(", "),
                INVENTORIES
                    .iter()
                    .flat_map(|g| g.iter())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if let Some(c) = slice
        .rows
        .iter()
        .find(|c| !is_sector(c) && !special_row(c) && !ignored(c))
    {
        return Err(TableError::layout(
            path,
            format!(
                "prod_na {c} is neither a product or industry of induse, a primary input ({}) nor a total chainsim knows; name it among the ignored labels to skip it",
                PRIMARY_INPUTS
                    .iter()
                    .chain(&SURPLUS)
                    .flat_map(|g| g.iter())
                    .copied()
                    .chain([IMPORTS])
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }

    let n = sectors.len();
    let mut output = DVector::zeros(n);
    for (j, sector) in sectors.iter().enumerate() {
        match slice.cells.get(&(OUTPUT.to_owned(), (*sector).to_owned())) {
            Some(Value::Number(v)) => output[j] = *v,
            _ => {
                return Err(TableError::layout(
                    path,
                    format!(
                        "no {OUTPUT} (output at basic prices) value for {sector} ({}): x is the {OUTPUT} row",
                        slice.described
                    ),
                ));
            }
        }
    }

    let mut gaps = Gaps::default();
    let mut cell = |row: &str, column: &str| -> f64 {
        let why = match slice.cells.get(&(row.to_owned(), column.to_owned())) {
            Some(Value::Number(v)) => return *v,
            Some(Value::Missing { confidential: true }) => {
                gaps.confidential += 1;
                if selection.confidential_as_zero {
                    return 0.0;
                }
                "confidential"
            }
            Some(Value::Missing {
                confidential: false,
            }) => {
                gaps.missing += 1;
                if selection.missing_as_zero {
                    return 0.0;
                }
                "not available (:)"
            }
            None => {
                gaps.missing += 1;
                if selection.missing_as_zero {
                    return 0.0;
                }
                "absent from the file"
            }
        };
        if gaps.first.is_none() {
            gaps.first = Some((row.to_owned(), column.to_owned(), why));
        }
        0.0
    };
    let flows = DMatrix::from_fn(n, n, |i, j| cell(sectors[i], sectors[j]));
    let final_demand =
        DMatrix::from_fn(n, final_uses.len(), |i, k| cell(sectors[i], final_uses[k]));
    let value_added = DMatrix::from_fn(primary.len(), n, |k, j| cell(primary[k], sectors[j]));
    if let Some((row, column, why)) = gaps.first {
        return Err(TableError::layout(
            path,
            format!(
                "prod_na {row}, induse {column} is {why} ({}); the table has {} confidential and {} not-available cells where it needs numbers (read them as 0 with the confidential_as_zero and missing_as_zero options)",
                slice.described, gaps.confidential, gaps.missing
            ),
        ));
    }

    if domestic {
        check_uses(path, &output, &flows, &final_demand, |i| {
            format!("prod_na {}: {OUTPUT}", sectors[i])
        })?;
    }
    if !domestic || primary.contains(&IMPORTS) {
        check_inputs(
            path,
            &output,
            &flows,
            &value_added,
            &primary.join(", "),
            |j| format!("induse {}: {OUTPUT}", sectors[j]),
        )?;
    }

    let labels = |codes: &[&str]| codes.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    IoTable::new(
        sectors.iter().map(|s| Label::sector(*s)).collect(),
        flows,
        output,
    )
    .and_then(|t| t.with_final_demand(labels(&final_uses), final_demand))
    .and_then(|t| t.with_value_added(labels(&primary), value_added))
    .map_err(|cause| TableError::Table {
        path: path.to_path_buf(),
        cause,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_flags_read_as_eurostat_writes_them() {
        assert_eq!(parse_value("12.3", ""), Some(Value::Number(12.3)));
        assert_eq!(parse_value("12.3", "p"), Some(Value::Number(12.3)));
        assert_eq!(parse_value("3386e", ""), Some(Value::Number(3386.0)));
        assert_eq!(
            parse_value(":", ""),
            Some(Value::Missing {
                confidential: false
            })
        );
        assert_eq!(
            parse_value(":", "c"),
            Some(Value::Missing { confidential: true })
        );
        assert_eq!(
            parse_value(":", "C"),
            Some(Value::Missing { confidential: true })
        );
        assert_eq!(parse_value("12,3", ""), None);
        assert_eq!(parse_value("NaN", ""), None);
        assert_eq!(parse_value("abc", ""), None);
        assert_eq!(
            parse_value("", ""),
            Some(Value::Missing {
                confidential: false
            })
        );
        assert_eq!(parse_value("1", "p!"), None);
    }

    #[test]
    fn the_first_complete_group_of_alternatives_is_taken() {
        let codes: BTreeSet<String> = ["P52", "P53", "P6"].into_iter().map(String::from).collect();
        assert_eq!(first_present(&INVENTORIES, &codes), ["P52", "P53"]);
        let codes: BTreeSet<String> = ["P5M", "P52"].into_iter().map(String::from).collect();
        assert_eq!(first_present(&INVENTORIES, &codes), ["P5M"]);
    }
}
