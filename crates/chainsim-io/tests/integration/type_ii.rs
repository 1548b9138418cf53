//! Income and Type II multipliers, against closed forms derived by hand.
//!
//! Data: Miller & Blair (2009), Table 2.3 (A = [[0.15, 0.25], [0.20, 0.05]]),
//! closed with a household income row h = [0.30, 0.25], a consumption
//! column c = [0.05, 0.40] and household own purchases h₀ = 0.05.
//!
//! Derivation. With det(I − A) = 0.85·0.95 − 0.25·0.20 = 303/400,
//! L = (400/303)·[[0.95, 0.25], [0.20, 0.85]], so
//!   1ᵀL = (400/303)·[1.15, 1.10] = [1.518152, 1.452145],
//!   hᵀL = (400/303)·[0.335, 0.2875] = [0.442244, 0.379538],
//!   L c = (400/303)·[0.1475, 0.35], hᵀ L c = (400/303)·0.13175.
//! Partitioning Ā = [[A, c], [hᵀ, h₀]] and inverting by the Schur
//! complement d = 1 − h₀ − hᵀ L c = 4703/6060:
//!   L̄₁₁ = L + (L c)(hᵀ L)/d,   l̄ₙ₊₁,ⱼ = (hᵀ L)ⱼ / d.
//! Hence the Type II output multipliers 1ᵀ L̄₁₁ = 1ᵀL + (1ᵀ L c)(hᵀ L)/d
//! = [8900/4703, 8340/4703] = [1.892409, 1.773336], the closed-model income
//! multipliers (hᵀ L)/d = [0.569849, 0.489050], and Type II income
//! multipliers [0.569849/0.30, 0.489050/0.25] = [1.899497, 1.956198]. The
//! ratio of Type II to Type I income multipliers is 1/d for every sector
//! (Miller & Blair 2009, section 6.2).

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{
    Households, IoModel, IoTable, Label, MultiplierInputs, SatelliteAccount, multipliers,
};
use nalgebra::{dmatrix, dvector};

fn model() -> IoModel {
    IoModel::from_coefficients(
        Label::sectors(["agriculture", "manufacturing"]),
        dmatrix![0.15, 0.25; 0.20, 0.05],
    )
    .unwrap()
}

fn households() -> Households {
    Households {
        income: dvector![0.30, 0.25],
        consumption: Some(dvector![0.05, 0.40]),
        own_purchases: 0.05,
    }
}

#[test]
fn type_ii_output_multipliers() {
    let inputs = MultiplierInputs {
        households: Some(households()),
        satellites: vec![],
    };
    let report = multipliers(&model(), &inputs).unwrap();
    let m: Vec<f64> = report
        .sectors
        .iter()
        .map(|r| r.output_type_ii.unwrap())
        .collect();
    assert_values_close(&m, &[8900.0 / 4703.0, 8340.0 / 4703.0], CLOSED_FORM);
}

#[test]
fn income_multipliers_type_i_and_ii() {
    let inputs = MultiplierInputs {
        households: Some(households()),
        satellites: vec![],
    };
    let report = multipliers(&model(), &inputs).unwrap();
    let d = 4703.0 / 6060.0;
    let simple = [0.335 * 400.0 / 303.0, 0.2875 * 400.0 / 303.0];
    let total: Vec<f64> = report
        .sectors
        .iter()
        .map(|r| r.income_total.unwrap())
        .collect();
    assert_values_close(&total, &simple, CLOSED_FORM);
    let type_i: Vec<f64> = report
        .sectors
        .iter()
        .map(|r| r.income_type_i.unwrap())
        .collect();
    assert_values_close(&type_i, &[simple[0] / 0.30, simple[1] / 0.25], CLOSED_FORM);
    let total_ii: Vec<f64> = report
        .sectors
        .iter()
        .map(|r| r.income_total_ii.unwrap())
        .collect();
    assert_values_close(&total_ii, &[simple[0] / d, simple[1] / d], CLOSED_FORM);
    let type_ii: Vec<f64> = report
        .sectors
        .iter()
        .map(|r| r.income_type_ii.unwrap())
        .collect();
    assert_values_close(&type_ii, &[1.899497, 1.956198], PRINTED_6DP);
    for row in &report.sectors {
        let ratio = row.income_type_ii.unwrap() / row.income_type_i.unwrap();
        assert!((ratio - 1.0 / d).abs() < CLOSED_FORM);
    }
}

// Labour coefficients w = [0.30, 0.25] equal h here, so the employment
// multipliers must equal the income ones; the closed-model totals are
// wᵀ L̄₁₁ = wᵀL + (wᵀ L c)(hᵀ L)/d.
#[test]
fn satellite_multipliers_type_i_and_ii() {
    let inputs = MultiplierInputs {
        households: Some(households()),
        satellites: vec![SatelliteAccount::new("employment", dvector![0.30, 0.25])],
    };
    let report = multipliers(&model(), &inputs).unwrap();
    let k = 400.0 / 303.0;
    let d = 4703.0 / 6060.0;
    let h_l = [0.335 * k, 0.2875 * k];
    let w_l_c = 0.13175 * k;
    for (j, row) in report.satellites.iter().enumerate() {
        assert_eq!(row.account, "employment");
        assert!((row.total - h_l[j]).abs() < CLOSED_FORM);
        assert!(
            (row.type_i.unwrap() - report.sectors[j].income_type_i.unwrap()).abs() < CLOSED_FORM
        );
        let expected_ii = h_l[j] + w_l_c * h_l[j] / d;
        assert!((row.total_ii.unwrap() - expected_ii).abs() < CLOSED_FORM);
    }
}

// Without a consumption column there are income multipliers but no Type II ones.
#[test]
fn income_without_consumption_is_type_i_only() {
    let inputs = MultiplierInputs {
        households: Some(Households {
            consumption: None,
            ..households()
        }),
        satellites: vec![],
    };
    let report = multipliers(&model(), &inputs).unwrap();
    assert!(
        report
            .sectors
            .iter()
            .all(|r| r.output_type_ii.is_none() && r.income_type_ii.is_none())
    );
    assert!(
        (report.sectors[0].income_type_i.unwrap() - 0.335 * 400.0 / 303.0 / 0.30).abs()
            < CLOSED_FORM
    );
}

// Households from a table: income row / output, consumption column / total income.
// Table 2.3 with value added split into wages [300, 500] and other [350, 900], and
// household consumption [90, 50] out of total wages 800: c = [90/800, 50/800].
#[test]
fn households_from_table() {
    let table = IoTable::new(
        Label::sectors(["agriculture", "manufacturing"]),
        dmatrix![150.0, 500.0; 200.0, 100.0],
        dvector![1000.0, 2000.0],
    )
    .unwrap()
    .with_final_demand(
        vec!["households".into(), "other".into()],
        dmatrix![90.0, 260.0; 50.0, 1650.0],
    )
    .unwrap()
    .with_value_added(
        vec!["wages".into(), "other".into()],
        dmatrix![300.0, 500.0; 350.0, 900.0],
    )
    .unwrap();
    let h = Households::from_table(&table, "wages", "households").unwrap();
    assert_vector_close(&h.income, &[0.30, 0.25], CLOSED_FORM);
    assert_vector_close(
        h.consumption.as_ref().unwrap(),
        &[90.0 / 800.0, 50.0 / 800.0],
        CLOSED_FORM,
    );
    assert!(Households::from_table(&table, "salaries", "households").is_err());
}
