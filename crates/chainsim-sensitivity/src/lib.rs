//! Global sensitivity analysis for chainsim, with the model as a black box.
//!
//! The crate sits above any model and sees it as a function of a point of the unit cube
//! (0, 1)^d; the caller maps each coordinate through its input's marginal quantile. Nothing
//! here knows chainsim's engine.
//!
//! - [`SaltelliDesign`]: the Saltelli (2010) design on an Owen-scrambled Sobol sequence, for
//!   single inputs and named groups ([`SaltelliDesign::with_group`]); evaluated in parallel
//!   into a fixed order, so results are byte-identical on any thread count.
//! - [`analyze`] and [`sobol_indices`]: first-order (Saltelli 2010) and total (Jansen 1999)
//!   indices with 95% bootstrap percentile intervals, as [`SobolIndices`] (serde-serialisable).
//! - [`tornado`]: the output at each input's P10 and P90 with the others at their medians.
//! - [`rank_correlations`]: Spearman and partial rank correlations from an ordinary run.
//! - [`Ishigami`]: the Ishigami test function with its analytic indices.
//!
//! # Examples
//!
//! Sobol indices of the Ishigami function, compared with the closed form.
//!
//! ```
//! use chainsim_sensitivity::{Bootstrap, Ishigami, SaltelliDesign, analyze};
//!
//! let f = Ishigami::STANDARD;
//! let inputs = vec!["x1".to_string(), "x2".to_string(), "x3".to_string()];
//! let design = SaltelliDesign::new(inputs, 1 << 12, 2024)?.with_group("x1+x3", &["x1", "x3"])?;
//! let result = analyze(&design, |u| f.evaluate_unit(u), Bootstrap::default())?;
//! for (i, exact) in f.total().iter().enumerate() {
//!     assert!((result.factors[i].total - exact).abs() < 0.01);
//! }
//! // x2 enters additively, so the group {x1, x3} explains everything else: 1 − S₂.
//! let group = result.factor("x1+x3").unwrap();
//! assert!((group.first_order - (1.0 - f.first_order()[1])).abs() < 0.01);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

mod indices;
mod ishigami;
mod rank_table;
mod saltelli;
mod tornado;

pub use indices::{
    Bootstrap, CONFIDENCE, DEFAULT_RESAMPLES, FactorIndices, IndicesError, SobolIndices, analyze,
    sobol_indices,
};
pub use ishigami::Ishigami;
pub use rank_table::{RankCorrelation, rank_correlations};
pub use saltelli::{DesignError, Factor, SaltelliDesign};
pub use tornado::{
    HIGH_PROBABILITY, LOW_PROBABILITY, Tornado, TornadoBar, TornadoError, tornado,
    tornado_from_quantiles,
};
