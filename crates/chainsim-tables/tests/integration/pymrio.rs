//! pymrio's folder format, on pymrio's own test system (saved by pymrio's
//! `save_all`), checked against pymrio 0.7.0's `calc_all()`
//! (`tests/data/tables/pymrio/expected.py` → `expected.json`).

use std::path::{Path, PathBuf};

use approx::assert_relative_eq;
use chainsim_io::{IoTable, MultiplierInputs, SatelliteAccount, multipliers};
use chainsim_tables::{Format, PymrioWriteOptions, ReadOptions, TableError, read, write_pymrio};
use serde::Deserialize;

/// pymrio's results and ours are two LU solves of the same system.
pub(crate) const RELATIVE: f64 = 1e-12;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/tables/pymrio")
}

fn fixture() -> PathBuf {
    data().join("test_mrio")
}

/// pymrio's `calc_all()` results for a fixture, as the fixture's
/// `expected.py` writes them.
#[derive(Deserialize)]
pub(crate) struct Expected {
    sectors: Vec<String>,
    /// Z, where the fixture gives only A (pymrio's A x̂).
    #[serde(rename = "Z", default)]
    z: Option<Vec<Vec<f64>>>,
    x: Vec<f64>,
    output_multipliers: Vec<f64>,
    satellite_multipliers: std::collections::BTreeMap<String, Vec<f64>>,
}

fn expected() -> Expected {
    let text = std::fs::read_to_string(data().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A fresh copy of a folder, for tests that spoil one file of it.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "chainsim-tables-pymrio-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn spoiled(name: &str, file: &str, from: &str, to: &str) -> PathBuf {
    let dir = scratch(name);
    copy_dir(&fixture(), &dir);
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

/// The message of reading the spoiled folder `dir`, which is then removed.
fn read_error(dir: PathBuf) -> String {
    let err = read(&dir, Format::Pymrio, &ReadOptions::default()).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(
        err,
        TableError::Layout { .. } | TableError::Cell { .. }
    ));
    err.to_string()
}

fn read_fixture() -> IoTable {
    let path = fixture();
    read(
        &path,
        Format::detect(&path).unwrap(),
        &ReadOptions::default(),
    )
    .unwrap()
}

/// Checks a table's labels, x (and Z where given), output multipliers and
/// satellite multipliers against pymrio's.
pub(crate) fn check_against_pymrio(table: &IoTable, expected: &Expected) {
    let labels: Vec<String> = table.sectors().iter().map(|l| l.to_string()).collect();
    assert_eq!(labels, expected.sectors);
    for (i, row) in expected.z.iter().flatten().enumerate() {
        for (j, want) in row.iter().enumerate() {
            assert_relative_eq!(table.flows()[(i, j)], *want, max_relative = RELATIVE);
        }
    }
    for (got, want) in table.output().iter().zip(&expected.x) {
        assert_relative_eq!(*got, *want, max_relative = RELATIVE);
    }
    let inputs = MultiplierInputs {
        households: None,
        satellites: SatelliteAccount::from_table(table),
    };
    let report = multipliers(&table.model().unwrap(), &inputs).unwrap();
    assert_eq!(report.sectors.len(), expected.output_multipliers.len());
    for (row, want) in report.sectors.iter().zip(&expected.output_multipliers) {
        assert_relative_eq!(row.output_type_i, *want, max_relative = RELATIVE);
    }
    let mut accounts: Vec<&String> = inputs.satellites.iter().map(|s| &s.name).collect();
    accounts.sort();
    assert_eq!(
        accounts,
        expected.satellite_multipliers.keys().collect::<Vec<_>>()
    );
    for (name, want) in &expected.satellite_multipliers {
        let totals: Vec<f64> = report
            .satellites
            .iter()
            .filter(|r| &r.account == name)
            .map(|r| r.total)
            .collect();
        assert_eq!(totals.len(), want.len(), "{name}");
        for (got, want) in totals.iter().zip(want) {
            assert_relative_eq!(*got, *want, max_relative = RELATIVE);
        }
    }
}

#[test]
fn the_test_system_is_detected_as_pymrio() {
    assert_eq!(Format::detect(&fixture()).unwrap(), Format::Pymrio);
}

#[test]
fn the_test_system_gives_pymrios_multipliers() {
    let table = read_fixture();
    assert_eq!(table.n_sectors(), 48);
    // 6 regions × 7 final-demand categories, labelled region/category.
    assert_eq!(table.final_demand().labels.len(), 42);
    assert_eq!(
        table.final_demand().labels[0],
        "reg1/Final consumption expenditure by households"
    );
    check_against_pymrio(&table, &expected());
}

#[test]
fn x_is_z_1_plus_y_1_without_x_txt() {
    // pymrio's calc_x; the fixture has no x.txt, so pymrio's x (expected.json)
    // was computed the same way, and so is ours.
    let table = read_fixture();
    let z = table.flows();
    let y = &table.final_demand().values;
    for i in 0..table.n_sectors() {
        let sum = z.row(i).sum() + y.row(i).sum();
        assert_relative_eq!(table.output()[i], sum, max_relative = 1e-15);
    }
}

#[test]
fn extensions_can_be_chosen_by_folder_or_name() {
    for wanted in ["emissions", "Emissions"] {
        let options = ReadOptions {
            extensions: Some(vec![wanted.into()]),
            ..ReadOptions::default()
        };
        let table = read(&fixture(), Format::Pymrio, &options).unwrap();
        assert_eq!(
            table.satellites().labels,
            [
                "Emissions/emission_type1/air",
                "Emissions/emission_type2/water"
            ]
        );
    }
    let options = ReadOptions {
        extensions: Some(vec!["land".into()]),
        ..ReadOptions::default()
    };
    let err = read(&fixture(), Format::Pymrio, &options).unwrap_err();
    assert!(
        err.to_string()
            .contains("has no extension \"land\" (its extensions: emissions, factor_inputs)"),
        "{err}"
    );
}

#[test]
fn a_written_folder_reads_back_equal() {
    let table = read_fixture();
    let dir = scratch("round-trip");
    let mut options = PymrioWriteOptions::new("Mill USD");
    options
        .satellite_units
        .insert("Emissions/emission_type1/air".into(), "kg".into());
    write_pymrio(&table, &dir, &options).unwrap();
    assert_eq!(Format::detect(&dir).unwrap(), Format::Pymrio);
    let back = read(&dir, Format::Pymrio, &ReadOptions::default()).unwrap();
    assert_eq!(back, table);
    let units = std::fs::read_to_string(dir.join("emissions/unit.txt")).unwrap();
    assert_eq!(
        units,
        "stressor\tunit\nemission_type1/air\tkg\nemission_type2/water\tunknown\n"
    );
    check_against_pymrio(&back, &expected());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn disagreeing_units_name_both_sectors() {
    let dir = spoiled(
        "units",
        "unit.txt",
        "reg2\tmining\tMill USD",
        "reg2\tmining\tM.EUR",
    );
    let message = read_error(dir);
    assert!(
        message.contains(
            "unit.txt: sector \"reg2/mining\" is in \"M.EUR\" but \"reg1/food\" is in \"Mill USD\""
        ),
        "{message}"
    );
}

#[test]
fn a_bad_number_names_its_row_and_column_labels() {
    let dir = spoiled(
        "cell",
        "Z.txt",
        "reg1\tmining\t257.18317",
        "reg1\tmining\tabc",
    );
    let message = read_error(dir);
    assert!(
        message.contains(
            "Z.txt: row \"reg1/mining\", column \"reg1/food\": expected a finite number, found \"abc\""
        ),
        "{message}"
    );
}

#[test]
fn an_unknown_sector_in_an_extension_is_named() {
    let dir = spoiled("column", "emissions/F.txt", "\tother\t", "\tservices\t");
    let message = read_error(dir);
    assert!(
        message.contains("F.txt: column \"reg1/services\" is not one of the table's sectors"),
        "{message}"
    );
}

#[test]
fn a_missing_row_is_named() {
    let dir = scratch("missing-row");
    copy_dir(&fixture(), &dir);
    let path = dir.join("Y.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("reg3\ttrade\t"))
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let message = read_error(dir);
    assert!(
        message.contains("Y.txt: has no row for sector \"reg3/trade\""),
        "{message}"
    );
}
