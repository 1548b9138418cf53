//! The Leontief factorisation against published tables.

use approx::assert_relative_eq;
use chainsim_io::{IoError, Leontief, spectral_radius};
use nalgebra::{DMatrix, dmatrix, dvector};

use crate::tolerance::{ABS_1E9, CLOSED_FORM, TABLE_TOL};

fn assert_matrix_close(found: &DMatrix<f64>, expected: &DMatrix<f64>, abs: f64) {
    assert_eq!(found.shape(), expected.shape());
    for (f, e) in found.iter().zip(expected.iter()) {
        assert!((f - e).abs() <= abs, "found {found}, expected {expected}");
    }
}

// Miller & Blair (2009), Input–Output Analysis, 2nd ed., Table 2.3 and eq. (2.14).
#[test]
fn miller_blair_table_2_3_inverse() {
    let leontief = Leontief::new(&dmatrix![0.15, 0.25; 0.20, 0.05]).unwrap();
    assert_eq!(leontief.n(), 2);
    let expected = dmatrix![1.25412541, 0.33003300; 0.26402640, 1.12211221];
    assert_matrix_close(&leontief.inverse(), &expected, TABLE_TOL);
}

// Miller & Blair (2009), section 2.3.2: f = [600, 1500] gives x = [1247.52, 1841.58].
#[test]
fn miller_blair_table_2_3_output() {
    let leontief = Leontief::new(&dmatrix![0.15, 0.25; 0.20, 0.05]).unwrap();
    let x = leontief.solve(&dvector![600.0, 1500.0]);
    assert_relative_eq!(x[0], 1247.52, epsilon = 0.005);
    assert_relative_eq!(x[1], 1841.58, epsilon = 0.005);

    let mut in_place = dvector![600.0, 1500.0];
    leontief.solve_in_place(&mut in_place);
    assert_relative_eq!(in_place, x, epsilon = 1e-12);
}

// Miller & Blair (2009), Table 2.3: the base year's f = [1000 − 150 − 500, 2000 − 200 − 100]
// = [350, 1700] reproduces the observed output x = [1000, 2000].
#[test]
fn miller_blair_base_year_output() {
    let leontief = Leontief::new(&dmatrix![0.15, 0.25; 0.20, 0.05]).unwrap();
    let x = leontief.solve(&dvector![350.0, 1700.0]);
    assert_relative_eq!(x, dvector![1000.0, 2000.0], epsilon = ABS_1E9);
}

// Output multipliers are column sums of L = row vector 1ᵀ L, i.e. L⁻ᵀ 1.
// Miller & Blair (2009), section 6.2: [1.518152, 1.452145].
#[test]
fn miller_blair_transposed_solve() {
    let leontief = Leontief::new(&dmatrix![0.15, 0.25; 0.20, 0.05]).unwrap();
    let m = leontief.solve_transpose(&dvector![1.0, 1.0]);
    assert_relative_eq!(m[0], 1.518152, epsilon = 1e-6);
    assert_relative_eq!(m[1], 1.452145, epsilon = 1e-6);
}

// iotables (R package, rOpenGov/iotables), tests/testthat/test-leontief_inverse_create.R,
// "Leontief inverse works for a minimal matrix": L = [[1.333, 0.167], [0.667, 1.333]].
#[test]
fn iotables_small_case() {
    let leontief = Leontief::new(&dmatrix![0.2, 0.1; 0.4, 0.2]).unwrap();
    let expected = dmatrix![1.333, 0.167; 0.667, 1.333];
    assert_matrix_close(&leontief.inverse(), &expected, 5e-4);
    // Closed form: det(I − A) = 0.8·0.8 − 0.1·0.4 = 0.6, so L = [[0.8, 0.1], [0.4, 0.8]] / 0.6.
    let exact = dmatrix![0.8, 0.1; 0.4, 0.8] / 0.6;
    assert_matrix_close(&leontief.inverse(), &exact, 1e-14);
}

// Closed form: A = [[0.6, 0.5], [0.5, 0.6]] has eigenvalues 0.6 ± 0.5, so ρ = 1.1.
#[test]
fn non_productive_is_rejected_with_its_spectral_radius() {
    let err = Leontief::new(&dmatrix![0.6, 0.5; 0.5, 0.6]).unwrap_err();
    match err {
        IoError::NotProductive { spectral_radius } => {
            assert_relative_eq!(spectral_radius, 1.1, epsilon = CLOSED_FORM)
        }
        other => panic!("expected NotProductive, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "the coefficient matrix is not productive: spectral radius 1.1000 (must be below 1)"
    );
}

// Closed form: A = [[0.5, 0.5], [0.5, 0.5]] has eigenvalues 1 and 0, so I − A is singular
// and the Perron root is exactly 1.
#[test]
fn singular_i_minus_a_is_not_productive() {
    let err = Leontief::new(&dmatrix![0.5, 0.5; 0.5, 0.5]).unwrap_err();
    match err {
        IoError::NotProductive { spectral_radius } => {
            assert_relative_eq!(spectral_radius, 1.0, epsilon = CLOSED_FORM)
        }
        other => panic!("expected NotProductive, got {other:?}"),
    }
}

// Closed form: a 3×3 cyclic permutation scaled by 0.9 has eigenvalues 0.9·(cube roots of 1),
// so ρ = 0.9 although two eigenvalues are complex; the block-triangular
// [[2, 1, 0], [0, 3, 0], [0, 0, 0.5]] has ρ = 3.
#[test]
fn spectral_radius_closed_forms() {
    let cyclic = dmatrix![0.0, 0.9, 0.0; 0.0, 0.0, 0.9; 0.9, 0.0, 0.0];
    assert_relative_eq!(spectral_radius(&cyclic), 0.9, epsilon = CLOSED_FORM);
    let triangular = dmatrix![2.0, 1.0, 0.0; 0.0, 3.0, 0.0; 0.0, 0.0, 0.5];
    assert_relative_eq!(spectral_radius(&triangular), 3.0, epsilon = CLOSED_FORM);
    assert!(spectral_radius(&dmatrix![1.0, 2.0]).is_nan());
}

#[test]
fn bad_input_is_rejected() {
    assert_eq!(
        Leontief::new(&DMatrix::from_element(2, 3, 0.1)).unwrap_err(),
        IoError::NotSquare {
            what: "coefficient matrix",
            rows: 2,
            cols: 3
        }
    );
    assert!(matches!(
        Leontief::new(&dmatrix![0.1, f64::NAN; 0.0, 0.1]).unwrap_err(),
        IoError::NonFinite { row: 0, col: 1, .. }
    ));
    assert!(matches!(
        Leontief::new(&dmatrix![0.1, 0.0; f64::INFINITY, 0.1]).unwrap_err(),
        IoError::NonFinite { row: 1, col: 0, .. }
    ));
    assert_eq!(
        Leontief::new(&dmatrix![0.1, 0.0; -0.2, 0.1]).unwrap_err(),
        IoError::NegativeCoefficient {
            row: 1,
            col: 0,
            value: -0.2
        }
    );
}

// The empty economy is trivially productive; it should not panic.
#[test]
fn empty_matrix() {
    let leontief = Leontief::new(&DMatrix::zeros(0, 0)).unwrap();
    assert_eq!(leontief.n(), 0);
    assert_eq!(leontief.inverse().shape(), (0, 0));
}

/// A refactor that fails leaves an error like `Leontief::new`'s, and the next refactor
/// recovers; a refactor to another order falls back to a fresh factorisation.
#[test]
fn refactor_reports_non_productive_matrices_and_recovers() {
    use chainsim_io::{IoError, Leontief};
    use nalgebra::{dmatrix, dvector};
    let good = dmatrix![0.15, 0.25; 0.20, 0.05];
    // Column sums 1.1: ρ(A) = 1.1 > 1 (A = 0.55·[[1, 1], [1, 1]], eigenvalues 1.1 and 0).
    let bad = dmatrix![0.55, 0.55; 0.55, 0.55];
    let mut leontief = Leontief::new(&good).unwrap();
    match leontief.refactor(&bad) {
        Err(IoError::NotProductive { spectral_radius }) => {
            assert!((spectral_radius - 1.1).abs() < ABS_1E9, "{spectral_radius}");
        }
        other => panic!("expected NotProductive, got {other:?}"),
    }
    leontief.refactor(&good).unwrap();
    // Miller & Blair Table 2.3 again.
    let x = leontief.solve(&dvector![600.0, 1500.0]);
    assert!((x[0] - 1247.52).abs() < 0.01 && (x[1] - 1841.58).abs() < 0.01);
    leontief.refactor(&dmatrix![0.5]).unwrap();
    assert_eq!(leontief.n(), 1);
    assert!((leontief.solve(&dvector![1.0])[0] - 2.0).abs() < 1e-12);
}
