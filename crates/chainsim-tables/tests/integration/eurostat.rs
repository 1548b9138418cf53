//! Eurostat's symmetric input–output tables in the TSV and SDMX-CSV layouts:
//! the Eurostat Manual's Table 15.4 (Germany 1995), its coefficients worked
//! from the published flows and outputs, and one error line per broken file.

use std::path::{Path, PathBuf};

use chainsim_io::Label;
use chainsim_tables::{EurostatSelection, Format, ReadOptions, read};

/// A coefficient is one quotient of two published integers.
const EXACT: f64 = 1e-15;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/tables/eurostat")
        .join(name)
}

fn options(selection: EurostatSelection) -> ReadOptions {
    ReadOptions {
        eurostat: selection,
        ..ReadOptions::default()
    }
}

fn year_1995() -> EurostatSelection {
    EurostatSelection {
        year: Some("1995".into()),
        ..EurostatSelection::default()
    }
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < EXACT, "{got} vs {want}");
}

/// The one-line error reading `name` with `selection` gives, after the path.
fn error(name: &str, selection: EurostatSelection) -> String {
    let path = fixture(name);
    let err = read(&path, Format::Eurostat, &options(selection)).unwrap_err();
    let text = err.to_string();
    let prefix = format!("{}: ", path.display());
    assert!(text.starts_with(&prefix), "{text}");
    assert!(!text.contains('\n'), "{text}");
    text[prefix.len()..].to_owned()
}

/// Table 15.4 as both layouts must give it.
fn check_table_15_4(table: &chainsim_io::IoTable) {
    assert_eq!(
        table.sectors(),
        Label::sectors(["CPA_A", "CPA_B-E", "CPA_F", "CPA_G-I", "CPA_J-N", "CPA_O-T"])
    );
    // Output P1 as the manual prints it.
    assert_eq!(
        table.output().as_slice(),
        [43910.0, 1079446.0, 245606.0, 540063.0, 692487.0, 508918.0]
    );
    let a = table.coefficients().unwrap();
    // z_ij / x_j with the manual's flows: agriculture's own use, industry's
    // deliveries to construction, business services' own use.
    close(a[(0, 0)], 1131.0 / 43910.0);
    close(a[(1, 2)], 64167.0 / 245606.0);
    close(a[(4, 4)], 193176.0 / 692487.0);
    assert_eq!(
        table.final_demand().labels,
        ["P3_S14", "P3_S13", "P51G", "P6", "P52"]
    );
    close(table.final_demand().column("P52").unwrap()[0], -6.0);
    assert_eq!(
        table.value_added().labels,
        ["P7", "D21X31", "D1", "D29X39", "K1", "B2A3N"]
    );
    // Value added of agriculture, the manual's B1G: 9382 - 2012 + 7871 + 6423.
    let b1g = ["D1", "D29X39", "K1", "B2A3N"]
        .iter()
        .map(|c| table.value_added().row(c).unwrap()[0])
        .sum::<f64>();
    close(b1g, 21664.0);
}

#[test]
fn the_tsv_reads_as_the_manuals_table() {
    let path = fixture("naio_10_cp1700_DE.tsv");
    assert_eq!(Format::detect(&path).unwrap(), Format::Eurostat);
    let table = read(&path, Format::Eurostat, &options(year_1995())).unwrap();
    check_table_15_4(&table);
}

#[test]
fn the_sdmx_csv_reads_as_the_same_table() {
    let path = fixture("naio_10_cp1700_DE_1995.csv");
    assert_eq!(Format::detect(&path).unwrap(), Format::Eurostat);
    let table = read(&path, Format::Eurostat, &ReadOptions::default()).unwrap();
    check_table_15_4(&table);
}

#[test]
fn several_years_need_a_choice() {
    assert_eq!(
        error("naio_10_cp1700_DE.tsv", EurostatSelection::default()),
        "the file holds 2 values of TIME_PERIOD (1995, 1996); choose one with the year option"
    );
}

#[test]
fn a_year_without_data_names_the_first_gap() {
    let selection = EurostatSelection {
        year: Some("1996".into()),
        ..EurostatSelection::default()
    };
    assert_eq!(
        error("naio_10_cp1700_DE.tsv", selection),
        "no P1 (output at basic prices) value for CPA_A (freq A, unit MIO_EUR, stk_flow DOM, geo DE, TIME_PERIOD 1996): x is the P1 row"
    );
}

#[test]
fn a_unit_the_file_lacks_is_named() {
    let selection = EurostatSelection {
        unit: Some("MIO_NAC".into()),
        ..year_1995()
    };
    assert_eq!(
        error("naio_10_cp1700_DE.tsv", selection),
        "no series has unit MIO_NAC (the file has unit MIO_EUR)"
    );
}

#[test]
fn mixed_units_are_refused_or_leave_a_gap() {
    assert_eq!(
        error("mixed-units.tsv", year_1995()),
        "the file holds 2 values of unit (MIO_EUR, MIO_NAC); choose one with the unit option"
    );
    let selection = EurostatSelection {
        unit: Some("MIO_EUR".into()),
        ..year_1995()
    };
    assert_eq!(
        error("mixed-units.tsv", selection),
        "prod_na CPA_A, induse CPA_F is absent from the file (freq A, unit MIO_EUR, stk_flow DOM, geo DE, TIME_PERIOD 1995); the table has 0 confidential and 1 not-available cells where it needs numbers (read them as 0 with the confidential_as_zero and missing_as_zero options)"
    );
}

#[test]
fn a_confidential_cell_is_refused_unless_read_as_zero() {
    assert_eq!(
        error("confidential.tsv", year_1995()),
        "prod_na CPA_A, induse CPA_F is confidential (freq A, unit MIO_EUR, stk_flow DOM, geo DE, TIME_PERIOD 1995); the table has 1 confidential and 0 not-available cells where it needs numbers (read them as 0 with the confidential_as_zero and missing_as_zero options)"
    );
    let selection = EurostatSelection {
        confidential_as_zero: true,
        ..year_1995()
    };
    let table = read(
        &fixture("confidential.tsv"),
        Format::Eurostat,
        &options(selection),
    )
    .unwrap();
    // The withheld flow (1 in the manual) reads as 0; the table still
    // balances within the tolerance (43909 against 43910).
    close(table.flows()[(0, 2)], 0.0);
    close(table.flows()[(0, 1)], 25480.0);
}

#[test]
fn a_ragged_series_is_named() {
    assert_eq!(
        error("ragged.tsv", year_1995()),
        "series \"A,MIO_EUR,DOM,CPA_F,CPA_A,DE\" has 1 cells after its codes but the header has 2 periods (every series needs one cell per period)"
    );
}

#[test]
fn a_duplicate_series_is_named() {
    assert_eq!(
        error("duplicate.tsv", year_1995()),
        "the series A,MIO_EUR,DOM,CPA_F,CPA_A,DE appears more than once (each series must be unique)"
    );
}

#[test]
fn a_missing_output_is_named() {
    assert_eq!(
        error("missing-output.tsv", year_1995()),
        "no P1 (output at basic prices) value for CPA_F (freq A, unit MIO_EUR, stk_flow DOM, geo DE, TIME_PERIOD 1995): x is the P1 row"
    );
}

#[test]
fn text_where_a_number_belongs_names_the_series_and_period() {
    assert_eq!(
        error("text.tsv", year_1995()),
        "row \"A,MIO_EUR,DOM,CPA_J-N,CPA_G-I,DE\", column \"1995\": expected a number or \":\" (not available), optionally followed by flags such as p, e or c, found \"n.a.\""
    );
}
