//! Finitely many values with given probabilities.

use super::error::{MarginalError, PROBABILITY_SUM_TOLERANCE};
use super::outside_unit_interval;
use crate::normal::std_normal_cdf_pair;

/// Finitely many values with given probabilities. The quantile is the smallest value whose
/// cdf reaches p.
///
/// # Examples
///
/// ```
/// use chainsim_stats::marginal::Discrete;
///
/// // Heads in two tosses of a fair coin, Binomial(2, ½): mean 1, median 1.
/// let heads = Discrete::new(vec![0.0, 1.0, 2.0], vec![0.25, 0.5, 0.25])?;
/// assert_eq!(heads.mean(), 1.0);
/// assert_eq!(heads.quantile(0.5), 1.0);
/// assert_eq!(heads.quantile(0.76), 2.0);
/// assert_eq!(heads.cdf(1.5), 0.75);
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Discrete {
    values: Vec<f64>,
    cumulative: Vec<f64>,
}

impl Discrete {
    /// The distribution taking `values[k]` with probability `probabilities[k]`.
    ///
    /// Values may come in any order; probabilities must be non-negative and sum to 1 within
    /// 1e-9 (they are then rescaled to sum to 1 exactly).
    ///
    /// # Errors
    ///
    /// [`MarginalError::TooFewValues`] for an empty list, [`MarginalError::LengthMismatch`],
    /// [`MarginalError::ValueNotFinite`], [`MarginalError::DuplicateValue`],
    /// [`MarginalError::BadProbability`] and [`MarginalError::ProbabilitySum`].
    pub fn new(values: Vec<f64>, probabilities: Vec<f64>) -> Result<Discrete, MarginalError> {
        if values.is_empty() {
            return Err(MarginalError::TooFewValues {
                kind: "discrete",
                needed: 1,
                got: 0,
            });
        }
        if values.len() != probabilities.len() {
            return Err(MarginalError::LengthMismatch {
                values: values.len(),
                probabilities: probabilities.len(),
            });
        }
        if let Some(index) = values.iter().position(|v| !v.is_finite()) {
            return Err(MarginalError::ValueNotFinite {
                index,
                value: values[index],
            });
        }
        if let Some(index) = probabilities
            .iter()
            .position(|p| !(p.is_finite() && *p >= 0.0))
        {
            return Err(MarginalError::BadProbability {
                index,
                value: probabilities[index],
            });
        }
        let sum: f64 = probabilities.iter().sum();
        if (sum - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
            return Err(MarginalError::ProbabilitySum { sum });
        }
        let mut pairs: Vec<(f64, f64)> = values.into_iter().zip(probabilities).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        if let Some(w) = pairs.windows(2).find(|w| w[0].0 >= w[1].0) {
            return Err(MarginalError::DuplicateValue { value: w[1].0 });
        }
        let mut running = 0.0;
        let mut cumulative: Vec<f64> = pairs
            .iter()
            .map(|(_, p)| {
                running += p / sum;
                running.min(1.0)
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Ok(Discrete {
            values: pairs.into_iter().map(|(v, _)| v).collect(),
            cumulative,
        })
    }

    /// The values, strictly increasing.
    #[must_use]
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// P(X ≤ `values[k]`) for each k; the last entry is exactly 1.
    #[must_use]
    pub fn cumulative(&self) -> &[f64] {
        &self.cumulative
    }

    /// True for a single value, which needs no random input.
    #[must_use]
    pub fn is_degenerate(&self) -> bool {
        self.values.len() == 1
    }

    /// The smallest and largest value.
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        let values = &self.values;
        (values[0], values[values.len() - 1])
    }

    /// Σ `values[k]`·P(X = `values[k]`).
    #[must_use]
    pub fn mean(&self) -> f64 {
        let mut previous = 0.0;
        self.values
            .iter()
            .zip(&self.cumulative)
            .map(|(v, c)| {
                let p = c - previous;
                previous = *c;
                v * p
            })
            .sum()
    }

    /// P(X ≤ x), a step function; NaN for NaN.
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        match self.values.partition_point(|&v| v <= x) {
            0 => 0.0,
            k => self.cumulative[k - 1],
        }
    }

    /// The smallest value whose cdf reaches `p`; NaN for `p` outside [0, 1].
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        if outside_unit_interval(p) {
            return f64::NAN;
        }
        self.smallest_reaching(p)
    }

    /// The smallest value whose cdf reaches Φ(`z`).
    #[must_use]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        let (p, _) = std_normal_cdf_pair(z);
        self.smallest_reaching(p)
    }

    /// The smallest value whose cdf reaches `p`: unlike the continuous laws', this quantile
    /// compares the cumulative probabilities with `p` directly and needs no 1 − p.
    pub(super) fn smallest_reaching(&self, p: f64) -> f64 {
        let k = self.cumulative.partition_point(|&c| c < p);
        self.values[k.min(self.values.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use crate::marginal::Marginal;
    use crate::marginal::tests::check_errors;
    use crate::stream::run_rng;
    use approx::assert_relative_eq;
    use rand::RngExt;
    use rand_distr::StandardNormal;

    #[test]
    fn new_rejects_bad_input() {
        check_errors([
            (
                Marginal::discrete(vec![], vec![]),
                "discrete distribution needs 1 or more values, got 0",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0], vec![1.0]),
                "2 values but 1 probabilities",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0], vec![1.2, -0.2]),
                "probability 1 must be finite and non-negative, got -0.2",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0], vec![0.5, 0.4]),
                "probabilities must sum to 1, got 0.9",
            ),
            (
                Marginal::discrete(vec![1.0, 2.0, 1.0], vec![0.5, 0.25, 0.25]),
                "value 1 is listed twice",
            ),
        ]);
    }

    #[test]
    fn discrete_quantiles_cdf_and_draws() {
        let m = Marginal::discrete(vec![10.0, -1.0, 4.0], vec![0.25, 0.5, 0.25]).unwrap();
        assert_relative_eq!(m.cdf(-2.0), 0.0);
        assert_relative_eq!(m.cdf(-1.0), 0.5);
        assert_relative_eq!(m.cdf(9.99), 0.75);
        assert_relative_eq!(m.cdf(10.0), 1.0);
        assert_relative_eq!(m.quantile(0.5), -1.0);
        assert_relative_eq!(m.quantile(0.500_001), 4.0);
        assert_relative_eq!(m.quantile(1.0), 10.0);
        assert_relative_eq!(m.mean(), 0.25 * 10.0 - 0.5 + 0.25 * 4.0);
        assert_eq!(m.support(), (-1.0, 10.0));
        assert!(!m.is_degenerate());
        assert!(
            Marginal::discrete(vec![3.0], vec![1.0])
                .unwrap()
                .is_degenerate()
        );
        // Copula draws land on the values with their probabilities: 100,000 draws give
        // frequencies with sd ≤ √(0.25/100000) ≈ 0.0016.
        let mut rng = run_rng(4, 0);
        let mut counts = [0u32; 3];
        let n = 100_000;
        for _ in 0..n {
            let x = m.from_std_normal(rng.sample(StandardNormal));
            let k = [-1.0, 4.0, 10.0]
                .iter()
                .position(|v| (v - x).abs() < 1e-12)
                .unwrap();
            counts[k] += 1;
        }
        for (count, p) in counts.iter().zip([0.5, 0.25, 0.25]) {
            assert!((f64::from(*count) / f64::from(n) - p).abs() < 0.01);
        }
    }
}
