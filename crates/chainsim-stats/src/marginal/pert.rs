//! The standard PERT law, a scaled Beta.

use super::error::{MarginalError, mode_in_range};
use super::outside_unit_interval;
use crate::beta::inverse_beta_reg;
use crate::normal::std_normal_cdf_pair;

/// Standard PERT: a Beta(α, β) on [min, max] with α = 1 + 4(mode − min)/(max − min) and
/// β = 1 + 4(max − mode)/(max − min).
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Pert;
///
/// // The PERT estimate of a duration from optimistic 2, most likely 4 and pessimistic 12
/// // weeks: (a + 4m + b)/6 = 5 weeks (Malcolm et al. 1959).
/// let duration = Pert::new(2.0, 4.0, 12.0)?;
/// assert!((duration.mean() - 5.0).abs() < 1e-15);
/// // PERT(0, ½, 1) is Beta(3, 3), symmetric about ½.
/// let sym = Pert::new(0.0, 0.5, 1.0)?;
/// assert!((sym.quantile(0.5) - 0.5).abs() < 1e-12);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pert {
    min: f64,
    mode: f64,
    max: f64,
}

impl Pert {
    /// Standard PERT on [`min`, `max`] with the given `mode`.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite parameter, [`MarginalError::EmptyRange`]
    /// unless `min < max`, [`MarginalError::ModeOutsideRange`] unless `min ≤ mode ≤ max`.
    pub fn new(min: f64, mode: f64, max: f64) -> Result<Pert, MarginalError> {
        mode_in_range(min, mode, max)?;
        Ok(Pert { min, mode, max })
    }

    /// The mode, in [min, max].
    #[must_use]
    pub fn mode(&self) -> f64 {
        self.mode
    }

    /// [min, max].
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// (min + 4·mode + max)/6.
    #[must_use]
    pub fn mean(&self) -> f64 {
        (self.min + 4.0 * self.mode + self.max) / 6.0
    }

    /// The regularized incomplete beta I_t(α, β) at t = (x − min)/(max − min); NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let Pert { min, max, .. } = *self;
        if x <= min {
            return 0.0;
        }
        if x >= max {
            return 1.0;
        }
        let (a, b) = self.shapes();
        crate::beta::beta_reg(a, b, (x - min) / (max - min))
    }

    /// The quantile function at `p`, by inverting the incomplete beta; NaN for `p` outside
    /// [0, 1].
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

    /// The quantile at lower-tail probability `p`, given also its complement `q` = 1 − p.
    pub(super) fn quantile_split(&self, p: f64, q: f64) -> f64 {
        let Pert { min, max, .. } = *self;
        let (a, b) = self.shapes();
        let unit = inverse_beta_reg(a, b, p, q);
        (min + (max - min) * unit).clamp(min, max)
    }

    /// The Beta shapes (α, β).
    fn shapes(&self) -> (f64, f64) {
        let Pert { min, mode, max } = *self;
        let width = max - min;
        (
            1.0 + 4.0 * (mode - min) / width,
            1.0 + 4.0 * (max - mode) / width,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::check_errors;
    use approx::assert_relative_eq;

    #[test]
    fn new_rejects_bad_parameters_with_named_messages() {
        check_errors([(
            Marginal::pert(0.0, f64::NAN, 3.0),
            "mode must be finite, got NaN",
        )]);
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
}
