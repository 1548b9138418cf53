//! RAS: biproportional scaling of a matrix to new row and column totals.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::validate;

/// Stopping rule for [`ras`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RasOptions {
    /// Largest relative margin error accepted, |sum − target| / max(target, tiny).
    /// Also the relative tolerance for the row and column grand totals to agree.
    pub tolerance: f64,
    /// Iteration cap; one iteration scales rows then columns.
    pub max_iterations: usize,
}

impl Default for RasOptions {
    fn default() -> RasOptions {
        RasOptions {
            tolerance: 1e-10,
            max_iterations: 10_000,
        }
    }
}

/// The result of a RAS update: X = r̂ X₀ ŝ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RasResult {
    /// The updated matrix.
    pub matrix: DMatrix<f64>,
    /// Row multipliers r.
    pub row_factors: DVector<f64>,
    /// Column multipliers s.
    pub col_factors: DVector<f64>,
    /// Iterations used.
    pub iterations: usize,
    /// The largest relative margin error at the end.
    pub max_error: f64,
}

/// Scales `prior` biproportionally so that its row sums are `row_targets`
/// and its column sums `col_targets` (Stone's RAS; Miller & Blair 2009,
/// ch. 7). Zero cells stay zero.
///
/// # Errors
///
/// [`IoError::NonFinite`] or [`IoError::Negative`] in any input;
/// [`IoError::DimensionMismatch`]; [`IoError::InconsistentMargins`] if the
/// targets' totals differ by more than the tolerance;
/// [`IoError::InfeasibleMargin`] if a zero row or column of the prior has a
/// positive target; [`IoError::NotConverged`] when the cap is reached (for
/// instance when the zero pattern makes the margins unattainable);
/// [`IoError::InvalidParameter`] for a tolerance that is not positive.
///
/// # Examples
///
/// ```
/// use chainsim_io::{RasOptions, ras};
/// use nalgebra::{dmatrix, dvector};
///
/// // A uniform prior becomes the outer product of the margins over the total.
/// let result = ras(&dmatrix![1.0, 1.0; 1.0, 1.0], &dvector![3.0, 7.0], &dvector![4.0, 6.0], RasOptions::default())?;
/// assert!((result.matrix[(1, 0)] - 2.8).abs() < 1e-9);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn ras(
    prior: &DMatrix<f64>,
    row_targets: &DVector<f64>,
    col_targets: &DVector<f64>,
    options: RasOptions,
) -> Result<RasResult, IoError> {
    if !(options.tolerance > 0.0 && options.tolerance.is_finite()) {
        return Err(IoError::InvalidParameter {
            what: "RAS tolerance",
            detail: format!("{} (it must be positive and finite)", options.tolerance),
        });
    }
    validate::non_negative_matrix("RAS prior", prior)?;
    validate::vector_len("RAS row targets", row_targets, prior.nrows())?;
    validate::vector_len("RAS column targets", col_targets, prior.ncols())?;
    validate::non_negative_vector("RAS row targets", row_targets)?;
    validate::non_negative_vector("RAS column targets", col_targets)?;
    let (row_total, col_total) = (row_targets.sum(), col_targets.sum());
    if (row_total - col_total).abs() > options.tolerance * row_total.max(col_total) {
        return Err(IoError::InconsistentMargins {
            row_total,
            col_total,
            tolerance: options.tolerance,
        });
    }
    let prior_rows = prior.column_sum();
    let prior_cols = prior.row_sum().transpose();
    if let Some(i) = (0..prior.nrows()).find(|&i| prior_rows[i] == 0.0 && row_targets[i] > 0.0) {
        return Err(IoError::InfeasibleMargin {
            which: "row",
            index: i,
            target: row_targets[i],
        });
    }
    if let Some(j) = (0..prior.ncols()).find(|&j| prior_cols[j] == 0.0 && col_targets[j] > 0.0) {
        return Err(IoError::InfeasibleMargin {
            which: "column",
            index: j,
            target: col_targets[j],
        });
    }

    let mut matrix = prior.clone();
    let mut row_factors = DVector::from_element(prior.nrows(), 1.0);
    let mut col_factors = DVector::from_element(prior.ncols(), 1.0);
    let mut max_error = margin_error(&matrix, row_targets, col_targets);
    let mut iterations = 0;
    while max_error > options.tolerance {
        if iterations == options.max_iterations {
            return Err(IoError::NotConverged {
                iterations,
                max_error,
                tolerance: options.tolerance,
            });
        }
        iterations += 1;
        let sums = matrix.column_sum();
        for i in 0..matrix.nrows() {
            let r = if sums[i] > 0.0 {
                row_targets[i] / sums[i]
            } else {
                1.0
            };
            row_factors[i] *= r;
            matrix.row_mut(i).scale_mut(r);
        }
        let sums = matrix.row_sum();
        for j in 0..matrix.ncols() {
            let s = if sums[j] > 0.0 {
                col_targets[j] / sums[j]
            } else {
                1.0
            };
            col_factors[j] *= s;
            matrix.column_mut(j).scale_mut(s);
        }
        max_error = margin_error(&matrix, row_targets, col_targets);
    }
    Ok(RasResult {
        matrix,
        row_factors,
        col_factors,
        iterations,
        max_error,
    })
}

/// The largest relative deviation of a row or column sum from its target.
fn margin_error(m: &DMatrix<f64>, rows: &DVector<f64>, cols: &DVector<f64>) -> f64 {
    let scale = rows.sum().max(cols.sum()).max(f64::MIN_POSITIVE);
    let rel = |sum: f64, target: f64| (sum - target).abs() / target.max(scale * 1e-12);
    let row_err = m
        .column_sum()
        .iter()
        .zip(rows.iter())
        .map(|(&s, &t)| rel(s, t))
        .fold(0.0, f64::max);
    let col_err = m
        .row_sum()
        .iter()
        .zip(cols.iter())
        .map(|(&s, &t)| rel(s, t))
        .fold(0.0, f64::max);
    row_err.max(col_err)
}

/// A coefficient matrix updated by RAS: A₁ = r̂ A₀ ŝ and its flows Z₁ = A₁ x̂₁.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoefficientRas {
    /// The updated coefficients A₁ = Z₁ x̂₁⁻¹ (a zero column for a sector with no output).
    pub coefficients: DMatrix<f64>,
    /// The updated intermediate flows Z₁, whose row sums are u₁ and column sums v₁.
    pub flows: DMatrix<f64>,
    /// The RAS of the flows Z₀ = A₀ x̂₁: factors, iterations, margin error.
    pub ras: RasResult,
}

/// Updates technical coefficients A₀ to a target year with total outputs x₁, intermediate
/// sales u₁ (the row totals of Z₁) and intermediate purchases v₁ (its column totals): the
/// prior flows are Z₀ = A₀ x̂₁, RAS scales them to (u₁, v₁), and A₁ = Z₁ x̂₁⁻¹ (Miller &
/// Blair 2009, section 7.4). Since x̂₁ only scales columns, A₁ = r̂ A₀ ŝ with the same row
/// factors r as the flows.
///
/// # Errors
///
/// [`IoError::NotSquare`], [`IoError::DimensionMismatch`], [`IoError::NonFinite`] and
/// [`IoError::Negative`] for A₀ and x₁; those of [`ras`] (a sector with zero output has a
/// zero prior column, so its v₁ must be zero).
///
/// # Examples
///
/// Miller & Blair's (2009) Table 2.3 coefficients, A₀ = [[0.15, 0.25], [0.20, 0.05]],
/// updated to its own base year x₁ = [1000, 2000] with the base margins u₁ = [650, 300]
/// and v₁ = [350, 600] give A₀ back.
///
/// ```
/// use chainsim_io::{RasOptions, ras_coefficients};
/// use nalgebra::{dmatrix, dvector};
///
/// let a0 = dmatrix![0.15, 0.25; 0.20, 0.05];
/// let update = ras_coefficients(
///     &a0,
///     &dvector![1000.0, 2000.0],
///     &dvector![650.0, 300.0],
///     &dvector![350.0, 600.0],
///     RasOptions::default(),
/// )?;
/// assert!((update.coefficients[(0, 1)] - 0.25).abs() < 1e-12);
/// assert!((update.flows[(0, 1)] - 500.0).abs() < 1e-9);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn ras_coefficients(
    a0: &DMatrix<f64>,
    x1: &DVector<f64>,
    u1: &DVector<f64>,
    v1: &DVector<f64>,
    options: RasOptions,
) -> Result<CoefficientRas, IoError> {
    validate::square("prior coefficient matrix", a0)?;
    validate::non_negative_matrix("prior coefficient matrix", a0)?;
    validate::vector_len("target total output", x1, a0.ncols())?;
    validate::non_negative_vector("target total output", x1)?;
    let mut prior = a0.clone();
    for (j, mut col) in prior.column_iter_mut().enumerate() {
        col *= x1[j];
    }
    let ras = ras(&prior, u1, v1, options)?;
    let mut coefficients = ras.matrix.clone();
    for (j, mut col) in coefficients.column_iter_mut().enumerate() {
        if x1[j] > 0.0 {
            col /= x1[j];
        } else {
            col.fill(0.0);
        }
    }
    Ok(CoefficientRas {
        coefficients,
        flows: ras.matrix.clone(),
        ras,
    })
}
