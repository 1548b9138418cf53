//! The OECD ICIO CSV (2023 release layout): the fixture's coefficients worked
//! by hand, and one error line per broken fixture.

use std::path::{Path, PathBuf};

use chainsim_io::Label;
use chainsim_tables::{Format, ReadOptions, read};

/// Coefficients are quotients of small integers: exact to the last bits.
const EXACT: f64 = 1e-15;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/tables/oecd-icio")
        .join(name)
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < EXACT, "{got} vs {want}");
}

/// The one-line error reading `name` gives, after the path.
fn error(name: &str) -> String {
    let path = fixture(name);
    let err = read(&path, Format::OecdIcio, &ReadOptions::default()).unwrap_err();
    let text = err.to_string();
    let prefix = format!("{}: ", path.display());
    assert!(text.starts_with(&prefix), "{text}");
    assert!(!text.contains('\n'), "{text}");
    text[prefix.len()..].to_owned()
}

#[test]
fn the_2023_layout_reads_with_regional_labels_and_hand_coefficients() {
    let path = fixture("ICIO2023_2020.csv");
    assert_eq!(Format::detect(&path).unwrap(), Format::OecdIcio);
    let table = read(&path, Format::OecdIcio, &ReadOptions::default()).unwrap();
    assert_eq!(
        table.sectors(),
        [
            Label::regional("AUS", "A01_02"),
            Label::regional("AUS", "C20"),
            Label::regional("CHN", "A01_02"),
            Label::regional("CHN", "C20"),
        ]
    );
    assert_eq!(table.output().as_slice(), [200.0, 400.0, 300.0, 500.0]);
    let a = table.coefficients().unwrap();
    // a_ij = z_ij / x_j from make_fixtures.py: 20/200, 10/200, 10/400, 60/500, 5/500.
    for (got, want) in [
        (a[(0, 0)], 0.1),
        (a[(1, 0)], 0.05),
        (a[(2, 1)], 0.025),
        (a[(3, 3)], 0.12),
        (a[(0, 3)], 0.01),
    ] {
        close(got, want);
    }
    let fd = table.final_demand();
    assert_eq!(fd.labels.len(), 12);
    assert_eq!(fd.labels[0], "AUS/HFCE");
    assert_eq!(fd.labels[11], "CHN/DPABR");
    // AUS_C20's inventory change is negative: -5.
    close(fd.column("AUS/INVNT").unwrap()[1], -5.0);
    // Final demand per sector: 200-60, 400-80, 300-85, 500-110.
    assert_eq!(
        table.total_final_demand().as_slice(),
        [140.0, 320.0, 215.0, 390.0]
    );
    assert_eq!(table.value_added().labels, ["TLS", "VA"]);
    // Value added of AUS_A01_02: 200 - (20+10+5+5) - 2 = 158.
    close(table.value_added().row("VA").unwrap()[0], 158.0);
    close(table.value_added().row("TLS").unwrap()[3], 5.0);
}

#[test]
fn a_missing_out_column_is_named() {
    assert_eq!(
        error("missing-out.csv"),
        "no OUT column (total output, the last column of the ICIO CSV)"
    );
}

#[test]
fn a_ragged_row_is_named() {
    assert_eq!(
        error("ragged.csv"),
        "row \"CHN_A01_02\" has 17 cells but the header has 18 (every row needs a label and one value per column)"
    );
}

#[test]
fn a_duplicate_label_is_named() {
    assert_eq!(
        error("duplicate.csv"),
        "the row label \"AUS_C20\" appears more than once (labels must be unique)"
    );
}

#[test]
fn text_where_a_number_belongs_names_both_labels() {
    assert_eq!(
        error("text.csv"),
        "row \"CHN_C20\", column \"AUS_GFCF\": expected a finite number, found \"n/a\""
    );
}

#[test]
fn an_output_that_does_not_balance_is_named() {
    assert_eq!(
        error("unbalanced.csv"),
        "row AUS_C20: OUT is 410 but its intermediate and final uses sum to 400 (they must agree within 0.1%)"
    );
}

#[test]
fn an_older_release_is_refused_with_the_label_that_shows_it() {
    assert_eq!(
        error("ICIO2021_2018.csv"),
        "\"TOTAL\" belongs to an ICIO release before 2023 (TOTAL column; TAXSUB, VALU, OUTPUT rows); chainsim reads the 2023 release's layout (V1 corner, TLS, VA, OUT): download the 2023 tables"
    );
    // Its empty corner does not make it chainsim's own CSV.
    assert_eq!(
        Format::detect(&fixture("ICIO2021_2018.csv")).unwrap(),
        Format::Chainsim
    );
}

#[test]
fn the_extended_tables_are_refused() {
    assert_eq!(
        error("extended.csv"),
        "\"CN1_C20\" is a region of the extended ICIO, which splits China and Mexico (CN1, CN2, CN3, CN4, MX1, MX2, MX3); chainsim reads the standard tables, with CHN and MEX whole"
    );
}
