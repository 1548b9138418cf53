//! Distributions, quantile sketches, intervals and correlation for chainsim.
//!
//! The numeric building blocks of the Monte Carlo engine:
//!
//! - [`std_normal_cdf`], [`std_normal_quantile`] and [`std_normal_pdf`]: Φ, Φ⁻¹ and φ to near
//!   full double precision.
//! - [`Marginal`]: validated input distributions (normal, truncated normal, lognormal, uniform,
//!   triangular, PERT) with accurate quantiles and a Gaussian-copula map
//!   [`Marginal::from_std_normal`].
//! - [`QuantileSketch`]: a DDSketch whose quantiles are within [`RELATIVE_ACCURACY`] and whose
//!   merges are exact and order-free.
//! - [`CorrelationMatrix`]: a validated, positive definite correlation matrix with its Cholesky
//!   factor, to correlate the copula's standard normals.
//! - [`wilson_interval`]: the Wilson score interval for a probability estimated from runs.
//! - [`run_rng`] and [`RunRng`]: each run's random stream, derived from (seed, run index) alone.
//!
//! # Examples
//!
//! ```
//! use chainsim_stats::{run_rng, std_normal_cdf, std_normal_quantile};
//! use rand::Rng;
//!
//! let mut rng = run_rng(42, 0);
//! let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
//! let z = std_normal_quantile(u);
//! assert!((std_normal_cdf(z) - u).abs() < 1e-12);
//! ```

mod beta;
mod correlation;
mod interval;
mod marginal;
mod normal;
mod sketch;
mod stream;

pub use correlation::{CorrelationError, CorrelationMatrix};
pub use interval::{Z_95, wilson_interval};
pub use marginal::{Marginal, MarginalError};
pub use normal::{std_normal_cdf, std_normal_pdf, std_normal_quantile};
pub use sketch::{QuantileSketch, RELATIVE_ACCURACY};
pub use stream::{RunRng, run_rng};
