//! The normal law.

use super::error::{MarginalError, finite, positive};
use super::outside_unit_interval;
use crate::normal::{std_normal_cdf, std_normal_quantile};

/// Normal with the given mean and standard deviation.
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Normal;
///
/// // IQ scores, N(100, 15²): 95% lie within 100 ± 1.959964·15 = [70.6, 129.4].
/// let iq = Normal::new(100.0, 15.0)?;
/// assert!((iq.quantile(0.975) - 129.399_459_768_101).abs() < 1e-9);
/// assert!((iq.cdf(115.0) - 0.841_344_746_068_542_9).abs() < 1e-15);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Normal {
    mean: f64,
    sd: f64,
}

impl Normal {
    /// Normal with mean `mean` and standard deviation `sd`.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite mean, [`MarginalError::NotPositive`] unless
    /// `sd` is positive and finite (use [`Fixed`](super::Fixed) for a constant).
    pub fn new(mean: f64, sd: f64) -> Result<Normal, MarginalError> {
        finite("mean", mean)?;
        positive("sd", sd)?;
        Ok(Normal { mean, sd })
    }

    /// The standard deviation.
    #[must_use]
    pub fn sd(&self) -> f64 {
        self.sd
    }

    /// The whole line.
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }

    /// The mean.
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Φ((x − mean)/sd); NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        std_normal_cdf((x - self.mean) / self.sd)
    }

    /// mean + sd·Φ⁻¹(p); NaN for `p` outside [0, 1].
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if outside_unit_interval(p) {
            return f64::NAN;
        }
        self.mean + self.sd * std_normal_quantile(p)
    }

    /// mean + sd·z.
    #[must_use]
    #[inline]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        self.mean + self.sd * z
    }
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::check_errors;

    #[test]
    fn new_rejects_bad_parameters_with_named_messages() {
        check_errors([
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
        ]);
    }
}
