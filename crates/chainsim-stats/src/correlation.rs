//! Validated correlation matrices for the Gaussian copula.
//!
//! A [`CorrelationMatrix`] is checked once, when built: square, labelled, finite, unit
//! diagonal, symmetric, entries in [−1, 1] and positive definite. Its lower Cholesky factor L
//! (R = L·Lᵀ) is kept, and [`CorrelationMatrix::correlate`] turns independent standard normals
//! z into correlated ones L·z without allocating. When R is not positive definite the error
//! names the pair of labels to revisit, so a modeller can fix the input rather than read a
//! matrix dump.

use std::collections::HashSet;

use nalgebra::{Cholesky, DMatrix, SymmetricEigen};
use thiserror::Error;

/// How far the diagonal may be from 1 and the matrix from symmetric, for rounding in the input.
const TOLERANCE: f64 = 1e-12;

/// Why a [`CorrelationMatrix`] could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum CorrelationError {
    /// The matrix has a different number of rows and columns.
    #[error("a correlation matrix must be square, got {rows}×{cols}")]
    NotSquare {
        /// Number of rows.
        rows: usize,
        /// Number of columns.
        cols: usize,
    },
    /// The number of labels differs from the dimension.
    #[error("{labels} labels for a {dim}×{dim} correlation matrix")]
    LabelCount {
        /// Number of labels given.
        labels: usize,
        /// Dimension of the matrix.
        dim: usize,
    },
    /// A label appears twice.
    #[error("label \"{label}\" appears twice")]
    DuplicateLabel {
        /// The repeated label.
        label: String,
    },
    /// An entry is NaN or infinite.
    #[error("correlation between \"{first}\" and \"{second}\" must be finite, got {value}")]
    NotFinite {
        /// Row label.
        first: String,
        /// Column label.
        second: String,
        /// The entry.
        value: f64,
    },
    /// A diagonal entry is not 1.
    #[error("diagonal entry of \"{label}\" must be 1, got {value}")]
    Diagonal {
        /// The label of the row.
        label: String,
        /// The entry.
        value: f64,
    },
    /// Entry (i, k) differs from entry (k, i).
    #[error(
        "correlation matrix must be symmetric: \"{first}\"–\"{second}\" is {upper} but \"{second}\"–\"{first}\" is {lower}"
    )]
    NotSymmetric {
        /// Label of the row of the upper-triangle entry.
        first: String,
        /// Label of its column.
        second: String,
        /// The upper-triangle entry.
        upper: f64,
        /// The mirrored lower-triangle entry.
        lower: f64,
    },
    /// An off-diagonal entry lies outside [−1, 1].
    #[error("correlation between \"{first}\" and \"{second}\" must lie in [-1, 1], got {value}")]
    OutOfRange {
        /// Row label.
        first: String,
        /// Column label.
        second: String,
        /// The entry.
        value: f64,
    },
    /// The matrix is not positive definite.
    ///
    /// The Cholesky factorisation first fails at the column of `second`; among the variables
    /// before it, `first` is the one it is most strongly correlated with.
    #[error(
        "correlation matrix is not positive definite (smallest eigenvalue {min_eigenvalue:.3e}): the correlations are inconsistent at \"{second}\"; check its correlation with \"{first}\" ({value})"
    )]
    NotPositiveDefinite {
        /// Label of the earlier variable most correlated with `second`.
        first: String,
        /// Label of the variable at which the factorisation fails.
        second: String,
        /// Their correlation.
        value: f64,
        /// The smallest eigenvalue of the matrix (≤ 0, up to rounding).
        min_eigenvalue: f64,
    },
    /// A pair refers to an index past the labels.
    #[error("correlation pair ({i}, {k}) is out of range for {dim} labels")]
    PairOutOfRange {
        /// First index of the pair.
        i: usize,
        /// Second index of the pair.
        k: usize,
        /// Number of labels.
        dim: usize,
    },
    /// A pair names the same variable twice.
    #[error("a correlation pair needs two different variables, got \"{label}\" twice")]
    SelfPair {
        /// The label given twice.
        label: String,
    },
    /// Two pairs set the same correlation.
    #[error("correlation between \"{first}\" and \"{second}\" is given twice")]
    DuplicatePair {
        /// Label of the pair's first index.
        first: String,
        /// Label of the pair's second index.
        second: String,
    },
}

/// A labelled, positive definite correlation matrix and its Cholesky factor.
///
/// # Examples
///
/// ```
/// use chainsim_stats::CorrelationMatrix;
///
/// let labels = vec!["steel".to_string(), "autos".to_string()];
/// let r = CorrelationMatrix::from_pairs(labels, &[(0, 1, 0.6)])?;
/// let mut correlated = [0.0; 2];
/// r.correlate(&[1.0, 0.0], &mut correlated);
/// // The first column of L is the first column of R.
/// assert!((correlated[1] - 0.6).abs() < 1e-15);
/// # Ok::<(), chainsim_stats::CorrelationError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CorrelationMatrix {
    labels: Vec<String>,
    matrix: DMatrix<f64>,
    lower: DMatrix<f64>,
    /// The non-zero entries of `lower`, row by row as (column, value), so that
    /// [`CorrelationMatrix::correlate`] reads each row contiguously and skips the zeros of
    /// uncorrelated blocks; row i is `terms[row_ends[i − 1]..row_ends[i]]` and starts with
    /// its first non-zero entry (every row has its positive diagonal).
    terms: Vec<(usize, f64)>,
    row_ends: Vec<usize>,
}

impl CorrelationMatrix {
    /// Validates `matrix` as the correlation matrix of the variables named by `labels`.
    ///
    /// Entries within 1e-12 of a unit diagonal and of symmetry are accepted and stored exactly
    /// (diagonal 1, each off-diagonal pair replaced by its average).
    ///
    /// # Errors
    ///
    /// [`CorrelationError::NotSquare`], [`CorrelationError::LabelCount`] or
    /// [`CorrelationError::DuplicateLabel`] for a malformed input; [`CorrelationError::NotFinite`],
    /// [`CorrelationError::Diagonal`], [`CorrelationError::NotSymmetric`] or
    /// [`CorrelationError::OutOfRange`] naming the offending entry; and
    /// [`CorrelationError::NotPositiveDefinite`] naming the pair of variables at which the
    /// Cholesky factorisation fails, with the smallest eigenvalue.
    pub fn new(
        labels: Vec<String>,
        matrix: DMatrix<f64>,
    ) -> Result<CorrelationMatrix, CorrelationError> {
        let (rows, cols) = matrix.shape();
        if rows != cols {
            return Err(CorrelationError::NotSquare { rows, cols });
        }
        let dim = rows;
        if labels.len() != dim {
            return Err(CorrelationError::LabelCount {
                labels: labels.len(),
                dim,
            });
        }
        check_unique(&labels)?;
        let name = |i: usize| labels[i].clone();
        for k in 0..dim {
            for i in 0..dim {
                let value = matrix[(i, k)];
                if !value.is_finite() {
                    return Err(CorrelationError::NotFinite {
                        first: name(i),
                        second: name(k),
                        value,
                    });
                }
            }
        }
        let mut matrix = matrix;
        for i in 0..dim {
            let value = matrix[(i, i)];
            if (value - 1.0).abs() > TOLERANCE {
                return Err(CorrelationError::Diagonal {
                    label: name(i),
                    value,
                });
            }
            matrix[(i, i)] = 1.0;
            for k in i + 1..dim {
                let (upper, lower) = (matrix[(i, k)], matrix[(k, i)]);
                if (upper - lower).abs() > TOLERANCE {
                    return Err(CorrelationError::NotSymmetric {
                        first: name(i),
                        second: name(k),
                        upper,
                        lower,
                    });
                }
                if !(-1.0..=1.0).contains(&upper) || !(-1.0..=1.0).contains(&lower) {
                    return Err(CorrelationError::OutOfRange {
                        first: name(i),
                        second: name(k),
                        value: if (-1.0..=1.0).contains(&upper) {
                            lower
                        } else {
                            upper
                        },
                    });
                }
                let average = 0.5 * (upper + lower);
                matrix[(i, k)] = average;
                matrix[(k, i)] = average;
            }
        }
        match Cholesky::new(matrix.clone()) {
            Some(cholesky) => {
                let lower = cholesky.l();
                let n = lower.nrows();
                let mut terms = Vec::new();
                let mut row_ends = Vec::with_capacity(n);
                for i in 0..n {
                    terms.extend(
                        (0..=i)
                            .map(|j| (j, lower[(i, j)]))
                            .filter(|&(_, l)| l != 0.0),
                    );
                    row_ends.push(terms.len());
                }
                Ok(CorrelationMatrix {
                    labels,
                    lower,
                    terms,
                    row_ends,
                    matrix,
                })
            }
            None => Err(not_positive_definite(&labels, &matrix)),
        }
    }

    /// Builds the matrix that is the identity except for the given `(i, k, ρ)` pairs, which set
    /// both entries (i, k) and (k, i) to ρ.
    ///
    /// # Errors
    ///
    /// [`CorrelationError::PairOutOfRange`], [`CorrelationError::SelfPair`] or
    /// [`CorrelationError::DuplicatePair`] (also for (k, i) after (i, k)) for a bad pair list,
    /// then every error of [`CorrelationMatrix::new`].
    pub fn from_pairs(
        labels: Vec<String>,
        pairs: &[(usize, usize, f64)],
    ) -> Result<CorrelationMatrix, CorrelationError> {
        let dim = labels.len();
        let mut matrix = DMatrix::identity(dim, dim);
        let mut seen = HashSet::new();
        for &(i, k, rho) in pairs {
            if i >= dim || k >= dim {
                return Err(CorrelationError::PairOutOfRange { i, k, dim });
            }
            if i == k {
                return Err(CorrelationError::SelfPair {
                    label: labels[i].clone(),
                });
            }
            if !seen.insert((i.min(k), i.max(k))) {
                return Err(CorrelationError::DuplicatePair {
                    first: labels[i].clone(),
                    second: labels[k].clone(),
                });
            }
            matrix[(i, k)] = rho;
            matrix[(k, i)] = rho;
        }
        CorrelationMatrix::new(labels, matrix)
    }

    /// The variables' labels, in matrix order.
    #[must_use]
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The number of variables.
    #[must_use]
    pub fn dim(&self) -> usize {
        self.labels.len()
    }

    /// The validated matrix R (exactly symmetric, unit diagonal).
    #[must_use]
    pub fn matrix(&self) -> &DMatrix<f64> {
        &self.matrix
    }

    /// The lower-triangular Cholesky factor L with R = L·Lᵀ.
    #[must_use]
    pub fn cholesky_lower(&self) -> &DMatrix<f64> {
        &self.lower
    }

    /// Writes L·`independent` into `out`: independent standard normals in, standard normals
    /// with correlation R out. Does not allocate.
    ///
    /// # Panics
    ///
    /// If `independent` or `out` does not have length [`dim`](CorrelationMatrix::dim).
    pub fn correlate(&self, independent: &[f64], out: &mut [f64]) {
        let n = self.dim();
        assert_eq!(independent.len(), n, "correlate: input length");
        assert_eq!(out.len(), n, "correlate: output length");
        self.correlate_lanes(independent, out, 1);
    }

    /// [`correlate`](CorrelationMatrix::correlate) for `lanes` vectors side by side:
    /// component i of vector `lane` is `independent[i * lanes + lane]`, and likewise in `out`.
    /// Each lane's result is that of `correlate` on the lane's vector, to the bit: the terms of
    /// a row are added in column order, starting from the first non-zero one.
    ///
    /// # Panics
    ///
    /// If `independent` or `out` does not have length [`dim`](CorrelationMatrix::dim) × `lanes`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::CorrelationMatrix;
    ///
    /// let r = CorrelationMatrix::from_pairs(vec!["a".into(), "b".into()], &[(0, 1, 0.6)])?;
    /// // Two lanes: (1, 0) and (0, 1).
    /// let mut out = [0.0; 4];
    /// r.correlate_lanes(&[1.0, 0.0, 0.0, 1.0], &mut out, 2);
    /// assert_eq!(out[..2], [1.0, 0.0]);
    /// assert!((out[2] - 0.6).abs() < 1e-15 && (out[3] - 0.8).abs() < 1e-15);
    /// # Ok::<(), chainsim_stats::CorrelationError>(())
    /// ```
    pub fn correlate_lanes(&self, independent: &[f64], out: &mut [f64], lanes: usize) {
        let n = self.dim();
        assert_eq!(independent.len(), n * lanes, "correlate: input length");
        assert_eq!(out.len(), n * lanes, "correlate: output length");
        let mut start = 0;
        for (i, &end) in self.row_ends.iter().enumerate() {
            let out = &mut out[i * lanes..(i + 1) * lanes];
            let (&(first, l), rest) = self.terms[start..end]
                .split_first()
                .expect("every row of L has its positive diagonal");
            let column = &independent[first * lanes..(first + 1) * lanes];
            for (o, &z) in out.iter_mut().zip(column) {
                *o = l * z;
            }
            for &(j, l) in rest {
                let column = &independent[j * lanes..(j + 1) * lanes];
                for (o, &z) in out.iter_mut().zip(column) {
                    *o += l * z;
                }
            }
            start = end;
        }
    }
}

fn check_unique(labels: &[String]) -> Result<(), CorrelationError> {
    let mut seen = HashSet::new();
    for label in labels {
        if !seen.insert(label.as_str()) {
            return Err(CorrelationError::DuplicateLabel {
                label: label.clone(),
            });
        }
    }
    Ok(())
}

/// Explains why the Cholesky factorisation of `matrix` failed.
///
/// The factorisation fails at column k exactly when the leading (k+1)×(k+1) block is the first
/// that is not positive definite, so k is found by bisection on the block size. The earlier
/// variable most correlated with variable k is the most likely culprit.
fn not_positive_definite(labels: &[String], matrix: &DMatrix<f64>) -> CorrelationError {
    let dim = matrix.nrows();
    let leading_is_pd =
        |size: usize| Cholesky::new(matrix.view((0, 0), (size, size)).clone_owned()).is_some();
    // Invariant: the leading block of size `good` is PD, that of size `bad` is not.
    let (mut good, mut bad) = (1, dim);
    while bad - good > 1 {
        let mid = (good + bad) / 2;
        if leading_is_pd(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    let k = bad - 1;
    let i = (0..k)
        .max_by(|&a, &b| {
            matrix[(a, k)]
                .abs()
                .total_cmp(&matrix[(b, k)].abs())
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    let min_eigenvalue = SymmetricEigen::new(matrix.clone()).eigenvalues.min();
    CorrelationError::NotPositiveDefinite {
        first: labels[i].clone(),
        second: labels[k].clone(),
        value: matrix[(i, k)],
        min_eigenvalue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::run_rng;
    use approx::assert_relative_eq;
    use rand::RngExt;
    use rand_distr::StandardNormal;

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_string()).collect()
    }

    fn abc() -> Vec<String> {
        labels(&["a", "b", "c"])
    }

    #[test]
    fn two_by_two_factor_has_the_closed_form() {
        // R = [[1, ρ], [ρ, 1]] has L = [[1, 0], [ρ, √(1 − ρ²)]].
        let rho = -0.35;
        let r = CorrelationMatrix::from_pairs(labels(&["x", "y"]), &[(1, 0, rho)]).unwrap();
        let l = r.cholesky_lower();
        assert_relative_eq!(l[(0, 0)], 1.0);
        assert_relative_eq!(l[(0, 1)], 0.0);
        assert_relative_eq!(l[(1, 0)], rho, max_relative = 1e-15);
        assert_relative_eq!(l[(1, 1)], (1.0 - rho * rho).sqrt(), max_relative = 1e-15);
        assert_eq!(r.dim(), 2);
        assert_eq!(r.labels(), &labels(&["x", "y"])[..]);
        assert_relative_eq!(r.matrix()[(0, 1)], rho);
    }

    #[test]
    fn correlated_draws_reproduce_the_requested_matrix() {
        let target =
            DMatrix::from_row_slice(3, 3, &[1.0, 0.6, -0.3, 0.6, 1.0, 0.2, -0.3, 0.2, 1.0]);
        let r = CorrelationMatrix::new(abc(), target.clone()).unwrap();
        let n = 100_000;
        let mut rng = run_rng(31, 0);
        let (mut sum, mut cross) = ([0.0; 3], [[0.0; 3]; 3]);
        let (mut z, mut x) = ([0.0; 3], [0.0; 3]);
        for _ in 0..n {
            for v in &mut z {
                *v = rng.sample(StandardNormal);
            }
            r.correlate(&z, &mut x);
            for i in 0..3 {
                sum[i] += x[i];
                for k in 0..3 {
                    cross[i][k] += x[i] * x[k];
                }
            }
        }
        let nf = f64::from(n);
        let cov = |i: usize, k: usize| cross[i][k] / nf - sum[i] * sum[k] / (nf * nf);
        for i in 0..3 {
            for k in 0..3 {
                let corr = cov(i, k) / (cov(i, i) * cov(k, k)).sqrt();
                // The standard error of a sample correlation is about (1 − ρ²)/√n ≤ 0.0032.
                assert!((corr - target[(i, k)]).abs() < 0.01, "({i}, {k}): {corr}");
            }
        }
    }

    #[test]
    fn non_positive_definite_matrix_names_a_pair() {
        // R = I + 0.9 S with S = [[0, 1, 1], [1, 0, −1], [1, −1, 0]]; S² = 2I − S, so S has
        // eigenvalues 1, 1, −2 and R has 1.9, 1.9 and 1 − 1.8 = −0.8. The factorisation
        // succeeds for the leading 2×2 block (ρ = 0.9) and fails at column "c".
        let m = DMatrix::from_row_slice(3, 3, &[1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0]);
        let err = CorrelationMatrix::new(abc(), m).unwrap_err();
        match &err {
            CorrelationError::NotPositiveDefinite {
                first,
                second,
                value,
                min_eigenvalue,
            } => {
                assert_eq!((first.as_str(), second.as_str()), ("a", "c"));
                assert_relative_eq!(*value, 0.9);
                assert_relative_eq!(*min_eigenvalue, -0.8, max_relative = 1e-12);
            }
            other => panic!("unexpected error {other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "correlation matrix is not positive definite (smallest eigenvalue -8.000e-1): the correlations are inconsistent at \"c\"; check its correlation with \"a\" (0.9)"
        );
    }

    #[test]
    fn failing_column_is_found_in_a_larger_matrix() {
        // Variables 0..4 independent except ρ(1, 4) = ρ(3, 4) = 0.8 and ρ(1, 3) = −0.8: the
        // leading 4×4 block is PD (a 2×2 block with |ρ| < 1 plus identity), and the 3×3 block
        // on (1, 3, 4) is I + 0.8·S' with eigenvalue 1 − 1.6 < 0, so Cholesky fails at 4.
        let names = labels(&["v0", "v1", "v2", "v3", "v4"]);
        let err = CorrelationMatrix::from_pairs(names, &[(1, 4, 0.8), (3, 4, 0.8), (1, 3, -0.8)])
            .unwrap_err();
        let CorrelationError::NotPositiveDefinite {
            first,
            second,
            min_eigenvalue,
            ..
        } = err
        else {
            panic!("unexpected error {err:?}");
        };
        assert_eq!((first.as_str(), second.as_str()), ("v1", "v4"));
        assert_relative_eq!(min_eigenvalue, -0.6, max_relative = 1e-12);
    }

    #[test]
    fn correlate_is_the_lower_triangular_product() {
        let r = CorrelationMatrix::new(
            abc(),
            DMatrix::from_row_slice(3, 3, &[1.0, 0.5, 0.25, 0.5, 1.0, 0.5, 0.25, 0.5, 1.0]),
        )
        .unwrap();
        let z = [0.3, -1.2, 2.0];
        let mut out = [0.0; 3];
        r.correlate(&z, &mut out);
        let expected = r.cholesky_lower() * nalgebra::DVector::from_row_slice(&z);
        for i in 0..3 {
            assert_relative_eq!(out[i], expected[i], max_relative = 1e-15);
            // Summed in column order j = 0..=i, to the bit.
            let l = r.cholesky_lower();
            let in_order: f64 = (0..=i).map(|j| l[(i, j)] * z[j]).sum();
            assert_eq!(out[i].to_bits(), in_order.to_bits());
        }
        // L·Lᵀ reproduces R.
        let l = r.cholesky_lower();
        let back = l * l.transpose();
        for i in 0..3 {
            for k in 0..3 {
                assert_relative_eq!(back[(i, k)], r.matrix()[(i, k)], epsilon = 1e-15);
            }
        }
    }

    #[test]
    fn validation_errors_name_the_entry() {
        let sq = |v: &[f64]| DMatrix::from_row_slice(3, 3, v);
        let cases: Vec<(Result<CorrelationMatrix, CorrelationError>, &str)> = vec![
            (
                CorrelationMatrix::new(abc(), DMatrix::identity(3, 2)),
                "a correlation matrix must be square, got 3×2",
            ),
            (
                CorrelationMatrix::new(labels(&["a", "b"]), DMatrix::identity(3, 3)),
                "2 labels for a 3×3 correlation matrix",
            ),
            (
                CorrelationMatrix::new(labels(&["a", "b", "a"]), DMatrix::identity(3, 3)),
                "label \"a\" appears twice",
            ),
            (
                CorrelationMatrix::new(
                    abc(),
                    sq(&[1.0, 0.0, 0.0, 0.0, 1.0, f64::NAN, 0.0, 0.0, 1.0]),
                ),
                "correlation between \"b\" and \"c\" must be finite, got NaN",
            ),
            (
                CorrelationMatrix::new(abc(), sq(&[1.0, 0.0, 0.0, 0.0, 0.9, 0.0, 0.0, 0.0, 1.0])),
                "diagonal entry of \"b\" must be 1, got 0.9",
            ),
            (
                CorrelationMatrix::new(abc(), sq(&[1.0, 0.3, 0.0, 0.2, 1.0, 0.0, 0.0, 0.0, 1.0])),
                "correlation matrix must be symmetric: \"a\"–\"b\" is 0.3 but \"b\"–\"a\" is 0.2",
            ),
            (
                CorrelationMatrix::new(abc(), sq(&[1.0, 0.0, 1.5, 0.0, 1.0, 0.0, 1.5, 0.0, 1.0])),
                "correlation between \"a\" and \"c\" must lie in [-1, 1], got 1.5",
            ),
            (
                CorrelationMatrix::from_pairs(abc(), &[(0, 1, 0.2), (1, 0, 0.3)]),
                "correlation between \"b\" and \"a\" is given twice",
            ),
            (
                CorrelationMatrix::from_pairs(abc(), &[(2, 2, 0.2)]),
                "a correlation pair needs two different variables, got \"c\" twice",
            ),
            (
                CorrelationMatrix::from_pairs(abc(), &[(0, 3, 0.2)]),
                "correlation pair (0, 3) is out of range for 3 labels",
            ),
            (
                CorrelationMatrix::from_pairs(labels(&["a", "b"]), &[(0, 1, 1.0)]),
                "correlation matrix is not positive definite (smallest eigenvalue 0.000e0): the correlations are inconsistent at \"b\"; check its correlation with \"a\" (1)",
            ),
        ];
        for (result, message) in cases {
            assert_eq!(result.unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn rounding_in_the_input_is_accepted_and_cleaned() {
        let m = DMatrix::from_row_slice(2, 2, &[1.0 + 1e-14, 0.5 + 2e-13, 0.5, 1.0]);
        let r = CorrelationMatrix::new(labels(&["a", "b"]), m).unwrap();
        assert_eq!(r.matrix()[(0, 0)].to_bits(), 1f64.to_bits());
        assert_eq!(r.matrix()[(0, 1)].to_bits(), r.matrix()[(1, 0)].to_bits());
    }
}
