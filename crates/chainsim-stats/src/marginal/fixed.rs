//! A known constant.

use super::error::{MarginalError, finite};
use super::outside_unit_interval;

/// A known constant: the law of an input that is not uncertain.
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Fixed;
///
/// let tax_rate = Fixed::new(0.25)?;
/// assert_eq!(tax_rate.quantile(0.9), 0.25);
/// assert_eq!(tax_rate.from_std_normal(3.0), 0.25);
/// assert_eq!(tax_rate.cdf(0.2), 0.0);
/// assert_eq!(tax_rate.cdf(0.25), 1.0);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fixed {
    value: f64,
}

impl Fixed {
    /// The constant `value`.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] if `value` is NaN or infinite.
    pub fn new(value: f64) -> Result<Fixed, MarginalError> {
        finite("value", value)?;
        Ok(Fixed { value })
    }

    /// The constant.
    #[must_use]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The single point (value, value).
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        (self.value, self.value)
    }

    /// The constant.
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.value
    }

    /// 0 below the constant, 1 from it on; NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        if x < self.value { 0.0 } else { 1.0 }
    }

    /// The constant for every `p` in [0, 1]; NaN outside it.
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if outside_unit_interval(p) {
            return f64::NAN;
        }
        self.value
    }

    /// The constant, whatever `z`.
    #[must_use]
    #[inline]
    pub fn from_std_normal(&self, _z: f64) -> f64 {
        self.value
    }
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::check_errors;

    #[test]
    fn new_rejects_bad_parameters_with_named_messages() {
        check_errors([(
            Marginal::fixed(f64::INFINITY),
            "value must be finite, got inf",
        )]);
    }
}
