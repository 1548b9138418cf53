//! Distributions, quantile sketches, intervals and correlation for chainsim.
//!
//! The numeric building blocks of the Monte Carlo engine:
//!
//! - [`std_normal_cdf`], [`std_normal_quantile`] and [`std_normal_pdf`]: Φ, Φ⁻¹ and φ to near
//!   full double precision.
//! - [`Marginal`]: validated input distributions (normal, truncated normal, lognormal, uniform,
//!   triangular, PERT, empirical samples, discrete values and normal mixtures) with accurate quantiles and a
//!   Gaussian-copula map [`Marginal::from_std_normal`]; each law is a type of its own in
//!   [`marginal`] ([`marginal::Pert`], [`marginal::Empirical`], …).
//! - [`QuantileSketch`]: a DDSketch whose quantiles are within [`RELATIVE_ACCURACY`] and whose
//!   merges are exact and order-free.
//! - [`CorrelationMatrix`]: a validated, positive definite correlation matrix with its Cholesky
//!   factor, to correlate the copula's standard normals; [`repair_correlation`] replaces an
//!   inconsistent one by its nearest correlation matrix (Higham 2002) and reports the distance.
//! - [`induce_rank_correlation`]: Spearman correlation for samples from any marginals
//!   (Iman–Conover), leaving each marginal unchanged.
//! - [`spearman`] and [`partial_rank_correlation`]: rank correlations of inputs with an output.
//! - [`wilson_interval`]: the Wilson score interval for a probability estimated from runs.
//! - [`philox_normal`]: the engine's standard normals, draw k of run r a pure function of
//!   (seed, r, k) by the counter-based generator [`philox2x64`] (Philox2x64-10);
//!   [`philox_normal_pairs`] draws a batch of runs side by side.
//! - [`run_rng`] and [`RunRng`]: a ChaCha8 stream from (seed, index) alone, for the samplers'
//!   uniforms, bootstrap seeds and tests.
//! - [`SplitMix64`]: a small, fast generator for what needs no cryptographic strength (the
//!   bootstrap resamples of chainsim-sensitivity, test and benchmark inputs).
//! - [`PointSampler`]: random-access points of the open unit cube from plain Monte Carlo
//!   ([`MonteCarlo`]), a Latin hypercube ([`LatinHypercube`], one point per stratum of every
//!   axis) or an Owen-scrambled Sobol sequence ([`SobolSequence`], Joe–Kuo direction numbers
//!   for up to [`SOBOL_MAX_DIMS`] dimensions); each point depends on (seed, index) alone.
//!
//! # Examples
//!
//! One run of a two-input copula: independent normals from the run's stream, correlated by
//! the Cholesky factor, mapped through each input's marginal, then summarised.
//!
//! ```
//! use chainsim_stats::{
//!     CorrelationMatrix, Marginal, QuantileSketch, Z_95, run_rng, wilson_interval,
//! };
//! use rand::Rng;
//!
//! let growth = Marginal::pert(0.00, 0.02, 0.06)?;
//! let price = Marginal::lognormal(0.0, 0.2)?;
//! let corr = CorrelationMatrix::from_pairs(vec!["growth".into(), "price".into()], &[(0, 1, 0.5)])?;
//!
//! let mut sketch = QuantileSketch::new();
//! let mut hits = 0;
//! for run in 0..1_000 {
//!     let mut rng = run_rng(7, run);
//!     // A crude normal from the stream, to keep the example short; the engine uses
//!     // rand_distr::StandardNormal.
//!     let mut z = [0.0; 2];
//!     for v in &mut z {
//!         let u = ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
//!         *v = chainsim_stats::std_normal_quantile(u);
//!     }
//!     let mut x = [0.0; 2];
//!     corr.correlate(&z, &mut x);
//!     let revenue = (1.0 + growth.from_std_normal(x[0])) * price.from_std_normal(x[1]);
//!     sketch.insert(revenue);
//!     hits += u64::from(revenue > 1.0);
//! }
//! let median = sketch.quantile(0.5).unwrap();
//! let (lo, hi) = wilson_interval(hits, sketch.count(), Z_95);
//! assert!(median > 0.9 && median < 1.15);
//! assert!(lo < hi);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod beta;
mod correlation;
mod exact_sum;
mod exp;
mod hash;
mod iman_conover;
mod interval;
mod latin_hypercube;
pub mod marginal;
mod nearest_correlation;
mod normal;
mod philox;
mod quantile_table;
mod rank;
mod sampler;
mod sketch;
mod sobol_sequence;
mod splitmix;
mod stream;
mod ziggurat_tables;

pub use correlation::{CorrelationError, CorrelationMatrix};
pub use exact_sum::{ExactSum, ExactSumError};
pub use exp::exp;
pub use iman_conover::{ImanConoverError, induce_rank_correlation};
pub use interval::{Z_95, wilson_interval};
pub use latin_hypercube::{LHS_MAX_RUNS, LatinHypercube};
pub use marginal::{Marginal, MarginalError};
pub use nearest_correlation::{
    EIGENVALUE_FLOOR, NearestCorrelationError, REPAIR_MAX_ITERATIONS, REPAIR_TOLERANCE, Repaired,
    nearest_correlation, repair_correlation,
};
pub use normal::{std_normal_cdf, std_normal_cdf_pair, std_normal_pdf, std_normal_quantile};
pub use philox::{philox_normal, philox_normal_pair, philox_normal_pairs, philox2x64};
pub use quantile_table::{
    FINE_TABLE_CELLS, QuantileTable, TABLE_CELLS, TABLE_TOLERANCE, TABLE_Z_LIMIT,
};
pub use rank::{RankError, partial_rank_correlation, ranks, spearman, spearman_matrix};
pub use sampler::{MonteCarlo, PointSampler, SamplerError};
pub use sketch::{QuantileSketch, RELATIVE_ACCURACY, SketchError};
pub use sobol_sequence::{SOBOL_MAX_DIMS, SobolSequence};
pub use splitmix::SplitMix64;
pub use stream::{RunRng, run_rng};
