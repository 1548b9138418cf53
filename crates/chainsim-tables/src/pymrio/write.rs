//! Writing an [`IoTable`] as a pymrio folder that `pymrio.load_all` reads:
//! `Z.txt`, `Y.txt`, `x.txt`, `unit.txt`, `file_parameters.json`,
//! `metadata.json`, and one extension folder per satellite group.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chainsim_io::{IoTable, Label};

use crate::error::TableError;
use crate::pymrio::params::{Count, EXTENSION, FileEntry, FileParameters, IO_SYSTEM};
use crate::pymrio::source::FILE_PARAMETERS;

/// The extension that satellite labels without an `<extension>/` prefix go to.
pub const DEFAULT_EXTENSION: &str = "satellites";
/// The extension that value-added rows go to, as in pymrio's test system.
pub const FACTOR_INPUTS: &str = "Factor Inputs";

/// What [`write_pymrio`] needs beyond the table: the units, which a table
/// does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PymrioWriteOptions {
    /// The unit of every flow of Z, Y and x, e.g. `"M.EUR"` (pymrio's `unit.txt`).
    pub unit: String,
    /// The unit of each satellite row, by its label; rows not named here are
    /// written with the unit `"unknown"`.
    pub satellite_units: BTreeMap<String, String>,
    /// The system's name in `metadata.json`.
    pub name: String,
    /// The region written for a single-region table (labels without a region): pymrio's
    /// accounts (`calc_all`) need a (region, sector) index, so such a table is written as
    /// one region of this name.
    pub region: String,
}

impl PymrioWriteOptions {
    /// Options writing every flow in `unit`.
    pub fn new(unit: impl Into<String>) -> PymrioWriteOptions {
        PymrioWriteOptions {
            unit: unit.into(),
            satellite_units: BTreeMap::new(),
            name: "chainsim".into(),
            region: "region".into(),
        }
    }
}

/// Writes `table` into the folder `dir` (created if needed; files of the same
/// names are replaced) in pymrio's text layout, so that `pymrio.load_all(dir)`
/// reads it and [`crate::read`] with [`crate::Format::Pymrio`] reads it back.
///
/// Sectors are written with (region, sector) index levels when every label
/// has a region and with one `sector` level when none has; final-demand
/// labels `region/category` become (region, category) columns when every
/// label has the `/`. Satellite rows `<extension>/<stressor>` go to the
/// extension's folder (rows without a `/` to [`DEFAULT_EXTENSION`]), and
/// value-added rows to [`FACTOR_INPUTS`]; on reading they come back as
/// satellite rows.
///
/// # Errors
///
/// [`TableError::Layout`] if some sector labels have a region and others do
/// not, or two satellite rows of an extension share a stressor;
/// [`TableError::Write`] if a file cannot be written.
///
/// # Examples
///
/// ```
/// use chainsim_io::{IoTable, Label};
/// use chainsim_io::nalgebra::{DMatrix, DVector};
/// use chainsim_tables::{Format, PymrioWriteOptions, ReadOptions, read, write_pymrio};
///
/// let dir = std::env::temp_dir().join(format!("chainsim-pymrio-doc-{}", std::process::id()));
/// let table = IoTable::new(
///     vec![Label::regional("r1", "a"), Label::regional("r1", "b")],
///     DMatrix::from_row_slice(2, 2, &[150.0, 500.0, 200.0, 100.0]),
///     DVector::from_vec(vec![1000.0, 2000.0]),
/// )?;
/// write_pymrio(&table, &dir, &PymrioWriteOptions::new("M.EUR"))?;
/// let back = read(&dir, Format::Pymrio, &ReadOptions::default())?;
/// assert_eq!(back, table);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_pymrio(
    table: &IoTable,
    dir: &Path,
    options: &PymrioWriteOptions,
) -> Result<(), TableError> {
    create_dir(dir)?;
    let single_region = table.sectors().iter().all(|s| s.region.is_none());
    let sectors = sector_keys(table.sectors(), dir, &options.region)?;
    let sector_names: &[&str] = &["region", "sector"];
    let mut files = BTreeMap::new();

    let flows = table.flows();
    let frame = Frame {
        index_names: sector_names,
        rows: &sectors,
        column_names: sector_names,
        columns: &sectors,
    };
    write_frame(dir, "Z", &frame, &mut files, |i, j| number(flows[(i, j)]))?;

    let y = table.final_demand();
    if !y.labels.is_empty() {
        let regional = single_region || y.labels.iter().all(|l| l.contains('/'));
        let categories: Vec<Vec<String>> = y
            .labels
            .iter()
            .map(|l| match l.split_once('/') {
                _ if single_region => vec![options.region.clone(), l.clone()],
                Some((region, category)) if regional => vec![region.into(), category.into()],
                _ => vec![l.clone()],
            })
            .collect();
        let column_names: &[&str] = if regional {
            &["region", "category"]
        } else {
            &["category"]
        };
        let frame = Frame {
            index_names: sector_names,
            rows: &sectors,
            column_names,
            columns: &categories,
        };
        write_frame(dir, "Y", &frame, &mut files, |i, j| {
            number(y.values[(i, j)])
        })?;
    }

    let x = table.output();
    let frame = Frame {
        index_names: sector_names,
        rows: &sectors,
        column_names: &[],
        columns: &[vec!["indout".into()]],
    };
    write_frame(dir, "x", &frame, &mut files, |i, _| number(x[i]))?;
    let frame = Frame {
        columns: &[vec!["unit".into()]],
        ..frame
    };
    write_frame(dir, "unit", &frame, &mut files, |_, _| options.unit.clone())?;
    write_parameters(dir, IO_SYSTEM, None, files)?;
    write_metadata(dir, options)?;

    for (name, rows) in extensions(table, dir)? {
        let folder = dir.join(folder_name(&name));
        create_dir(&folder)?;
        let stressors: Vec<Vec<String>> = rows.iter().map(|(s, _, _)| vec![s.clone()]).collect();
        let mut files = BTreeMap::new();
        let frame = Frame {
            index_names: &["stressor"],
            rows: &stressors,
            column_names: sector_names,
            columns: &sectors,
        };
        write_frame(&folder, "F", &frame, &mut files, |k, j| {
            number(rows[k].2[j])
        })?;
        let frame = Frame {
            column_names: &[],
            columns: &[vec!["unit".into()]],
            ..frame
        };
        write_frame(&folder, "unit", &frame, &mut files, |k, _| {
            options
                .satellite_units
                .get(&rows[k].1)
                .cloned()
                .unwrap_or_else(|| "unknown".into())
        })?;
        write_parameters(&folder, EXTENSION, Some(name.clone()), files)?;
    }
    Ok(())
}

/// One extension's rows: (stressor, the table's label, totals per sector).
type ExtensionRows = Vec<(String, String, Vec<f64>)>;

/// The satellite and value-added rows grouped into extensions, in order of
/// first appearance.
fn extensions(table: &IoTable, dir: &Path) -> Result<Vec<(String, ExtensionRows)>, TableError> {
    let mut groups: Vec<(String, ExtensionRows)> = Vec::new();
    let satellites = table.satellites();
    let value_added = table.value_added();
    let rows = satellites
        .labels
        .iter()
        .zip(satellites.values.row_iter())
        .map(|(label, row)| {
            let (extension, stressor) = label
                .split_once('/')
                .unwrap_or((DEFAULT_EXTENSION, label.as_str()));
            (extension, stressor, label, row)
        })
        .chain(
            value_added
                .labels
                .iter()
                .zip(value_added.values.row_iter())
                .map(|(label, row)| (FACTOR_INPUTS, label.as_str(), label, row)),
        );
    for (extension, stressor, label, row) in rows {
        let at = match groups.iter().position(|(name, _)| name == extension) {
            Some(at) => at,
            None => {
                groups.push((extension.to_owned(), Vec::new()));
                groups.len() - 1
            }
        };
        let group = &mut groups[at].1;
        if group.iter().any(|(s, _, _)| s == stressor) {
            return Err(TableError::layout(
                dir,
                format!(
                    "two rows of extension {extension:?} are both labelled {stressor:?} (value-added rows are written to {FACTOR_INPUTS:?})"
                ),
            ));
        }
        group.push((
            stressor.to_owned(),
            label.clone(),
            row.iter().copied().collect(),
        ));
    }
    for (name, _) in &groups {
        let folder = folder_name(name);
        if let Some((other, _)) = groups
            .iter()
            .find(|(o, _)| o != name && folder_name(o) == folder)
        {
            return Err(TableError::layout(
                dir,
                format!(
                    "extensions {name:?} and {other:?} would share the folder {folder:?}; rename one"
                ),
            ));
        }
    }
    Ok(groups)
}

/// An extension's folder: its name in lower case, with `_` for anything but
/// letters and digits (pymrio names the attribute the same way).
fn folder_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn sector_keys(
    sectors: &[Label],
    dir: &Path,
    single_region: &str,
) -> Result<Vec<Vec<String>>, TableError> {
    let regional = sectors.first().is_some_and(|s| s.region.is_some());
    sectors
        .iter()
        .map(|label| match (&label.region, regional) {
            (Some(region), true) => Ok(vec![region.clone(), label.sector.clone()]),
            (None, false) => Ok(vec![single_region.to_owned(), label.sector.clone()]),
            _ => Err(TableError::layout(
                dir,
                format!(
                    "sector {label} and sector {} differ in having a region; pymrio's index levels need every sector with a region or none",
                    sectors[0]
                ),
            )),
        })
        .collect()
}

/// The labels of a table file: index (row) levels and column levels.
struct Frame<'a> {
    index_names: &'a [&'a str],
    rows: &'a [Vec<String>],
    /// The names of the column levels; empty for a single unnamed level
    /// (`indout`, `unit`), whose one header row then carries the index names.
    column_names: &'a [&'a str],
    columns: &'a [Vec<String>],
}

/// Writes `<key>.txt` in the layout pandas' `to_csv(sep="\t")` gives a
/// DataFrame with these labels, and records it in `files`.
fn write_frame(
    dir: &Path,
    key: &str,
    frame: &Frame<'_>,
    files: &mut BTreeMap<String, FileEntry>,
    cell: impl Fn(usize, usize) -> String,
) -> Result<(), TableError> {
    let name = format!("{key}.txt");
    let path = dir.join(&name);
    let io = |cause| TableError::Write {
        path: path.clone(),
        cause,
    };
    let file = File::create(&path).map_err(io)?;
    let mut out = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .flexible(true)
        .from_writer(BufWriter::with_capacity(1 << 20, file));
    let csv_error = |e: csv::Error| TableError::Write {
        path: path.clone(),
        cause: std::io::Error::other(e),
    };
    let n_index = frame.index_names.len();
    let n_levels = frame.column_names.len().max(1);
    if frame.column_names.len() <= 1 {
        let header = frame
            .index_names
            .iter()
            .map(|s| s.to_string())
            .chain(frame.columns.iter().map(|c| c[0].clone()));
        out.write_record(header).map_err(csv_error)?;
    } else {
        for level in 0..n_levels {
            let header = std::iter::once(frame.column_names[level].to_string())
                .chain(std::iter::repeat_n(String::new(), n_index - 1))
                .chain(frame.columns.iter().map(|c| c[level].clone()));
            out.write_record(header).map_err(csv_error)?;
        }
        let names = frame
            .index_names
            .iter()
            .map(|s| s.to_string())
            .chain(std::iter::repeat_n(String::new(), frame.columns.len()));
        out.write_record(names).map_err(csv_error)?;
    }
    for (i, row) in frame.rows.iter().enumerate() {
        let record = row
            .iter()
            .cloned()
            .chain((0..frame.columns.len()).map(|j| cell(i, j)));
        out.write_record(record).map_err(csv_error)?;
    }
    out.into_inner()
        .map_err(|e| io(std::io::Error::other(e.to_string())))?
        .flush()
        .map_err(io)?;
    files.insert(
        key.to_owned(),
        FileEntry {
            name,
            nr_index_col: Count(n_index),
            nr_header: Count(n_levels),
        },
    );
    Ok(())
}

fn write_parameters(
    dir: &Path,
    systemtype: &str,
    name: Option<String>,
    files: BTreeMap<String, FileEntry>,
) -> Result<(), TableError> {
    let parameters = FileParameters {
        files,
        systemtype: systemtype.to_owned(),
        name,
    };
    write_json(&dir.join(FILE_PARAMETERS), &parameters)
}

fn write_metadata(dir: &Path, options: &PymrioWriteOptions) -> Result<(), TableError> {
    let metadata = serde_json::json!({
        "description": "written by chainsim",
        "name": options.name,
        "system": serde_json::Value::Null,
        "version": serde_json::Value::Null,
        "history": [],
    });
    write_json(&dir.join("metadata.json"), &metadata)
}

fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), TableError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| TableError::Write {
        path: path.to_path_buf(),
        cause: std::io::Error::other(e),
    })?;
    std::fs::write(path, text).map_err(|cause| TableError::Write {
        path: path.to_path_buf(),
        cause,
    })
}

fn create_dir(dir: &Path) -> Result<(), TableError> {
    std::fs::create_dir_all(dir).map_err(|cause| TableError::Write {
        path: dir.to_path_buf(),
        cause,
    })
}

/// The shortest text that reads back as the same `f64`, in exponent form
/// where the plain form would be long.
fn number(value: f64) -> String {
    let magnitude = value.abs();
    if value != 0.0 && !(1e-4..1e15).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_exactly_and_stay_short() {
        for (value, text) in [
            (0.0, "0"),
            (23697.221, "23697.221"),
            (0.1, "0.1"),
            (1.5e-7, "1.5e-7"),
            (2.5e20, "2.5e20"),
            (-3.0, "-3"),
        ] {
            assert_eq!(number(value), text);
            assert_eq!(
                number(value).parse::<f64>().unwrap().to_bits(),
                value.to_bits()
            );
        }
    }

    #[test]
    fn folder_names_are_pymrio_attribute_names() {
        assert_eq!(folder_name("Factor Inputs"), "factor_inputs");
        assert_eq!(folder_name("Emissions"), "emissions");
    }
}
