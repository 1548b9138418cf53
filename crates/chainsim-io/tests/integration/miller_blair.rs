//! Miller & Blair (2009), Input–Output Analysis: Foundations and Extensions,
//! 2nd ed., Cambridge University Press: the two-sector example of
//! Tables 2.3–2.4 (section 2.3) and its multipliers (section 6.2) and Ghosh
//! counterpart (ch. 12).

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{
    Block, Ghosh, IoError, IoModel, IoTable, Label, MultiplierInputs, SatelliteAccount,
    allocation_coefficients, impacts, multipliers, supply_impacts, technical_coefficients,
};
use nalgebra::{DMatrix, DVector, dmatrix, dvector};

fn z() -> DMatrix<f64> {
    dmatrix![150.0, 500.0; 200.0, 100.0]
}

fn x() -> DVector<f64> {
    dvector![1000.0, 2000.0]
}

fn table() -> IoTable {
    IoTable::new(Label::sectors(["agriculture", "manufacturing"]), z(), x())
        .unwrap()
        .with_final_demand(vec!["final demand".into()], dmatrix![350.0; 1700.0])
        .unwrap()
        .with_value_added(vec!["value added".into()], dmatrix![650.0, 1400.0])
        .unwrap()
}

// Table 2.3: A = Z x̂⁻¹ = [[0.15, 0.25], [0.20, 0.05]].
#[test]
fn technical_coefficients_table_2_3() {
    let a = technical_coefficients(&z(), &x()).unwrap();
    assert_matrix_close(&a, &dmatrix![0.15, 0.25; 0.20, 0.05], CLOSED_FORM);
    assert_matrix_close(&table().coefficients().unwrap(), &a, 0.0);
}

// Section 2.3.1: L = [[1.25412541, 0.33003300], [0.26402640, 1.12211221]].
#[test]
fn leontief_inverse_section_2_3() {
    let model = table().model().unwrap();
    let expected = dmatrix![1.25412541, 0.33003300; 0.26402640, 1.12211221];
    assert_matrix_close(&model.leontief().inverse(), &expected, 1e-8);
}

// Section 2.3.1: f = [600, 1500] gives x = [1247.52, 1841.58] and, with labour
// input coefficients [0.30, 0.25], labour [374.26, 460.40].
#[test]
fn new_final_demand_output_and_labour() {
    let model = table().model().unwrap();
    let demand = Block {
        labels: vec!["new demand".into()],
        values: dmatrix![600.0; 1500.0],
    };
    let labour = SatelliteAccount::new("labour", dvector![0.30, 0.25]);
    let report = impacts(&model, &demand, &[labour]).unwrap();
    let output: Vec<f64> = report.output.iter().map(|r| r.output).collect();
    assert_values_close(&output, &[1247.52, 1841.58], PRINTED_2DP);
    let labour: Vec<f64> = report.satellites.iter().map(|r| r.value).collect();
    assert_values_close(&labour, &[374.26, 460.40], PRINTED_2DP);
    assert_eq!(report.output[1].sector, "manufacturing");
    assert_eq!(report.output[1].scenario, "new demand");
}

// Section 6.2.1: simple output multipliers [1.518152, 1.452145].
#[test]
fn output_multipliers_section_6_2() {
    let model = table().model().unwrap();
    let report = multipliers(&model, &MultiplierInputs::default()).unwrap();
    let m: Vec<f64> = report.sectors.iter().map(|r| r.output_type_i).collect();
    assert_values_close(&m, &[1.518152, 1.452145], PRINTED_6DP);
    assert!(report.sectors.iter().all(|r| r.output_type_ii.is_none()));
}

// Chapter 12 (Ghosh, on Table 2.3's flows): B = x̂⁻¹ Z = [[0.15, 0.50], [0.10, 0.05]].
#[test]
fn allocation_coefficients_chapter_12() {
    let b = allocation_coefficients(&z(), &x()).unwrap();
    assert_matrix_close(&b, &dmatrix![0.15, 0.50; 0.10, 0.05], CLOSED_FORM);
}

// Chapter 12: G = (I − B)⁻¹ = [[1.254125, 0.660066], [0.132013, 1.122112]], and the
// base-year value added [650, 1400] gives back x: vᵀ G = [1000, 2000].
#[test]
fn ghosh_inverse_and_supply_chapter_12() {
    let ghosh = Ghosh::new(&z(), &x()).unwrap();
    let expected = dmatrix![1.254125, 0.660066; 0.132013, 1.122112];
    assert_matrix_close(&ghosh.inverse(), &expected, PRINTED_6DP);
    let supply = ghosh.supply(&table().total_value_added());
    assert_vector_close(&supply, &[1000.0, 2000.0], ABS_1E9);
    // The model built from the table reaches the same Ghosh model.
    let via_model = table().model().unwrap().ghosh().unwrap();
    assert_matrix_close(via_model.allocation(), ghosh.allocation(), CLOSED_FORM);
}

// Chapter 12, supply shocks on Table 2.3's flows, by hand: I − B = [[0.85, −0.50],
// [−0.10, 0.95]] has determinant 0.85·0.95 − 0.50·0.10 = 0.7575, so
// G = [[0.95, 0.50], [0.10, 0.85]] / 0.7575. Δv = [100, −50] gives
// Δx₁ = (100·0.95 − 50·0.10)/0.7575 = 90/0.7575 and Δx₂ = (100·0.50 − 50·0.85)/0.7575 =
// 7.5/0.7575; Δv = [0, 10] gives [1/0.7575, 8.5/0.7575]. With labour coefficients
// [0.30, 0.25] the first shock changes labour by [0.30·90, 0.25·7.5]/0.7575.
#[test]
fn supply_impacts_chapter_12() {
    let model = table().model().unwrap();
    let shocks = Block {
        labels: vec!["cut".into(), "boost".into()],
        values: dmatrix![100.0, 0.0; -50.0, 10.0],
    };
    let labour = SatelliteAccount::new("labour", dvector![0.30, 0.25]);
    let report = supply_impacts(&model, &shocks, &[labour]).unwrap();
    let det = 0.7575;
    let output: Vec<f64> = report.output.iter().map(|r| r.output).collect();
    let expected = [90.0 / det, 7.5 / det, 1.0 / det, 8.5 / det];
    assert_values_close(&output, &expected, 1e-10);
    let change: Vec<f64> = report.output.iter().map(|r| r.value_added).collect();
    assert_values_close(&change, &[100.0, -50.0, 0.0, 10.0], 0.0);
    assert_eq!(report.output[2].scenario, "boost");
    assert_eq!(report.output[3].sector, "manufacturing");
    let labour: Vec<f64> = report.satellites.iter().map(|r| r.value).collect();
    let expected = [
        0.30 * 90.0 / det,
        0.25 * 7.5 / det,
        0.30 / det,
        0.25 * 8.5 / det,
    ];
    assert_values_close(&labour, &expected, 1e-10);
    // The same numbers as the Ghosh model's own solve, one shock at a time.
    let ghosh = model.ghosh().unwrap();
    assert_vector_close(&ghosh.supply(&dvector![100.0, -50.0]), &output[..2], 1e-12);
}

// Supply impacts need base-year output and a well-formed shock block.
#[test]
fn supply_impacts_errors() {
    let shock = Block {
        labels: vec!["shock".into()],
        values: dmatrix![1.0; 1.0],
    };
    let coefficients_only =
        IoModel::from_coefficients(Label::sectors(["a", "m"]), dmatrix![0.15, 0.25; 0.20, 0.05])
            .unwrap();
    assert!(matches!(
        supply_impacts(&coefficients_only, &shock, &[]),
        Err(IoError::MissingOutput { .. })
    ));
    let model = table().model().unwrap();
    let non_finite = Block {
        labels: vec!["shock".into()],
        values: dmatrix![f64::NAN; 1.0],
    };
    assert!(matches!(
        supply_impacts(&model, &non_finite, &[]),
        Err(IoError::NonFinite {
            what: "value-added change",
            row: 0,
            col: 0,
            ..
        })
    ));
    let unlabelled = Block {
        labels: vec![],
        values: dmatrix![1.0; 1.0],
    };
    assert!(matches!(
        supply_impacts(&model, &unlabelled, &[]),
        Err(IoError::LabelMismatch { .. })
    ));
    let short_account = SatelliteAccount::new("labour", dvector![0.30]);
    assert!(matches!(
        supply_impacts(&model, &shock, &[short_account]),
        Err(IoError::DimensionMismatch {
            what: "satellite account",
            expected: 2,
            found: 1
        })
    ));
}

// Table 2.3: value added is [650, 1400] = x − 1ᵀ Z, and base final demand [350, 1700].
#[test]
fn base_year_accounts() {
    let model = table().model().unwrap();
    assert_vector_close(
        &model.base_value_added().unwrap(),
        &[650.0, 1400.0],
        ABS_1E9,
    );
    assert_vector_close(
        &model.base_final_demand().unwrap(),
        &[350.0, 1700.0],
        ABS_1E9,
    );
    assert_vector_close(&table().total_final_demand(), &[350.0, 1700.0], 0.0);
}
