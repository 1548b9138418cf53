//! Rank correlation for samples from any marginals: the Iman–Conover method.
//!
//! Iman & Conover (1982, "A distribution-free approach to inducing rank correlation among input
//! variables", Commun. Statist. B 11(3), 311–334) reorder each column of a sample so that the
//! ranks follow those of a matrix of scores with the wanted correlation. The values of each
//! column are only permuted, so every marginal is exactly what it was.
//!
//! Steps, for n runs of d inputs:
//! 1. Scores: van der Waerden's a_i = Φ⁻¹(i/(n + 1)), arranged in each column in the rank
//!    order the column already has. Independent input columns so give independent score
//!    columns, with no random numbers drawn here.
//! 2. The Cholesky correction of Iman & Conover: the scores' own sample correlation T = Q·Qᵀ
//!    is removed and the target C = P·Pᵀ put in its place, S* = S·Q⁻ᵀ·Pᵀ, so that S* has
//!    sample correlation exactly C.
//! 3. Each input column is rearranged to have the ranks of the matching column of S*.
//!
//! The target is a Spearman matrix. For normal scores, Pearson's r and Spearman's ρ are
//! related by ρ = (6/π)·asin(r/2) (Pearson 1907), so the scores are given
//! C_ij = 2·sin(π·ρ_ij/6); using ρ itself, as in the original paper, would leave a bias of up
//! to 0.018.

use std::f64::consts::PI;

use nalgebra::DMatrix;
use thiserror::Error;

use crate::correlation::{CorrelationError, CorrelationMatrix};
use crate::normal::std_normal_quantile;

/// Why rank correlation could not be induced.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ImanConoverError {
    /// The sample and the target have different numbers of variables.
    #[error(
        "the sample has {samples} columns but the target correlation matrix is {target}×{target}"
    )]
    DimensionMismatch {
        /// Columns of the sample.
        samples: usize,
        /// Dimension of the target.
        target: usize,
    },
    /// Too few runs to have a positive definite score correlation.
    #[error("{needed} runs are needed to correlate {dims} inputs, got {runs}")]
    TooFewRuns {
        /// Runs needed.
        needed: usize,
        /// Inputs.
        dims: usize,
        /// Runs given.
        runs: usize,
    },
    /// A sample value is NaN, which has no rank.
    #[error("sample value in run {run} of column \"{label}\" is NaN")]
    NotANumber {
        /// The run.
        run: usize,
        /// The column's label.
        label: String,
    },
    /// The score columns are linearly dependent: some columns share their rank order.
    #[error(
        "columns \"{first}\" and \"{second}\" are already perfectly rank-correlated; sample the inputs independently before inducing correlation"
    )]
    DependentColumns {
        /// Label of one column.
        first: String,
        /// Label of a column it depends on.
        second: String,
    },
    /// The normal-score matrix 2·sin(π·ρ/6) of the target is not positive definite.
    #[error("the normal-score version of the target spearman matrix is invalid: {0}")]
    ScoreMatrix(#[source] CorrelationError),
}

/// Rearranges each column of `samples` (n runs × d inputs) so that its Spearman correlation
/// matrix approximates `target`, leaving each column's multiset of values unchanged.
///
/// The columns should be independent (drawn separately, or a Latin hypercube): their present
/// rank orders seed the arrangement. The result is a deterministic function of the input.
///
/// # Errors
///
/// [`ImanConoverError::DimensionMismatch`], [`ImanConoverError::TooFewRuns`] (n must exceed
/// d + 1), [`ImanConoverError::NotANumber`], [`ImanConoverError::DependentColumns`] if two
/// columns are already in the same rank order (or their scores are otherwise dependent), and
/// [`ImanConoverError::ScoreMatrix`] if the target's normal-score matrix is not positive
/// definite (possible for extreme Spearman matrices near singularity).
///
/// # Examples
///
/// ```
/// use chainsim_stats::{CorrelationMatrix, LatinHypercube, PointSampler, induce_rank_correlation, spearman};
/// use nalgebra::DMatrix;
///
/// let lhs = LatinHypercube::new(2_000, 2, 5)?;
/// let mut samples = DMatrix::zeros(2_000, 2);
/// let mut u = [0.0; 2];
/// for run in 0..2_000 {
///     lhs.point(run, &mut u);
///     samples[(run as usize, 0)] = u[0];
///     samples[(run as usize, 1)] = -u[1].ln(); // exponential
/// }
/// let target = CorrelationMatrix::from_pairs(vec!["a".into(), "b".into()], &[(0, 1, 0.6)])?;
/// induce_rank_correlation(&mut samples, &target)?;
/// let rho = spearman(samples.column(0).as_slice(), samples.column(1).as_slice())?;
/// assert!((rho - 0.6).abs() < 0.02);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn induce_rank_correlation(
    samples: &mut DMatrix<f64>,
    target: &CorrelationMatrix,
) -> Result<(), ImanConoverError> {
    let (n, d) = samples.shape();
    if d != target.dim() {
        return Err(ImanConoverError::DimensionMismatch {
            samples: d,
            target: target.dim(),
        });
    }
    if d <= 1 {
        return Ok(());
    }
    if n < d + 2 {
        return Err(ImanConoverError::TooFewRuns {
            needed: d + 2,
            dims: d,
            runs: n,
        });
    }
    let labels = target.labels();
    // Rank order of each column: order[j][r] is the run holding the r-th smallest value.
    let mut orders = Vec::with_capacity(d);
    for (j, label) in labels.iter().enumerate() {
        let column = samples.column(j);
        if let Some(run) = column.iter().position(|v| v.is_nan()) {
            return Err(ImanConoverError::NotANumber {
                run,
                label: label.clone(),
            });
        }
        orders.push(rank_order(column.as_slice()));
    }

    let n_plus_1 = (n + 1) as f64;
    let scores: Vec<f64> = (1..=n)
        .map(|i| std_normal_quantile(i as f64 / n_plus_1))
        .collect();
    let mut s = DMatrix::zeros(n, d);
    for (j, order) in orders.iter().enumerate() {
        for (r, &run) in order.iter().enumerate() {
            s[(run, j)] = scores[r];
        }
    }

    // Every column holds the same scores, symmetric about 0, so T = SᵀS / Σa².
    let sum_sq: f64 = scores.iter().map(|a| a * a).sum();
    let t = s.tr_mul(&s) / sum_sq;
    let q = t
        .clone()
        .cholesky()
        .ok_or_else(|| dependent_columns(&t, labels))?
        .l();
    let c = DMatrix::from_fn(d, d, |i, k| {
        if i == k {
            1.0
        } else {
            2.0 * libm::sin(PI * target.matrix()[(i, k)] / 6.0)
        }
    });
    let p = CorrelationMatrix::new(labels.to_vec(), c)
        .map_err(ImanConoverError::ScoreMatrix)?
        .cholesky_lower()
        .clone();
    // M = Q⁻ᵀ·Pᵀ, from the upper-triangular system Qᵀ·M = Pᵀ.
    let m = q
        .transpose()
        .solve_upper_triangular(&p.transpose())
        .ok_or_else(|| dependent_columns(&t, labels))?;
    let s_star = s * m;

    for j in 0..d {
        let mut sorted: Vec<f64> = samples.column(j).iter().copied().collect();
        sorted.sort_by(f64::total_cmp);
        let order = rank_order(s_star.column(j).as_slice());
        for (r, &run) in order.iter().enumerate() {
            samples[(run, j)] = sorted[r];
        }
    }
    Ok(())
}

/// The runs sorted by value, ties in run order, so the arrangement is deterministic.
fn rank_order(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    order
}

/// Names the most correlated pair of score columns, the likely reason T is singular.
fn dependent_columns(t: &DMatrix<f64>, labels: &[String]) -> ImanConoverError {
    let d = t.nrows();
    let (mut best, mut pair) = (-1.0, (0, 1));
    for i in 0..d {
        for k in i + 1..d {
            if t[(i, k)].abs() > best {
                best = t[(i, k)].abs();
                pair = (i, k);
            }
        }
    }
    ImanConoverError::DependentColumns {
        first: labels[pair.0].clone(),
        second: labels[pair.1].clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marginal::Marginal;
    use crate::rank::spearman_matrix;
    use crate::stream::run_rng;
    use rand::distr::Distribution;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("x{i}")).collect()
    }

    fn independent_sample(n: usize, marginals: &[Marginal], seed: u64) -> DMatrix<f64> {
        let mut out = DMatrix::zeros(n, marginals.len());
        for (j, m) in marginals.iter().enumerate() {
            let mut rng = run_rng(seed, j as u64);
            for i in 0..n {
                out[(i, j)] = m.sample(&mut rng);
            }
        }
        out
    }

    fn sorted_bits(column: &[f64]) -> Vec<u64> {
        let mut v: Vec<f64> = column.to_vec();
        v.sort_by(f64::total_cmp);
        v.into_iter().map(f64::to_bits).collect()
    }

    #[test]
    fn reproduces_a_spearman_matrix_and_keeps_the_marginals() {
        // Requested Spearman matrix; its eigenvalues are positive (checked by Cholesky in
        // CorrelationMatrix::new).
        let target = CorrelationMatrix::new(
            labels(4),
            DMatrix::from_row_slice(
                4,
                4,
                &[
                    1.0, 0.7, -0.4, 0.2, 0.7, 1.0, -0.3, 0.1, -0.4, -0.3, 1.0, 0.5, 0.2, 0.1, 0.5,
                    1.0,
                ],
            ),
        )
        .unwrap();
        let marginals = [
            Marginal::lognormal(0.0, 1.0).unwrap(),
            Marginal::uniform(-1.0, 3.0).unwrap(),
            Marginal::pert(0.0, 0.1, 1.0).unwrap(),
            Marginal::triangular(5.0, 6.0, 10.0).unwrap(),
        ];
        let n = 10_000;
        let mut samples = independent_sample(n, &marginals, 17);
        let before = samples.clone();
        induce_rank_correlation(&mut samples, &target).unwrap();
        let rho = spearman_matrix(&samples).unwrap();
        for i in 0..4 {
            for k in 0..4 {
                let want = target.matrix()[(i, k)];
                assert!(
                    (rho[(i, k)] - want).abs() < 0.02,
                    "({i}, {k}): {} vs {want}",
                    rho[(i, k)]
                );
            }
            // Each column is a permutation of its former values, bit for bit.
            assert_eq!(
                sorted_bits(samples.column(i).as_slice()),
                sorted_bits(before.column(i).as_slice())
            );
        }
        // Deterministic: the same input gives the same arrangement.
        let mut again = before.clone();
        induce_rank_correlation(&mut again, &target).unwrap();
        assert_eq!(again, samples);
    }

    #[test]
    fn the_normal_score_correction_matters_for_strong_correlation() {
        // With the target itself as the score correlation (the 1982 recipe), ρ = 0.8 comes
        // out as (6/π)·asin(0.4) ≈ 0.7859; with 2·sin(πρ/6) it is 0.8 up to sampling error
        // (sd about (1 − ρ²)/√n ≈ 0.003 for n = 5,000).
        let target = CorrelationMatrix::from_pairs(labels(2), &[(0, 1, 0.8)]).unwrap();
        let marginals = [
            Marginal::normal(0.0, 1.0).unwrap(),
            Marginal::lognormal(0.0, 0.5).unwrap(),
        ];
        let mut samples = independent_sample(5_000, &marginals, 3);
        induce_rank_correlation(&mut samples, &target).unwrap();
        let rho = spearman_matrix(&samples).unwrap()[(0, 1)];
        assert!((rho - 0.8).abs() < 0.008, "{rho}");
    }

    #[test]
    fn errors_name_columns() {
        let target = CorrelationMatrix::from_pairs(labels(2), &[(0, 1, 0.5)]).unwrap();
        let mut wrong = DMatrix::zeros(10, 3);
        assert_eq!(
            induce_rank_correlation(&mut wrong, &target)
                .unwrap_err()
                .to_string(),
            "the sample has 3 columns but the target correlation matrix is 2×2"
        );
        let mut short = DMatrix::zeros(3, 2);
        assert_eq!(
            induce_rank_correlation(&mut short, &target)
                .unwrap_err()
                .to_string(),
            "4 runs are needed to correlate 2 inputs, got 3"
        );
        // Both columns sorted ascending: identical scores, a singular T.
        let mut sorted = DMatrix::from_fn(20, 2, |i, j| (i * (j + 1)) as f64);
        assert_eq!(
            induce_rank_correlation(&mut sorted, &target)
                .unwrap_err()
                .to_string(),
            "columns \"x0\" and \"x1\" are already perfectly rank-correlated; sample the inputs independently before inducing correlation"
        );
        let mut nan = DMatrix::from_fn(20, 2, |i, j| ((i * 7 + j * 3) % 20) as f64);
        nan[(4, 1)] = f64::NAN;
        assert_eq!(
            induce_rank_correlation(&mut nan, &target)
                .unwrap_err()
                .to_string(),
            "sample value in run 4 of column \"x1\" is NaN"
        );
    }
}
