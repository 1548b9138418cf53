//! The uniform law.

use super::error::{MarginalError, range};
use super::outside_unit_interval;
use crate::normal::std_normal_cdf_pair;

/// Uniform on [min, max].
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Uniform;
///
/// // U(2, 10): mean 6, quartiles 4 and 8.
/// let lead_time = Uniform::new(2.0, 10.0)?;
/// assert_eq!(lead_time.mean(), 6.0);
/// assert_eq!(lead_time.quantile(0.25), 4.0);
/// assert_eq!(lead_time.quantile(0.75), 8.0);
/// assert_eq!(lead_time.cdf(3.0), 0.125);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Uniform {
    min: f64,
    max: f64,
}

impl Uniform {
    /// Uniform on [`min`, `max`].
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite bound, [`MarginalError::EmptyRange`] unless
    /// `min < max`.
    pub fn new(min: f64, max: f64) -> Result<Uniform, MarginalError> {
        range(min, max)?;
        Ok(Uniform { min, max })
    }

    /// [min, max].
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// (min + max)/2.
    #[must_use]
    pub fn mean(&self) -> f64 {
        0.5 * (self.min + self.max)
    }

    /// (x − min)/(max − min), clamped to [0, 1]; NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        ((x - self.min) / (self.max - self.min)).clamp(0.0, 1.0)
    }

    /// min + (max − min)·p; NaN for `p` outside [0, 1].
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if outside_unit_interval(p) {
            return f64::NAN;
        }
        self.quantile_split(p, 1.0 - p)
    }

    /// The value whose cdf is Φ(`z`), from Φ(z) and Φ(−z).
    #[must_use]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        let (p, q) = std_normal_cdf_pair(z);
        self.quantile_split(p, q)
    }

    /// The quantile at lower-tail probability `p`, given also its complement `q` = 1 − p,
    /// measured from the nearer bound.
    pub(super) fn quantile_split(&self, p: f64, q: f64) -> f64 {
        let Uniform { min, max } = *self;
        if p <= q {
            min + (max - min) * p
        } else {
            max - (max - min) * q
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::check_errors;

    #[test]
    fn new_rejects_bad_parameters_with_named_messages() {
        check_errors([(
            Marginal::uniform(2.0, 1.0),
            "min must be less than max, got min 2 and max 1",
        )]);
    }
}
