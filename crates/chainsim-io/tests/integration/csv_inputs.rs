//! The CSV readers the `chainsim io` command uses beyond the flow table: a
//! coefficient sheet, sector-by-sector tables, an aggregation map, and the
//! table a coefficient model implies. Data: Miller & Blair (2009), Table 2.3.

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{Aggregation, IoError, IoModel, IoTable, Label, LabelledMatrix, TableLayout};
use nalgebra::dmatrix;

#[test]
fn coefficient_sheet_with_and_without_output() {
    let csv = ",a,m,total output\na,0.15,0.25,1000\nm,0.20,0.05,2000\n";
    let model = IoModel::from_csv(csv.as_bytes(), &TableLayout::default()).unwrap();
    assert_matrix_close(
        model.coefficients(),
        &dmatrix![0.15, 0.25; 0.20, 0.05],
        CLOSED_FORM,
    );
    assert_vector_close(model.output().unwrap(), &[1000.0, 2000.0], CLOSED_FORM);
    // The table it implies is Table 2.3: Z, f = [350, 1700], v = [650, 1400].
    let table = IoTable::from_model(&model).unwrap();
    assert_matrix_close(
        table.flows(),
        &dmatrix![150.0, 500.0; 200.0, 100.0],
        ABS_1E9,
    );
    assert_vector_close(&table.total_final_demand(), &[350.0, 1700.0], ABS_1E9);
    assert_vector_close(&table.total_value_added(), &[650.0, 1400.0], ABS_1E9);

    let bare = ",a,m\na,0.15,0.25\nm,0.20,0.05\n";
    let model = IoModel::from_csv(bare.as_bytes(), &TableLayout::default()).unwrap();
    assert!(model.output().is_none());
    assert!(matches!(
        IoTable::from_model(&model),
        Err(IoError::MissingOutput { .. })
    ));
}

#[test]
fn coefficient_sheet_errors() {
    let layout = TableLayout::default();
    let err =
        IoModel::from_csv(",a,m,x\na,0.1,0.2,0\nm,0.2,0.1,0\n".as_bytes(), &layout).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the coefficient table is not square: it has 2 rows and 3 columns (it must be sectors × sectors)"
    );
    let err = IoModel::from_csv(",a,m\nm,0.1,0.2\na,0.2,0.1\n".as_bytes(), &layout).unwrap_err();
    assert!(matches!(
        err,
        IoError::LabelMismatch {
            what: "coefficient row",
            ..
        }
    ));
    let err = IoModel::from_csv(",a,m\na,0.6,0.5\nm,0.5,0.6\n".as_bytes(), &layout).unwrap_err();
    assert!(err.to_string().contains("spectral radius 1.1000"));
}

#[test]
fn sector_rows_reorder_and_fill() {
    let sectors = Label::sectors(["a", "m"]);
    let sheet =
        LabelledMatrix::from_csv(",s1,s2\nm,-200,1\na,250,2\n".as_bytes(), "change").unwrap();
    let rows = sheet
        .sector_rows("change row", &sectors, None, false)
        .unwrap();
    assert_matrix_close(&rows, &dmatrix![250.0, 2.0; -200.0, 1.0], 0.0);

    let partial = LabelledMatrix::from_csv(",s\nm,5\n".as_bytes(), "change").unwrap();
    let rows = partial
        .sector_rows("change row", &sectors, None, true)
        .unwrap();
    assert_matrix_close(&rows, &dmatrix![0.0; 5.0], 0.0);
    let err = partial
        .sector_rows("change row", &sectors, None, false)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the change row labels do not match the table's sector labels: no row for a (every sector needs one)"
    );

    let unknown = LabelledMatrix::from_csv(",s\nmining,5\n".as_bytes(), "change").unwrap();
    let err = unknown
        .sector_rows("change row", &sectors, None, true)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the change row labels do not match the table's sector labels: \"mining\" is not a sector (expected one of: a, m)"
    );
}

#[test]
fn aggregation_map() {
    let sources = vec![
        Label::regional("Jilin", "agriculture"),
        Label::regional("Jilin", "manufacturing"),
        Label::regional("China", "agriculture"),
    ];
    let map = "from,to\nJilin/agriculture,all/agriculture\nChina/agriculture,all/agriculture\n\nJilin/manufacturing,all/manufacturing\n";
    let agg = Aggregation::from_csv(map.as_bytes(), &sources, Some("/")).unwrap();
    assert_eq!(
        agg.targets(),
        [
            Label::regional("all", "agriculture"),
            Label::regional("all", "manufacturing")
        ]
    );
    assert_eq!(agg.target_of(), [0, 1, 0]);

    let missing = "from,to\nJilin/agriculture,x\n";
    let err = Aggregation::from_csv(missing.as_bytes(), &sources, Some("/")).unwrap_err();
    assert!(
        err.to_string()
            .contains("Jilin/manufacturing has no target")
    );
    let ragged = "from,to\nJilin/agriculture\n";
    let err = Aggregation::from_csv(ragged.as_bytes(), &sources, Some("/")).unwrap_err();
    assert!(matches!(err, IoError::Ragged { row: 1, .. }));
    let empty = "from,to\nJilin/agriculture,\n";
    let err = Aggregation::from_csv(empty.as_bytes(), &sources, Some("/")).unwrap_err();
    assert!(err.to_string().contains("has no target"));
}
