//! A mixture of normals, for regime or season shocks.

use super::error::{MarginalError, PROBABILITY_SUM_TOLERANCE, finite, positive};
use super::outside_unit_interval;
use crate::normal::{std_normal_cdf, std_normal_pdf, std_normal_quantile};

/// Relative step at which the quantile's Newton iteration stops; the iteration converges
/// quadratically, so the value returned is accurate to a few roundings.
const MIXTURE_TOLERANCE: f64 = 1e-13;

/// Bound on the quantile's iterations. Newton steps take under 10 once close, and bisection
/// alone reaches the tolerance in about 50 for any practical parameters; the bound only guards
/// against a loop that rounding keeps from settling.
const MIXTURE_MAX_ITERATIONS: usize = 200;

/// A mixture of normals: with probability `weights[k]`, Normal(`means[k]`, `sds[k]`).
///
/// For a regime or season shock: growth is Normal(0.10, 0.03) in an ordinary year, but a
/// poor winter, with probability 0.2, draws it from Normal(−0.08, 0.05) instead, and the
/// growth rate is bimodal.
///
/// Its cdf is Σ wₖ Φ((x − μₖ)/σₖ) and its mean Σ wₖ μₖ; the quantile has no closed form and
/// is found by Newton's method safeguarded by bisection.
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Mixture;
///
/// // Two equal halves N(−1, 1) and N(1, 1): symmetric about 0, so median 0 and F(0) = ½,
/// // and F(1) = (Φ(2) + Φ(0))/2.
/// let regimes = Mixture::new(vec![0.5, 0.5], vec![-1.0, 1.0], vec![1.0, 1.0])?;
/// assert_eq!(regimes.mean(), 0.0);
/// assert!(regimes.quantile(0.5).abs() < 1e-15);
/// assert!((regimes.cdf(1.0) - 0.738_624_934_025_910_4).abs() < 1e-15);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Mixture {
    weights: Vec<f64>,
    means: Vec<f64>,
    sds: Vec<f64>,
}

impl Mixture {
    /// A mixture of normals: Normal(`means[k]`, `sds[k]`) with probability `weights[k]`.
    ///
    /// Weights must be non-negative and sum to 1 within 1e-9; they are then rescaled to sum to
    /// 1 up to rounding.
    ///
    /// # Errors
    ///
    /// [`MarginalError::ComponentCountMismatch`] unless the three lists have the same length,
    /// [`MarginalError::TooFewValues`] if they are empty, [`MarginalError::BadProbability`]
    /// and [`MarginalError::ProbabilitySum`] for the weights, and
    /// [`MarginalError::BadComponent`] for a non-finite mean or an sd that is not positive and
    /// finite.
    pub fn new(
        weights: Vec<f64>,
        means: Vec<f64>,
        sds: Vec<f64>,
    ) -> Result<Mixture, MarginalError> {
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
        Ok(Mixture {
            weights: weights.into_iter().map(|w| w / sum).collect(),
            means,
            sds,
        })
    }

    /// The probability of each component; non-negative, summing to 1.
    #[must_use]
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The mean of each component.
    #[must_use]
    pub fn means(&self) -> &[f64] {
        &self.means
    }

    /// The standard deviation of each component, positive.
    #[must_use]
    pub fn sds(&self) -> &[f64] {
        &self.sds
    }

    /// The whole line.
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }

    /// Σ wₖ μₖ.
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.weights
            .iter()
            .zip(&self.means)
            .map(|(w, m)| w * m)
            .sum()
    }

    /// Σ wₖ Φ((x − μₖ)/σₖ); NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        self.weights
            .iter()
            .zip(self.means.iter().zip(&self.sds))
            .map(|(w, (m, s))| w * std_normal_cdf((x - m) / s))
            .sum::<f64>()
            .min(1.0)
    }

    /// The quantile function at `p`; NaN for `p` outside [0, 1].
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if outside_unit_interval(p) {
            return f64::NAN;
        }
        let q = 1.0 - p;
        let z = if p <= q {
            std_normal_quantile(p)
        } else {
            -std_normal_quantile(q)
        };
        self.quantile_at(p, q, z)
    }

    /// The value whose cdf is Φ(`z`), solving the upper-tail equation for positive `z` so
    /// that upper-tail draws keep their digits.
    ///
    /// Kept out of line so that the closed-form arms of
    /// [`Marginal::from_std_normal`](super::Marginal::from_std_normal) stay small enough to
    /// inline.
    #[must_use]
    #[inline(never)]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        self.quantile_at(std_normal_cdf(z), std_normal_cdf(-z), z)
    }

    /// The quantile at lower-tail probability `p` = Φ(`z`), with `q` = 1 − p.
    ///
    /// Each component's own quantile μₖ + σₖz brackets the answer: at the smallest of them
    /// every component's cdf is at most Φ(z), so the mixture's is at most p, and at the largest
    /// at least p. Newton's method runs inside that bracket, falling back to bisection when a
    /// step would leave it. It solves F(x) = p if p ≤ q and S(x) = q otherwise, S = 1 − F the
    /// upper tail Σ wₖ Φ(−(x − μₖ)/σₖ), so that the smaller probability keeps its digits.
    fn quantile_at(&self, p: f64, q: f64, z: f64) -> f64 {
        let Mixture {
            weights,
            means,
            sds,
        } = self;
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
}

#[cfg(test)]
// References keep the digits their source printed.
#[allow(clippy::excessive_precision)]
pub(super) mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::{TIGHT, check_errors};
    use approx::assert_relative_eq;

    /// Growth of 10% ± 3% in an ordinary year, −8% ± 5% after a poor winter (probability 0.2).
    pub(in crate::marginal) fn poor_winter() -> Marginal {
        Marginal::mixture(vec![0.8, 0.2], vec![0.10, -0.08], vec![0.03, 0.05]).unwrap()
    }

    #[test]
    fn new_rejects_bad_input() {
        check_errors([
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
        ]);
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
}
