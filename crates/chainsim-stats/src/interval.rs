//! Confidence intervals for a probability estimated from Monte Carlo runs.
//!
//! The Wilson score interval (E. B. Wilson, "Probable inference, the law of succession, and
//! statistical inference", JASA 22 (1927) 209–212) keeps close to nominal coverage for small
//! counts and for probabilities near 0 or 1, where the Wald interval p̂ ± z√(p̂(1 − p̂)/n)
//! collapses to a point; Newcombe (1998) compares the two.

/// The two-sided 95% standard normal quantile Φ⁻¹(0.975).
pub const Z_95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for a binomial proportion: `successes` out of `trials`, at the
/// two-sided level whose normal quantile is `z` (use [`Z_95`] for 95%).
///
/// The interval is (c − h, c + h) with c = (x + z²/2)/(n + z²) and
/// h = z/(n + z²)·√(x(n − x)/n + z²/4). It is clamped to [0, 1], its lower end is exactly 0
/// when `successes` is 0 and its upper end exactly 1 when `successes` equals `trials`. With no
/// trials nothing is known and the result is (0, 1). A negative `z` is treated as its absolute
/// value.
///
/// # Panics
///
/// If `successes > trials`.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{Z_95, wilson_interval};
///
/// let (lo, hi) = wilson_interval(81, 263, Z_95);
/// assert!((lo - 0.2553).abs() < 5e-5 && (hi - 0.3662).abs() < 5e-5);
/// ```
#[must_use]
pub fn wilson_interval(successes: u64, trials: u64, z: f64) -> (f64, f64) {
    assert!(
        successes <= trials,
        "wilson_interval: {successes} successes out of {trials} trials"
    );
    if trials == 0 {
        return (0.0, 1.0);
    }
    let (x, n) = (successes as f64, trials as f64);
    let z2 = z * z;
    let centre = (x + 0.5 * z2) / (n + z2);
    let half = z.abs() / (n + z2) * (x * (n - x) / n + 0.25 * z2).sqrt();
    let lower = if successes == 0 {
        0.0
    } else {
        (centre - half).clamp(0.0, 1.0)
    };
    let upper = if successes == trials {
        1.0
    } else {
        (centre + half).clamp(0.0, 1.0)
    };
    (lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normal::std_normal_quantile;
    use approx::assert_relative_eq;

    /// Newcombe's table prints four decimals.
    const TABLE_DECIMALS: f64 = 5e-5;

    #[test]
    fn newcombe_1998_table_1_wilson_score() {
        // R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison
        // of seven methods", Statistics in Medicine 17 (1998) 857–872, Table I, method 3
        // (score method without continuity correction).
        let table = [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ];
        for (x, n, lo, hi) in table {
            let (l, h) = wilson_interval(x, n, Z_95);
            assert!((l - lo).abs() < TABLE_DECIMALS, "{x}/{n}: lower {l}");
            assert!((h - hi).abs() < TABLE_DECIMALS, "{x}/{n}: upper {h}");
        }
    }

    #[test]
    fn z_95_is_the_normal_quantile() {
        assert_relative_eq!(Z_95, std_normal_quantile(0.975), max_relative = 1e-15);
    }

    #[test]
    fn edge_counts() {
        assert_eq!(wilson_interval(0, 0, Z_95), (0.0, 1.0));
        let (lo, _) = wilson_interval(0, 20, Z_95);
        assert_eq!(lo.to_bits(), 0f64.to_bits());
        let (_, hi) = wilson_interval(29, 29, Z_95);
        assert_eq!(hi.to_bits(), 1f64.to_bits());
        // For x = 0 the upper end has the closed form z²/(n + z²).
        let (_, hi) = wilson_interval(0, 20, Z_95);
        assert_relative_eq!(hi, Z_95 * Z_95 / (20.0 + Z_95 * Z_95), max_relative = 1e-15);
    }

    #[test]
    fn interval_is_symmetric_under_swapping_successes_and_failures() {
        for (x, n) in [(1, 29), (15, 148), (81, 263), (0, 7)] {
            let (lo, hi) = wilson_interval(x, n, Z_95);
            let (lo2, hi2) = wilson_interval(n - x, n, Z_95);
            assert_relative_eq!(lo, 1.0 - hi2, epsilon = 1e-15);
            assert_relative_eq!(hi, 1.0 - lo2, epsilon = 1e-15);
        }
    }

    #[test]
    #[should_panic(expected = "5 successes out of 4 trials")]
    fn more_successes_than_trials_panics() {
        let _ = wilson_interval(5, 4, Z_95);
    }
}
