//! The lognormal law.

use super::error::{MarginalError, finite, positive};
use super::outside_unit_interval;
use crate::normal::{std_normal_cdf, std_normal_quantile};

/// exp(mu + sigma·Z) for standard normal Z.
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::LogNormal;
///
/// // The standard lognormal: median e⁰ = 1, mean e^{1/2}.
/// let price = LogNormal::new(0.0, 1.0)?;
/// assert_eq!(price.quantile(0.5), 1.0);
/// assert!((price.mean() - 1.648_721_270_700_128_1).abs() < 1e-15);
/// assert!((price.cdf(1.0) - 0.5).abs() < 1e-16);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogNormal {
    mu: f64,
    sigma: f64,
}

impl LogNormal {
    /// Lognormal: exp(`mu` + `sigma`·Z) for standard normal Z.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite `mu`, [`MarginalError::NotPositive`] unless
    /// `sigma` is positive and finite.
    pub fn new(mu: f64, sigma: f64) -> Result<LogNormal, MarginalError> {
        finite("mu", mu)?;
        positive("sigma", sigma)?;
        Ok(LogNormal { mu, sigma })
    }

    /// The mean of the logarithm.
    #[must_use]
    pub fn mu(&self) -> f64 {
        self.mu
    }

    /// The standard deviation of the logarithm.
    #[must_use]
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// [0, ∞).
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        (0.0, f64::INFINITY)
    }

    /// exp(mu + sigma²/2).
    #[must_use]
    pub fn mean(&self) -> f64 {
        crate::exp(self.mu + 0.5 * self.sigma * self.sigma)
    }

    /// Φ((ln x − mu)/sigma) for positive `x`, 0 otherwise; NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        if x <= 0.0 {
            0.0
        } else {
            std_normal_cdf((libm::log(x) - self.mu) / self.sigma)
        }
    }

    /// exp(mu + sigma·Φ⁻¹(p)); NaN for `p` outside [0, 1].
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if outside_unit_interval(p) {
            return f64::NAN;
        }
        crate::exp(self.mu + self.sigma * std_normal_quantile(p))
    }

    /// exp(mu + sigma·z).
    #[must_use]
    #[inline]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        crate::exp(self.mu + self.sigma * z)
    }
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::check_errors;

    #[test]
    fn new_rejects_bad_parameters_with_named_messages() {
        check_errors([(
            Marginal::lognormal(0.0, f64::INFINITY),
            "sigma must be positive and finite, got inf",
        )]);
    }
}
