//! Marginal distributions of uncertain inputs, sampled through a Gaussian copula.
//!
//! A [`Marginal`] is built by a validating constructor and then used in two ways: as an
//! ordinary distribution (`cdf`, `quantile`, `mean`, `support`) and, in the simulation's hot
//! loop, through [`Marginal::from_std_normal`], which maps a (possibly correlated) standard
//! normal draw z to the value whose cdf is Φ(z). That map is computed from both Φ(z) and
//! Φ(−z), so upper-tail draws keep their precision instead of cancelling against 1.
//!
//! Each law is a type of its own, in a file of its own: [`Fixed`], [`Normal`],
//! [`TruncatedNormal`], [`LogNormal`], [`Uniform`], [`Triangular`], [`Pert`], and two
//! data-driven ones: [`Empirical`], a sample (historical growth rates from a CSV column, say)
//! read through Hyndman & Fan's (1996) type 7 quantile, and [`Discrete`], finitely many values
//! with given probabilities. [`Mixture`], a mixture of normals, models a regime or season
//! shock, whose bimodal law no single parametric family fits. [`Marginal`] holds any one of
//! them and dispatches to it.

mod discrete;
mod empirical;
mod error;
mod fixed;
mod lognormal;
mod mixture;
mod normal;
mod pert;
mod triangular;
mod truncated_normal;
mod uniform;

use rand::Rng;
use rand::distr::{Distribution, Open01};

use crate::normal::std_normal_cdf_pair;

pub use discrete::Discrete;
pub use empirical::Empirical;
pub use error::MarginalError;
pub use fixed::Fixed;
pub use lognormal::LogNormal;
pub use mixture::Mixture;
pub use normal::Normal;
pub use pert::Pert;
pub use triangular::Triangular;
pub use truncated_normal::TruncatedNormal;
pub use uniform::Uniform;

/// True unless `p` is a probability: NaN or outside [0, 1], where every quantile is NaN.
fn outside_unit_interval(p: f64) -> bool {
    p.is_nan() || !(0.0..=1.0).contains(&p)
}

/// A validated univariate distribution of an uncertain input.
///
/// Each variant holds its law, whose fields are private: only the laws' constructors (which
/// [`Marginal`]'s constructors call) create them, so every value satisfies its constructor's
/// checks. Match a variant to read its parameters through the law's accessors.
///
/// # Examples
///
/// ```
/// use chainsim_stats::Marginal;
///
/// let growth = Marginal::pert(0.01, 0.03, 0.08)?;
/// assert!((growth.mean() - (0.01 + 4.0 * 0.03 + 0.08) / 6.0).abs() < 1e-15);
/// let median = growth.from_std_normal(0.0);
/// assert!((growth.cdf(median) - 0.5).abs() < 1e-12);
/// if let Marginal::Pert(pert) = &growth {
///     assert_eq!(pert.mode(), 0.03);
/// }
/// # Ok::<(), chainsim_stats::MarginalError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Marginal {
    /// A known constant.
    Fixed(Fixed),
    /// Normal with the given mean and standard deviation.
    Normal(Normal),
    /// Normal(mean, sd) conditioned on [min, max].
    TruncatedNormal(TruncatedNormal),
    /// exp(mu + sigma·Z) for standard normal Z.
    LogNormal(LogNormal),
    /// Uniform on [min, max].
    Uniform(Uniform),
    /// Triangular on [min, max] with the given mode.
    Triangular(Triangular),
    /// Standard PERT: a Beta on [min, max] whose mode is the given one.
    Pert(Pert),
    /// The distribution of a sample, with Hyndman & Fan's type 7 quantile.
    Empirical(Empirical),
    /// Finitely many values with given probabilities.
    Discrete(Discrete),
    /// A mixture of normals.
    Mixture(Mixture),
}

impl Marginal {
    /// A known constant (see [`Fixed`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] if `value` is NaN or infinite.
    pub fn fixed(value: f64) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Fixed(Fixed::new(value)?))
    }

    /// Normal with mean `mean` and standard deviation `sd` (see [`Normal`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite mean, [`MarginalError::NotPositive`] unless
    /// `sd` is positive and finite (use [`Marginal::fixed`] for a constant).
    pub fn normal(mean: f64, sd: f64) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Normal(Normal::new(mean, sd)?))
    }

    /// Normal(`mean`, `sd`) conditioned on [`min`, `max`] (see [`TruncatedNormal`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite mean or bound, [`MarginalError::NotPositive`]
    /// unless `sd` is positive and finite, [`MarginalError::EmptyRange`] unless `min < max`, and
    /// [`MarginalError::NegligibleMass`] if the interval's probability underflows (it lies more
    /// than about 37 standard deviations from the mean).
    pub fn truncated_normal(
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
    ) -> Result<Marginal, MarginalError> {
        Ok(Marginal::TruncatedNormal(TruncatedNormal::new(
            mean, sd, min, max,
        )?))
    }

    /// Lognormal: exp(`mu` + `sigma`·Z) for standard normal Z (see [`LogNormal`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite `mu`, [`MarginalError::NotPositive`] unless
    /// `sigma` is positive and finite.
    pub fn lognormal(mu: f64, sigma: f64) -> Result<Marginal, MarginalError> {
        Ok(Marginal::LogNormal(LogNormal::new(mu, sigma)?))
    }

    /// Uniform on [`min`, `max`] (see [`Uniform`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite bound, [`MarginalError::EmptyRange`] unless
    /// `min < max`.
    pub fn uniform(min: f64, max: f64) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Uniform(Uniform::new(min, max)?))
    }

    /// Triangular on [`min`, `max`] peaking at `mode` (see [`Triangular`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite parameter, [`MarginalError::EmptyRange`]
    /// unless `min < max`, [`MarginalError::ModeOutsideRange`] unless `min ≤ mode ≤ max`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Triangular(Triangular::new(min, mode, max)?))
    }

    /// Standard PERT on [`min`, `max`] with the given `mode` (see [`Pert`]).
    ///
    /// # Errors
    ///
    /// [`MarginalError::NotFinite`] for a non-finite parameter, [`MarginalError::EmptyRange`]
    /// unless `min < max`, [`MarginalError::ModeOutsideRange`] unless `min ≤ mode ≤ max`.
    pub fn pert(min: f64, mode: f64, max: f64) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Pert(Pert::new(min, mode, max)?))
    }

    /// The distribution of a sample, with Hyndman & Fan's type 7 quantile (see
    /// [`Empirical`]); `values` need not be sorted.
    ///
    /// Its cdf is the piecewise-linear inverse of that quantile function, and its mean the
    /// trapezoid (x₍₀₎/2 + x₍₁₎ + … + x₍ₙ₋₂₎ + x₍ₙ₋₁₎/2)/(n − 1), which differs from the sample
    /// mean by O(range/n).
    ///
    /// # Errors
    ///
    /// [`MarginalError::TooFewValues`] below 2 values, [`MarginalError::ValueNotFinite`] and
    /// [`MarginalError::ConstantSample`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::Marginal;
    ///
    /// let growth = Marginal::empirical(vec![0.031, 0.012, 0.025, -0.004, 0.018])?;
    /// assert!((growth.quantile(0.5) - 0.018).abs() < 1e-15);
    /// assert!((growth.quantile(0.125) - 0.004).abs() < 1e-15);
    /// # Ok::<(), chainsim_stats::MarginalError>(())
    /// ```
    pub fn empirical(values: Vec<f64>) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Empirical(Empirical::new(values)?))
    }

    /// The distribution taking `values[k]` with probability `probabilities[k]` (see
    /// [`Discrete`]).
    ///
    /// Values may come in any order; probabilities must be non-negative and sum to 1 within
    /// 1e-9 (they are then rescaled to sum to 1 exactly). The quantile is the smallest value
    /// whose cdf reaches p.
    ///
    /// # Errors
    ///
    /// [`MarginalError::TooFewValues`] for an empty list, [`MarginalError::LengthMismatch`],
    /// [`MarginalError::ValueNotFinite`], [`MarginalError::DuplicateValue`],
    /// [`MarginalError::BadProbability`] and [`MarginalError::ProbabilitySum`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::Marginal;
    ///
    /// let plants = Marginal::discrete(vec![3.0, 1.0, 2.0], vec![0.2, 0.5, 0.3])?;
    /// assert_eq!(plants.quantile(0.5), 1.0);
    /// assert_eq!(plants.quantile(0.51), 2.0);
    /// assert!((plants.mean() - 1.7).abs() < 1e-15);
    /// # Ok::<(), chainsim_stats::MarginalError>(())
    /// ```
    pub fn discrete(values: Vec<f64>, probabilities: Vec<f64>) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Discrete(Discrete::new(values, probabilities)?))
    }

    /// A mixture of normals: Normal(`means[k]`, `sds[k]`) with probability `weights[k]` (see
    /// [`Mixture`]).
    ///
    /// Weights must be non-negative and sum to 1 within 1e-9; they are then rescaled to sum to
    /// 1 up to rounding. Its cdf is Σ wₖ Φ((x − μₖ)/σₖ) and its mean Σ wₖ μₖ; the quantile has
    /// no closed form and is found by Newton's method safeguarded by bisection.
    ///
    /// # Errors
    ///
    /// [`MarginalError::ComponentCountMismatch`] unless the three lists have the same length,
    /// [`MarginalError::TooFewValues`] if they are empty, [`MarginalError::BadProbability`]
    /// and [`MarginalError::ProbabilitySum`] for the weights, and
    /// [`MarginalError::BadComponent`] for a non-finite mean or an sd that is not positive and
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::Marginal;
    ///
    /// // Ordinary years grow about 10%; a poor winter (one year in five) shrinks output.
    /// let growth = Marginal::mixture(vec![0.8, 0.2], vec![0.10, -0.08], vec![0.03, 0.05])?;
    /// assert!((growth.mean() - 0.064).abs() < 1e-15);
    /// let median = growth.from_std_normal(0.0);
    /// assert!((growth.cdf(median) - 0.5).abs() < 1e-12);
    /// # Ok::<(), chainsim_stats::MarginalError>(())
    /// ```
    pub fn mixture(
        weights: Vec<f64>,
        means: Vec<f64>,
        sds: Vec<f64>,
    ) -> Result<Marginal, MarginalError> {
        Ok(Marginal::Mixture(Mixture::new(weights, means, sds)?))
    }

    /// True for a [`Marginal::Fixed`] constant or a one-value [`Marginal::Discrete`], which
    /// need no random input.
    #[must_use]
    pub fn is_degenerate(&self) -> bool {
        match self {
            Marginal::Fixed(_) => true,
            Marginal::Discrete(d) => d.is_degenerate(),
            _ => false,
        }
    }

    /// The smallest and largest possible values; infinite where unbounded.
    #[must_use]
    pub fn support(&self) -> (f64, f64) {
        match self {
            Marginal::Fixed(d) => d.support(),
            Marginal::Normal(d) => d.support(),
            Marginal::TruncatedNormal(d) => d.support(),
            Marginal::LogNormal(d) => d.support(),
            Marginal::Uniform(d) => d.support(),
            Marginal::Triangular(d) => d.support(),
            Marginal::Pert(d) => d.support(),
            Marginal::Empirical(d) => d.support(),
            Marginal::Discrete(d) => d.support(),
            Marginal::Mixture(d) => d.support(),
        }
    }

    /// The expectation, from its closed form.
    ///
    /// Truncated normal: μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)) with α, β the standardized bounds;
    /// lognormal: exp(mu + sigma²/2); PERT: (min + 4·mode + max)/6; mixture: Σ wₖ μₖ.
    #[must_use]
    pub fn mean(&self) -> f64 {
        match self {
            Marginal::Fixed(d) => d.mean(),
            Marginal::Normal(d) => d.mean(),
            Marginal::TruncatedNormal(d) => d.mean(),
            Marginal::LogNormal(d) => d.mean(),
            Marginal::Uniform(d) => d.mean(),
            Marginal::Triangular(d) => d.mean(),
            Marginal::Pert(d) => d.mean(),
            Marginal::Empirical(d) => d.mean(),
            Marginal::Discrete(d) => d.mean(),
            Marginal::Mixture(d) => d.mean(),
        }
    }

    /// The distribution function P(X ≤ x).
    #[must_use]
    pub fn cdf(&self, x: f64) -> f64 {
        match self {
            Marginal::Fixed(d) => d.cdf(x),
            Marginal::Normal(d) => d.cdf(x),
            Marginal::TruncatedNormal(d) => d.cdf(x),
            Marginal::LogNormal(d) => d.cdf(x),
            Marginal::Uniform(d) => d.cdf(x),
            Marginal::Triangular(d) => d.cdf(x),
            Marginal::Pert(d) => d.cdf(x),
            Marginal::Empirical(d) => d.cdf(x),
            Marginal::Discrete(d) => d.cdf(x),
            Marginal::Mixture(d) => d.cdf(x),
        }
    }

    /// The quantile function (inverse cdf) at probability `p`.
    ///
    /// `p = 0` and `p = 1` give the ends of the [support](Marginal::support); `p` outside
    /// [0, 1] or NaN gives NaN. For probabilities very close to 1 prefer
    /// [`Marginal::from_std_normal`], which does not lose the digits of 1 − p.
    #[must_use]
    pub fn quantile(&self, p: f64) -> f64 {
        match self {
            Marginal::Fixed(d) => d.quantile(p),
            Marginal::Normal(d) => d.quantile(p),
            Marginal::TruncatedNormal(d) => d.quantile(p),
            Marginal::LogNormal(d) => d.quantile(p),
            Marginal::Uniform(d) => d.quantile(p),
            Marginal::Triangular(d) => d.quantile(p),
            Marginal::Pert(d) => d.quantile(p),
            Marginal::Empirical(d) => d.quantile(p),
            Marginal::Discrete(d) => d.quantile(p),
            Marginal::Mixture(d) => d.quantile(p),
        }
    }

    /// The value whose cdf is Φ(`z`): the Gaussian-copula transform of a standard normal draw.
    ///
    /// Equal to `quantile(std_normal_cdf(z))` but computed directly (normal: mean + sd·z;
    /// lognormal: exp(mu + sigma·z)) or from Φ(z) and Φ(−z) together, so that draws far in
    /// either tail, and truncation intervals far from the mean, keep full precision.
    #[must_use]
    #[inline]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        // The laws without a closed-form map share one arm rather than having one each: with
        // a single call in it, the match stays small enough for the compiler to hoist it out
        // of a loop of draws from one marginal. With an arm per law it dispatched every draw,
        // and 1,000 normal draws took 2.6 times the instructions under Callgrind (counted as
        // benches/gate's copula_map counts them).
        match self {
            Marginal::Fixed(d) => d.from_std_normal(z),
            Marginal::Normal(d) => d.from_std_normal(z),
            Marginal::LogNormal(d) => d.from_std_normal(z),
            Marginal::Mixture(d) => d.from_std_normal(z),
            _ => {
                let (p, q) = std_normal_cdf_pair(z);
                self.quantile_split(p, q)
            }
        }
    }

    /// The quantile at lower-tail probability `p`, given also its complement `q` = 1 − p, of a
    /// law that [`Marginal::from_std_normal`] maps through Φ(z) and Φ(−z).
    fn quantile_split(&self, p: f64, q: f64) -> f64 {
        match self {
            Marginal::TruncatedNormal(d) => d.quantile_split(p, q),
            Marginal::Uniform(d) => d.quantile_split(p, q),
            Marginal::Triangular(d) => d.quantile_split(p, q),
            Marginal::Pert(d) => d.quantile_split(p, q),
            Marginal::Empirical(d) => d.quantile_split(p, q),
            Marginal::Discrete(d) => d.smallest_reaching(p),
            Marginal::Fixed(_)
            | Marginal::Normal(_)
            | Marginal::LogNormal(_)
            | Marginal::Mixture(_) => {
                unreachable!("from_std_normal maps {self:?} in closed form")
            }
        }
    }
}

/// Samples by inversion of a uniform draw on (0, 1).
///
/// The engine samples through [`Marginal::from_std_normal`] so that inputs can be correlated;
/// this is for independent draws.
impl Distribution<f64> for Marginal {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = Open01.sample(rng);
        self.quantile(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normal::std_normal_cdf;
    use crate::stream::run_rng;
    use approx::assert_relative_eq;
    use proptest::prelude::*;
    use rand::RngExt;
    use rand_distr::StandardNormal;

    /// Tolerance for quantities that are exact up to a few roundings.
    pub(super) const TIGHT: f64 = 1e-13;

    /// Checks that each constructor call fails with the error message given.
    pub(super) fn check_errors<const N: usize>(
        cases: [(Result<Marginal, MarginalError>, &str); N],
    ) {
        for (result, message) in cases {
            assert_eq!(result.unwrap_err().to_string(), message);
        }
    }

    fn all_kinds() -> Vec<Marginal> {
        vec![
            Marginal::normal(2.0, 0.5).unwrap(),
            Marginal::truncated_normal(0.02, 0.05, -0.03, 0.1).unwrap(),
            Marginal::truncated_normal(0.0, 1.0, 2.0, 3.0).unwrap(),
            Marginal::lognormal(0.1, 0.4).unwrap(),
            Marginal::uniform(-1.0, 3.0).unwrap(),
            Marginal::triangular(0.0, 1.0, 4.0).unwrap(),
            Marginal::triangular(0.0, 0.0, 1.0).unwrap(),
            Marginal::pert(0.01, 0.03, 0.08).unwrap(),
            Marginal::pert(0.0, 0.0, 1.0).unwrap(),
            Marginal::pert(0.0, 1.0, 1.0).unwrap(),
            Marginal::empirical(vec![0.3, -0.2, 1.5, 0.9, 0.1, 0.45, 2.2]).unwrap(),
            mixture::tests::poor_winter(),
            Marginal::mixture(
                vec![0.5, 0.3, 0.2],
                vec![-1.0, 2.0, 6.0],
                vec![0.5, 1.0, 0.2],
            )
            .unwrap(),
        ]
    }

    #[test]
    fn degenerate_and_support() {
        let fixed = Marginal::fixed(3.5).unwrap();
        assert!(fixed.is_degenerate());
        assert_eq!(fixed.support(), (3.5, 3.5));
        assert_relative_eq!(fixed.from_std_normal(1.7), 3.5);
        assert!(!Marginal::normal(0.0, 1.0).unwrap().is_degenerate());
        assert_eq!(
            Marginal::lognormal(0.0, 1.0).unwrap().support(),
            (0.0, f64::INFINITY)
        );
        assert_eq!(Marginal::pert(1.0, 2.0, 4.0).unwrap().support(), (1.0, 4.0));
    }

    /// ∫₀¹ Q(p) dp by the midpoint rule, which equals the mean for any distribution.
    fn mean_by_quadrature(m: &Marginal) -> f64 {
        let n = 200_000;
        let h = 1.0 / f64::from(n);
        (0..n)
            .map(|i| m.quantile((f64::from(i) + 0.5) * h))
            .sum::<f64>()
            * h
    }

    #[test]
    fn closed_form_means_agree_with_the_quantile_function() {
        // The means are closed forms: PERT (min + 4 mode + max)/6 (Malcolm et al. 1959),
        // triangular (a + b + c)/3, lognormal exp(μ + σ²/2), truncated normal
        // μ + σ(φ(α) − φ(β))/(Φ(β) − Φ(α)) (Johnson, Kotz & Balakrishnan, 1994, eq. 13.134).
        // Integrating the quantile function is an independent route to the same number.
        let cases = [
            (
                Marginal::pert(0.01, 0.03, 0.08).unwrap(),
                (0.01 + 0.12 + 0.08) / 6.0,
            ),
            (Marginal::pert(0.0, 0.0, 1.0).unwrap(), 1.0 / 6.0),
            (Marginal::triangular(0.0, 1.0, 4.0).unwrap(), 5.0 / 3.0),
            (Marginal::uniform(-1.0, 3.0).unwrap(), 1.0),
        ];
        for (m, expected) in &cases {
            assert_relative_eq!(m.mean(), *expected, max_relative = TIGHT);
            // Q(p) behaves like (1 − p)^{1/β} at the ends (β = 5 for PERT(0, 0, 1)), which
            // limits the midpoint rule to about h^{1.2} ≈ 4e-7 with h = 5e-6.
            assert_relative_eq!(mean_by_quadrature(m), *expected, max_relative = 1e-6);
        }
        // Unbounded and truncated laws: the midpoint rule misses part of the tails, so a
        // looser tolerance.
        for m in all_kinds() {
            assert_relative_eq!(mean_by_quadrature(&m), m.mean(), max_relative = 1e-5);
        }
    }

    #[test]
    fn quantile_inverts_cdf() {
        for m in all_kinds() {
            for i in 1..200 {
                let p = f64::from(i) / 200.0;
                let x = m.quantile(p);
                assert_relative_eq!(m.cdf(x), p, max_relative = 1e-10, epsilon = 1e-13);
            }
        }
    }

    #[test]
    fn from_std_normal_is_quantile_of_phi() {
        for m in all_kinds() {
            for i in -40..=40 {
                let z = f64::from(i) * 0.1;
                let (lo, hi) = m.support();
                let x = m.from_std_normal(z);
                assert!(x >= lo && x <= hi);
                let scale = m.quantile(0.75) - m.quantile(0.25);
                assert!(
                    (x - m.quantile(std_normal_cdf(z))).abs() <= 1e-10 * scale,
                    "{m:?} at z = {z}"
                );
            }
        }
    }

    #[test]
    fn quantile_endpoints_and_bad_probabilities() {
        let m = Marginal::pert(1.0, 2.0, 5.0).unwrap();
        assert_relative_eq!(m.quantile(0.0), 1.0);
        assert_relative_eq!(m.quantile(1.0), 5.0);
        assert!(m.quantile(-0.1).is_nan());
        assert!(m.quantile(f64::NAN).is_nan());
        let n = Marginal::normal(0.0, 1.0).unwrap();
        assert!(n.quantile(0.0).is_infinite());
    }

    #[test]
    fn sample_means_of_copula_draws_match_closed_forms() {
        // 100,000 draws of from_std_normal(Z): the sample mean must lie within 4 standard
        // errors of the closed-form mean (a 4σ event has probability 6e-5 per check).
        let n = 100_000;
        for (k, m) in all_kinds().into_iter().enumerate() {
            let mut rng = run_rng(20_240_501, k as u64);
            let draws: Vec<f64> = (0..n)
                .map(|_| m.from_std_normal(rng.sample(StandardNormal)))
                .collect();
            let mean = draws.iter().sum::<f64>() / f64::from(n);
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n - 1);
            let se = (var / f64::from(n)).sqrt();
            assert!(
                (mean - m.mean()).abs() <= 4.0 * se,
                "{m:?}: sample mean {mean}, closed form {}, se {se}",
                m.mean()
            );
        }
    }

    #[test]
    fn distribution_impl_samples_the_marginal() {
        let m = Marginal::triangular(0.0, 1.0, 4.0).unwrap();
        let mut rng = run_rng(5, 0);
        let n = 100_000;
        let mean = (0..n).map(|_| m.sample(&mut rng)).sum::<f64>() / f64::from(n);
        // Var of Triangular(a, c, b) = (a² + b² + c² − ab − ac − bc)/18 = 13/18.
        let se = (13.0 / 18.0 / f64::from(n)).sqrt();
        assert!((mean - 5.0 / 3.0).abs() <= 4.0 * se);
    }

    fn any_marginal() -> impl Strategy<Value = Marginal> {
        let lmh = (-100.0..100.0f64, 0.0..1.0f64, 1e-3..50.0f64);
        prop_oneof![
            lmh.clone()
                .prop_map(|(min, t, w)| Marginal::pert(min, min + t * w, min + w).unwrap()),
            lmh.clone()
                .prop_map(|(min, t, w)| Marginal::triangular(min, min + t * w, min + w).unwrap()),
            (-10.0..10.0f64, 0.01..5.0f64, -3.0..3.0f64, 0.01..4.0f64).prop_map(
                |(mean, sd, lo, w)| {
                    let min = mean + lo * sd;
                    Marginal::truncated_normal(mean, sd, min, min + w * sd).unwrap()
                }
            ),
            (-1.0..1.0f64, 0.01..2.0f64).prop_map(|(mu, s)| Marginal::lognormal(mu, s).unwrap()),
            (-5.0..5.0f64, 0.01..5.0f64).prop_map(|(m, s)| Marginal::normal(m, s).unwrap()),
            (
                0.0..1.0f64,
                -5.0..5.0f64,
                0.01..5.0f64,
                -5.0..5.0f64,
                0.01..5.0f64
            )
                .prop_map(|(w, m1, s1, m2, s2)| {
                    Marginal::mixture(vec![w, 1.0 - w], vec![m1, m2], vec![s1, s2]).unwrap()
                }),
        ]
    }

    proptest! {
        #[test]
        fn quantile_is_monotone_in_p(m in any_marginal(), p in 0.0..1.0f64, dp in 0.0..0.5f64) {
            let q = (p + dp).min(1.0);
            prop_assert!(m.quantile(p) <= m.quantile(q), "{m:?}: Q({p}) > Q({q})");
        }

        #[test]
        fn from_std_normal_is_monotone_in_z(m in any_marginal(), z in -9.0..9.0f64, dz in 0.0..3.0f64) {
            // Monotone up to rounding: in a far tail (Φ(−z) ≈ 1e-19) two maps of a truncated
            // normal can land one ulp apart in the wrong order next to the bound.
            let (a, b) = (m.from_std_normal(z), m.from_std_normal(z + dz));
            let slack = 4.0 * f64::EPSILON * a.abs().max(b.abs());
            prop_assert!(a <= b + slack, "{m:?}: x({z}) = {a} > x({}) = {b}", z + dz);
        }
    }
}
