//! First-order and total Sobol indices with bootstrap intervals.
//!
//! With f_A, f_B and f_AB(k) the outputs on rows of A, B and A_B^(k) of a
//! [`SaltelliDesign`], and V the variance of the 2N outputs on A and B:
//!
//! - first order (Saltelli et al. 2010, Table 2 (b)): S_k = (1/N) Σ f_B (f_AB(k) − f_A) / V;
//! - total (Jansen 1999): S_Tk = (1/2N) Σ (f_A − f_AB(k))² / V.
//!
//! For a group of inputs the same formulas give the closed first-order index of the group
//! (the variance explained by the group's inputs and their interactions among themselves) and
//! its total index. Outputs are centred on their mean over A and B first, which leaves both
//! estimators' expectations unchanged and lowers the first-order estimator's variance.
//!
//! Intervals come from a bootstrap over the N base rows (each resample draws N rows with
//! replacement, all factors share it) and are percentile intervals: the 2.5% and 97.5%
//! quantiles (type 7) of the resampled indices. Resample r draws its rows from a SplitMix64
//! stream seeded by `run_rng(seed, r)`, its sums are taken in a fixed order, and the resamples
//! run in parallel into a fixed order, so the result is the same on any thread count.

use chainsim_stats::{SplitMix64, run_rng};
use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use crate::saltelli::{DesignError, SaltelliDesign};

/// Bootstrap resamples unless told otherwise.
pub const DEFAULT_RESAMPLES: usize = 100;

/// Coverage of the bootstrap intervals.
pub const CONFIDENCE: f64 = 0.95;

/// Why indices could not be estimated.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum IndicesError {
    /// The outputs do not fit the design.
    #[error(transparent)]
    Design(#[from] DesignError),
    /// An output is NaN or infinite.
    #[error("model output of run {run} is {value}")]
    NotFinite {
        /// The run, in design order.
        run: usize,
        /// The output.
        value: f64,
    },
    /// The output does not vary over A and B, so no index is defined.
    #[error("the model output is constant over the design; sensitivity indices are undefined")]
    ZeroVariance,
}

/// How the bootstrap intervals are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Bootstrap {
    /// Number of resamples of the base rows (0 for no intervals).
    pub resamples: usize,
    /// Seed of the resampling streams.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Bootstrap {
        Bootstrap {
            resamples: DEFAULT_RESAMPLES,
            seed: 0,
        }
    }
}

/// The indices of one factor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactorIndices {
    /// The input's or group's name.
    pub name: String,
    /// Names of the inputs in the factor (one for a single input).
    pub members: Vec<String>,
    /// First-order (closed, for a group) index S.
    pub first_order: f64,
    /// 95% bootstrap percentile interval of S; `None` without resamples.
    pub first_order_interval: Option<(f64, f64)>,
    /// Total index S_T.
    pub total: f64,
    /// 95% bootstrap percentile interval of S_T; `None` without resamples.
    pub total_interval: Option<(f64, f64)>,
}

/// Sobol indices of every factor of a design.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SobolIndices {
    /// One entry per factor, in the design's order (inputs, then groups).
    pub factors: Vec<FactorIndices>,
    /// The output variance V over A and B.
    pub variance: f64,
    /// Base samples N.
    pub n_base: usize,
    /// Model runs, N·(factors + 2).
    pub runs: usize,
    /// Bootstrap resamples used for the intervals.
    pub resamples: usize,
}

impl SobolIndices {
    /// The entry of the factor called `name`.
    #[must_use]
    pub fn factor(&self, name: &str) -> Option<&FactorIndices> {
        self.factors.iter().find(|f| f.name == name)
    }
}

/// Runs `model` on the design (see [`SaltelliDesign::evaluate`]) and estimates the indices.
///
/// # Errors
///
/// As [`sobol_indices`].
///
/// # Examples
///
/// ```
/// use chainsim_sensitivity::{Bootstrap, SaltelliDesign, analyze};
///
/// // Y = X₁ + 2·X₂ with independent uniform inputs: S₁ = 1/5, S₂ = 4/5.
/// let design = SaltelliDesign::new(vec!["x1".into(), "x2".into()], 1 << 10, 3)?;
/// let result = analyze(&design, |u| u[0] + 2.0 * u[1], Bootstrap::default())?;
/// let x2 = result.factor("x2").unwrap();
/// assert!((x2.first_order - 0.8).abs() < 0.02);
/// let (lo, hi) = x2.total_interval.unwrap();
/// assert!(lo <= x2.total && x2.total <= hi);
/// # Ok::<(), chainsim_sensitivity::IndicesError>(())
/// ```
pub fn analyze<F>(
    design: &SaltelliDesign,
    model: F,
    bootstrap: Bootstrap,
) -> Result<SobolIndices, IndicesError>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    let outputs = design.evaluate(model);
    sobol_indices(design, &outputs, bootstrap)
}

/// Estimates the indices from `outputs`, the model's value on each run of `design` in run
/// order (for callers that run the model themselves, through [`SaltelliDesign::point`]).
///
/// # Errors
///
/// [`IndicesError::Design`] wrapping [`DesignError::OutputCount`] if there is not one output
/// per run, [`IndicesError::NotFinite`] naming the first bad run, and
/// [`IndicesError::ZeroVariance`].
pub fn sobol_indices(
    design: &SaltelliDesign,
    outputs: &[f64],
    bootstrap: Bootstrap,
) -> Result<SobolIndices, IndicesError> {
    if outputs.len() != design.runs() {
        return Err(DesignError::OutputCount {
            expected: design.runs(),
            got: outputs.len(),
        }
        .into());
    }
    if let Some(run) = outputs.iter().position(|y| !y.is_finite()) {
        return Err(IndicesError::NotFinite {
            run,
            value: outputs[run],
        });
    }
    let per = design.runs_per_base_sample();
    let n = design.n_base();
    let k = design.factors().len();
    let mean = (0..n)
        .map(|j| outputs[j * per] + outputs[j * per + 1])
        .sum::<f64>()
        / (2 * n) as f64;
    let terms = row_terms(outputs, mean, per, k);

    let ones = vec![1.0; n];
    let full_sums: Vec<f64> = terms.iter().map(|col| dot(&ones, col)).collect();
    let full = Estimate::from_sums(&full_sums, n, k);
    if full.variance <= 0.0 {
        return Err(IndicesError::ZeroVariance);
    }
    let point = full.indices();

    let resampled = bootstrap_indices(&terms, n, k, bootstrap);

    let interval = |pick: &dyn Fn(&Indices) -> f64| -> Option<(f64, f64)> {
        if resampled.is_empty() {
            return None;
        }
        let mut values: Vec<f64> = resampled.iter().map(pick).collect();
        values.sort_by(f64::total_cmp);
        let tail = (1.0 - CONFIDENCE) / 2.0;
        Some((
            quantile_sorted(&values, tail),
            quantile_sorted(&values, 1.0 - tail),
        ))
    };

    let factors = design
        .factors()
        .iter()
        .enumerate()
        .map(|(f, factor)| FactorIndices {
            name: factor.name().to_string(),
            members: factor
                .members()
                .iter()
                .map(|&i| design.inputs()[i].clone())
                .collect(),
            first_order: point.0[f],
            first_order_interval: interval(&|r| r.0[f]),
            total: point.1[f],
            total_interval: interval(&|r| r.1[f]),
        })
        .collect();
    Ok(SobolIndices {
        factors,
        variance: full.variance,
        n_base: n,
        runs: design.runs(),
        resamples: bootstrap.resamples,
    })
}

/// First-order and total indices, one of each per factor.
type Indices = (Vec<f64>, Vec<f64>);

/// The per-row terms whose (weighted) sums give the estimators, with outputs centred on
/// `mean`, as columns: a + b, a² + b², then b·(ab_k − a) for each factor, then (a − ab_k)²
/// for each.
fn row_terms(outputs: &[f64], mean: f64, per: usize, k: usize) -> Vec<Vec<f64>> {
    let n = outputs.len() / per;
    let mut columns = vec![vec![0.0; n]; 2 + 2 * k];
    for (j, row) in outputs.chunks_exact(per).enumerate() {
        let (a, b) = (row[0] - mean, row[1] - mean);
        columns[0][j] = a + b;
        columns[1][j] = a * a + b * b;
        for (f, ab) in row[2..].iter().enumerate() {
            let ab = ab - mean;
            columns[2 + f][j] = b * (ab - a);
            columns[2 + k + f][j] = (a - ab) * (a - ab);
        }
    }
    columns
}

/// The row-index stream of one bootstrap resample: [`SplitMix64`] (Steele, Lea & Flood 2014),
/// seeded from the resample's ChaCha stream `run_rng(seed, r)`. Bootstrap indices need
/// equidistribution, not cryptographic strength, and SplitMix64 gives two 32-bit draws for
/// about a nanosecond.
struct RowStream {
    rng: SplitMix64,
    spare: Option<u32>,
}

impl RowStream {
    fn new(seed: u64, resample: u64) -> RowStream {
        RowStream {
            rng: SplitMix64::new(run_rng(seed, resample).next_u64()),
            spare: None,
        }
    }

    /// The high half of each 64-bit output, then its low half.
    fn next_u32(&mut self) -> u32 {
        if let Some(low) = self.spare.take() {
            return low;
        }
        let z = self.rng.next_u64();
        self.spare = Some(z as u32);
        (z >> 32) as u32
    }

    /// A uniform draw from 0..n by Lemire's (2019) multiply-and-reject method, unbiased.
    fn below(&mut self, n: u32) -> usize {
        let mut product = u64::from(self.next_u32()) * u64::from(n);
        if (product as u32) < n {
            let threshold = n.wrapping_neg() % n;
            while (product as u32) < threshold {
                product = u64::from(self.next_u32()) * u64::from(n);
            }
        }
        (product >> 32) as usize
    }
}

/// The indices of every bootstrap resample, in resample order.
///
/// Resample r is the multiplicity w_j of each of the N base rows in N draws with replacement
/// from the resample's [`RowStream`]; its sums are the dot products of w with each column of row terms.
/// Each dot product is taken in a fixed order (four interleaved partial sums, combined in
/// order), so the result does not depend on the thread count.
fn bootstrap_indices(
    columns: &[Vec<f64>],
    n: usize,
    k: usize,
    bootstrap: Bootstrap,
) -> Vec<Indices> {
    (0..bootstrap.resamples)
        .into_par_iter()
        .map_init(
            || (vec![0u32; n], vec![0.0; n]),
            |(counts, weights), r| {
                counts.fill(0);
                let mut rows = RowStream::new(bootstrap.seed, r as u64);
                let n32 = u32::try_from(n).expect("base samples fit in u32");
                for _ in 0..n {
                    counts[rows.below(n32)] += 1;
                }
                for (w, c) in weights.iter_mut().zip(counts.iter()) {
                    *w = f64::from(*c);
                }
                let sums: Vec<f64> = columns.iter().map(|col| dot(weights, col)).collect();
                Estimate::from_sums(&sums, n, k).indices()
            },
        )
        .collect()
}

/// Partial sums of a dot product: enough independent additions in flight to hide the
/// latency of each, in two vector registers.
const LANES: usize = 8;

/// Σ xᵢyᵢ in [`LANES`] interleaved partial sums (so the loop vectorises), combined in a fixed
/// order.
fn dot(x: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0; LANES];
    let (xc, yc) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let tail: f64 = xc
        .remainder()
        .iter()
        .zip(yc.remainder())
        .map(|(a, b)| a * b)
        .sum();
    for (a, b) in xc.zip(yc) {
        for l in 0..LANES {
            acc[l] += a[l] * b[l];
        }
    }
    acc.iter().sum::<f64>() + tail
}

/// Variance and index numerators over a (weighted) set of base rows.
struct Estimate {
    variance: f64,
    first: Vec<f64>,
    total: Vec<f64>,
}

impl Estimate {
    /// The estimators from the column sums over N draws (see [`row_terms`]).
    fn from_sums(sums: &[f64], n: usize, k: usize) -> Estimate {
        let n = n as f64;
        let m = sums[0] / (2.0 * n);
        Estimate {
            variance: sums[1] / (2.0 * n) - m * m,
            first: sums[2..2 + k].iter().map(|s| s / n).collect(),
            total: sums[2 + k..].iter().map(|s| s / (2.0 * n)).collect(),
        }
    }

    /// (first-order, total) indices; NaN-free only when the variance is positive.
    fn indices(&self) -> Indices {
        let v = self.variance;
        (
            self.first.iter().map(|x| x / v).collect(),
            self.total.iter().map(|x| x / v).collect(),
        )
    }
}

/// Hyndman & Fan type 7 quantile of sorted, non-empty values.
fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let k = h.floor() as usize;
    match sorted.get(k + 1) {
        Some(next) => sorted[k] + (h - k as f64) * (next - sorted[k]),
        None => sorted[k],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_quantiles_use_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((quantile_sorted(&v, 0.025) - 1.1).abs() < 1e-12);
        assert!((quantile_sorted(&v, 0.975) - 4.9).abs() < 1e-12);
        assert!((quantile_sorted(&[7.0], 0.5) - 7.0).abs() < 1e-12);
    }

    #[test]
    fn outputs_are_checked() {
        let design = SaltelliDesign::new(vec!["a".into()], 4, 0).unwrap();
        assert_eq!(
            sobol_indices(&design, &[1.0; 5], Bootstrap::default())
                .unwrap_err()
                .to_string(),
            "the design has 12 runs but 5 outputs were given"
        );
        let mut outputs = vec![1.0; 12];
        assert_eq!(
            sobol_indices(&design, &outputs, Bootstrap::default()).unwrap_err(),
            IndicesError::ZeroVariance
        );
        outputs[7] = f64::NAN;
        assert_eq!(
            sobol_indices(&design, &outputs, Bootstrap::default())
                .unwrap_err()
                .to_string(),
            "model output of run 7 is NaN"
        );
    }

    #[test]
    fn no_resamples_means_no_intervals() {
        let design = SaltelliDesign::new(vec!["a".into(), "b".into()], 64, 0).unwrap();
        let r = analyze(
            &design,
            |u| u[0] - u[1],
            Bootstrap {
                resamples: 0,
                seed: 0,
            },
        )
        .unwrap();
        assert!(r.factors.iter().all(|f| f.first_order_interval.is_none()));
        assert_eq!(r.resamples, 0);
    }
}
