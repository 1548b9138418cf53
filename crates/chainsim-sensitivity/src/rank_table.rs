//! Rank correlations of each input with the output of an ordinary Monte Carlo run.
//!
//! Cheaper than Sobol indices, since they reuse the runs already made: Spearman's ρ of each
//! input with the output, and the partial rank correlation (PRCC), which removes the other
//! inputs' linear rank effects first (see `chainsim_stats::partial_rank_correlation`).

use chainsim_stats::{RankError, partial_rank_correlation, spearman};
use nalgebra::DMatrix;
use serde::Serialize;

/// The rank correlations of one input with the output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankCorrelation {
    /// The input's name.
    pub name: String,
    /// Spearman's ρ with the output.
    pub spearman: f64,
    /// Partial rank correlation with the output.
    pub prcc: f64,
}

/// Rank correlations of each column of `inputs` (runs × inputs) with `output`, sorted by
/// |PRCC|, largest first (ties in input order).
///
/// # Errors
///
/// Those of `chainsim_stats::partial_rank_correlation`, and
/// [`RankError::LengthMismatch`] if `names` does not name every column.
///
/// # Examples
///
/// ```
/// use chainsim_sensitivity::rank_correlations;
/// use nalgebra::DMatrix;
///
/// let inputs = DMatrix::from_fn(50, 2, |i, j| ((i * (3 + 4 * j)) % 50) as f64);
/// let output: Vec<f64> = (0..50).map(|i| inputs[(i, 0)] + 0.1 * inputs[(i, 1)]).collect();
/// let table = rank_correlations(&["a".into(), "b".into()], &inputs, &output)?;
/// assert_eq!(table[0].name, "a");
/// # Ok::<(), chainsim_stats::RankError>(())
/// ```
pub fn rank_correlations(
    names: &[String],
    inputs: &DMatrix<f64>,
    output: &[f64],
) -> Result<Vec<RankCorrelation>, RankError> {
    if names.len() != inputs.ncols() {
        return Err(RankError::LengthMismatch {
            first: inputs.ncols(),
            second: names.len(),
        });
    }
    let prcc = partial_rank_correlation(inputs, output)?;
    let mut rows = names
        .iter()
        .enumerate()
        .map(|(j, name)| {
            Ok(RankCorrelation {
                name: name.clone(),
                spearman: spearman(inputs.column(j).as_slice(), output)?,
                prcc: prcc[j],
            })
        })
        .collect::<Result<Vec<_>, RankError>>()?;
    rows.sort_by(|a, b| b.prcc.abs().total_cmp(&a.prcc.abs()));
    Ok(rows)
}
