//! The Leontief inverse: a factorisation of I − A, validated once.

use nalgebra::{DMatrix, DVector, Schur};

use crate::error::IoError;

/// A factorisation of I − A for a validated, productive coefficient matrix A.
///
/// Building one checks that A is square, finite, non-negative and
/// productive; afterwards [`Leontief::solve`] and
/// [`Leontief::solve_in_place`] cannot fail, so the simulator's hot loop
/// carries no error handling. The matrix L = (I − A)⁻¹ is never formed
/// unless [`Leontief::inverse`] is called.
///
/// # Examples
///
/// Miller & Blair (2009), Table 2.3:
///
/// ```
/// use chainsim_io::Leontief;
/// use nalgebra::{dmatrix, dvector};
///
/// let a = dmatrix![0.15, 0.25; 0.20, 0.05];
/// let leontief = Leontief::new(&a)?;
/// let x = leontief.solve(&dvector![600.0, 1500.0]);
/// assert!((x[0] - 1247.52).abs() < 0.01);
/// assert!((x[1] - 1841.58).abs() < 0.01);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Leontief {
    lu: crate::lu::Lu,
}

impl Leontief {
    /// Factors I − A.
    ///
    /// A must be square, finite and non-negative. Productivity is tested by
    /// solving (I − A) s = 1: a non-negative A is productive exactly when
    /// s > 0 (Collatz–Wielandt: A s = s − 1 < s bounds the spectral radius
    /// below one), so no eigenvalue problem is solved unless A fails.
    ///
    /// # Errors
    ///
    /// [`IoError::NotSquare`], [`IoError::NonFinite`],
    /// [`IoError::NegativeCoefficient`]; [`IoError::NotProductive`] with the
    /// spectral radius (computed only on this path) when I − A is singular or
    /// its solution against a vector of ones is not positive.
    pub fn new(a: &DMatrix<f64>) -> Result<Leontief, IoError> {
        validate_coefficients(a)?;
        let n = a.nrows();
        let i_minus_a = DMatrix::<f64>::identity(n, n) - a;
        let not_productive = || IoError::NotProductive {
            spectral_radius: spectral_radius(a),
        };
        let lu = crate::lu::Lu::new(i_minus_a).ok_or_else(not_productive)?;
        if solves_ones_positive(&lu) {
            Ok(Leontief { lu })
        } else {
            Err(not_productive())
        }
    }

    /// Replaces this factorisation by that of I − `a`, with the checks and the arithmetic
    /// of [`Leontief::new`] (so the same solutions to the bit), reusing its storage when
    /// `a` has the same order and fewer than 64 sectors (then it allocates nothing up to
    /// 16 sectors, where the factorisation and the productivity check also run kernels
    /// compiled for the order, and once above): the simulator redraws A every run.
    ///
    /// # Errors
    ///
    /// As [`Leontief::new`]; after an error this factorisation must not be used until a
    /// refactor succeeds.
    pub fn refactor(&mut self, a: &DMatrix<f64>) -> Result<(), IoError> {
        validate_coefficients(a)?;
        if !self.lu.refactor_small(a) {
            if a.nrows() != self.n() || self.n() >= crate::lu::BLOCKED_MIN_N {
                *self = Leontief::new(a)?;
                return Ok(());
            }
            return Err(IoError::NotProductive {
                spectral_radius: spectral_radius(a),
            });
        }
        if solves_ones_positive(&self.lu) {
            Ok(())
        } else {
            Err(IoError::NotProductive {
                spectral_radius: spectral_radius(a),
            })
        }
    }

    /// The number of sectors.
    pub fn n(&self) -> usize {
        self.lu.n()
    }

    /// Total output x = (I − A)⁻¹ f for final demand f (or Δx for a shock Δf).
    ///
    /// # Panics
    ///
    /// If `f.len() != self.n()`: the length is fixed by the model, so a
    /// mismatch is a programming error rather than bad input.
    pub fn solve(&self, f: &DVector<f64>) -> DVector<f64> {
        let mut x = f.clone();
        self.solve_in_place(&mut x);
        x
    }

    /// Overwrites `f` with (I − A)⁻¹ f, without allocating.
    ///
    /// # Panics
    ///
    /// If `f.len() != self.n()`.
    pub fn solve_in_place(&self, f: &mut DVector<f64>) {
        assert_eq!(
            f.len(),
            self.n(),
            "final demand has {} entries but the model has {} sectors",
            f.len(),
            self.n()
        );
        self.lu.solve_in_place(f);
    }

    /// Overwrites every column of `f` with (I − A)⁻¹ times that column.
    ///
    /// # Panics
    ///
    /// If `f.nrows() != self.n()`.
    pub fn solve_matrix_in_place(&self, f: &mut DMatrix<f64>) {
        assert_eq!(
            f.nrows(),
            self.n(),
            "right-hand side has {} rows but the model has {} sectors",
            f.nrows(),
            self.n()
        );
        self.lu.solve_matrix_in_place(f);
    }

    /// Solves the transposed system: returns yᵀ (I − A)⁻¹ as a column vector,
    /// i.e. (I − A)⁻ᵀ y. Used for row-vector products such as multipliers
    /// 1ᵀ L and price models.
    ///
    /// # Panics
    ///
    /// If `y.len() != self.n()`.
    pub fn solve_transpose(&self, y: &DVector<f64>) -> DVector<f64> {
        assert_eq!(
            y.len(),
            self.n(),
            "vector has {} entries but the model has {} sectors",
            y.len(),
            self.n()
        );
        let mut x = y.clone();
        self.lu.solve_transpose_in_place(&mut x);
        x
    }

    /// Overwrites every column of `y` with (I − A)⁻ᵀ times that column, so
    /// that a row block S becomes (S L)ᵀ when passed as Sᵀ.
    ///
    /// # Panics
    ///
    /// If `y.nrows() != self.n()`.
    pub fn solve_transpose_matrix_in_place(&self, y: &mut DMatrix<f64>) {
        assert_eq!(
            y.nrows(),
            self.n(),
            "right-hand side has {} rows but the model has {} sectors",
            y.nrows(),
            self.n()
        );
        self.lu.solve_transpose_matrix_in_place(y);
    }

    /// The Leontief inverse L = (I − A)⁻¹, for when every entry is needed.
    pub fn inverse(&self) -> DMatrix<f64> {
        self.lu.inverse()
    }
}

/// Whether the solution s of M s = 1 for the factorisation `lu` of M = I − A is finite
/// and positive: the productivity test of [`Leontief::new`]. Up to
/// [`crate::lu::FIXED_MAX_N`] sectors the right-hand side lives on the stack.
fn solves_ones_positive(lu: &crate::lu::Lu) -> bool {
    let n = lu.n();
    let mut on_stack = [1.0; crate::lu::FIXED_MAX_N];
    let mut on_heap = Vec::new();
    let s = if n <= on_stack.len() {
        &mut on_stack[..n]
    } else {
        on_heap.resize(n, 1.0);
        &mut on_heap[..]
    };
    lu.solve_in_slice(s);
    s.iter().all(|&v| crate::lu::positive_finite(v))
}

/// Checks that A is square, finite and non-negative; the error names the first bad
/// entry in column-major order.
pub(crate) fn validate_coefficients(a: &DMatrix<f64>) -> Result<(), IoError> {
    if !a.is_square() {
        return Err(IoError::NotSquare {
            what: "coefficient matrix",
            rows: a.nrows(),
            cols: a.ncols(),
        });
    }
    // The common case in one pass without a branch per entry: every entry is finite and
    // non-negative when the smallest is ≥ 0 and the sum (NaN or ∞ as soon as an entry is
    // not finite) is finite. (A sum that overflows only sends valid input through the
    // loop below, which names the first bad entry.)
    let (min, sum) = a
        .as_slice()
        .iter()
        .fold((0.0_f64, 0.0_f64), |(min, sum), &v| {
            (if v < min { v } else { min }, sum + v)
        });
    if min >= 0.0 && sum < f64::INFINITY {
        return Ok(());
    }
    validate_entry_by_entry(a)
}

/// The first bad entry of `a` in column-major order, non-finite before negative.
fn validate_entry_by_entry(a: &DMatrix<f64>) -> Result<(), IoError> {
    for col in 0..a.ncols() {
        for row in 0..a.nrows() {
            let value = a[(row, col)];
            if !value.is_finite() {
                return Err(IoError::NonFinite {
                    what: "coefficient matrix",
                    row,
                    col,
                    value,
                });
            }
            if value < 0.0 {
                return Err(IoError::NegativeCoefficient { row, col, value });
            }
        }
    }
    Ok(())
}

/// The spectral radius max |λᵢ| of a square matrix, for load-time diagnostics.
///
/// Computed from a real Schur decomposition. If the QR iteration does not
/// converge, a shifted power iteration is used instead, which is exact in the
/// limit for non-negative matrices (the only kind a productive table has).
/// Returns NaN for a non-square matrix or one with non-finite entries.
///
/// # Examples
///
/// ```
/// use chainsim_io::spectral_radius;
/// use nalgebra::dmatrix;
///
/// // Eigenvalues of [[0.2, 0.1], [0.4, 0.2]] are 0.2 ± 0.2.
/// let rho = spectral_radius(&dmatrix![0.2, 0.1; 0.4, 0.2]);
/// assert!((rho - 0.4).abs() < 1e-12);
/// ```
pub fn spectral_radius(a: &DMatrix<f64>) -> f64 {
    if !a.is_square() || a.iter().any(|v| !v.is_finite()) {
        return f64::NAN;
    }
    let n = a.nrows();
    if n == 0 {
        return 0.0;
    }
    let max_iterations = 1000 * n;
    match Schur::try_new(a.clone(), f64::EPSILON, max_iterations) {
        Some(schur) => schur
            .complex_eigenvalues()
            .iter()
            .map(|z| z.norm())
            .fold(0.0, f64::max),
        None => power_iteration_radius(a),
    }
}

/// Spectral radius of a non-negative matrix by power iteration on A + I.
///
/// The shift makes an irreducible A primitive, so the iteration converges,
/// and ρ(A + I) = ρ(A) + 1 for A ≥ 0 (Perron–Frobenius).
fn power_iteration_radius(a: &DMatrix<f64>) -> f64 {
    let n = a.nrows();
    let shifted = a + DMatrix::<f64>::identity(n, n);
    let mut v = DVector::from_element(n, 1.0 / n as f64);
    let mut estimate = 0.0;
    for _ in 0..10_000 {
        let w = &shifted * &v;
        let norm = w.lp_norm(1);
        if norm == 0.0 || !norm.is_finite() {
            break;
        }
        let converged = (norm - estimate).abs() <= 1e-14 * norm;
        estimate = norm;
        v = w / norm;
        if converged {
            break;
        }
    }
    (estimate - 1.0).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        // The fast path accepts exactly the valid matrices, and the error names the same
        // entry, including for sums that overflow and for −0.
        #[test]
        fn validation_matches_the_entry_by_entry_check(
            a in (0usize..6).prop_flat_map(|n| {
                let entry = prop_oneof![
                    8 => 0.0f64..1.0,
                    1 => prop::sample::select(vec![
                        0.0, -0.0, -1e-300, -0.5, f64::MAX, f64::INFINITY,
                        f64::NEG_INFINITY, f64::NAN,
                    ]),
                ];
                proptest::collection::vec(entry, n * n)
                    .prop_map(move |values| DMatrix::from_vec(n, n, values))
            })
        ) {
            prop_assert_eq!(
                format!("{:?}", validate_coefficients(&a)),
                format!("{:?}", validate_entry_by_entry(&a))
            );
        }
    }

    #[test]
    fn validation_edges() {
        // All finite, but the sum overflows: still valid.
        let big = DMatrix::from_element(2, 2, f64::MAX);
        assert!(validate_coefficients(&big).is_ok());
        let negative_zero = DMatrix::from_element(2, 2, -0.0);
        assert!(validate_coefficients(&negative_zero).is_ok());
        let mixed = nalgebra::dmatrix![f64::INFINITY, 0.0; f64::NEG_INFINITY, 0.0];
        assert!(matches!(
            validate_coefficients(&mixed),
            Err(IoError::NonFinite { row: 0, col: 0, .. })
        ));
    }
}
