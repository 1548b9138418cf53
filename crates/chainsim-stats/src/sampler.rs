//! The common face of the point samplers: plain Monte Carlo, Latin hypercube and scrambled
//! Sobol.
//!
//! Each sampler is a pure function from a run index to a point of the open unit cube
//! (0, 1)^d, so a run's inputs depend on (seed, run index) alone and can be computed on any
//! thread in any order: the same seed gives the same bytes whatever the thread count.

use rand::Rng;
use thiserror::Error;

use crate::hash::unit_open;
use crate::normal::std_normal_quantile;
use crate::stream::run_rng;

/// Why a sampler could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SamplerError {
    /// A sampler needs at least one dimension.
    #[error("a sampler needs at least one dimension")]
    ZeroDimensions,
    /// More dimensions than the sampler supports.
    #[error("{dims} dimensions requested but at most {max} are supported")]
    TooManyDimensions {
        /// Dimensions requested.
        dims: usize,
        /// The most the sampler supports.
        max: usize,
    },
    /// A Latin hypercube needs at least one run.
    #[error("a latin hypercube needs at least one run")]
    ZeroRuns,
    /// More runs than the sampler can stratify exactly.
    #[error("{runs} runs requested but at most {max} are supported")]
    TooManyRuns {
        /// Runs requested.
        runs: u64,
        /// The most the sampler supports.
        max: u64,
    },
}

/// A reproducible, random-access generator of points in the open unit cube (0, 1)^d.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{LatinHypercube, MonteCarlo, PointSampler, SobolSequence};
///
/// let samplers: Vec<Box<dyn PointSampler>> = vec![
///     Box::new(MonteCarlo::new(3, 7)?),
///     Box::new(LatinHypercube::new(100, 3, 7)?),
///     Box::new(SobolSequence::new(3, 7)?),
/// ];
/// let mut z = [0.0; 3];
/// for sampler in &samplers {
///     sampler.std_normal_point(42, &mut z);
///     assert!(z.iter().all(|v| v.is_finite()));
/// }
/// # Ok::<(), chainsim_stats::SamplerError>(())
/// ```
pub trait PointSampler: Send + Sync {
    /// The dimension d of the points.
    fn dims(&self) -> usize;

    /// Writes point `index` into `out`, every coordinate strictly inside (0, 1).
    ///
    /// # Panics
    ///
    /// If `out.len()` differs from [`dims`](PointSampler::dims), or if `index` is past the
    /// sampler's number of runs where it has one.
    fn point(&self, index: u64, out: &mut [f64]);

    /// Writes point `index` mapped through Φ⁻¹: independent standard normals, ready for a
    /// Gaussian copula.
    ///
    /// # Panics
    ///
    /// As [`point`](PointSampler::point).
    fn std_normal_point(&self, index: u64, out: &mut [f64]) {
        self.point(index, out);
        for v in out {
            *v = std_normal_quantile(*v);
        }
    }
}

/// Plain Monte Carlo: point `index` is d uniform draws from the stream [`run_rng`]`(seed, index)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonteCarlo {
    dims: usize,
    seed: u64,
}

impl MonteCarlo {
    /// Independent uniform points in `dims` dimensions.
    ///
    /// # Errors
    ///
    /// [`SamplerError::ZeroDimensions`] if `dims` is 0.
    pub fn new(dims: usize, seed: u64) -> Result<MonteCarlo, SamplerError> {
        if dims == 0 {
            return Err(SamplerError::ZeroDimensions);
        }
        Ok(MonteCarlo { dims, seed })
    }
}

impl PointSampler for MonteCarlo {
    fn dims(&self) -> usize {
        self.dims
    }

    fn point(&self, index: u64, out: &mut [f64]) {
        assert_eq!(out.len(), self.dims, "point: output length");
        let mut rng = run_rng(self.seed, index);
        for v in out {
            *v = unit_open(rng.next_u64());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monte_carlo_points_are_reproducible_and_uniform() {
        let mc = MonteCarlo::new(2, 11).unwrap();
        let (mut a, mut b) = ([0.0; 2], [0.0; 2]);
        mc.point(5, &mut a);
        mc.point(5, &mut b);
        assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits));
        // The mean of 20,000 uniforms has sd √(1/12/20000) ≈ 0.002.
        let n = 20_000u32;
        let mut sum = 0.0;
        for i in 0..u64::from(n) {
            mc.point(i, &mut a);
            assert!(a.iter().all(|&u| u > 0.0 && u < 1.0));
            sum += a[0];
        }
        assert!((sum / f64::from(n) - 0.5).abs() < 0.01);
    }

    #[test]
    fn errors_read_well() {
        assert_eq!(
            MonteCarlo::new(0, 1).unwrap_err().to_string(),
            "a sampler needs at least one dimension"
        );
        assert_eq!(
            SamplerError::TooManyDimensions {
                dims: 30_000,
                max: 21_201
            }
            .to_string(),
            "30000 dimensions requested but at most 21201 are supported"
        );
    }
}
