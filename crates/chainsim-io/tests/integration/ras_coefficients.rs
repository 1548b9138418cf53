//! RAS from a coefficient prior A₀ (Miller & Blair 2009, section 7.4) against closed forms.
//!
//! The book's three-sector example could not be recalled to the digit, so the cases are
//! built so that the answer follows by hand: a rank-one prior, whose biproportional fit is
//! the outer product of the margins over their total, and a 2 × 2 prior, whose fit keeps
//! the cross-product ratio (Bacharach 1970).

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{IoError, RasOptions, ras_coefficients};
use nalgebra::{DMatrix, dmatrix, dvector};

/// RAS run to a relative margin error of 10⁻¹³, so the fits below agree with their
/// closed forms to about 10⁻¹⁰ on flows in the hundreds.
fn tight() -> RasOptions {
    RasOptions {
        tolerance: 1e-13,
        ..RasOptions::default()
    }
}

// A₀ = c dᵀ with c = [0.1, 0.2, 0.3], d = [1, 0.5, 0.8], so Z₀ = A₀ x̂₁ has rank one for
// any x₁ and the fit is Z₁ = u₁ v₁ᵀ / Σu₁. With x₁ = [100, 200, 150], u₁ = [50, 60, 40]
// and v₁ = [30, 70, 50] (both total 150): z₁ᵢⱼ = uᵢ vⱼ / 150, a₁ᵢⱼ = uᵢ vⱼ / (150 xⱼ),
// e.g. a₁₀₀ = 50·30/(150·100) = 0.1 and a₁₂₁ = 40·70/(150·200) = 0.0933….
#[test]
fn rank_one_prior_fits_the_outer_product() {
    let a0 = dmatrix![0.1, 0.05, 0.08; 0.2, 0.1, 0.16; 0.3, 0.15, 0.24];
    let (x1, u1, v1) = (
        dvector![100.0, 200.0, 150.0],
        dvector![50.0, 60.0, 40.0],
        dvector![30.0, 70.0, 50.0],
    );
    let update = ras_coefficients(&a0, &x1, &u1, &v1, tight()).unwrap();
    let z = DMatrix::from_fn(3, 3, |i, j| u1[i] * v1[j] / 150.0);
    let a = DMatrix::from_fn(3, 3, |i, j| u1[i] * v1[j] / (150.0 * x1[j]));
    assert_matrix_close(&update.flows, &z, RAS_MARGIN);
    assert_matrix_close(&update.coefficients, &a, RAS_MARGIN / 100.0);
    assert!((update.coefficients[(0, 0)] - 0.1).abs() <= RAS_MARGIN);
    // A₁ = r̂ A₀ ŝ with the flows' factors.
    let rebuilt = DMatrix::from_diagonal(&update.ras.row_factors)
        * &a0
        * DMatrix::from_diagonal(&update.ras.col_factors);
    assert_matrix_close(&rebuilt, &update.coefficients, CLOSED_FORM);
}

// Miller & Blair's (2009) Table 2.3 coefficients A₀ = [[0.15, 0.25], [0.20, 0.05]] to
// x₁ = [1200, 2100] with u₁ = [700, 400] and v₁ = [400, 700]. The margins force
// Z₁ = [[a, 700 − a], [400 − a, a]], and Z₀ = A₀ x̂₁ has cross-product ratio
// a₁₁a₂₂/(a₁₂a₂₁) = 0.0075/0.05 = 0.15 whatever x₁, which RAS keeps:
// a²/((700 − a)(400 − a)) = 0.15, i.e. 0.85 a² + 165 a − 42000 = 0, so
// a = (−165 + √(165² + 4·0.85·42000)) / 1.7 = (−165 + √170025) / 1.7 = 145.4947….
#[test]
fn two_sector_prior_keeps_its_cross_product_ratio() {
    let update = ras_coefficients(
        &dmatrix![0.15, 0.25; 0.20, 0.05],
        &dvector![1200.0, 2100.0],
        &dvector![700.0, 400.0],
        &dvector![400.0, 700.0],
        tight(),
    )
    .unwrap();
    let a = (-165.0 + 170025.0f64.sqrt()) / 1.7;
    assert!((a - 145.4947).abs() < 1e-4);
    let z = dmatrix![a, 700.0 - a; 400.0 - a, a];
    assert_matrix_close(&update.flows, &z, RAS_MARGIN);
    let coefficients = dmatrix![a / 1200.0, (700.0 - a) / 2100.0; (400.0 - a) / 1200.0, a / 2100.0];
    assert_matrix_close(&update.coefficients, &coefficients, RAS_MARGIN / 1000.0);
}

#[test]
fn coefficient_ras_errors() {
    let a0 = dmatrix![0.15, 0.25; 0.20, 0.05];
    assert!(matches!(
        ras_coefficients(
            &a0,
            &dvector![1200.0],
            &dvector![700.0, 400.0],
            &dvector![400.0, 700.0],
            RasOptions::default()
        ),
        Err(IoError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        ras_coefficients(
            &dmatrix![0.15, -0.25; 0.20, 0.05],
            &dvector![1200.0, 2100.0],
            &dvector![700.0, 400.0],
            &dvector![400.0, 700.0],
            RasOptions::default()
        ),
        Err(IoError::Negative { row: 0, col: 1, .. })
    ));
    // A sector with no output has a zero prior column, so it cannot buy anything.
    assert!(matches!(
        ras_coefficients(
            &a0,
            &dvector![1200.0, 0.0],
            &dvector![700.0, 400.0],
            &dvector![400.0, 700.0],
            RasOptions::default()
        ),
        Err(IoError::InfeasibleMargin {
            which: "column",
            index: 1,
            ..
        })
    ));
    assert!(matches!(
        ras_coefficients(
            &a0,
            &dvector![1200.0, 2100.0],
            &dvector![700.0, 400.0],
            &dvector![400.0, 800.0],
            RasOptions::default()
        ),
        Err(IoError::InconsistentMargins { .. })
    ));
}
