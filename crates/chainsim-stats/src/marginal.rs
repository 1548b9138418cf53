//! Marginal distributions of uncertain inputs, sampled through a Gaussian copula.
//!
//! A [`Marginal`] is built by a validating constructor and then used in two ways: as an
//! ordinary distribution (`cdf`, `quantile`, `mean`, `support`) and, in the simulation's hot
//! loop, through [`Marginal::from_std_normal`], which maps a (possibly correlated) standard
//! normal draw z to the value whose cdf is Φ(z). That map is computed from both Φ(z) and
//! Φ(−z), so upper-tail draws keep their precision instead of cancelling against 1.
//!
//! Besides the parametric families there are two data-driven ones: [`Marginal::empirical`],
//! a sample (historical growth rates from a CSV column, say) read through Hyndman & Fan's
//! (1996) type 7 quantile, and [`Marginal::discrete`], finitely many values with given
//! probabilities. [`Marginal::mixture`], a mixture of normals, models a regime or season
//! shock, whose bimodal law no single parametric family fits.

use rand::Rng;
use rand::distr::{Distribution, Open01};
use thiserror::Error;

use crate::beta::inverse_beta_reg;
use crate::normal::{std_normal_cdf, std_normal_cdf_pair, std_normal_pdf, std_normal_quantile};

/// Why a [`Marginal`] could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum MarginalError {
    /// A location or bound is NaN or infinite.
    #[error("{name} must be finite, got {value}")]
    NotFinite {
        /// The parameter's name, as in the constructor.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A scale parameter is zero, negative, NaN or infinite.
    #[error("{name} must be positive and finite, got {value}")]
    NotPositive {
        /// The parameter's name, as in the constructor.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// The lower bound is not below the upper bound.
    #[error("min must be less than max, got min {min} and max {max}")]
    EmptyRange {
        /// The lower bound given.
        min: f64,
        /// The upper bound given.
        max: f64,
    },
    /// The mode lies outside [min, max].
    #[error("mode must lie in [min, max] = [{min}, {max}], got {mode}")]
    ModeOutsideRange {
        /// The lower bound given.
        min: f64,
        /// The mode given.
        mode: f64,
        /// The upper bound given.
        max: f64,
    },
    /// The truncation interval lies so far in a tail that its probability underflows.
    #[error(
        "truncation range [{min}, {max}] has no probability under a normal with mean {mean} and sd {sd} (it lies more than 37 sd out)"
    )]
    NegligibleMass {
        /// The mean given.
        mean: f64,
        /// The standard deviation given.
        sd: f64,
        /// The lower bound given.
        min: f64,
        /// The upper bound given.
        max: f64,
    },
    /// Too few values for an empirical or discrete distribution, or no mixture components.
    #[error("{kind} distribution needs {needed} or more values, got {got}")]
    TooFewValues {
        /// "empirical", "discrete" or "mixture".
        kind: &'static str,
        /// Values needed.
        needed: usize,
        /// Values given.
        got: usize,
    },
    /// A value of an empirical or discrete distribution is NaN or infinite.
    #[error("value {index} must be finite, got {value}")]
    ValueNotFinite {
        /// Position in the list given.
        index: usize,
        /// The value.
        value: f64,
    },
    /// Every value of an empirical sample is the same.
    #[error("empirical sample is constant ({value}); use a fixed value instead")]
    ConstantSample {
        /// The repeated value.
        value: f64,
    },
    /// Values and probabilities differ in number.
    #[error("{values} values but {probabilities} probabilities")]
    LengthMismatch {
        /// Number of values.
        values: usize,
        /// Number of probabilities.
        probabilities: usize,
    },
    /// A probability is negative, NaN or infinite.
    #[error("probability {index} must be finite and non-negative, got {value}")]
    BadProbability {
        /// Position in the list given.
        index: usize,
        /// The probability.
        value: f64,
    },
    /// The probabilities do not sum to 1.
    #[error("probabilities must sum to 1, got {sum}")]
    ProbabilitySum {
        /// Their sum.
        sum: f64,
    },
    /// A discrete value is listed twice.
    #[error("value {value} is listed twice")]
    DuplicateValue {
        /// The value.
        value: f64,
    },
    /// The weights, means and standard deviations of a mixture differ in number.
    #[error("mixture has {weights} weights, {means} means and {sds} sds; they must be as many")]
    ComponentCountMismatch {
        /// Number of weights.
        weights: usize,
        /// Number of means.
        means: usize,
        /// Number of standard deviations.
        sds: usize,
    },
    /// A mixture component's mean is not finite or its standard deviation not positive.
    #[error("mixture component {index}: {error}")]
    BadComponent {
        /// Position of the component in the lists given.
        index: usize,
        /// What is wrong with it: [`MarginalError::NotFinite`] or [`MarginalError::NotPositive`].
        error: Box<MarginalError>,
    },
}

/// How far the probabilities of a discrete distribution, or the weights of a mixture, may sum
/// from 1, for rounding.
const PROBABILITY_SUM_TOLERANCE: f64 = 1e-9;

/// Relative step at which the mixture quantile's Newton iteration stops; the iteration
/// converges quadratically, so the value returned is accurate to a few roundings.
const MIXTURE_TOLERANCE: f64 = 1e-13;

/// Bound on the mixture quantile's iterations. Newton steps take under 10 once close, and
/// bisection alone reaches the tolerance in about 50 for any practical parameters; the bound
/// only guards against a loop that rounding keeps from settling.
const MIXTURE_MAX_ITERATIONS: usize = 200;

/// A validated univariate distribution of an uncertain input.
///
/// Variants can be matched (with `..`) to read the parameters, but only the constructors can
/// create them, so every value satisfies its constructor's checks.
///
/// # Examples
///
/// ```
/// use chainsim_stats::Marginal;
///
/// let growth = Marginal::pert(0.01, 0.03, 0.08)?;
/// assert!((growth.mean() - (0.01 + 4.0 * 0.03 + 0.08) / 6.0).abs() < 1e-15);
/// let median = growth.from_std_normal(0.0);
/// assert!((growth.cdf(median) - 0.5).abs() < 1e-12);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Marginal {
    /// A known constant.
    #[non_exhaustive]
    Fixed {
        /// The constant.
        value: f64,
    },
    /// Normal with the given mean and standard deviation.
    #[non_exhaustive]
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation, positive.
        sd: f64,
    },
    /// Normal(mean, sd) conditioned on [min, max].
    #[non_exhaustive]
    TruncatedNormal {
        /// Mean of the parent normal.
        mean: f64,
        /// Standard deviation of the parent normal, positive.
        sd: f64,
        /// Lower bound.
        min: f64,
        /// Upper bound, above `min`.
        max: f64,
    },
    /// exp(mu + sigma·Z) for standard normal Z.
    #[non_exhaustive]
    LogNormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm, positive.
        sigma: f64,
    },
    /// Uniform on [min, max].
    #[non_exhaustive]
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound, above `min`.
        max: f64,
    },
    /// Triangular on [min, max] with the given mode.
    #[non_exhaustive]
    Triangular {
        /// Lower bound.
        min: f64,
        /// Mode, in [min, max].
        mode: f64,
        /// Upper bound, above `min`.
        max: f64,
    },
    /// Standard PERT: a Beta(α, β) on [min, max] with α = 1 + 4(mode − min)/(max − min) and
    /// β = 1 + 4(max − mode)/(max − min).
    #[non_exhaustive]
    Pert {
        /// Lower bound.
        min: f64,
        /// Mode, in [min, max].
        mode: f64,
        /// Upper bound, above `min`.
        max: f64,
    },
    /// The distribution of a sample with quantile function Hyndman & Fan's type 7: linear
    /// interpolation between order statistics, Q(p) = x₍ₖ₎ + (h − k)(x₍ₖ₊₁₎ − x₍ₖ₎) with
    /// h = (n − 1)p and k = ⌊h⌋ (0-based), the default of R and NumPy.
    #[non_exhaustive]
    Empirical {
        /// The sample, sorted ascending; at least two distinct values.
        sorted: Vec<f64>,
    },
    /// Finitely many values with given probabilities.
    #[non_exhaustive]
    Discrete {
        /// The values, strictly increasing.
        values: Vec<f64>,
        /// P(X ≤ values[k]); the last entry is exactly 1.
        cumulative: Vec<f64>,
    },
    /// A mixture of normals: with probability `weights[k]`, Normal(`means[k]`, `sds[k]`).
    ///
    /// For a regime or season shock: growth is Normal(0.10, 0.03) in an ordinary year, but a
    /// poor winter, with probability 0.2, draws it from Normal(−0.08, 0.05) instead, and the
    /// growth rate is bimodal.
    #[non_exhaustive]
    Mixture {
        /// The probability of each component; non-negative, summing to 1.
        weights: Vec<f64>,
        /// The mean of each component.
        means: Vec<f64>,
        /// The standard deviation of each component, positive.
        sds: Vec<f64>,
    },
}

fn finite(name: &'static str, value: f64) -> Result<f64, MarginalError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(MarginalError::NotFinite { name, value })
    }
}

fn positive(name: &'static str, value: f64) -> Result<f64, MarginalError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(MarginalError::NotPositive { name, value })
    }
}

fn range(min: f64, max: f64) -> Result<(), MarginalError> {
    finite("min", min)?;
    finite("max", max)?;
    if min < max {
        Ok(())
    } else {
        Err(MarginalError::EmptyRange { min, max })
    }
}

fn mode_in_range(min: f64, mode: f64, max: f64) -> Result<(), MarginalError> {
    range(min, max)?;
    finite("mode", mode)?;
    if (min..=max).contains(&mode) {
        Ok(())
    } else {
        Err(MarginalError::ModeOutsideRange { min, mode, max })
    }
}

impl Marginal {
    /// A known constant.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] if `value` is NaN or infinite.
    pub fn fixed(value: f64) -> Result<Marginal, MarginalError> {
        finite("value", value)?;
        Ok(Marginal::Fixed { value })
    }

    /// Normal with mean `mean` and standard deviation `sd`.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite mean, [`MarginalError::NotPositive`] unless
    /// `sd` is positive and finite (use [`Marginal::fixed`] for a constant).
    pub fn normal(mean: f64, sd: f64) -> Result<Marginal, MarginalError> {
        finite("mean", mean)?;
        positive("sd", sd)?;
        Ok(Marginal::Normal { mean, sd })
    }

    /// Normal(`mean`, `sd`) conditioned on [`min`, `max`].
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite mean or bound, [`MarginalError::NotPositive`]
    /// unless `sd` is positive and finite, [`MarginalError::EmptyRange`] unless `min < max`, and
    /// [`MarginalError::NegligibleMass`] if the interval's probability underflows (it lies more
    /// than about 37 standard deviations from the mean).
    pub fn truncated_normal(
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
    ) -> Result<Marginal, MarginalError> {
        finite("mean", mean)?;
        positive("sd", sd)?;
        range(min, max)?;
        let (alpha, beta) = ((min - mean) / sd, (max - mean) / sd);
        if truncated_mass(alpha, beta) < f64::MIN_POSITIVE {
            return Err(MarginalError::NegligibleMass { mean, sd, min, max });
        }
        Ok(Marginal::TruncatedNormal { mean, sd, min, max })
    }

    /// Lognormal: exp(`mu` + `sigma`·Z) for standard normal Z.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite `mu`, [`MarginalError::NotPositive`] unless
    /// `sigma` is positive and finite.
    pub fn lognormal(mu: f64, sigma: f64) -> Result<Marginal, MarginalError> {
        finite("mu", mu)?;
        positive("sigma", sigma)?;
        Ok(Marginal::LogNormal { mu, sigma })
    }

    /// Uniform on [`min`, `max`].
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite bound, [`MarginalError::EmptyRange`] unless
    /// `min < max`.
    pub fn uniform(min: f64, max: f64) -> Result<Marginal, MarginalError> {
        range(min, max)?;
        Ok(Marginal::Uniform { min, max })
    }

    /// Triangular on [`min`, `max`] peaking at `mode`.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite parameter, [`MarginalError::EmptyRange`]
    /// unless `min < max`, [`MarginalError::ModeOutsideRange`] unless `min ≤ mode ≤ max`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Marginal, MarginalError> {
        mode_in_range(min, mode, max)?;
        Ok(Marginal::Triangular { min, mode, max })
    }

    /// Standard PERT on [`min`, `max`] with the given `mode` (see [`Marginal::Pert`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite parameter, [`MarginalError::EmptyRange`]
    /// unless `min < max`, [`MarginalError::ModeOutsideRange`] unless `min ≤ mode ≤ max`.
    pub fn pert(min: f64, mode: f64, max: f64) -> Result<Marginal, MarginalError> {
        mode_in_range(min, mode, max)?;
        Ok(Marginal::Pert { min, mode, max })
    }

    /// The distribution of a sample, with Hyndman & Fan's type 7 quantile (see
    /// [`Marginal::Empirical`]); `values` need not be sorted.
    ///
    /// Its cdf is the piecewise-linear inverse of that quantile function, and its mean the
    /// trapezoid (x₍₀₎/2 + x₍₁₎ + … + x₍ₙ₋₂₎ + x₍ₙ₋₁₎/2)/(n − 1), which differs from the sample
    /// mean by O(range/n).
    ///
    /// # Errors
    ///
    /// [`MarginalError::TooFewValues`] below 2 values, [`MarginalError::ValueNotFinite`] and
    /// [`MarginalError::ConstantSample`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::Marginal;
    ///
    /// let growth = Marginal::empirical(vec![0.031, 0.012, 0.025, -0.004, 0.018])?;
    /// assert!((growth.quantile(0.5) - 0.018).abs() < 1e-15);
    /// assert!((growth.quantile(0.125) - 0.004).abs() < 1e-15);
    /// # Ok::<(), chainsim_stats::MarginalError>(())
    /// ```
    pub fn empirical(mut values: Vec<f64>) -> Result<Marginal, MarginalError> {
        if values.len() < 2 {
            return Err(MarginalError::TooFewValues {
                kind: "empirical",
                needed: 2,
                got: values.len(),
            });
        }
        if let Some(index) = values.iter().position(|v| !v.is_finite()) {
            return Err(MarginalError::ValueNotFinite {
                index,
                value: values[index],
            });
        }
        values.sort_by(f64::total_cmp);
        let (first, last) = (values[0], values[values.len() - 1]);
        if first >= last {
            return Err(MarginalError::ConstantSample { value: first });
        }
        Ok(Marginal::Empirical { sorted: values })
    }

    /// The distribution taking `values[k]` with probability `probabilities[k]`.
    ///
    /// Values may come in any order; probabilities must be non-negative and sum to 1 within
    /// 1e-9 (they are then rescaled to sum to 1 exactly). The quantile is the smallest value
    /// whose cdf reaches p.
    ///
    /// # Errors
    ///
    /// [`MarginalError::TooFewValues`] for an empty list, [`MarginalError::LengthMismatch`],
    /// [`MarginalError::ValueNotFinite`], [`MarginalError::DuplicateValue`],
    /// [`MarginalError::BadProbability`] and [`MarginalError::ProbabilitySum`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::Marginal;
    ///
    /// let plants = Marginal::discrete(vec![3.0, 1.0, 2.0], vec![0.2, 0.5, 0.3])?;
    /// assert_eq!(plants.quantile(0.5), 1.0);
    /// assert_eq!(plants.quantile(0.51), 2.0);
    /// assert!((plants.mean() - 1.7).abs() < 1e-15);
    /// # Ok::<(), chainsim_stats::MarginalError>(())
    /// ```
    pub fn discrete(values: Vec<f64>, probabilities: Vec<f64>) -> Result<Marginal, MarginalError> {
        if values.is_empty() {
            return Err(MarginalError::TooFewValues {
                kind: "discrete",
                needed: 1,
                got: 0,
            });
        }
        if values.len() != probabilities.len() {
            return Err(MarginalError::LengthMismatch {
                values: values.len(),
                probabilities: probabilities.len(),
            });
        }
        if let Some(index) = values.iter().position(|v| !v.is_finite()) {
            return Err(MarginalError::ValueNotFinite {
                index,
                value: values[index],
            });
        }
        if let Some(index) = probabilities
            .iter()
            .position(|p| !(p.is_finite() && *p >= 0.0))
        {
            return Err(MarginalError::BadProbability {
                index,
                value: probabilities[index],
            });
        }
        let sum: f64 = probabilities.iter().sum();
        if (sum - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
            return Err(MarginalError::ProbabilitySum { sum });
        }
        let mut pairs: Vec<(f64, f64)> = values.into_iter().zip(probabilities).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        if let Some(w) = pairs.windows(2).find(|w| w[0].0 >= w[1].0) {
            return Err(MarginalError::DuplicateValue { value: w[1].0 });
        }
        let mut running = 0.0;
        let mut cumulative: Vec<f64> = pairs
            .iter()
            .map(|(_, p)| {
                running += p / sum;
                running.min(1.0)
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Ok(Marginal::Discrete {
            values: pairs.into_iter().map(|(v, _)| v).collect(),
            cumulative,
        })
    }

    /// A mixture of normals: Normal(`means[k]`, `sds[k]`) with probability `weights[k]` (see
    /// [`Marginal::Mixture`]).
    ///
    /// Weights must be non-negative and sum to 1 within 1e-9; they are then rescaled to sum to
    /// 1 up to rounding. Its cdf is Σ wₖ Φ((x − μₖ)/σₖ) and its mean Σ wₖ μₖ; the quantile has
    /// no closed form and is found by Newton's method safeguarded by bisection.
    ///
    /// # Errors
    ///
    /// [`MarginalError::ComponentCountMismatch`] unless the three lists have the same length,
    /// [`MarginalError::TooFewValues`] if they are empty, [`MarginalError::BadProbability`]
    /// and [`MarginalError::ProbabilitySum`] for the weights, and
    /// [`MarginalError::BadComponent`] for a non-finite mean or an sd that is not positive and
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::Marginal;
    ///
    /// // Ordinary years grow about 10%; a poor winter (one year in five) shrinks output.
    /// let growth = Marginal::mixture(vec![0.8, 0.2], vec![0.10, -0.08], vec![0.03, 0.05])?;
    /// assert!((growth.mean() - 0.064).abs() < 1e-15);
    /// let median = growth.from_std_normal(0.0);
    /// assert!((growth.cdf(median) - 0.5).abs() < 1e-12);
    /// # Ok::<(), chainsim_stats::MarginalError>(())
    /// ```
    pub fn mixture(
        weights: Vec<f64>,
        means: Vec<f64>,
        sds: Vec<f64>,
    ) -> Result<Marginal, MarginalError> {
        if weights.len() != means.len() || weights.len() != sds.len() {
            return Err(MarginalError::ComponentCountMismatch {
                weights: weights.len(),
                means: means.len(),
                sds: sds.len(),
            });
        }
        if weights.is_empty() {
            return Err(MarginalError::TooFewValues {
                kind: "mixture",
                needed: 1,
                got: 0,
            });
        }
        if let Some(index) = weights.iter().position(|w| !(w.is_finite() && *w >= 0.0)) {
            return Err(MarginalError::BadProbability {
                index,
                value: weights[index],
            });
        }
        let sum: f64 = weights.iter().sum();
        if (sum - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
            return Err(MarginalError::ProbabilitySum { sum });
        }
        for (index, (&mean, &sd)) in means.iter().zip(&sds).enumerate() {
            finite("mean", mean)
                .and_then(|_| positive("sd", sd))
                .map_err(|error| MarginalError::BadComponent {
                    index,
                    error: Box::new(error),
                })?;
        }
        Ok(Marginal::Mixture {
            weights: weights.into_iter().map(|w| w / sum).collect(),
            means,
            sds,
        })
    }

    /// True for a [`Marginal::Fixed`] constant or a one-value [`Marginal::Discrete`], which
    /// need no random input.
    #[must_use]
    pub fn is_degenerate(&self) -> bool {
        match self {
            Marginal::Fixed { .. } => true,
            Marginal::Discrete { values, .. } => values.len() == 1,
            _ => false,
        }
    }

    /// The smallest and largest possible values; infinite where unbounded.
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Marginal::Fixed { value } => (value, value),
            Marginal::Normal { .. } | Marginal::Mixture { .. } => {
                (f64::NEG_INFINITY, f64::INFINITY)
            }
            Marginal::LogNormal { .. } => (0.0, f64::INFINITY),
            Marginal::TruncatedNormal { min, max, .. }
            | Marginal::Uniform { min, max }
            | Marginal::Triangular { min, max, .. }
            | Marginal::Pert { min, max, .. } => (min, max),
            Marginal::Empirical { ref sorted } => (sorted[0], sorted[sorted.len() - 1]),
            Marginal::Discrete { ref values, .. } => (values[0], values[values.len() - 1]),
        }
    }

    /// The expectation, from its closed form.
    ///
    /// Truncated normal: μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)) with α, β the standardized bounds;
    /// lognormal: exp(mu + sigma²/2); PERT: (min + 4·mode + max)/6; mixture: Σ wₖ μₖ.
    #[must_use]
    pub fn mean(&self) -> f64 {
        match *self {
            Marginal::Fixed { value } => value,
            Marginal::Normal { mean, .. } => mean,
            Marginal::TruncatedNormal { mean, sd, min, max } => {
                let (alpha, beta) = ((min - mean) / sd, (max - mean) / sd);
                let shift =
                    (std_normal_pdf(alpha) - std_normal_pdf(beta)) / truncated_mass(alpha, beta);
                (mean + sd * shift).clamp(min, max)
            }
            Marginal::LogNormal { mu, sigma } => (mu + 0.5 * sigma * sigma).exp(),
            Marginal::Uniform { min, max } => 0.5 * (min + max),
            Marginal::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Marginal::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
            Marginal::Empirical { ref sorted } => {
                let n = sorted.len();
                let inner: f64 = sorted.iter().sum::<f64>() - 0.5 * (sorted[0] + sorted[n - 1]);
                inner / (n - 1) as f64
            }
            Marginal::Discrete {
                ref values,
                ref cumulative,
            } => {
                let mut previous = 0.0;
                values
                    .iter()
                    .zip(cumulative)
                    .map(|(v, c)| {
                        let p = c - previous;
                        previous = *c;
                        v * p
                    })
                    .sum()
            }
            Marginal::Mixture {
                ref weights,
                ref means,
                ..
            } => weights.iter().zip(means).map(|(w, m)| w * m).sum(),
        }
    }

    /// The distribution function P(X ≤ x).
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        match *self {
            Marginal::Fixed { value } => {
                if x < value {
                    0.0
                } else {
                    1.0
                }
            }
            Marginal::Normal { mean, sd } => std_normal_cdf((x - mean) / sd),
            Marginal::TruncatedNormal { mean, sd, min, max } => {
                if x <= min {
                    return 0.0;
                }
                if x >= max {
                    return 1.0;
                }
                let (alpha, beta, xi) = ((min - mean) / sd, (max - mean) / sd, (x - mean) / sd);
                let inside = if alpha > 0.0 {
                    std_normal_cdf(-alpha) - std_normal_cdf(-xi)
                } else {
                    std_normal_cdf(xi) - std_normal_cdf(alpha)
                };
                (inside / truncated_mass(alpha, beta)).clamp(0.0, 1.0)
            }
            Marginal::LogNormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else {
                    std_normal_cdf((x.ln() - mu) / sigma)
                }
            }
            Marginal::Uniform { min, max } => ((x - min) / (max - min)).clamp(0.0, 1.0),
            Marginal::Triangular { min, mode, max } => {
                if x <= min {
                    0.0
                } else if x <= mode {
                    (x - min) * (x - min) / ((max - min) * (mode - min))
                } else if x < max {
                    1.0 - (max - x) * (max - x) / ((max - min) * (max - mode))
                } else {
                    1.0
                }
            }
            Marginal::Pert { min, mode, max } => {
                if x <= min {
                    return 0.0;
                }
                if x >= max {
                    return 1.0;
                }
                let (a, b) = pert_shapes(min, mode, max);
                statrs::function::beta::beta_reg(a, b, (x - min) / (max - min))
            }
            Marginal::Empirical { ref sorted } => {
                let n = sorted.len();
                if x < sorted[0] {
                    return 0.0;
                }
                if x >= sorted[n - 1] {
                    return 1.0;
                }
                // k is the last order statistic ≤ x, so x₍ₖ₎ ≤ x < x₍ₖ₊₁₎.
                let k = sorted.partition_point(|&v| v <= x) - 1;
                let (lo, hi) = (sorted[k], sorted[k + 1]);
                (k as f64 + (x - lo) / (hi - lo)) / (n - 1) as f64
            }
            Marginal::Discrete {
                ref values,
                ref cumulative,
            } => match values.partition_point(|&v| v <= x) {
                0 => 0.0,
                k => cumulative[k - 1],
            },
            Marginal::Mixture {
                ref weights,
                ref means,
                ref sds,
            } => weights
                .iter()
                .zip(means.iter().zip(sds))
                .map(|(w, (m, s))| w * std_normal_cdf((x - m) / s))
                .sum::<f64>()
                .min(1.0),
        }
    }

    /// The quantile function (inverse cdf) at probability `p`.
    ///
    /// `p = 0` and `p = 1` give the ends of the [support](Marginal::support); `p` outside
    /// [0, 1] or NaN gives NaN. For probabilities very close to 1 prefer
    /// [`Marginal::from_std_normal`], which does not lose the digits of 1 − p.
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if p.is_nan() || !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        match *self {
            Marginal::Normal { mean, sd } => mean + sd * std_normal_quantile(p),
            Marginal::LogNormal { mu, sigma } => (mu + sigma * std_normal_quantile(p)).exp(),
            _ => self.quantile_split(p, 1.0 - p),
        }
    }

    /// The value whose cdf is Φ(`z`): the Gaussian-copula transform of a standard normal draw.
    ///
    /// Equal to `quantile(std_normal_cdf(z))` but computed directly (normal: mean + sd·z;
    /// lognormal: exp(mu + sigma·z)) or from Φ(z) and Φ(−z) together, so that draws far in
    /// either tail, and truncation intervals far from the mean, keep full precision.
    #[must_use]
    #[inline]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        match *self {
            Marginal::Fixed { value } => value,
            Marginal::Normal { mean, sd } => mean + sd * z,
            Marginal::LogNormal { mu, sigma } => (mu + sigma * z).exp(),
            Marginal::Mixture {
                ref weights,
                ref means,
                ref sds,
            } => mixture_from_std_normal(weights, means, sds, z),
            _ => {
                let (p, q) = std_normal_cdf_pair(z);
                self.quantile_split(p, q)
            }
        }
    }

    /// The quantile at lower-tail probability `p`, given also its complement `q` = 1 − p.
    fn quantile_split(&self, p: f64, q: f64) -> f64 {
        match *self {
            Marginal::Fixed { value } => value,
            Marginal::Normal { mean, sd } => {
                let z = if p <= q {
                    std_normal_quantile(p)
                } else {
                    -std_normal_quantile(q)
                };
                mean + sd * z
            }
            Marginal::LogNormal { mu, sigma } => {
                let z = if p <= q {
                    std_normal_quantile(p)
                } else {
                    -std_normal_quantile(q)
                };
                (mu + sigma * z).exp()
            }
            Marginal::TruncatedNormal { mean, sd, min, max } => {
                let (alpha, beta) = ((min - mean) / sd, (max - mean) / sd);
                let mass = truncated_mass(alpha, beta);
                // Probability below the answer and above it, under the parent normal; each is
                // a sum of positive terms, and Φ⁻¹ is applied to the smaller one.
                let below = std_normal_cdf(alpha) + p * mass;
                let above = std_normal_cdf(-beta) + q * mass;
                let z = if below <= above {
                    std_normal_quantile(below)
                } else {
                    -std_normal_quantile(above)
                };
                (mean + sd * z).clamp(min, max)
            }
            Marginal::Uniform { min, max } => {
                if p <= q {
                    min + (max - min) * p
                } else {
                    max - (max - min) * q
                }
            }
            Marginal::Triangular { min, mode, max } => {
                let width = max - min;
                if p * width <= mode - min {
                    min + (p * width * (mode - min)).sqrt()
                } else {
                    max - (q * width * (max - mode)).sqrt()
                }
                .clamp(min, max)
            }
            Marginal::Pert { min, mode, max } => {
                let (a, b) = pert_shapes(min, mode, max);
                let unit = inverse_beta_reg(a, b, p, q);
                (min + (max - min) * unit).clamp(min, max)
            }
            Marginal::Empirical { ref sorted } => {
                let n = sorted.len();
                let last = n - 1;
                // Interpolate from the nearer end, so that q = 1 − p keeps its digits.
                if p <= q {
                    let h = last as f64 * p;
                    let k = (h.floor() as usize).min(last - 1);
                    sorted[k] + (h - k as f64) * (sorted[k + 1] - sorted[k])
                } else {
                    let h = last as f64 * q;
                    let k = (h.floor() as usize).min(last - 1);
                    sorted[last - k] - (h - k as f64) * (sorted[last - k] - sorted[last - k - 1])
                }
            }
            Marginal::Discrete {
                ref values,
                ref cumulative,
            } => {
                let k = cumulative.partition_point(|&c| c < p);
                values[k.min(values.len() - 1)]
            }
            Marginal::Mixture {
                ref weights,
                ref means,
                ref sds,
            } => {
                let z = if p <= q {
                    std_normal_quantile(p)
                } else {
                    -std_normal_quantile(q)
                };
                mixture_quantile(weights, means, sds, p, q, z)
            }
        }
    }
}

/// Samples by inversion of a uniform draw on (0, 1).
///
/// The engine samples through [`Marginal::from_std_normal`] so that inputs can be correlated;
/// this is for independent draws.
impl Distribution<f64> for Marginal {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = Open01.sample(rng);
        self.quantile(u)
    }
}

/// The Beta shapes of a standard PERT.
fn pert_shapes(min: f64, mode: f64, max: f64) -> (f64, f64) {
    let width = max - min;
    (
        1.0 + 4.0 * (mode - min) / width,
        1.0 + 4.0 * (max - mode) / width,
    )
}

/// The quantile of a normal mixture at lower-tail probability `p` = Φ(`z`), with `q` = 1 − p.
///
/// Each component's own quantile μₖ + σₖz brackets the answer: at the smallest of them every
/// component's cdf is at most Φ(z), so the mixture's is at most p, and at the largest at least
/// p. Newton's method runs inside that bracket, falling back to bisection when a step would
/// leave it. It solves F(x) = p if p ≤ q and S(x) = q otherwise, S = 1 − F the upper tail
/// Σ wₖ Φ(−(x − μₖ)/σₖ), so that the smaller probability keeps its digits.
/// A mixture's copula map, kept out of line so that the closed-form arms of
/// [`Marginal::from_std_normal`] stay small enough to inline.
#[inline(never)]
fn mixture_from_std_normal(weights: &[f64], means: &[f64], sds: &[f64], z: f64) -> f64 {
    mixture_quantile(
        weights,
        means,
        sds,
        std_normal_cdf(z),
        std_normal_cdf(-z),
        z,
    )
}

fn mixture_quantile(weights: &[f64], means: &[f64], sds: &[f64], p: f64, q: f64, z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut guess = 0.0;
    for ((w, m), s) in weights.iter().zip(means).zip(sds) {
        let x = m + s * z;
        lo = lo.min(x);
        hi = hi.max(x);
        guess += w * x;
    }
    // One component, identical components, or z = ±∞: the bracket is the answer.
    if lo >= hi {
        return lo;
    }
    let scale = sds.iter().copied().fold(f64::INFINITY, f64::min);
    let lower = p <= q;
    // gap(x) increases with x and vanishes at the answer; density is its derivative.
    let gap_and_density = |x: f64| {
        let (mut tail, mut density) = (0.0, 0.0);
        for ((w, m), s) in weights.iter().zip(means).zip(sds) {
            let t = (x - m) / s;
            tail += w * std_normal_cdf(if lower { t } else { -t });
            density += w * std_normal_pdf(t) / s;
        }
        (if lower { tail - p } else { q - tail }, density)
    };
    let mut x = guess.clamp(lo, hi);
    for _ in 0..MIXTURE_MAX_ITERATIONS {
        let (gap, density) = gap_and_density(x);
        if gap == 0.0 {
            return x;
        }
        if gap < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let newton = x - gap / density;
        // A NaN or infinite step (zero density far out) fails the test and bisects.
        let next = if newton > lo && newton < hi {
            newton
        } else {
            lo + 0.5 * (hi - lo)
        };
        if (next - x).abs() <= MIXTURE_TOLERANCE * next.abs().max(scale) {
            return next;
        }
        x = next;
    }
    x
}

/// Φ(β) − Φ(α), taken on the side of the mean where it does not cancel.
fn truncated_mass(alpha: f64, beta: f64) -> f64 {
    if alpha > 0.0 {
        std_normal_cdf(-alpha) - std_normal_cdf(-beta)
    } else if beta < 0.0 {
        std_normal_cdf(beta) - std_normal_cdf(alpha)
    } else {
        1.0 - std_normal_cdf(alpha) - std_normal_cdf(-beta)
    }
}

#[cfg(test)]
// References keep the digits their source printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::stream::run_rng;
    use approx::assert_relative_eq;
    use proptest::prelude::*;
    use rand::RngExt;
    use rand_distr::StandardNormal;

    /// Tolerance for quantities that are exact up to a few roundings.
    const TIGHT: f64 = 1e-13;

    fn all_kinds() -> Vec<Marginal> {
        vec![
            Marginal::normal(2.0, 0.5).unwrap(),
            Marginal::truncated_normal(0.02, 0.05, -0.03, 0.1).unwrap(),
            Marginal::truncated_normal(0.0, 1.0, 2.0, 3.0).unwrap(),
            Marginal::lognormal(0.1, 0.4).unwrap(),
            Marginal::uniform(-1.0, 3.0).unwrap(),
            Marginal::triangular(0.0, 1.0, 4.0).unwrap(),
            Marginal::triangular(0.0, 0.0, 1.0).unwrap(),
            Marginal::pert(0.01, 0.03, 0.08).unwrap(),
            Marginal::pert(0.0, 0.0, 1.0).unwrap(),
            Marginal::pert(0.0, 1.0, 1.0).unwrap(),
            Marginal::empirical(vec![0.3, -0.2, 1.5, 0.9, 0.1, 0.45, 2.2]).unwrap(),
            poor_winter(),
            Marginal::mixture(
                vec![0.5, 0.3, 0.2],
                vec![-1.0, 2.0, 6.0],
                vec![0.5, 1.0, 0.2],
            )
            .unwrap(),
        ]
    }

    /// Growth of 10% ± 3% in an ordinary year, −8% ± 5% after a poor winter (probability 0.2).
    fn poor_winter() -> Marginal {
        Marginal::mixture(vec![0.8, 0.2], vec![0.10, -0.08], vec![0.03, 0.05]).unwrap()
    }

    #[test]
    fn constructors_reject_bad_parameters_with_named_messages() {
        let cases = [
            (
                Marginal::normal(0.0, -0.1),
                "sd must be positive and finite, got -0.1",
            ),
            (
                Marginal::normal(f64::NAN, 1.0),
                "mean must be finite, got NaN",
            ),
            (
                Marginal::normal(0.0, 0.0),
                "sd must be positive and finite, got 0",
            ),
            (
                Marginal::lognormal(0.0, f64::INFINITY),
                "sigma must be positive and finite, got inf",
            ),
            (
                Marginal::fixed(f64::INFINITY),
                "value must be finite, got inf",
            ),
            (
                Marginal::uniform(2.0, 1.0),
                "min must be less than max, got min 2 and max 1",
            ),
            (
                Marginal::triangular(0.0, 5.0, 3.0),
                "mode must lie in [min, max] = [0, 3], got 5",
            ),
            (
                Marginal::pert(0.0, f64::NAN, 3.0),
                "mode must be finite, got NaN",
            ),
            (
                Marginal::truncated_normal(0.0, 1.0, 1.0, 1.0),
                "min must be less than max, got min 1 and max 1",
            ),
            (
                Marginal::truncated_normal(0.0, 1.0, 50.0, 60.0),
                "truncation range [50, 60] has no probability under a normal with mean 0 and sd 1 (it lies more than 37 sd out)",
            ),
        ];
        for (result, message) in cases {
            assert_eq!(result.unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn degenerate_and_support() {
        let fixed = Marginal::fixed(3.5).unwrap();
        assert!(fixed.is_degenerate());
        assert_eq!(fixed.support(), (3.5, 3.5));
        assert_relative_eq!(fixed.from_std_normal(1.7), 3.5);
        assert!(!Marginal::normal(0.0, 1.0).unwrap().is_degenerate());
        assert_eq!(
            Marginal::lognormal(0.0, 1.0).unwrap().support(),
            (0.0, f64::INFINITY)
        );
        assert_eq!(Marginal::pert(1.0, 2.0, 4.0).unwrap().support(), (1.0, 4.0));
    }

    /// ∫₀¹ Q(p) dp by the midpoint rule, which equals the mean for any distribution.
    fn mean_by_quadrature(m: &Marginal) -> f64 {
        let n = 200_000;
        let h = 1.0 / f64::from(n);
        (0..n)
            .map(|i| m.quantile((f64::from(i) + 0.5) * h))
            .sum::<f64>()
            * h
    }

    #[test]
    fn closed_form_means_agree_with_the_quantile_function() {
        // The means are closed forms: PERT (min + 4 mode + max)/6 (Malcolm et al. 1959),
        // triangular (a + b + c)/3, lognormal exp(μ + σ²/2), truncated normal
        // μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)) (Johnson, Kotz & Balakrishnan, 1994, eq. 13.134).
        // Integrating the quantile function is an independent route to the same number.
        let cases = [
            (
                Marginal::pert(0.01, 0.03, 0.08).unwrap(),
                (0.01 + 0.12 + 0.08) / 6.0,
            ),
            (Marginal::pert(0.0, 0.0, 1.0).unwrap(), 1.0 / 6.0),
            (Marginal::triangular(0.0, 1.0, 4.0).unwrap(), 5.0 / 3.0),
            (Marginal::uniform(-1.0, 3.0).unwrap(), 1.0),
        ];
        for (m, expected) in &cases {
            assert_relative_eq!(m.mean(), *expected, max_relative = TIGHT);
            // Q(p) behaves like (1 − p)^{1/β} at the ends (β = 5 for PERT(0, 0, 1)), which
            // limits the midpoint rule to about h^{1.2} ≈ 4e-7 with h = 5e-6.
            assert_relative_eq!(mean_by_quadrature(m), *expected, max_relative = 1e-6);
        }
        // Unbounded and truncated laws: the midpoint rule misses part of the tails, so a
        // looser tolerance.
        for m in all_kinds() {
            assert_relative_eq!(mean_by_quadrature(&m), m.mean(), max_relative = 1e-5);
        }
    }

    #[test]
    fn truncated_normal_means_match_known_values() {
        // N(0, 1) on [0, 40] is the half-normal up to 1e-300: mean √(2/π).
        let half = Marginal::truncated_normal(0.0, 1.0, 0.0, 40.0).unwrap();
        assert_relative_eq!(
            half.mean(),
            (2.0 / std::f64::consts::PI).sqrt(),
            max_relative = TIGHT
        );
        // Symmetric truncation keeps the mean.
        let sym = Marginal::truncated_normal(5.0, 2.0, 3.0, 7.0).unwrap();
        assert_relative_eq!(sym.mean(), 5.0, max_relative = TIGHT);
        // N(0, 1) on [1, 2]: (φ(1) − φ(2))/(Φ(2) − Φ(1)) = 1.383_169_046_6… (mpmath, 50 digits).
        let band = Marginal::truncated_normal(0.0, 1.0, 1.0, 2.0).unwrap();
        assert_relative_eq!(band.mean(), 1.383_169_046_631_552_8, max_relative = TIGHT);
        // Far tail, N(0, 1) on [10, 12]: mpmath (50 digits) gives 10.098_093_233_499_94… .
        let far = Marginal::truncated_normal(0.0, 1.0, 10.0, 12.0).unwrap();
        assert_relative_eq!(far.mean(), 10.098_093_233_499_937, max_relative = 1e-12);
    }

    #[test]
    fn far_tail_truncation_stays_accurate() {
        // N(0, 1) on [10, 12]: Φ(10) rounds to 1, so a naive Φ⁻¹(Φ(α) + p(Φ(β) − Φ(α))) returns
        // 10 or garbage. References from mpmath 1.3 at 50 digits, solving
        // Φc(x) = Φc(10) − p(Φc(10) − Φc(12)) with Φc the upper tail
        // (bisection on [10, 12]).
        let far = Marginal::truncated_normal(0.0, 1.0, 10.0, 12.0).unwrap();
        let table = [
            (0.5, 10.068_411_836_058_496),
            (0.01, 10.000_995_222_074_325),
            (0.99, 10.446_272_896_499_86),
        ];
        for (p, expected) in table {
            assert_relative_eq!(far.quantile(p), expected, max_relative = 1e-12);
        }
        assert_relative_eq!(
            far.from_std_normal(0.0),
            10.068_411_836_058_496,
            max_relative = 1e-12
        );
        // The mirror image on the lower side.
        let low = Marginal::truncated_normal(0.0, 1.0, -12.0, -10.0).unwrap();
        assert_relative_eq!(
            low.quantile(0.5),
            -10.068_411_836_058_496,
            max_relative = 1e-12
        );
    }

    #[test]
    fn triangular_quantile_closed_form() {
        // Triangular(a = 0, c = 1, b = 4): F(c) = (c − a)/(b − a) = 1/4;
        // Q(p) = a + √(p(b − a)(c − a)) below, b − √((1 − p)(b − a)(b − c)) above.
        let m = Marginal::triangular(0.0, 1.0, 4.0).unwrap();
        assert_relative_eq!(m.quantile(0.1), 0.4f64.sqrt(), max_relative = TIGHT);
        assert_relative_eq!(m.quantile(0.25), 1.0, max_relative = TIGHT);
        assert_relative_eq!(m.quantile(0.5), 4.0 - 6.0f64.sqrt(), max_relative = TIGHT);
        assert_relative_eq!(m.quantile(0.9), 4.0 - 1.2f64.sqrt(), max_relative = TIGHT);
    }

    #[test]
    fn pert_quantiles_are_beta_quantiles() {
        // PERT(0, ½, 1) is Beta(3, 3): median ½ by symmetry.
        let sym = Marginal::pert(0.0, 0.5, 1.0).unwrap();
        assert_relative_eq!(sym.quantile(0.5), 0.5, max_relative = 1e-12);
        // PERT(0, 0, 1) is Beta(1, 5): Q(p) = 1 − (1 − p)^{1/5}.
        let skew = Marginal::pert(0.0, 0.0, 1.0).unwrap();
        assert_relative_eq!(
            skew.quantile(0.3),
            1.0 - 0.7f64.powf(0.2),
            max_relative = 1e-12
        );
        // PERT(10, 20, 40) is 10 + 30·Beta(7/3, 11/3); quantiles from mpmath 1.3 (50 digits,
        // bisection on the regularized betainc).
        let m = Marginal::pert(10.0, 20.0, 40.0).unwrap();
        let table = [
            (0.05, 13.284_971_759_949_833),
            (0.5, 21.274_375_210_123_632),
            (0.95, 31.398_621_596_396_434),
        ];
        for (p, expected) in table {
            assert_relative_eq!(m.quantile(p), expected, max_relative = 1e-12);
        }
    }

    #[test]
    fn quantile_inverts_cdf() {
        for m in all_kinds() {
            for i in 1..200 {
                let p = f64::from(i) / 200.0;
                let x = m.quantile(p);
                assert_relative_eq!(m.cdf(x), p, max_relative = 1e-10, epsilon = 1e-13);
            }
        }
    }

    #[test]
    fn from_std_normal_is_quantile_of_phi() {
        for m in all_kinds() {
            for i in -40..=40 {
                let z = f64::from(i) * 0.1;
                let (lo, hi) = m.support();
                let x = m.from_std_normal(z);
                assert!(x >= lo && x <= hi);
                let scale = m.quantile(0.75) - m.quantile(0.25);
                assert!(
                    (x - m.quantile(std_normal_cdf(z))).abs() <= 1e-10 * scale,
                    "{m:?} at z = {z}"
                );
            }
        }
    }

    #[test]
    fn quantile_endpoints_and_bad_probabilities() {
        let m = Marginal::pert(1.0, 2.0, 5.0).unwrap();
        assert_relative_eq!(m.quantile(0.0), 1.0);
        assert_relative_eq!(m.quantile(1.0), 5.0);
        assert!(m.quantile(-0.1).is_nan());
        assert!(m.quantile(f64::NAN).is_nan());
        let n = Marginal::normal(0.0, 1.0).unwrap();
        assert!(n.quantile(0.0).is_infinite());
    }

    #[test]
    fn sample_means_of_copula_draws_match_closed_forms() {
        // 100,000 draws of from_std_normal(Z): the sample mean must lie within 4 standard
        // errors of the closed-form mean (a 4σ event has probability 6e-5 per check).
        let n = 100_000;
        for (k, m) in all_kinds().into_iter().enumerate() {
            let mut rng = run_rng(20_240_501, k as u64);
            let draws: Vec<f64> = (0..n)
                .map(|_| m.from_std_normal(rng.sample(StandardNormal)))
                .collect();
            let mean = draws.iter().sum::<f64>() / f64::from(n);
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n - 1);
            let se = (var / f64::from(n)).sqrt();
            assert!(
                (mean - m.mean()).abs() <= 4.0 * se,
                "{m:?}: sample mean {mean}, closed form {}, se {se}",
                m.mean()
            );
        }
    }

    #[test]
    fn distribution_impl_samples_the_marginal() {
        let m = Marginal::triangular(0.0, 1.0, 4.0).unwrap();
        let mut rng = run_rng(5, 0);
        let n = 100_000;
        let mean = (0..n).map(|_| m.sample(&mut rng)).sum::<f64>() / f64::from(n);
        // Var of Triangular(a, c, b) = (a² + b² + c² − ab − ac − bc)/18 = 13/18.
        let se = (13.0 / 18.0 / f64::from(n)).sqrt();
        assert!((mean - 5.0 / 3.0).abs() <= 4.0 * se);
    }

    #[test]
    fn empirical_quantiles_match_numpy_type_7() {
        // numpy 2.4.6, np.quantile(x, p, method="linear") (Hyndman & Fan type 7) on the
        // quartile examples of Wikipedia's "Quartile" article.
        let six = Marginal::empirical(vec![40.0, 7.0, 39.0, 15.0, 41.0, 36.0]).unwrap();
        let table = [
            (0.0, 7.0),
            (0.1, 11.0),
            (0.25, 20.25),
            (0.5, 37.5),
            (0.75, 39.75),
            (0.9, 40.5),
            (1.0, 41.0),
        ];
        for (p, expected) in table {
            assert_relative_eq!(six.quantile(p), expected, max_relative = TIGHT);
        }
        let eleven = Marginal::empirical(vec![
            6.0, 7.0, 15.0, 36.0, 39.0, 40.0, 41.0, 42.0, 43.0, 47.0, 49.0,
        ])
        .unwrap();
        for (p, expected) in [(0.25, 25.5), (0.5, 40.0), (0.75, 42.5)] {
            assert_relative_eq!(eleven.quantile(p), expected, max_relative = TIGHT);
        }
        // The piecewise-linear cdf inverts it, ties included.
        let tied = Marginal::empirical(vec![1.0, 2.0, 2.0, 2.0, 5.0]).unwrap();
        assert_relative_eq!(tied.cdf(2.0), 0.75);
        assert_relative_eq!(tied.cdf(1.5), 0.125);
        assert_relative_eq!(tied.quantile(0.5), 2.0);
        assert_relative_eq!(tied.cdf(0.9), 0.0);
        assert_relative_eq!(tied.cdf(5.0), 1.0);
        // Trapezoid mean: (1/2 + 2 + 2 + 2 + 5/2)/4 = 2.25.
        assert_relative_eq!(tied.mean(), 2.25);
        assert_eq!(tied.support(), (1.0, 5.0));
    }

    #[test]
    fn discrete_quantiles_cdf_and_draws() {
        let m = Marginal::discrete(vec![10.0, -1.0, 4.0], vec![0.25, 0.5, 0.25]).unwrap();
        assert_relative_eq!(m.cdf(-2.0), 0.0);
        assert_relative_eq!(m.cdf(-1.0), 0.5);
        assert_relative_eq!(m.cdf(9.99), 0.75);
        assert_relative_eq!(m.cdf(10.0), 1.0);
        assert_relative_eq!(m.quantile(0.5), -1.0);
        assert_relative_eq!(m.quantile(0.500_001), 4.0);
        assert_relative_eq!(m.quantile(1.0), 10.0);
        assert_relative_eq!(m.mean(), 0.25 * 10.0 - 0.5 + 0.25 * 4.0);
        assert_eq!(m.support(), (-1.0, 10.0));
        assert!(!m.is_degenerate());
        assert!(
            Marginal::discrete(vec![3.0], vec![1.0])
                .unwrap()
                .is_degenerate()
        );
        // Copula draws land on the values with their probabilities: 100,000 draws give
        // frequencies with sd ≤ √(0.25/100000) ≈ 0.0016.
        let mut rng = run_rng(4, 0);
        let mut counts = [0u32; 3];
        let n = 100_000;
        for _ in 0..n {
            let x = m.from_std_normal(rng.sample(StandardNormal));
            let k = [-1.0, 4.0, 10.0]
                .iter()
                .position(|v| (v - x).abs() < 1e-12)
                .unwrap();
            counts[k] += 1;
        }
        for (count, p) in counts.iter().zip([0.5, 0.25, 0.25]) {
            assert!((f64::from(*count) / f64::from(n) - p).abs() < 0.01);
        }
    }

    #[test]
    fn data_driven_constructors_reject_bad_input() {
        let cases = [
            (
                Marginal::empirical(vec![1.0]),
                "empirical distribution needs 2 or more values, got 1",
            ),
            (
                Marginal::empirical(vec![1.0, f64::NAN]),
                "value 1 must be finite, got NaN",
            ),
            (
                Marginal::empirical(vec![2.0, 2.0, 2.0]),
                "empirical sample is constant (2); use a fixed value instead",
            ),
            (
                Marginal::discrete(vec![], vec![]),
                "discrete distribution needs 1 or more values, got 0",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0], vec![1.0]),
                "2 values but 1 probabilities",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0], vec![1.2, -0.2]),
                "probability 1 must be finite and non-negative, got -0.2",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0], vec![0.5, 0.4]),
                "probabilities must sum to 1, got 0.9",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0, 1.0], vec![0.5, 0.25, 0.25]),
                "value 1 is listed twice",
            ),
            (
                Marginal::mixture(vec![0.8, 0.1], vec![0.1, -0.1], vec![0.03, 0.05]),
                "probabilities must sum to 1, got 0.9",
            ),
            (
                Marginal::mixture(vec![1.2, -0.2], vec![0.1, -0.1], vec![0.03, 0.05]),
                "probability 1 must be finite and non-negative, got -0.2",
            ),
            (
                Marginal::mixture(vec![0.8, 0.2], vec![0.1, -0.1], vec![0.03, -0.05]),
                "mixture component 1: sd must be positive and finite, got -0.05",
            ),
            (
                Marginal::mixture(vec![0.8, 0.2], vec![f64::NAN, -0.1], vec![0.03, 0.05]),
                "mixture component 0: mean must be finite, got NaN",
            ),
            (
                Marginal::mixture(vec![0.8, 0.2], vec![0.1, -0.1], vec![0.03]),
                "mixture has 2 weights, 2 means and 1 sds; they must be as many",
            ),
            (
                Marginal::mixture(vec![], vec![], vec![]),
                "mixture distribution needs 1 or more values, got 0",
            ),
        ];
        for (result, message) in cases {
            assert_eq!(result.unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn one_component_mixture_is_the_normal() {
        for (mean, sd) in [(0.02, 0.05), (-3.0, 2.0), (100.0, 0.001)] {
            let normal = Marginal::normal(mean, sd).unwrap();
            let mixture = Marginal::mixture(vec![1.0], vec![mean], vec![sd]).unwrap();
            assert!(!mixture.is_degenerate());
            assert_eq!(mixture.support(), normal.support());
            assert_relative_eq!(mixture.mean(), normal.mean(), max_relative = 1e-12);
            for z in [-8.0, -2.5, -0.3, 0.0, 0.7, 3.0, 8.0] {
                let x = mean + sd * z;
                assert_relative_eq!(mixture.cdf(x), normal.cdf(x), max_relative = 1e-12);
                assert_relative_eq!(
                    mixture.from_std_normal(z),
                    normal.from_std_normal(z),
                    max_relative = 1e-12
                );
            }
            for p in [0.0, 1e-12, 0.01, 0.3, 0.5, 0.77, 0.999, 1.0] {
                assert_relative_eq!(
                    mixture.quantile(p),
                    normal.quantile(p),
                    max_relative = 1e-12
                );
            }
        }
    }

    #[test]
    fn two_component_mixture_matches_closed_form() {
        use statrs::distribution::{ContinuousCDF, Normal};
        // F(x) = 0.8 Φ((x − 0.10)/0.03) + 0.2 Φ((x + 0.08)/0.05), once with Φ from statrs and
        // once from mpmath 1.3 (50 digits, the same doubles for x and the parameters).
        // statrs 0.19's erfc is good to only about 1e-9 relative: at x = −0.25, where the
        // poor-winter term Φ(−3.4) dominates, it is 8.2e-10 above mpmath (this crate's Φ
        // agrees with mpmath to 1e-15), so the statrs check gets a tolerance of 2e-9.
        let (good, poor) = (
            Normal::new(0.10, 0.03).unwrap(),
            Normal::new(-0.08, 0.05).unwrap(),
        );
        let m = poor_winter();
        assert_relative_eq!(m.mean(), 0.064, max_relative = TIGHT);
        let table = [
            (-0.25, 6.738_585_313_537_618_8e-5),
            (-0.08, 0.100_000_000_789_270_11),
            (-0.01, 0.183_946_961_265_217_91),
            (0.0, 0.189_383_389_926_645_87),
            (0.03, 0.205_071_573_400_216_55),
            (0.064, 0.291_658_061_006_387_76),
            (0.1, 0.599_968_178_281_968_55),
            (0.15, 0.961_767_295_690_807_72),
            (0.22, 0.999_974_662_809_215_98),
        ];
        for (x, expected) in table {
            let closed_form = 0.8 * good.cdf(x) + 0.2 * poor.cdf(x);
            assert_relative_eq!(m.cdf(x), closed_form, max_relative = 2e-9);
            assert_relative_eq!(m.cdf(x), expected, max_relative = TIGHT);
            assert_relative_eq!(
                m.quantile(m.cdf(x)),
                x,
                max_relative = 1e-10,
                epsilon = 1e-15
            );
        }
    }

    #[test]
    fn mixture_copula_map_matches_mpmath_in_the_tails() {
        // x with F(x) = Φ(z) for z ≤ 0 and 1 − F(x) = Φ(−z) for z > 0, F as in
        // two_component_mixture_matches_closed_form: mpmath 1.3 at 50 digits, 300 bisections.
        // Upper-tail draws keep their digits because the map solves the tail equation itself.
        // At z = 9 both components' quantiles are 0.37, so the bracket is the answer.
        let m = poor_winter();
        let table = [
            (-9.0, -0.521_078_851_689_862_918_52),
            (-8.0, -0.469_969_249_560_415_420_62),
            (-6.0, -0.366_650_933_862_868_375_4),
            (-1.0, -0.039_109_142_410_343_661_648),
            (0.0, 0.090_447_268_163_812_026_376),
            (1.5, 0.141_455_707_613_059_066_27),
            (6.0, 0.278_910_206_168_794_185_42),
            (8.0, 0.339_204_915_909_351_022_85),
            (9.0, 0.37),
        ];
        for (z, expected) in table {
            assert_relative_eq!(m.from_std_normal(z), expected, max_relative = 1e-12);
        }
    }

    fn any_marginal() -> impl Strategy<Value = Marginal> {
        let lmh = (-100.0..100.0f64, 0.0..1.0f64, 1e-3..50.0f64);
        prop_oneof![
            lmh.clone()
                .prop_map(|(min, t, w)| Marginal::pert(min, min + t * w, min + w).unwrap()),
            lmh.clone()
                .prop_map(|(min, t, w)| Marginal::triangular(min, min + t * w, min + w).unwrap()),
            (-10.0..10.0f64, 0.01..5.0f64, -3.0..3.0f64, 0.01..4.0f64).prop_map(
                |(mean, sd, lo, w)| {
                    let min = mean + lo * sd;
                    Marginal::truncated_normal(mean, sd, min, min + w * sd).unwrap()
                }
            ),
            (-1.0..1.0f64, 0.01..2.0f64).prop_map(|(mu, s)| Marginal::lognormal(mu, s).unwrap()),
            (-5.0..5.0f64, 0.01..5.0f64).prop_map(|(m, s)| Marginal::normal(m, s).unwrap()),
            (
                0.0..1.0f64,
                -5.0..5.0f64,
                0.01..5.0f64,
                -5.0..5.0f64,
                0.01..5.0f64
            )
                .prop_map(|(w, m1, s1, m2, s2)| {
                    Marginal::mixture(vec![w, 1.0 - w], vec![m1, m2], vec![s1, s2]).unwrap()
                }),
        ]
    }

    proptest! {
        #[test]
        fn quantile_is_monotone_in_p(m in any_marginal(), p in 0.0..1.0f64, dp in 0.0..0.5f64) {
            let q = (p + dp).min(1.0);
            prop_assert!(m.quantile(p) <= m.quantile(q), "{m:?}: Q({p}) > Q({q})");
        }

        #[test]
        fn from_std_normal_is_monotone_in_z(m in any_marginal(), z in -9.0..9.0f64, dz in 0.0..3.0f64) {
            // Monotone up to rounding: in a far tail (Φ(−z) ≈ 1e-19) two maps of a truncated
            // normal can land one ulp apart in the wrong order next to the bound.
            let (a, b) = (m.from_std_normal(z), m.from_std_normal(z + dz));
            let slack = 4.0 * f64::EPSILON * a.abs().max(b.abs());
            prop_assert!(a <= b + slack, "{m:?}: x({z}) = {a} > x({}) = {b}", z + dz);
        }
    }
}
