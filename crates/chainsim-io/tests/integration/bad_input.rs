//! One clear error, never a panic, for each kind of bad input named in the
//! toolkit's specification; messages are checked verbatim.

use chainsim_io::{
    Block, IoError, IoModel, IoTable, Label, LabelledMatrix, TableLayout, finite_column_block,
    finite_sector_vector, technical_coefficients,
};
use nalgebra::{DMatrix, dmatrix, dvector};

fn two() -> Vec<Label> {
    Label::sectors(["a", "b"])
}

#[test]
fn non_square_table() {
    let err = IoTable::new(
        two(),
        DMatrix::from_element(2, 3, 1.0),
        dvector![10.0, 10.0],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the flow matrix is not square: it has 2 rows and 3 columns (it must be sectors × sectors)"
    );
}

#[test]
fn ragged_csv() {
    let err = LabelledMatrix::from_csv(",a,b\na,1,2\nb,3\n".as_bytes(), "flow table").unwrap_err();
    assert_eq!(
        err,
        IoError::Ragged {
            what: "flow table",
            row: 2,
            expected: 3,
            found: 2
        }
    );
    assert_eq!(
        err.to_string(),
        "row 2 of the flow table has 2 cells but the header has 3 (tables must be rectangular)"
    );
}

#[test]
fn labels_that_do_not_match() {
    let csv = ",a,b,total output\nb,1,2,10\na,3,4,10\n";
    let err = IoTable::from_csv(csv.as_bytes(), &TableLayout::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the sector row labels do not match the table's sector labels: rows are in the order [b, a] but columns in the order [a, b]"
    );
    let table = IoTable::new(two(), dmatrix![1.0, 2.0; 3.0, 4.0], dvector![10.0, 10.0]).unwrap();
    let err = table
        .with_satellites_csv(",a,c\njobs,1,2\n".as_bytes(), None)
        .unwrap_err();
    assert!(matches!(
        err,
        IoError::LabelMismatch {
            what: "satellite column",
            ..
        }
    ));
    let err = IoTable::new(
        Label::sectors(["a", "a"]),
        dmatrix![1.0, 2.0; 3.0, 4.0],
        dvector![10.0, 10.0],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the label a appears more than once among the sector labels (labels must be unique)"
    );
}

#[test]
fn negative_flows() {
    let err = IoTable::new(two(), dmatrix![1.0, -2.0; 3.0, 4.0], dvector![10.0, 10.0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the flow matrix has a negative value -2 at row 0, column 1 (values must be non-negative)"
    );
}

#[test]
fn zero_output_with_inputs() {
    let err = IoTable::new(two(), dmatrix![1.0, 2.0; 3.0, 4.0], dvector![10.0, 0.0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sector 1 (b) has zero total output but buys 6 of inputs (a sector with inputs must have positive output)"
    );
    // An inert sector (no output, no inputs) is allowed and gets a zero column.
    let a = technical_coefficients(&dmatrix![1.0, 0.0; 3.0, 0.0], &dvector![10.0, 0.0]).unwrap();
    assert!(a.column(1).iter().all(|v| *v == 0.0));
}

#[test]
fn not_productive_reports_spectral_radius() {
    // Flows whose column sums exceed output in both sectors: A = [[0.6, 0.5], [0.5, 0.6]],
    // eigenvalues 0.6 ± 0.5.
    let table = IoTable::new(two(), dmatrix![6.0, 5.0; 5.0, 6.0], dvector![10.0, 10.0]).unwrap();
    let err = table.model().unwrap_err();
    assert_eq!(
        err.to_string(),
        "the coefficient matrix is not productive: spectral radius 1.1000 (must be below 1)"
    );
}

#[test]
fn nan_or_infinite_values() {
    let err = IoTable::new(
        two(),
        dmatrix![1.0, f64::NAN; 3.0, 4.0],
        dvector![10.0, 10.0],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the flow matrix has a non-finite value NaN at row 0, column 1 (all values must be finite numbers)"
    );
    let err = LabelledMatrix::from_csv(",a\na,inf\n".as_bytes(), "flow table").unwrap_err();
    assert!(matches!(err, IoError::NonFinite { .. }));
    let err = LabelledMatrix::from_csv(",a\na,x1\n".as_bytes(), "flow table").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read the flow table: row 1 (a), column 1 (a): \"x1\" is not a number"
    );
}

#[test]
fn mismatched_dimensions() {
    let err = IoModel::from_coefficients(Label::sectors(["a"]), dmatrix![0.1, 0.0; 0.0, 0.1])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the sector label list has 1 entries along its sector dimension but the table has 2 sectors"
    );
    let err = IoModel::from_coefficients(two(), dmatrix![0.1, 0.0; 0.0, 0.1])
        .unwrap()
        .ghosh()
        .unwrap_err();
    assert!(matches!(err, IoError::MissingOutput { .. }));
}

// Miller & Blair (2009), Table 2.3 as a CSV sheet with a two-level label
// (region/sector) and a subtotal row to ignore.
#[test]
fn csv_round_trip_multi_region() {
    let csv = "\
,Jilin/agriculture,Jilin/manufacturing,households,total output
Jilin/agriculture,150,500,350,1000
Jilin/manufacturing,200,100,1700,2000
total intermediate,350,600,,
value added,650,1400,,
";
    let layout = TableLayout {
        ignored: vec!["Total Intermediate".into()],
        region_separator: Some("/".into()),
        ..TableLayout::default()
    };
    let table = IoTable::from_csv(csv.as_bytes(), &layout).unwrap();
    assert_eq!(
        table.sectors()[1],
        Label::regional("Jilin", "manufacturing")
    );
    assert_eq!(table.value_added().labels, ["value added"]);
    let a = table.coefficients().unwrap();
    assert!((a[(1, 0)] - 0.20).abs() < 1e-15);
    let table = table
        .with_satellites_csv(
            ",Jilin/agriculture,Jilin/manufacturing\njobs,300,500\n".as_bytes(),
            Some("/"),
        )
        .unwrap();
    assert!((table.satellite_coefficients().values[(0, 1)] - 0.25).abs() < 1e-15);

    // Without a total-output column, x = Z 1 + Y 1.
    let no_total = ",a,b,fd\na,150,500,350\nb,200,100,1700\n";
    let table = IoTable::from_csv(no_total.as_bytes(), &TableLayout::default()).unwrap();
    assert_eq!(table.output().as_slice(), [1000.0, 2000.0]);
}

// The checks callers run on their own inputs: a shock block with the wrong number of sectors
// or labels or a non-finite value, and an account of the wrong length, each with the
// caller's name for it.
#[test]
fn shock_blocks_and_sector_vectors() {
    let block = |labels: &[&str], values: DMatrix<f64>| Block {
        labels: labels.iter().map(|l| l.to_string()).collect(),
        values,
    };
    let err =
        finite_column_block("value-added change", &block(&["s"], dmatrix![1.0]), 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the value-added change has 1 entries along its sector dimension but the table has 2 sectors"
    );
    let err = finite_column_block(
        "value-added change",
        &block(&["s", "t"], dmatrix![1.0; 2.0]),
        2,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the value-added change labels do not match the table's sector labels: 2 labels for 1 columns"
    );
    let err = finite_column_block(
        "value-added change",
        &block(&["s", "t"], dmatrix![1.0, 2.0; 3.0, f64::INFINITY]),
        2,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the value-added change has a non-finite value inf at row 1, column 1 (all values must be finite numbers)"
    );
    let err = finite_sector_vector("satellite account", &dvector![1.0, 2.0, 3.0], 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the satellite account has 3 entries along its sector dimension but the table has 2 sectors"
    );
}
