//! The nearest correlation matrix, for `--repair-correlation`.
//!
//! Correlations elicited pair by pair often form a matrix that is not positive semidefinite.
//! [`nearest_correlation`] finds the correlation matrix closest to it in the Frobenius norm by
//! Higham's (2002) alternating projections with Dykstra's correction: project onto the
//! positive semidefinite cone (clip negative eigenvalues), then onto the unit-diagonal
//! matrices, repeating with the correction term that makes the limit the nearest point of the
//! intersection rather than merely a point in it. The limit may be singular, which a Cholesky
//! factorisation rejects, so the result's eigenvalues are then floored at
//! [`EIGENVALUE_FLOOR`] and the diagonal rescaled to 1; [`repair_correlation`] does both and
//! reports the Frobenius distance moved.
//!
//! Higham, N. J. (2002). Computing the nearest correlation matrix — a problem from finance.
//! IMA Journal of Numerical Analysis 22(3), 329–343.

use nalgebra::{DMatrix, SymmetricEigen};
use thiserror::Error;

use crate::correlation::{CorrelationError, CorrelationMatrix};

/// The smallest eigenvalue of a repaired matrix, before its diagonal is rescaled to 1.
pub const EIGENVALUE_FLOOR: f64 = 1e-8;

/// How far from symmetric an input may be, for rounding.
const SYMMETRY_TOLERANCE: f64 = 1e-12;

/// The convergence tolerance of [`repair_correlation`].
pub const REPAIR_TOLERANCE: f64 = 1e-10;

/// The iteration limit of [`repair_correlation`].
pub const REPAIR_MAX_ITERATIONS: usize = 10_000;

/// Why the nearest correlation matrix could not be found.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum NearestCorrelationError {
    /// The matrix is not square.
    #[error("a correlation matrix must be square, got {rows}×{cols}")]
    NotSquare {
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
    },
    /// An entry is NaN or infinite.
    #[error("entry ({row}, {col}) must be finite, got {value}")]
    NotFinite {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
        /// The entry.
        value: f64,
    },
    /// Entry (i, k) differs from entry (k, i).
    #[error(
        "matrix must be symmetric: entry ({row}, {col}) is {upper} but ({col}, {row}) is {lower}"
    )]
    NotSymmetric {
        /// Row of the upper-triangle entry.
        row: usize,
        /// Column of the upper-triangle entry.
        col: usize,
        /// The upper-triangle entry.
        upper: f64,
        /// The mirrored entry.
        lower: f64,
    },
    /// The tolerance is not a positive finite number.
    #[error("tolerance must be positive and finite, got {tol}")]
    BadTolerance {
        /// The tolerance given.
        tol: f64,
    },
    /// The projections did not settle within the iteration limit.
    #[error(
        "alternating projections did not converge in {iterations} iterations (last change {change:.3e})"
    )]
    NoConvergence {
        /// Iterations run.
        iterations: usize,
        /// The last relative change.
        change: f64,
    },
    /// The repaired matrix was still rejected (labels do not fit, for instance).
    #[error(transparent)]
    Correlation(#[from] CorrelationError),
}

/// The correlation matrix nearest to `matrix` in the Frobenius norm, made strictly positive
/// definite, and the Frobenius distance between the two.
///
/// `matrix` must be square, finite and symmetric; its diagonal need not be 1. The iteration
/// stops when the relative changes of both iterates and their relative gap fall below `tol`.
///
/// # Errors
///
/// [`NearestCorrelationError::NotSquare`], [`NearestCorrelationError::NotFinite`] and
/// [`NearestCorrelationError::NotSymmetric`] for a bad input,
/// [`NearestCorrelationError::BadTolerance`], and [`NearestCorrelationError::NoConvergence`]
/// after `max_iter` iterations.
///
/// # Examples
///
/// ```
/// use chainsim_stats::nearest_correlation;
/// use nalgebra::DMatrix;
///
/// // Three pairwise correlations of 0.9, 0.9 and −0.9 cannot hold together.
/// let bad = DMatrix::from_row_slice(3, 3, &[1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0]);
/// let (fixed, moved) = nearest_correlation(&bad, 1e-10, 10_000)?;
/// assert!(moved > 0.0);
/// assert!(fixed.clone().cholesky().is_some());
/// assert!((fixed[(1, 1)] - 1.0).abs() < 1e-12);
/// # Ok::<(), chainsim_stats::NearestCorrelationError>(())
/// ```
pub fn nearest_correlation(
    matrix: &DMatrix<f64>,
    tol: f64,
    max_iter: usize,
) -> Result<(DMatrix<f64>, f64), NearestCorrelationError> {
    let a = validated(matrix)?;
    if !(tol.is_finite() && tol > 0.0) {
        return Err(NearestCorrelationError::BadTolerance { tol });
    }
    let nearest = alternating_projections(&a, tol, max_iter)?;
    let repaired = strictly_positive_definite(nearest);
    let distance = (&repaired - &a).norm();
    Ok((repaired, distance))
}

/// A repaired correlation matrix and how far it moved.
#[derive(Clone, Debug, PartialEq)]
pub struct Repaired {
    /// The validated, positive definite matrix.
    pub matrix: CorrelationMatrix,
    /// The Frobenius distance ‖repaired − requested‖.
    pub distance: f64,
}

/// Validates `matrix` as in [`CorrelationMatrix::new`], replacing it by its nearest
/// correlation matrix if it is not positive definite (the `--repair-correlation` path).
///
/// A matrix that is already a valid correlation matrix is returned as it is, with distance 0.
/// Only a failure of positive definiteness is repaired: a wrong diagonal, asymmetry, or an
/// entry outside [−1, 1] is still an error, since it points to a typing mistake rather than to
/// inconsistent estimates.
///
/// # Errors
///
/// Every error of [`CorrelationMatrix::new`] except
/// [`CorrelationError::NotPositiveDefinite`], wrapped in
/// [`NearestCorrelationError::Correlation`], and [`NearestCorrelationError::NoConvergence`].
pub fn repair_correlation(
    labels: Vec<String>,
    matrix: DMatrix<f64>,
) -> Result<Repaired, NearestCorrelationError> {
    match CorrelationMatrix::new(labels.clone(), matrix.clone()) {
        Ok(valid) => Ok(Repaired {
            matrix: valid,
            distance: 0.0,
        }),
        Err(CorrelationError::NotPositiveDefinite { .. }) => {
            let (fixed, distance) =
                nearest_correlation(&matrix, REPAIR_TOLERANCE, REPAIR_MAX_ITERATIONS)?;
            Ok(Repaired {
                matrix: CorrelationMatrix::new(labels, fixed)?,
                distance,
            })
        }
        Err(other) => Err(other.into()),
    }
}

fn validated(matrix: &DMatrix<f64>) -> Result<DMatrix<f64>, NearestCorrelationError> {
    let (rows, cols) = matrix.shape();
    if rows != cols {
        return Err(NearestCorrelationError::NotSquare { rows, cols });
    }
    for col in 0..cols {
        for row in 0..rows {
            let value = matrix[(row, col)];
            if !value.is_finite() {
                return Err(NearestCorrelationError::NotFinite { row, col, value });
            }
        }
    }
    let mut a = matrix.clone();
    for row in 0..rows {
        for col in row + 1..cols {
            let (upper, lower) = (matrix[(row, col)], matrix[(col, row)]);
            if (upper - lower).abs() > SYMMETRY_TOLERANCE {
                return Err(NearestCorrelationError::NotSymmetric {
                    row,
                    col,
                    upper,
                    lower,
                });
            }
            let mean = 0.5 * (upper + lower);
            a[(row, col)] = mean;
            a[(col, row)] = mean;
        }
    }
    Ok(a)
}

/// Higham (2002), Algorithm 3.3 with W = I: Dykstra-corrected alternating projections onto
/// the positive semidefinite cone S and the unit-diagonal matrices U.
fn alternating_projections(
    a: &DMatrix<f64>,
    tol: f64,
    max_iter: usize,
) -> Result<DMatrix<f64>, NearestCorrelationError> {
    let n = a.nrows();
    let mut correction = DMatrix::zeros(n, n);
    let mut y = a.clone();
    let mut x = a.clone();
    let mut change = f64::INFINITY;
    for _ in 0..max_iter {
        let r = &y - &correction;
        let x_new = project_psd(&r);
        correction = &x_new - &r;
        let mut y_new = x_new.clone();
        y_new.fill_diagonal(1.0);
        let dx = (&x_new - &x).norm() / x_new.norm();
        let dy = (&y_new - &y).norm() / y_new.norm();
        let gap = (&y_new - &x_new).norm() / y_new.norm();
        change = dx.max(dy).max(gap);
        x = x_new;
        y = y_new;
        if change <= tol {
            return Ok(y);
        }
    }
    Err(NearestCorrelationError::NoConvergence {
        iterations: max_iter,
        change,
    })
}

/// The nearest positive semidefinite matrix: negative eigenvalues set to zero.
fn project_psd(r: &DMatrix<f64>) -> DMatrix<f64> {
    let eigen = SymmetricEigen::new(r.clone());
    let clipped = eigen.eigenvalues.map(|l| l.max(0.0));
    let m: DMatrix<f64> =
        &eigen.eigenvectors * DMatrix::from_diagonal(&clipped) * eigen.eigenvectors.transpose();
    symmetric(&m)
}

/// Floors the eigenvalues at [`EIGENVALUE_FLOOR`] and rescales to a unit diagonal, so that a
/// Cholesky factorisation succeeds.
fn strictly_positive_definite(y: DMatrix<f64>) -> DMatrix<f64> {
    let eigen = SymmetricEigen::new(y);
    let floored = eigen.eigenvalues.map(|l| l.max(EIGENVALUE_FLOOR));
    let m = &eigen.eigenvectors * DMatrix::from_diagonal(&floored) * eigen.eigenvectors.transpose();
    let scale: Vec<f64> = (0..m.nrows()).map(|i| 1.0 / m[(i, i)].sqrt()).collect();
    let mut out = DMatrix::from_fn(m.nrows(), m.ncols(), |i, k| m[(i, k)] * scale[i] * scale[k]);
    out.fill_diagonal(1.0);
    symmetric(&out)
}

fn symmetric(m: &DMatrix<f64>) -> DMatrix<f64> {
    (m + m.transpose()) * 0.5
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("x{i}")).collect()
    }

    #[test]
    fn matches_the_nag_g02aa_example() {
        // NAG Library g02aac (nag_nearest_correlation) example program: the input is the
        // tridiagonal matrix with 2 on the diagonal and −1 beside it; the published nearest
        // correlation matrix has off-diagonals −0.80841, 0.19159, 0.10678 and −0.65623 (five
        // decimals, from a Newton method that solves the same problem).
        let a = DMatrix::from_row_slice(
            4,
            4,
            &[
                2.0, -1.0, 0.0, 0.0, -1.0, 2.0, -1.0, 0.0, 0.0, -1.0, 2.0, -1.0, 0.0, 0.0, -1.0,
                2.0,
            ],
        );
        let (x, distance) = nearest_correlation(&a, 1e-12, 100_000).unwrap();
        let expected = DMatrix::from_row_slice(
            4,
            4,
            &[
                1.0, -0.80841, 0.19159, 0.10678, -0.80841, 1.0, -0.65623, 0.19159, 0.19159,
                -0.65623, 1.0, -0.80841, 0.10678, 0.19159, -0.80841, 1.0,
            ],
        );
        for i in 0..4 {
            for k in 0..4 {
                assert!(
                    (x[(i, k)] - expected[(i, k)]).abs() < 1e-5,
                    "({i}, {k}): {}",
                    x[(i, k)]
                );
            }
        }
        assert_relative_eq!(distance, (&x - &a).norm());
        assert!(CorrelationMatrix::new(labels(4), x).is_ok());
    }

    #[test]
    fn the_nearest_matrix_is_no_farther_than_any_shrunk_matrix() {
        // [[1, 1, 0], [1, 1, 1], [0, 1, 1]] (Higham 2002, §1) has eigenvalues 1 and 1 ± √2.
        // Any correlation matrix is a candidate, in particular the shrinkage t·A + (1 − t)·I
        // for the largest t that is PSD (t = 1/√2, where 1 − t√2 = 0); the nearest one can
        // only be closer.
        let a = DMatrix::from_row_slice(3, 3, &[1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
        let (x, distance) = nearest_correlation(&a, 1e-12, 100_000).unwrap();
        let t = std::f64::consts::FRAC_1_SQRT_2;
        let shrunk = &a * t + DMatrix::identity(3, 3) * (1.0 - t);
        assert!(distance < (&shrunk - &a).norm());
        // The problem is symmetric under reversing the variable order, so is its solution.
        assert_relative_eq!(x[(0, 1)], x[(1, 2)], epsilon = 1e-8);
        let min_eigen = SymmetricEigen::new(x.clone()).eigenvalues.min();
        assert!(min_eigen > 0.0);
    }

    #[test]
    fn a_valid_matrix_does_not_move() {
        let a = DMatrix::from_row_slice(3, 3, &[1.0, 0.5, 0.2, 0.5, 1.0, 0.3, 0.2, 0.3, 1.0]);
        let (x, distance) = nearest_correlation(&a, 1e-12, 1000).unwrap();
        assert!(distance < 1e-12, "{distance}");
        assert_relative_eq!(x[(0, 1)], 0.5, epsilon = 1e-12);
        let repaired = repair_correlation(labels(3), a.clone()).unwrap();
        assert!(repaired.distance.abs() < f64::MIN_POSITIVE);
        assert_eq!(repaired.matrix.matrix(), &a);
    }

    #[test]
    fn repair_fixes_the_matrix_that_names_a_pair() {
        // The example of CorrelationMatrix's error test: eigenvalues 1.9, 1.9 and −0.8.
        let m = DMatrix::from_row_slice(3, 3, &[1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0]);
        assert!(CorrelationMatrix::new(labels(3), m.clone()).is_err());
        let repaired = repair_correlation(labels(3), m.clone()).unwrap();
        // A = I + 0.9·S with S = [[0, 1, 1], [1, 0, −1], [1, −1, 0]], eigenvalues 1, 1, −2.
        // Closed form: the problem is invariant under the signed permutations that fix S, and
        // they act transitively on the three pairs, so the unique nearest matrix is I + c·S.
        // Its eigenvalues 1 + c, 1 + c, 1 − 2c force c ≤ ½, and ‖A − (I + cS)‖ = √6·(0.9 − c)
        // is least at c = ½: correlations ±0.5 and a distance of 0.4·√6.
        assert_relative_eq!(repaired.distance, 0.4 * 6f64.sqrt(), epsilon = 1e-6);
        let r = repaired.matrix.matrix();
        for (i, k, expected) in [(0, 1, 0.5), (0, 2, 0.5), (1, 2, -0.5)] {
            assert_relative_eq!(r[(i, k)], expected, epsilon = 1e-6);
        }
        assert_eq!(repaired.matrix.labels(), &labels(3)[..]);
    }

    #[test]
    fn repair_does_not_hide_typing_mistakes() {
        let m = DMatrix::from_row_slice(2, 2, &[1.0, 1.5, 1.5, 1.0]);
        assert_eq!(
            repair_correlation(labels(2), m).unwrap_err().to_string(),
            "correlation between \"x0\" and \"x1\" must lie in [-1, 1], got 1.5"
        );
    }

    #[test]
    fn bad_inputs_are_errors() {
        let sq = |v: &[f64]| DMatrix::from_row_slice(2, 2, v);
        assert_eq!(
            nearest_correlation(&DMatrix::zeros(2, 3), 1e-8, 10)
                .unwrap_err()
                .to_string(),
            "a correlation matrix must be square, got 2×3"
        );
        assert_eq!(
            nearest_correlation(&sq(&[1.0, 0.2, 0.3, 1.0]), 1e-8, 10)
                .unwrap_err()
                .to_string(),
            "matrix must be symmetric: entry (0, 1) is 0.2 but (1, 0) is 0.3"
        );
        assert_eq!(
            nearest_correlation(&sq(&[1.0, f64::NAN, f64::NAN, 1.0]), 1e-8, 10)
                .unwrap_err()
                .to_string(),
            "entry (1, 0) must be finite, got NaN"
        );
        assert_eq!(
            nearest_correlation(&sq(&[1.0, 0.0, 0.0, 1.0]), 0.0, 10)
                .unwrap_err()
                .to_string(),
            "tolerance must be positive and finite, got 0"
        );
        let hard = DMatrix::from_row_slice(3, 3, &[1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0]);
        assert!(matches!(
            nearest_correlation(&hard, 1e-15, 1),
            Err(NearestCorrelationError::NoConvergence { iterations: 1, .. })
        ));
    }
}
