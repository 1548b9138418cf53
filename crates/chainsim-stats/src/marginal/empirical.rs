//! The law of a sample, read through Hyndman & Fan's type 7 quantile.

use super::error::MarginalError;
use super::outside_unit_interval;
use crate::normal::std_normal_cdf_pair;

/// The distribution of a sample with quantile function Hyndman & Fan's type 7: linear
/// interpolation between order statistics, Q(p) = x₍ₖ₎ + (h − k)(x₍ₖ₊₁₎ − x₍ₖ₎) with
/// h = (n − 1)p and k = ⌊h⌋ (0-based), the default of R and NumPy.
///
/// Its cdf is the piecewise-linear inverse of that quantile function, and its mean the
/// trapezoid (x₍₀₎/2 + x₍₁₎ + … + x₍ₙ₋₂₎ + x₍ₙ₋₁₎/2)/(n − 1), which differs from the sample
/// mean by O(range/n).
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Empirical;
///
/// // The quartiles of Wikipedia's "Quartile" example by NumPy's default (type 7) method.
/// let sample = Empirical::new(vec![
///     6.0, 7.0, 15.0, 36.0, 39.0, 40.0, 41.0, 42.0, 43.0, 47.0, 49.0,
/// ])?;
/// assert_eq!(sample.quantile(0.25), 25.5);
/// assert_eq!(sample.quantile(0.5), 40.0);
/// assert_eq!(sample.quantile(0.75), 42.5);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Empirical {
    sorted: Vec<f64>,
}

impl Empirical {
    /// The distribution of the sample `values`, which need not be sorted.
    ///
    /// # Errors
    ///
    /// [`MarginalError::TooFewValues`] below 2 values, [`MarginalError::ValueNotFinite`] and
    /// [`MarginalError::ConstantSample`].
    pub fn new(mut values: Vec<f64>) -> Result<Empirical, MarginalError> {
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
        Ok(Empirical { sorted: values })
    }

    /// The sample, sorted ascending; at least two distinct values.
    #[must_use]
    pub fn sorted(&self) -> &[f64] {
        &self.sorted
    }

    /// The smallest and largest value of the sample.
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        let sorted = &self.sorted;
        (sorted[0], sorted[sorted.len() - 1])
    }

    /// The trapezoid mean (x₍₀₎/2 + x₍₁₎ + … + x₍ₙ₋₂₎ + x₍ₙ₋₁₎/2)/(n − 1).
    #[must_use]
    pub fn mean(&self) -> f64 {
        let sorted = &self.sorted;
        let n = sorted.len();
        let inner: f64 = sorted.iter().sum::<f64>() - 0.5 * (sorted[0] + sorted[n - 1]);
        inner / (n - 1) as f64
    }

    /// The piecewise-linear cdf that inverts the type 7 quantile; NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let sorted = &self.sorted;
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

    /// The type 7 quantile at `p`; NaN for `p` outside [0, 1].
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
        let sorted = &self.sorted;
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
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::{TIGHT, check_errors};
    use approx::assert_relative_eq;

    #[test]
    fn new_rejects_bad_input() {
        check_errors([
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
        ]);
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
}
