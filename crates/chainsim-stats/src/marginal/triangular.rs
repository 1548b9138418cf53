//! The triangular law.

use super::error::{MarginalError, mode_in_range};
use super::outside_unit_interval;
use crate::normal::std_normal_cdf_pair;

/// Triangular on [min, max] with the given mode.
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Triangular;
///
/// // Triangular(a = 0, c = 1, b = 4): mean (a + b + c)/3 = 5/3, and F(c) = (c − a)/(b − a).
/// let cost = Triangular::new(0.0, 1.0, 4.0)?;
/// assert!((cost.mean() - 5.0 / 3.0).abs() < 1e-15);
/// assert_eq!(cost.cdf(1.0), 0.25);
/// assert_eq!(cost.quantile(0.25), 1.0);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Triangular {
    min: f64,
    mode: f64,
    max: f64,
}

impl Triangular {
    /// Triangular on [`min`, `max`] peaking at `mode`.
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite parameter, [`MarginalError::EmptyRange`]
    /// unless `min < max`, [`MarginalError::ModeOutsideRange`] unless `min ≤ mode ≤ max`.
    pub fn new(min: f64, mode: f64, max: f64) -> Result<Triangular, MarginalError> {
        mode_in_range(min, mode, max)?;
        Ok(Triangular { min, mode, max })
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

    /// (min + mode + max)/3.
    #[must_use]
    pub fn mean(&self) -> f64 {
        (self.min + self.mode + self.max) / 3.0
    }

    /// The distribution function: (x − min)²/((max − min)(mode − min)) up to the mode,
    /// 1 − (max − x)²/((max − min)(max − mode)) above it; NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let Triangular { min, mode, max } = *self;
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

    /// The quantile function at `p`, in closed form; NaN for `p` outside [0, 1].
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

    /// The quantile at lower-tail probability `p`, given also its complement `q` = 1 − p:
    /// min + √(p(max − min)(mode − min)) up to the mode, max − √(q(max − min)(max − mode))
    /// above it.
    pub(super) fn quantile_split(&self, p: f64, q: f64) -> f64 {
        let Triangular { min, mode, max } = *self;
        let width = max - min;
        if p * width <= mode - min {
            min + (p * width * (mode - min)).sqrt()
        } else {
            max - (q * width * (max - mode)).sqrt()
        }
        .clamp(min, max)
    }
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::{TIGHT, check_errors};
    use approx::assert_relative_eq;

    #[test]
    fn new_rejects_bad_parameters_with_named_messages() {
        check_errors([(
            Marginal::triangular(0.0, 5.0, 3.0),
            "mode must lie in [min, max] = [0, 3], got 5",
        )]);
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
}
