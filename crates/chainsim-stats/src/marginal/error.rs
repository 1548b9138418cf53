//! Why a marginal could not be built, and the parameter checks the laws' constructors share.

use thiserror::Error;

/// Why a [`Marginal`](super::Marginal) could not be built.
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
pub(super) const PROBABILITY_SUM_TOLERANCE: f64 = 1e-9;

pub(super) fn finite(name: &'static str, value: f64) -> Result<f64, MarginalError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(MarginalError::NotFinite { name, value })
    }
}

pub(super) fn positive(name: &'static str, value: f64) -> Result<f64, MarginalError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(MarginalError::NotPositive { name, value })
    }
}

pub(super) fn range(min: f64, max: f64) -> Result<(), MarginalError> {
    finite("min", min)?;
    finite("max", max)?;
    if min < max {
        Ok(())
    } else {
        Err(MarginalError::EmptyRange { min, max })
    }
}

pub(super) fn mode_in_range(min: f64, mode: f64, max: f64) -> Result<(), MarginalError> {
    range(min, max)?;
    finite("mode", mode)?;
    if (min..=max).contains(&mode) {
        Ok(())
    } else {
        Err(MarginalError::ModeOutsideRange { min, mode, max })
    }
}
