//! Linkages, key sectors and hypothetical extraction on Miller & Blair's
//! (2009) Table 2.3 economy, against closed forms derived by hand.
//!
//! With det(I − A) = 0.7575, L = [[0.95, 0.25], [0.20, 0.85]] / 0.7575:
//! column sums (1.15, 1.10)/0.7575, row sums (1.20, 1.05)/0.7575, grand
//! total 2.25/0.7575. Normalised backward linkages 2·(1.15, 1.10)/2.25 =
//! (1.022222, 0.977778); classical forward 2·(1.20, 1.05)/2.25 = (1.066667,
//! 0.933333). G = x̂⁻¹ L x̂ with x = (1000, 2000) has rows (0.95, 0.50) and
//! (0.10, 0.85) over 0.7575, so Ghosh forward = 2·(1.45, 0.95)/2.40 =
//! (1.208333, 0.791667). Sector 1 is therefore key, sector 2 weak.
//! Rasmussen's CV of column 1: entries (0.95, 0.20), mean 0.575, sample
//! standard deviation 0.375·√2, so V₁ = 0.375·√2/0.575; column 2:
//! 0.30·√2/0.55.

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{ForwardMeasure, IoModel, IoTable, Label, SectorClass, extraction, linkages};
use nalgebra::{DMatrix, DVector, dmatrix, dvector};

fn a() -> DMatrix<f64> {
    dmatrix![0.15, 0.25; 0.20, 0.05]
}

fn model_with_output() -> IoModel {
    IoTable::new(
        Label::sectors(["agriculture", "manufacturing"]),
        dmatrix![150.0, 500.0; 200.0, 100.0],
        dvector![1000.0, 2000.0],
    )
    .unwrap()
    .model()
    .unwrap()
}

#[test]
fn rasmussen_and_ghosh_linkages() {
    let report = linkages(&model_with_output()).unwrap();
    assert_eq!(report.classified_by, ForwardMeasure::Ghosh);
    let [s1, s2] = &report.sectors[..] else {
        panic!("two sectors")
    };
    assert_values_close(
        &[s1.backward, s2.backward],
        &[2.0 * 1.15 / 2.25, 2.0 * 1.10 / 2.25],
        CLOSED_FORM,
    );
    assert_values_close(
        &[s1.forward_leontief, s2.forward_leontief],
        &[2.0 * 1.20 / 2.25, 2.0 * 1.05 / 2.25],
        CLOSED_FORM,
    );
    assert_values_close(
        &[s1.forward_ghosh.unwrap(), s2.forward_ghosh.unwrap()],
        &[2.0 * 1.45 / 2.40, 2.0 * 0.95 / 2.40],
        CLOSED_FORM,
    );
    assert_values_close(&[s1.backward_total], &[1.518152], PRINTED_6DP);
    let sqrt2 = 2f64.sqrt();
    assert_values_close(
        &[s1.backward_cv.unwrap(), s2.backward_cv.unwrap()],
        &[0.375 * sqrt2 / 0.575, 0.30 * sqrt2 / 0.55],
        CLOSED_FORM,
    );
    assert_eq!(s1.class, SectorClass::Key);
    assert_eq!(s2.class, SectorClass::Weak);
}

// Without base-year output the classification falls back to L's row sums.
#[test]
fn linkages_without_output_use_leontief_forward() {
    let model = IoModel::from_coefficients(Label::sectors(["a", "m"]), a()).unwrap();
    let report = linkages(&model).unwrap();
    assert_eq!(report.classified_by, ForwardMeasure::Leontief);
    assert!(report.sectors[0].forward_ghosh.is_none());
    assert_eq!(report.sectors[0].class, SectorClass::Key);
    assert_eq!(report.sectors[1].class, SectorClass::Weak);
}

#[test]
fn classification_quadrants() {
    assert_eq!(
        SectorClass::classify(1.2, 0.8),
        SectorClass::BackwardOriented
    );
    assert_eq!(
        SectorClass::classify(0.8, 1.2),
        SectorClass::ForwardOriented
    );
}

/// Output lost, by re-solving the modified system directly.
fn lost_by_resolving(a_extracted: DMatrix<f64>, f: &DVector<f64>, base_total: f64) -> f64 {
    let model = IoModel::from_coefficients(
        Label::sectors(["a", "m", "s"].iter().take(a_extracted.nrows()).copied()),
        a_extracted,
    )
    .unwrap();
    base_total - model.leontief().solve(f).sum()
}

// Table 2.3 with base-year f = (350, 1700), x = (1000, 2000), solved by hand:
// - purchases of sector 1 removed (column 1 of A zero): x̄₂ = 1700/0.95, x̄₁ = 350 + 0.25 x̄₂;
// - sales of sector 1 removed (row 1 of A zero): x̄₁ = 350, x̄₂ = (1700 + 0.20·350)/0.95;
// - both: x̄₁ = 350, x̄₂ = 1700/0.95.
#[test]
fn extraction_hand_solved() {
    let f = dvector![350.0, 1700.0];
    let report = extraction(&model_with_output(), &f).unwrap();
    assert!((report.total_output - 3000.0).abs() < ABS_1E9);
    let x2 = 1700.0 / 0.95;
    let s1 = &report.sectors[0];
    assert!((s1.purchases - (3000.0 - (350.0 + 0.25 * x2) - x2)).abs() < ABS_1E9);
    let x2_sales = (1700.0 + 0.20 * 350.0) / 0.95;
    assert!((s1.sales - (3000.0 - 350.0 - x2_sales)).abs() < ABS_1E9);
    assert!((s1.both - (3000.0 - 350.0 - x2)).abs() < ABS_1E9);
    assert!((s1.purchases_share - s1.purchases / 3000.0).abs() < CLOSED_FORM);
}

// The Sherman–Morrison closed forms (derived in `extraction`'s docs) against
// brute-force re-solving of each extracted system, on an arbitrary productive
// three-sector A: the identity is exact, so only rounding may differ.
#[test]
fn extraction_matches_resolving() {
    let a = dmatrix![0.20, 0.30, 0.05; 0.10, 0.10, 0.40; 0.25, 0.15, 0.10];
    let f = dvector![120.0, 80.0, 200.0];
    let model = IoModel::from_coefficients(Label::sectors(["a", "m", "s"]), a.clone()).unwrap();
    let report = extraction(&model, &f).unwrap();
    for j in 0..3 {
        let mut purchases = a.clone();
        purchases.column_mut(j).fill(0.0);
        let mut sales = a.clone();
        sales.row_mut(j).fill(0.0);
        let mut both = sales.clone();
        both.column_mut(j).fill(0.0);
        let row = &report.sectors[j];
        assert!(
            (row.purchases - lost_by_resolving(purchases, &f, report.total_output)).abs() < ABS_1E9
        );
        assert!((row.sales - lost_by_resolving(sales, &f, report.total_output)).abs() < ABS_1E9);
        assert!((row.both - lost_by_resolving(both, &f, report.total_output)).abs() < ABS_1E9);
    }
}

// Supply side (Dietzenbacher et al. 1993): zero row j of B with value added fixed,
// re-solved directly through the Ghosh model.
#[test]
fn supply_side_extraction_matches_resolving() {
    let model = model_with_output();
    let report = extraction(&model, &model.base_final_demand().unwrap()).unwrap();
    let ghosh = model.ghosh().unwrap();
    let v = model.base_value_added().unwrap();
    for j in 0..2 {
        let mut b = ghosh.allocation().clone();
        b.row_mut(j).fill(0.0);
        let extracted = IoModel::from_coefficients(Label::sectors(["a", "m"]), b).unwrap();
        let x_bar = extracted.leontief().solve_transpose(&v);
        let lost = 3000.0 - x_bar.sum();
        assert!((report.sectors[j].sales_supply_side.unwrap() - lost).abs() < ABS_1E9);
    }
}
