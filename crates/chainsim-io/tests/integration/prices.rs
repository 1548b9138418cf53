//! Leontief's price model against closed forms derived by hand on Miller & Blair's (2009)
//! Table 2.3 economy (section 2.6's model; its value-added coefficients [650/1000,
//! 1400/2000] = [0.65, 0.70]) and on a three-sector economy.

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{IoError, IoModel, Label, Leontief, PriceModel, cost_push_prices};
use nalgebra::{DVector, dmatrix, dvector};

fn table_2_3() -> IoModel {
    IoModel::from_coefficients(
        Label::sectors(["agriculture", "manufacturing"]),
        dmatrix![0.15, 0.25; 0.20, 0.05],
    )
    .unwrap()
}

/// Crude oil, chemicals, services: column sums [0.30, 0.40, 0.40], so the index form's
/// value added is v = [0.70, 0.60, 0.60].
fn three_sector() -> IoModel {
    IoModel::from_coefficients(
        Label::sectors(["crude oil", "chemicals", "services"]),
        dmatrix![0.10, 0.20, 0.05; 0.15, 0.10, 0.20; 0.05, 0.10, 0.15],
    )
    .unwrap()
}

// With vⱼ = 1 − Σᵢ aᵢⱼ, p = 1 solves p = Aᵀ p + v: every index is 1 with no shock.
#[test]
fn no_shock_leaves_every_index_at_one() {
    for model in [table_2_3(), three_sector()] {
        let prices = PriceModel::new(&model, &[]).unwrap();
        let p = prices.index(&DVector::zeros(0)).unwrap();
        assert_vector_close(&p, &vec![1.0; model.n_sectors()], CLOSED_FORM);
        // Fixing a sector at its base price changes nothing either.
        let fixed = PriceModel::new(&model, &[1]).unwrap();
        let p = fixed.index(&dvector![1.0]).unwrap();
        assert_vector_close(&p, &vec![1.0; model.n_sectors()], CLOSED_FORM);
    }
    assert_vector_close(
        PriceModel::new(&table_2_3(), &[])
            .unwrap()
            .base_value_added(),
        &[0.65, 0.70],
        CLOSED_FORM,
    );
}

// Cost push on Table 2.3: det(I − A) = 0.85·0.95 − 0.25·0.20 = 0.7575 and
// (I − Aᵀ)⁻¹ = [[0.95, 0.20], [0.25, 0.85]] / 0.7575. Value added per unit in agriculture
// up from 0.65 to 0.75: p = [0.95·0.75 + 0.20·0.70, 0.25·0.75 + 0.85·0.70] / 0.7575 =
// [0.8525, 0.7825] / 0.7575 = [1.125413, 1.033003].
#[test]
fn cost_push_of_a_value_added_rise() {
    let v = dvector![0.75, 0.70];
    let leontief = Leontief::new(table_2_3().coefficients()).unwrap();
    let expected = [0.8525 / 0.7575, 0.7825 / 0.7575];
    assert_vector_close(
        &cost_push_prices(&leontief, &v).unwrap(),
        &expected,
        CLOSED_FORM,
    );
    assert_vector_close(
        &cost_push_prices(&leontief, &v).unwrap(),
        &[1.125413, 1.033003],
        PRINTED_6DP,
    );
    let model = PriceModel::new(&table_2_3(), &[]).unwrap();
    assert_vector_close(
        &model.solve(&v, &DVector::zeros(0)).unwrap(),
        &expected,
        CLOSED_FORM,
    );
}

// Agriculture's price exogenous at 1.3: manufacturing's cost equation alone,
// p₂ = a₁₂ p₁ + a₂₂ p₂ + v₂ = 0.25·1.3 + 0.05 p₂ + 0.70, so p₂ = 1.025 / 0.95 = 1.078947.
#[test]
fn exogenous_price_on_table_2_3() {
    let p = PriceModel::new(&table_2_3(), &[0])
        .unwrap()
        .index(&dvector![1.3])
        .unwrap();
    assert_vector_close(&p, &[1.3, 1.025 / 0.95], CLOSED_FORM);
    assert!((p[1] - 1.078947).abs() <= PRINTED_6DP);
}

// Crude oil +30% in the three-sector economy. The chemicals and services cost equations:
// p₁ = 0.20·1.3 + 0.10 p₁ + 0.10 p₂ + 0.60 and p₂ = 0.05·1.3 + 0.20 p₁ + 0.15 p₂ + 0.60,
// i.e. 0.90 p₁ − 0.10 p₂ = 0.86 and −0.20 p₁ + 0.85 p₂ = 0.665, determinant
// 0.90·0.85 − 0.10·0.20 = 0.745: p₁ = (0.86·0.85 + 0.10·0.665)/0.745 = 0.7975/0.745 and
// p₂ = (0.90·0.665 + 0.20·0.86)/0.745 = 0.7705/0.745, i.e. +7.0470% and +3.4228%.
#[test]
fn oil_shock_on_three_sectors() {
    let p = PriceModel::new(&three_sector(), &[0])
        .unwrap()
        .index(&dvector![1.3])
        .unwrap();
    assert_vector_close(&p, &[1.3, 0.7975 / 0.745, 0.7705 / 0.745], CLOSED_FORM);
}

#[test]
fn price_model_errors() {
    let model = PriceModel::new(&three_sector(), &[0]).unwrap();
    let err = model.index(&dvector![0.0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the price of sector 0 (crude oil) is 0 (prices must be positive and finite)"
    );
    assert!(matches!(
        model.index(&dvector![f64::NAN]),
        Err(IoError::NonFinite { .. })
    ));
    assert!(matches!(
        model.solve(&dvector![0.7, 0.6], &dvector![1.3]),
        Err(IoError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        PriceModel::new(&three_sector(), &[3]),
        Err(IoError::SectorOutOfRange { index: 3, .. })
    ));
    assert!(matches!(
        PriceModel::new(&three_sector(), &[1, 1]),
        Err(IoError::InvalidParameter { .. })
    ));
}
