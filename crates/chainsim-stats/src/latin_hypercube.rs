//! Latin hypercube points with random access and O(d) memory.
//!
//! A Latin hypercube of n runs puts exactly one point in each stratum [k/n, (k + 1)/n) of every
//! axis (McKay, Beckman & Conover 1979). The usual construction shuffles n strata per
//! dimension and stores the permutations; here each dimension's permutation is instead a keyed
//! bijection of [0, n): a four-round Feistel network on the smallest even number of bits that
//! covers n, with cycle walking to stay inside [0, n) (Black & Rogaway 2002). The position
//! inside the stratum is a hash of (seed, dimension, index). So point `index` is computed on
//! its own, on any thread, and a run of 10⁹ points needs no table.

use crate::hash::{hash2, hash3, unit_open};
use crate::sampler::{PointSampler, SamplerError};

/// The largest number of runs: strata stay wide enough (≥ 2⁻³²) to hold many doubles.
pub const LHS_MAX_RUNS: u64 = 1 << 32;

/// Feistel rounds; four make a keyed permutation indistinguishable from random
/// (Luby & Rackoff 1988).
const ROUNDS: usize = 4;

/// A Latin hypercube design of `runs` points in `dims` dimensions.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{LatinHypercube, PointSampler};
///
/// let lhs = LatinHypercube::new(10, 3, 99)?;
/// let mut strata = [[0u32; 10]; 3];
/// let mut x = [0.0; 3];
/// for run in 0..10 {
///     lhs.point(run, &mut x);
///     for (dim, u) in x.iter().enumerate() {
///         strata[dim][(u * 10.0) as usize] += 1;
///     }
/// }
/// assert!(strata.iter().flatten().all(|&count| count == 1));
/// # Ok::<(), chainsim_stats::SamplerError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatinHypercube {
    runs: u64,
    dims: usize,
    /// Key of the within-stratum positions.
    jitter_key: u64,
    /// Bits in each half of the Feistel block.
    half_bits: u32,
    /// Round keys, per dimension.
    round_keys: Vec<[u64; ROUNDS]>,
}

impl LatinHypercube {
    /// A Latin hypercube of `runs` points in `dims` dimensions, keyed by `seed`.
    ///
    /// # Errors
    ///
    /// [`SamplerError::ZeroRuns`], [`SamplerError::TooManyRuns`] above [`LHS_MAX_RUNS`], and
    /// [`SamplerError::ZeroDimensions`].
    pub fn new(runs: u64, dims: usize, seed: u64) -> Result<LatinHypercube, SamplerError> {
        if runs == 0 {
            return Err(SamplerError::ZeroRuns);
        }
        if runs > LHS_MAX_RUNS {
            return Err(SamplerError::TooManyRuns {
                runs,
                max: LHS_MAX_RUNS,
            });
        }
        if dims == 0 {
            return Err(SamplerError::ZeroDimensions);
        }
        // The smallest 2h with 2^(2h) ≥ runs, at least 2 so each half has a bit.
        let bits = (64 - (runs - 1).leading_zeros()).max(2);
        let half_bits = bits.div_ceil(2);
        let key = hash2(seed, 0x4c48_535f_7065_726d);
        let round_keys = (0..dims as u64)
            .map(|dim| std::array::from_fn(|round| hash3(key, dim, round as u64)))
            .collect();
        Ok(LatinHypercube {
            runs,
            dims,
            jitter_key: hash2(seed, 0x4c48_535f_6a69_7474),
            half_bits,
            round_keys,
        })
    }

    /// The number of runs (and of strata per axis).
    #[must_use]
    pub fn runs(&self) -> u64 {
        self.runs
    }

    /// The stratum of run `index` on axis `dim`: a keyed permutation of [0, runs).
    fn stratum(&self, dim: usize, index: u64) -> u64 {
        let mut x = self.feistel(&self.round_keys[dim], index);
        // Cycle walking: the block is at most 4·runs wide, so fewer than 4 steps on average.
        while x >= self.runs {
            x = self.feistel(&self.round_keys[dim], x);
        }
        x
    }

    /// One pass of the balanced Feistel network on 2·half_bits bits.
    fn feistel(&self, keys: &[u64; ROUNDS], x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for key in keys {
            let next = left ^ (hash2(*key, right) & mask);
            left = right;
            right = next;
        }
        (left << self.half_bits) | right
    }
}

impl PointSampler for LatinHypercube {
    fn dims(&self) -> usize {
        self.dims
    }

    /// # Panics
    ///
    /// If `out.len()` differs from the dimension or `index` ≥ [`runs`](LatinHypercube::runs).
    fn point(&self, index: u64, out: &mut [f64]) {
        assert_eq!(out.len(), self.dims, "point: output length");
        assert!(
            index < self.runs,
            "point: index {index} is past the {} runs of the latin hypercube",
            self.runs
        );
        let n = self.runs as f64;
        for (dim, slot) in out.iter_mut().enumerate() {
            let stratum = self.stratum(dim, index) as f64;
            let u = unit_open(hash3(self.jitter_key, dim as u64, index));
            let mut x = (stratum + u) / n;
            // Rounding can carry (stratum + u)/n across a boundary of the stratum or onto 1;
            // step back inside, so that ⌊x·n⌋ is the stratum exactly.
            while x >= 1.0 || (x * n).floor() > stratum {
                x = x.next_down();
            }
            while x <= 0.0 || (x * n).floor() < stratum {
                x = x.next_up();
            }
            *slot = x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stratum_counts(lhs: &LatinHypercube) -> Vec<Vec<u32>> {
        let n = lhs.runs();
        let mut counts = vec![vec![0u32; n as usize]; lhs.dims()];
        let mut x = vec![0.0; lhs.dims()];
        for run in 0..n {
            lhs.point(run, &mut x);
            for (dim, &u) in x.iter().enumerate() {
                assert!(u > 0.0 && u < 1.0);
                counts[dim][(u * n as f64).floor() as usize] += 1;
            }
        }
        counts
    }

    #[test]
    fn every_stratum_of_every_axis_holds_exactly_one_point() {
        // The defining property of a Latin hypercube (McKay, Beckman & Conover 1979), for
        // powers of two, their neighbours and other sizes.
        for runs in [1, 2, 3, 5, 7, 10, 64, 100, 255, 256, 257, 1000, 4097] {
            for seed in [0, 42] {
                let lhs = LatinHypercube::new(runs, 6, seed).unwrap();
                for (dim, counts) in stratum_counts(&lhs).iter().enumerate() {
                    assert!(
                        counts.iter().all(|&c| c == 1),
                        "runs {runs}, seed {seed}, dim {dim}"
                    );
                }
            }
        }
    }

    #[test]
    fn strata_are_shuffled_differently_per_dimension_and_seed() {
        let a = LatinHypercube::new(1000, 2, 1).unwrap();
        let b = LatinHypercube::new(1000, 2, 2).unwrap();
        let order = |lhs: &LatinHypercube, dim: usize| -> Vec<u64> {
            (0..1000).map(|i| lhs.stratum(dim, i)).collect()
        };
        assert_ne!(order(&a, 0), order(&a, 1));
        assert_ne!(order(&a, 0), order(&b, 0));
        // The identity would be a useless shuffle; a random permutation of 1000 has about one
        // fixed point.
        let fixed = order(&a, 0)
            .iter()
            .enumerate()
            .filter(|(i, s)| *i as u64 == **s)
            .count();
        assert!(fixed < 10, "{fixed} fixed points");
    }

    #[test]
    fn the_axes_are_uncorrelated() {
        // Independent random permutations give a sample correlation with sd 1/√(n − 1).
        let n = 10_000u64;
        let lhs = LatinHypercube::new(n, 2, 7).unwrap();
        let mut x = [0.0; 2];
        let (mut sxy, mut sx, mut sy) = (0.0, 0.0, 0.0);
        for i in 0..n {
            lhs.point(i, &mut x);
            sxy += x[0] * x[1];
            sx += x[0];
            sy += x[1];
        }
        let nf = n as f64;
        let cov = sxy / nf - sx * sy / (nf * nf);
        let corr = cov * 12.0;
        assert!(corr.abs() < 0.04, "{corr}");
    }

    #[test]
    fn points_are_reproducible() {
        let lhs = LatinHypercube::new(77, 3, 5).unwrap();
        let (mut a, mut b) = ([0.0; 3], [0.0; 3]);
        lhs.point(13, &mut a);
        LatinHypercube::new(77, 3, 5).unwrap().point(13, &mut b);
        assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits));
    }

    #[test]
    #[should_panic(expected = "past the 5 runs")]
    fn an_index_past_the_runs_panics() {
        let lhs = LatinHypercube::new(5, 1, 0).unwrap();
        lhs.point(5, &mut [0.0]);
    }

    #[test]
    fn bad_sizes_are_errors() {
        assert_eq!(
            LatinHypercube::new(0, 2, 0).unwrap_err().to_string(),
            "a latin hypercube needs at least one run"
        );
        assert_eq!(
            LatinHypercube::new(10, 0, 0).unwrap_err(),
            SamplerError::ZeroDimensions
        );
        assert_eq!(
            LatinHypercube::new(LHS_MAX_RUNS + 1, 1, 0)
                .unwrap_err()
                .to_string(),
            "4294967297 runs requested but at most 4294967296 are supported"
        );
    }
}
