//! The normal law conditioned on an interval.

use super::error::{MarginalError, finite, positive, range};
use super::outside_unit_interval;
use crate::normal::{std_normal_cdf, std_normal_cdf_pair, std_normal_pdf, std_normal_quantile};

/// Normal(mean, sd) conditioned on [min, max].
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::TruncatedNormal;
///
/// // N(0, 1) on [0, 40] is the half-normal up to 1e-300: mean √(2/π), median Φ⁻¹(3/4).
/// let half = TruncatedNormal::new(0.0, 1.0, 0.0, 40.0)?;
/// assert!((half.mean() - 0.797_884_560_802_865_4).abs() < 1e-14);
/// assert!((half.quantile(0.5) - 0.674_489_750_196_081_7).abs() < 1e-14);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TruncatedNormal {
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
}

impl TruncatedNormal {
    /// Normal(`mean`, `sd`) conditioned on [`min`, `max`].
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite mean or bound, [`MarginalError::NotPositive`]
    /// unless `sd` is positive and finite, [`MarginalError::EmptyRange`] unless `min < max`, and
    /// [`MarginalError::NegligibleMass`] if the interval's probability underflows (it lies more
    /// than about 37 standard deviations from the mean).
    pub fn new(mean: f64, sd: f64, min: f64, max: f64) -> Result<TruncatedNormal, MarginalError> {
        finite("mean", mean)?;
        positive("sd", sd)?;
        range(min, max)?;
        let (alpha, beta) = ((min - mean) / sd, (max - mean) / sd);
        if truncated_mass(alpha, beta) < f64::MIN_POSITIVE {
            return Err(MarginalError::NegligibleMass { mean, sd, min, max });
        }
        Ok(TruncatedNormal { mean, sd, min, max })
    }

    /// The mean of the parent normal (not of the truncated law: see [`TruncatedNormal::mean`]).
    #[must_use]
    pub fn parent_mean(&self) -> f64 {
        self.mean
    }

    /// The standard deviation of the parent normal.
    #[must_use]
    pub fn parent_sd(&self) -> f64 {
        self.sd
    }

    /// [min, max].
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        (self.min, self.max)
    }

    /// μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)), with α, β the standardized bounds.
    #[must_use]
    pub fn mean(&self) -> f64 {
        let TruncatedNormal { mean, sd, min, max } = *self;
        let (alpha, beta) = ((min - mean) / sd, (max - mean) / sd);
        let shift = (std_normal_pdf(alpha) - std_normal_pdf(beta)) / truncated_mass(alpha, beta);
        (mean + sd * shift).clamp(min, max)
    }

    /// (Φ(ξ) − Φ(α))/(Φ(β) − Φ(α)) with ξ the standardized `x`, taken on the side of the mean
    /// where it does not cancel; NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let TruncatedNormal { mean, sd, min, max } = *self;
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

    /// The quantile function at `p`; NaN for `p` outside [0, 1].
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if outside_unit_interval(p) {
            return f64::NAN;
        }
        self.quantile_split(p, 1.0 - p)
    }

    /// The value whose cdf is Φ(`z`), from Φ(z) and Φ(−z), so that intervals far from the
    /// mean keep full precision.
    #[must_use]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        let (p, q) = std_normal_cdf_pair(z);
        self.quantile_split(p, q)
    }

    /// The quantile at lower-tail probability `p`, given also its complement `q` = 1 − p.
    pub(super) fn quantile_split(&self, p: f64, q: f64) -> f64 {
        let TruncatedNormal { mean, sd, min, max } = *self;
        let (alpha, beta) = ((min - mean) / sd, (max - mean) / sd);
        let mass = truncated_mass(alpha, beta);
        // Probability below the answer and above it, under the parent normal; each is a sum of
        // positive terms, and Φ⁻¹ is applied to the smaller one.
        let below = std_normal_cdf(alpha) + p * mass;
        let above = std_normal_cdf(-beta) + q * mass;
        let z = if below <= above {
            std_normal_quantile(below)
        } else {
            -std_normal_quantile(above)
        };
        (mean + sd * z).clamp(min, max)
    }
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
    use crate::marginal::Marginal;
    use crate::marginal::tests::{TIGHT, check_errors};
    use approx::assert_relative_eq;

    #[test]
    fn new_rejects_bad_parameters_with_named_messages() {
        check_errors([
            (
                Marginal::truncated_normal(0.0, 1.0, 1.0, 1.0),
                "min must be less than max, got min 1 and max 1",
            ),
            (
                Marginal::truncated_normal(0.0, 1.0, 50.0, 60.0),
                "truncation range [50, 60] has no probability under a normal with mean 0 and sd 1 (it lies more than 37 sd out)",
            ),
        ]);
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
}
