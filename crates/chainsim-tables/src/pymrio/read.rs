//! Reading a pymrio system (the layout of pymrio's `save_all`, and of
//! EXIOBASE 3's archives) into an [`IoTable`].
//!
//! The core is `Z` (or `A` with `x`, then Z = A x̂), `Y` and, where given,
//! `x` and `unit`; without `x`, x = Z 1 + Y 1, or x = (I − A)⁻¹ Y 1 when only
//! A is given, as pymrio's `calc_system` computes it. Each extension
//! subfolder's `F` (or S x̂ where only `S` is given) becomes satellite rows
//! labelled `<extension name>/<stressor>`, the stressor's index levels
//! joined by `/`.

use std::collections::HashMap;

use chainsim_io::nalgebra::{DMatrix, DVector};
use chainsim_io::{IoTable, Label, Leontief};

use crate::ReadOptions;
use crate::error::TableError;
use crate::pymrio::params::{EXTENSION, FileEntry, FileParameters, IO_SYSTEM};
use crate::pymrio::source::{FILE_PARAMETERS, Source};
use crate::pymrio::text::{Key, TextTable, join};

/// Region names to replace while reading, `(as written, as meant)`.
pub(crate) type RegionNames<'a> = &'a [(&'a str, &'a str)];

/// Reads the system in `source`, renaming regions by `region_names`.
pub(crate) fn read_system(
    source: &mut Source,
    options: &ReadOptions,
    region_names: RegionNames<'_>,
) -> Result<IoTable, TableError> {
    let params = parameters(source, "")?;
    if params.systemtype != IO_SYSTEM {
        return Err(TableError::layout(
            source.display(FILE_PARAMETERS),
            format!(
                "expected \"systemtype\": \"{IO_SYSTEM}\" at the system's root, found {:?}",
                params.systemtype
            ),
        ));
    }
    let (core_name, core_entry) = match (params.file("Z"), params.file("A")) {
        (Some(z), _) => ("Z", z),
        (None, Some(a)) => ("A", a),
        (None, None) => {
            return Err(TableError::layout(
                source.display(FILE_PARAMETERS),
                "lists neither Z (flows) nor A (coefficients); one of them is needed",
            ));
        }
    };
    let (sectors, mut core) = read_square(source, core_entry)?;
    let index: HashMap<&Key, usize> = sectors.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let final_demand = params
        .file("Y")
        .map(|entry| read_sector_rows(source, entry, &index))
        .transpose()?;
    if let Some(entry) = params.file("unit") {
        check_units(source, entry, &index)?;
    }
    let n = sectors.len();
    let y_total = final_demand.as_ref().map_or_else(
        || DVector::zeros(n),
        |(_, y)| DVector::from_fn(n, |i, _| y.row(i).sum()),
    );
    let output = match params.file("x") {
        Some(entry) => {
            let (_, x) = read_sector_rows(source, entry, &index)?;
            if x.ncols() != 1 {
                return Err(TableError::layout(
                    source.display(&entry.name),
                    format!(
                        "expected one column of total output (indout), found {}",
                        x.ncols()
                    ),
                ));
            }
            x.column(0).into_owned()
        }
        None if core_name == "Z" => DVector::from_fn(n, |i, _| core.row(i).sum() + y_total[i]),
        None => {
            if final_demand.is_none() {
                return Err(TableError::layout(
                    source.display(FILE_PARAMETERS),
                    "lists A without x or Y; total output needs x, or Y to compute x = (I - A)⁻¹ Y 1",
                ));
            }
            let leontief = Leontief::new(&core).map_err(|e| TableError::Table {
                path: source.display(&core_entry.name),
                cause: e,
            })?;
            leontief.solve(&y_total)
        }
    };
    if core_name == "A" {
        for (mut column, x) in core.column_iter_mut().zip(output.iter()) {
            column *= *x;
        }
    }

    let mut satellite_labels = Vec::new();
    let mut satellite_rows = Vec::new();
    let folders = source.subfolders()?;
    if let Some(wanted) = &options.extensions {
        let mut names = Vec::new();
        for folder in &folders {
            names.push(folder.clone());
            if let Some(name) = parameters(source, folder)?.name {
                names.push(name);
            }
        }
        if let Some(missing) = wanted.iter().find(|w| !names.contains(w)) {
            return Err(TableError::layout(
                source.location(),
                format!(
                    "has no extension {missing:?} (its extensions: {})",
                    folders.join(", ")
                ),
            ));
        }
    }
    for folder in &folders {
        let params = parameters(source, folder)?;
        if params.systemtype != EXTENSION {
            return Err(TableError::layout(
                source.display(&format!("{folder}/{FILE_PARAMETERS}")),
                format!(
                    "expected \"systemtype\": \"{EXTENSION}\" in an extension folder, found {:?}",
                    params.systemtype
                ),
            ));
        }
        let name = params.name.clone().unwrap_or_else(|| folder.clone());
        if let Some(wanted) = &options.extensions
            && !wanted.iter().any(|w| w == folder || *w == name)
        {
            continue;
        }
        let (stressors, values) = read_extension(source, folder, &params, &index, &output)?;
        for (stressor, row) in stressors.iter().zip(values) {
            satellite_labels.push(format!("{name}/{}", join(stressor)));
            satellite_rows.push(row);
        }
    }

    let labels: Vec<Label> = sectors
        .iter()
        .map(|key| label_of(key, region_names))
        .collect();
    let location = source.location();
    let table_error = |cause| TableError::Table {
        path: location.clone(),
        cause,
    };
    let mut table = IoTable::new(labels, core, output).map_err(table_error)?;
    if let Some((categories, y)) = final_demand {
        let names = categories
            .iter()
            .map(|key| label_of(key, region_names).to_string())
            .collect();
        table = table.with_final_demand(names, y).map_err(table_error)?;
    }
    if !satellite_rows.is_empty() {
        let values = DMatrix::from_fn(satellite_rows.len(), n, |k, j| satellite_rows[k][j]);
        table = table
            .with_satellites(satellite_labels, values)
            .map_err(table_error)?;
    }
    Ok(table)
}

/// The label of a (region, sector) key, or of a one-level key.
fn label_of(key: &[String], region_names: RegionNames<'_>) -> Label {
    match key {
        [sector] => Label::sector(sector.clone()),
        [region, rest @ ..] => {
            let region = region_names
                .iter()
                .find(|(written, _)| written == region)
                .map_or(region.as_str(), |(_, meant)| meant);
            Label::regional(region, rest.join("/"))
        }
        [] => Label::sector(String::new()),
    }
}

fn parameters(source: &mut Source, folder: &str) -> Result<FileParameters, TableError> {
    let name = if folder.is_empty() {
        FILE_PARAMETERS.to_owned()
    } else {
        format!("{folder}/{FILE_PARAMETERS}")
    };
    let text = source.read_to_string(&name)?;
    FileParameters::parse(&text, &source.display(&name))
}

fn open<'s>(
    source: &'s mut Source,
    name: &str,
    entry: &FileEntry,
) -> Result<TextTable<Box<dyn std::io::Read + 's>>, TableError> {
    let shown = source.display(name);
    if !name.ends_with(".txt") && !name.ends_with(".tsv") && !name.ends_with(".csv") {
        return Err(TableError::layout(
            shown,
            "expected a text table (.txt); pymrio's pickle and parquet files are not read",
        ));
    }
    let reader = source.reader(name)?;
    TextTable::open(reader, &shown, entry.nr_index_col.0, entry.nr_header.0)
}

/// Z or A: the same labels down and across; the columns give the order.
fn read_square(
    source: &mut Source,
    entry: &FileEntry,
) -> Result<(Vec<Key>, DMatrix<f64>), TableError> {
    let mut table = open(source, &entry.name, entry)?;
    if entry.nr_index_col != entry.nr_header {
        return Err(TableError::layout(
            table.path(),
            format!(
                "has {} index columns but {} header rows; the rows and columns must carry the same (region, sector) labels",
                entry.nr_index_col.0, entry.nr_header.0
            ),
        ));
    }
    let sectors = table.columns().to_vec();
    let index = unique_index(&sectors, &table, "column")?;
    let n = sectors.len();
    // Each row lands in a contiguous column of the transpose; one in-place
    // transpose at the end then gives the matrix without a second copy.
    let mut transposed = DMatrix::zeros(n, n);
    fill_rows(&mut table, &index, |i, row| {
        transposed.column_mut(i).copy_from_slice(row);
    })?;
    transposed.transpose_mut();
    Ok((sectors, transposed))
}

/// Y or x: one row per sector, any columns.
fn read_sector_rows(
    source: &mut Source,
    entry: &FileEntry,
    index: &HashMap<&Key, usize>,
) -> Result<(Vec<Key>, DMatrix<f64>), TableError> {
    let mut table = open(source, &entry.name, entry)?;
    let columns = table.columns().to_vec();
    unique_index(&columns, &table, "column")?;
    let mut matrix = DMatrix::zeros(index.len(), columns.len());
    fill_rows(&mut table, index, |i, row| {
        for (j, v) in row.iter().enumerate() {
            matrix[(i, j)] = *v;
        }
    })?;
    Ok((columns, matrix))
}

/// Reads every row of `table`, each labelled by a key of `index`, passing
/// its position and values to `put`; every key must appear exactly once.
fn fill_rows<R: std::io::Read>(
    table: &mut TextTable<R>,
    index: &HashMap<&Key, usize>,
    mut put: impl FnMut(usize, &[f64]),
) -> Result<(), TableError> {
    let mut seen = vec![false; index.len()];
    let mut values = vec![0.0; table.columns().len()];
    while let Some(key) = table.next_row(&mut values)? {
        let Some(&i) = index.get(&key) else {
            return Err(TableError::layout(
                table.path(),
                format!(
                    "row {:?} is not one of the table's sectors (the columns of Z or A)",
                    join(&key)
                ),
            ));
        };
        if std::mem::replace(&mut seen[i], true) {
            return Err(TableError::layout(
                table.path(),
                format!("row {:?} appears twice", join(&key)),
            ));
        }
        put(i, &values);
    }
    if let Some(key) = first_missing(index, &seen) {
        return Err(TableError::layout(
            table.path(),
            format!("has no row for sector {:?}", join(key)),
        ));
    }
    Ok(())
}

fn unique_index<'k, R: std::io::Read>(
    keys: &'k [Key],
    table: &TextTable<R>,
    what: &str,
) -> Result<HashMap<&'k Key, usize>, TableError> {
    let mut index = HashMap::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        if index.insert(key, i).is_some() {
            return Err(TableError::layout(
                table.path(),
                format!("{what} {:?} appears twice", join(key)),
            ));
        }
    }
    Ok(index)
}

/// unit.txt: one unit per sector, and all of them the same, since Z and Y
/// add flows across sectors.
fn check_units(
    source: &mut Source,
    entry: &FileEntry,
    index: &HashMap<&Key, usize>,
) -> Result<(), TableError> {
    let mut table = open(source, &entry.name, entry)?;
    let mut first: Option<(Key, String)> = None;
    while let Some((key, cells)) = table.next_text_row()? {
        if !index.contains_key(&key) {
            return Err(TableError::layout(
                table.path(),
                format!("row {:?} is not one of the table's sectors", join(&key)),
            ));
        }
        let unit = cells.into_iter().next().unwrap_or_default();
        match &first {
            None => first = Some((key, unit)),
            Some((first_key, first_unit)) if *first_unit != unit => {
                return Err(TableError::layout(
                    table.path(),
                    format!(
                        "sector {:?} is in {unit:?} but {:?} is in {first_unit:?}; all flows of Z and Y must be in one unit",
                        join(&key),
                        join(first_key)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// An extension's stressor labels and totals per sector (F, or S x̂).
fn read_extension(
    source: &mut Source,
    folder: &str,
    params: &FileParameters,
    index: &HashMap<&Key, usize>,
    output: &DVector<f64>,
) -> Result<(Vec<Key>, Vec<Vec<f64>>), TableError> {
    let (entry, per_unit) = match (params.file("F"), params.file("S")) {
        (Some(f), _) => (f, false),
        (None, Some(s)) => (s, true),
        (None, None) => {
            return Err(TableError::layout(
                source.display(&format!("{folder}/{FILE_PARAMETERS}")),
                "lists neither F (stressor totals) nor S (coefficients)",
            ));
        }
    };
    let name = format!("{folder}/{}", entry.name);
    let mut table = open(source, &name, entry)?;
    let columns = table.columns().to_vec();
    let position = sector_positions(&columns, index, &table)?;
    let mut stressors = Vec::new();
    let mut rows = Vec::new();
    let mut values = vec![0.0; columns.len()];
    while let Some(key) = table.next_row(&mut values)? {
        if stressors.contains(&key) {
            return Err(TableError::layout(
                table.path(),
                format!("row {:?} appears twice", join(&key)),
            ));
        }
        let mut row = vec![0.0; index.len()];
        for (v, &j) in values.iter().zip(&position) {
            row[j] = if per_unit { v * output[j] } else { *v };
        }
        stressors.push(key);
        rows.push(row);
    }
    Ok((stressors, rows))
}

/// Where each column of an extension table goes among the sectors; the
/// columns must be the sectors, each once.
fn sector_positions<R: std::io::Read>(
    columns: &[Key],
    index: &HashMap<&Key, usize>,
    table: &TextTable<R>,
) -> Result<Vec<usize>, TableError> {
    let mut seen = vec![false; index.len()];
    let mut position = Vec::with_capacity(columns.len());
    for column in columns {
        let Some(&j) = index.get(column) else {
            return Err(TableError::layout(
                table.path(),
                format!(
                    "column {:?} is not one of the table's sectors (the columns of Z or A)",
                    join(column)
                ),
            ));
        };
        if std::mem::replace(&mut seen[j], true) {
            return Err(TableError::layout(
                table.path(),
                format!("column {:?} appears twice", join(column)),
            ));
        }
        position.push(j);
    }
    if let Some(key) = first_missing(index, &seen) {
        return Err(TableError::layout(
            table.path(),
            format!("has no column for sector {:?}", join(key)),
        ));
    }
    Ok(position)
}

/// The first sector, in table order, not marked in `seen`.
fn first_missing<'k>(index: &HashMap<&'k Key, usize>, seen: &[bool]) -> Option<&'k Key> {
    let i = seen.iter().position(|s| !s)?;
    index.iter().find(|(_, j)| **j == i).map(|(key, _)| *key)
}
