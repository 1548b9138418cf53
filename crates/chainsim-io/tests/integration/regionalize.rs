//! Location-quotient regionalisation against closed forms derived by hand, and the
//! published properties of the FLQ (Flegg & Webber 1997, 2000; Flegg & Tohmo 2013).
//!
//! No published worked example with the intermediate numbers was found to match, so every
//! number here is derived in the comments from one three-sector case:
//!
//! - national output xⁿ = [200, 300, 500] (total 1000, shares [0.2, 0.3, 0.5]);
//! - regional output xʳ = [30, 15, 55] (total 100, shares [0.3, 0.15, 0.55]);
//! - so SLQ = [0.3/0.2, 0.15/0.3, 0.55/0.5] = [1.5, 0.5, 1.1] and xʳ/xⁿ = 0.1;
//! - national coefficients Aⁿ = [[0.10, 0.20, 0.05], [0.15, 0.10, 0.20], [0.05, 0.10, 0.15]].

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{
    IoError, IoModel, IoTable, Label, LocationQuotients, QuotientMethod, RasOptions,
    Regionalization,
};
use nalgebra::{DMatrix, DVector, dmatrix, dvector};
use proptest::prelude::*;

fn sectors() -> Vec<Label> {
    Label::sectors(["crude oil", "chemicals", "services"])
}

fn national_output() -> DVector<f64> {
    dvector![200.0, 300.0, 500.0]
}

fn regional_output() -> DVector<f64> {
    dvector![30.0, 15.0, 55.0]
}

fn national_a() -> DMatrix<f64> {
    dmatrix![0.10, 0.20, 0.05; 0.15, 0.10, 0.20; 0.05, 0.10, 0.15]
}

fn quotients(method: QuotientMethod) -> LocationQuotients {
    LocationQuotients::new(
        &sectors(),
        "output",
        &national_output(),
        &regional_output(),
        method,
    )
    .unwrap()
}

/// λ = [log₂(1.1)]^0.3: log₂ 1.1 = ln 1.1 / ln 2 = 0.0953102 / 0.6931472 = 0.1375035, and
/// 0.1375035^0.3 = exp(0.3 · ln 0.1375035) = exp(0.3 · (−1.984107)) = exp(−0.595232) =
/// 0.551435.
const LAMBDA_0_3: f64 = 0.551435;

// SLQ = [1.5, 0.5, 1.1]: rows 0 and 2 stay national (SLQ ≥ 1), row 1 is halved.
#[test]
fn slq_scales_rows() {
    let q = quotients(QuotientMethod::Slq);
    assert_vector_close(q.slq(), &[1.5, 0.5, 1.1], CLOSED_FORM);
    assert_eq!(q.lambda(), None);
    let a = q.regional_coefficients(&national_a()).unwrap();
    assert_matrix_close(
        &a,
        &dmatrix![0.10, 0.20, 0.05; 0.075, 0.05, 0.10; 0.05, 0.10, 0.15],
        CLOSED_FORM,
    );
}

// CILQᵢⱼ = SLQᵢ / SLQⱼ off the diagonal, SLQᵢ on it:
// [[1.5, 1.5/0.5 = 3, 1.5/1.1], [0.5/1.5 = 1/3, 0.5, 0.5/1.1 = 5/11], [1.1/1.5 = 11/15, 1.1/0.5 = 2.2, 1.1]],
// capped at 1: [[1, 1, 1], [1/3, 0.5, 5/11], [11/15, 1, 1]].
#[test]
fn cilq_closed_form() {
    let q = quotients(QuotientMethod::Cilq);
    assert!((q.quotient(0, 1) - 3.0).abs() <= CLOSED_FORM);
    assert!((q.quotient(2, 1) - 2.2).abs() <= CLOSED_FORM);
    assert!((q.quotient(0, 0) - 1.5).abs() <= CLOSED_FORM);
    let expected = dmatrix![
        1.0, 1.0, 1.0;
        1.0 / 3.0, 0.5, 5.0 / 11.0;
        11.0 / 15.0, 1.0, 1.0
    ];
    assert_matrix_close(&q.factors(), &expected, CLOSED_FORM);
    let a = q.regional_coefficients(&national_a()).unwrap();
    assert_matrix_close(&a, &national_a().component_mul(&expected), CLOSED_FORM);
}

// FLQ = CILQ · λ with λ = 0.551435 (δ = 0.3, xʳ/xⁿ = 0.1):
// [[1.5λ, 3λ, (1.5/1.1)λ], [λ/3, 0.5λ, (5/11)λ], [(11/15)λ, 2.2λ, 1.1λ]]
// = [[0.827152, 1.654304, 0.751957], [0.183812, 0.275717, 0.250652], [0.404385, 1.213157, 0.606578]],
// and the two entries above 1 are capped.
#[test]
fn flq_closed_form() {
    let q = quotients(QuotientMethod::Flq { delta: 0.3 });
    assert!((q.lambda().unwrap() - LAMBDA_0_3).abs() <= PRINTED_6DP);
    assert!((q.quotient(0, 1) - 1.654304).abs() <= 2.0 * PRINTED_6DP);
    let expected = dmatrix![
        0.827152, 1.0, 0.751957;
        0.183812, 0.275717, 0.250652;
        0.404385, 1.0, 0.606578
    ];
    assert_matrix_close(&q.factors(), &expected, PRINTED_6DP);
}

// AFLQ: the columns whose buyer is specialised (SLQⱼ > 1: j = 0 with 1.5, j = 2 with 1.1)
// are multiplied by log₂(1 + SLQⱼ): log₂ 2.5 = 1.321928, log₂ 2.1 = 1.070389; column 1
// (SLQ 0.5) is the FLQ's. So column 0 = [0.827152, 0.183812, 0.404385] · 1.321928 =
// [1.093436, 0.242986, 0.534569] and column 2 = [0.751957, 0.250652, 0.606578] · 1.070389
// = [0.804886, 0.268295, 0.649275].
#[test]
fn aflq_closed_form() {
    let q = quotients(QuotientMethod::Aflq { delta: 0.3 });
    assert!((q.quotient(0, 0) - 1.093436).abs() <= 2.0 * PRINTED_6DP);
    let expected = dmatrix![
        1.0, 1.0, 0.804886;
        0.242986, 0.275717, 0.268295;
        0.534569, 1.0, 0.649275
    ];
    assert_matrix_close(&q.factors(), &expected, PRINTED_6DP);
}

// Flegg & Webber (1997): δ = 0 gives λ = 1, so the FLQ is the CILQ (to the bit: x⁰ = 1).
#[test]
fn flq_with_delta_zero_is_cilq() {
    let flq = quotients(QuotientMethod::Flq { delta: 0.0 });
    let cilq = quotients(QuotientMethod::Cilq);
    assert_eq!(flq.lambda(), Some(1.0));
    assert_matrix_close(&flq.factors(), &cilq.factors(), 0.0);
}

/// A nation and a region of it: region ≤ nation sector by sector, some sectors absent.
fn nation_and_region() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (2usize..7).prop_flat_map(|n| {
        proptest::collection::vec(
            (
                1.0f64..1000.0,
                prop_oneof![1 => Just(0.0), 6 => 0.0f64..1.0],
            ),
            n,
        )
        .prop_map(|pairs| {
            let national: Vec<f64> = pairs.iter().map(|p| p.0).collect();
            let regional: Vec<f64> = pairs.iter().map(|p| p.0 * p.1).collect();
            (national, regional)
        })
        .prop_filter("a region has some output", |(_, r)| {
            r.iter().sum::<f64>() > 0.0
        })
    })
}

proptest! {
    // The FLQ's published properties (Flegg & Webber 1997; Flegg & Tohmo 2013): λ in
    // (0, 1] and increasing in the region's relative size; FLQ ≤ CILQ; AFLQ ≥ FLQ exactly
    // where SLQⱼ > 1 and equal elsewhere; every regional coefficient at most the national.
    #[test]
    fn flq_properties((national, regional) in nation_and_region(), delta in 0.0f64..0.999) {
        let n = national.len();
        let labels = Label::sectors((0..n).map(|i| format!("s{i}")));
        let (xn, xr) = (DVector::from_vec(national), DVector::from_vec(regional));
        let build = |m| LocationQuotients::new(&labels, "output", &xn, &xr, m).unwrap();
        let cilq = build(QuotientMethod::Cilq);
        let flq = build(QuotientMethod::Flq { delta });
        let aflq = build(QuotientMethod::Aflq { delta });
        let lambda = flq.lambda().unwrap();
        prop_assert!(lambda > 0.0 && lambda <= 1.0);
        // Doubling every regional sector (still within the nation when it was below half)
        // makes the region relatively larger with the same SLQs.
        if xr.sum() * 2.0 <= xn.sum() {
            let bigger = LocationQuotients::new(&labels, "output", &xn, &(&xr * 2.0), QuotientMethod::Flq { delta }).unwrap();
            prop_assert!(bigger.lambda().unwrap() >= lambda);
            prop_assert!(delta < 1e-3 || bigger.lambda().unwrap() > lambda);
        }
        let a = DMatrix::from_fn(n, n, |i, j| 0.5 / n as f64 * (1.0 + ((i * 7 + j * 3) % 5) as f64) / 5.0);
        for (q, name) in [(&cilq, "cilq"), (&flq, "flq"), (&aflq, "aflq")] {
            let ar = q.regional_coefficients(&a).unwrap();
            for (r, nat) in ar.iter().zip(a.iter()) {
                prop_assert!(*r <= *nat && *r >= 0.0, "{name}: {r} > {nat}");
            }
        }
        for i in 0..n {
            for j in 0..n {
                let (c, f, af) = (cilq.quotient(i, j), flq.quotient(i, j), aflq.quotient(i, j));
                prop_assert!(!c.is_nan() && !f.is_nan() && !af.is_nan());
                prop_assert!(f <= c);
                if flq.slq()[j] > 1.0 {
                    prop_assert!(af >= f);
                } else {
                    prop_assert_eq!(af.to_bits(), f.to_bits());
                }
            }
        }
    }
}

// Miller & Blair's (2009) Table 2.3 nation, output [1000, 2000], with a region of output
// [60, 40]: SLQ = [0.6/(1/3), 0.4/(2/3)] = [1.8, 0.6], so Aʳ = [[0.15, 0.25], [0.6·0.20,
// 0.6·0.05]] = [[0.15, 0.25], [0.12, 0.03]] and Zʳ = Aʳ x̂ʳ = [[9, 10], [7.2, 1.2]].
// Imports are Σᵢ (aⁿᵢⱼ − aʳᵢⱼ) xʳⱼ = [0.08·60, 0.02·40] = [4.8, 0.8], value added
// (1 − Σᵢ aⁿᵢⱼ) xʳⱼ = [0.65·60, 0.70·40] = [39, 28], final demand (I − Aʳ) xʳ =
// [60 − 9 − 10, 40 − 7.2 − 1.2] = [41, 31.6].
#[test]
fn regional_table_of_miller_blair() {
    let nation = IoTable::new(
        Label::sectors(["agriculture", "manufacturing"]),
        dmatrix![150.0, 500.0; 200.0, 100.0],
        dvector![1000.0, 2000.0],
    )
    .unwrap()
    .model()
    .unwrap();
    let region = dvector![60.0, 40.0];
    let q = LocationQuotients::new(
        nation.sectors(),
        "output",
        nation.output().unwrap(),
        &region,
        QuotientMethod::Slq,
    )
    .unwrap();
    assert_vector_close(q.slq(), &[1.8, 0.6], CLOSED_FORM);
    let regional = Regionalization::new(&nation, q)
        .unwrap()
        .with_output(region)
        .unwrap();
    let table = regional.table().unwrap();
    assert_matrix_close(table.flows(), &dmatrix![9.0, 10.0; 7.2, 1.2], ABS_1E9);
    assert_eq!(table.value_added().labels, ["imports", "value added"]);
    assert_matrix_close(
        &table.value_added().values,
        &dmatrix![4.8, 0.8; 39.0, 28.0],
        ABS_1E9,
    );
    assert_vector_close(&table.total_final_demand(), &[41.0, 31.6], ABS_1E9);
    // The coefficients of the table are the regional ones.
    assert_matrix_close(
        &table.coefficients().unwrap(),
        &dmatrix![0.15, 0.25; 0.12, 0.03],
        CLOSED_FORM,
    );
}

// RAS of the regional flows to known intermediate sales u = [20, 8] and purchases
// v = [16, 12]: the adjusted flows meet both, and the regional coefficients are Zʳ x̂ʳ⁻¹.
#[test]
fn regional_flows_adjusted_to_known_totals() {
    let nation = IoModel::from_coefficients(
        Label::sectors(["agriculture", "manufacturing"]),
        dmatrix![0.15, 0.25; 0.20, 0.05],
    )
    .unwrap();
    let region = dvector![60.0, 40.0];
    let q = LocationQuotients::new(
        nation.sectors(),
        "output",
        &dvector![1000.0, 2000.0],
        &region,
        QuotientMethod::Slq,
    )
    .unwrap();
    let regional = Regionalization::new(&nation, q)
        .unwrap()
        .with_output(region.clone())
        .unwrap()
        .with_margins(
            &dvector![20.0, 8.0],
            &dvector![16.0, 12.0],
            RasOptions::default(),
        )
        .unwrap();
    let z = regional.table().unwrap().flows().clone();
    assert_vector_close(&z.column_sum(), &[20.0, 8.0], RAS_MARGIN);
    assert_vector_close(&z.row_sum().transpose(), &[16.0, 12.0], RAS_MARGIN);
    assert!(regional.ras().unwrap().max_error <= 1e-10);
    // The prior flows [[9, 10], [7.2, 1.2]] keep their cross-product ratio
    // 9·1.2/(10·7.2) = 0.15 (Bacharach 1970): z₁₁ z₂₂ / (z₁₂ z₂₁) = 0.15.
    let ratio = z[(0, 0)] * z[(1, 1)] / (z[(0, 1)] * z[(1, 0)]);
    assert!((ratio - 0.15).abs() <= RAS_MARGIN);
    assert!(matches!(
        regional.with_output(region),
        Err(IoError::InvalidParameter { .. })
    ));
}

#[test]
fn regionalisation_errors() {
    let s = sectors();
    let new = |national: DVector<f64>, regional: DVector<f64>, method| {
        LocationQuotients::new(&s, "employment", &national, &regional, method)
    };
    assert!(matches!(
        new(national_output(), dvector![1.0, 2.0], QuotientMethod::Slq),
        Err(IoError::DimensionMismatch {
            expected: 3,
            found: 2,
            ..
        })
    ));
    assert!(matches!(
        new(
            national_output(),
            dvector![0.0, 0.0, 0.0],
            QuotientMethod::Slq
        ),
        Err(IoError::ZeroTotal { .. })
    ));
    assert!(matches!(
        new(
            national_output(),
            dvector![1.0, -2.0, 3.0],
            QuotientMethod::Slq
        ),
        Err(IoError::Negative { row: 1, .. })
    ));
    let err = new(
        dvector![200.0, 0.0, 500.0],
        dvector![1.0, 2.0, 3.0],
        QuotientMethod::Cilq,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "sector 1 (chemicals) has regional employment 2 but national employment 0 (a region can only have the sectors of its nation)"
    );
    for delta in [1.0, -0.1, f64::NAN] {
        assert!(matches!(
            new(
                national_output(),
                regional_output(),
                QuotientMethod::Flq { delta }
            ),
            Err(IoError::DeltaOutOfRange { .. })
        ));
    }
    assert!(matches!(
        new(
            national_output(),
            &regional_output() * 20.0,
            QuotientMethod::Aflq { delta: 0.3 }
        ),
        Err(IoError::RegionExceedsNation { .. })
    ));
    // SLQ and CILQ are ratios of shares: any scale will do.
    assert!(
        new(
            national_output(),
            &regional_output() * 20.0,
            QuotientMethod::Cilq
        )
        .is_ok()
    );
    // A region without the sector: SLQ 0, so none of it is bought locally.
    let q = new(
        national_output(),
        dvector![30.0, 0.0, 55.0],
        QuotientMethod::Cilq,
    )
    .unwrap();
    assert!(q.quotient(1, 0).abs() <= CLOSED_FORM);
    assert!((q.factors()[(0, 1)] - 1.0).abs() <= CLOSED_FORM);
}
