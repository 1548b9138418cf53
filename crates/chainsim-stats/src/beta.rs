//! The regularized incomplete beta function and its inverse, for the PERT marginal.
//!
//! statrs 0.19 ships `beta_reg` and `inv_beta_reg` (AS 109), but the inverse's lower tail is
//! known to stall or lose monotonicity for small probabilities (statrs issue #435), which a
//! copula pushes into, and both call the platform's `exp` and `ln`, which differ in their last
//! bits from one C library, or one processor's version of it, to another. So the function is
//! computed here by the textbook continued fraction (Numerical Recipes §6.4, modified Lentz)
//! on the `libm` crate's functions, the same bits on every machine, and inverted by a Newton
//! iteration kept inside a shrinking bracket, always on the smaller of the two tail
//! probabilities so neither tail cancels.

/// Iterations of the continued fraction: it converges in O(√max(a, b)) terms, so this is far
/// more than a PERT law's shapes (at most 5) need.
const CONTINUED_FRACTION_TERMS: usize = 300;

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
pub(crate) fn ln_beta(a: f64, b: f64) -> f64 {
    libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
}

/// The regularized incomplete beta function I_x(a, b), for a, b > 0 and x in [0, 1] (0
/// below, 1 above).
///
/// I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))), evaluated where
/// it converges fast (x below the mean-like point (a + 1)/(a + b + 2)) and otherwise as
/// 1 − I_{1−x}(b, a).
pub(crate) fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    beta_reg_given(a, b, ln_beta(a, b), x)
}

/// [`beta_reg`] given ln B(a, b) (= ln B(b, a)), for a caller that evaluates it at many x.
fn beta_reg_given(a: f64, b: f64, ln_b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    if x >= (a + 1.0) / (a + b + 2.0) {
        return 1.0 - beta_reg_fraction(b, a, ln_b, 1.0 - x);
    }
    beta_reg_fraction(a, b, ln_b, x)
}

/// I_x(a, b) by its continued fraction, for x < (a + 1)/(a + b + 2).
fn beta_reg_fraction(a: f64, b: f64, ln_b: f64, x: f64) -> f64 {
    let front = crate::exp(a * libm::log(x) + b * libm::log1p(-x) - ln_b) / a;
    let tiny = f64::MIN_POSITIVE / f64::EPSILON;
    let guard = |v: f64| if v.abs() < tiny { tiny } else { v };
    // Lentz: f = 1/(1 + d₁/(1 + d₂/…)), with c and d the ratios of successive convergents.
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut f = d;
    for m in 1..=CONTINUED_FRACTION_TERMS {
        let m = m as f64;
        // The even term d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)), then the odd one
        // d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        f *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let step = d * c;
        f *= step;
        if (step - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    front * f
}

/// Iteration cap; Newton from the starting point below converges in well under ten steps, so
/// this only bounds the bisection fallback (whose bracket halves each time).
const MAX_ITER: usize = 200;

/// Returns x in [0, 1] with I_x(a, b) = p, given p and its complement q = 1 − p.
///
/// Passing both lets the caller keep full relative accuracy in the upper tail (q tiny),
/// where q cannot be recovered from p. Requires a > 0 and b > 0.
pub(crate) fn inverse_beta_reg(a: f64, b: f64, p: f64, q: f64) -> f64 {
    if p <= q {
        lower(a, b, p)
    } else {
        // 1 − I_x(a, b) = I_{1−x}(b, a).
        1.0 - lower(b, a, q)
    }
}

/// Solves I_x(a, b) = p for p ≤ 1/2.
fn lower(a: f64, b: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    // The two shapes with closed forms, exact and cheap.
    if (a - 1.0).abs() < f64::EPSILON {
        // I_x(1, b) = 1 − (1 − x)^b.
        return -libm::expm1(libm::log1p(-p) / b);
    }
    if (b - 1.0).abs() < f64::EPSILON {
        // I_x(a, 1) = x^a.
        return libm::pow(p, 1.0 / a);
    }
    let ln_b = ln_beta(a, b);
    let density =
        |x: f64| crate::exp((a - 1.0) * libm::log(x) + (b - 1.0) * libm::log1p(-x) - ln_b);

    // For small x, I_x(a, b) ≈ x^a / (a B(a, b)), which is exact in the limit p → 0.
    let mut x = crate::exp((libm::log(p) + libm::log(a) + ln_b) / a);
    if !(x > 0.0 && x < 1.0) {
        x = 0.5;
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..MAX_ITER {
        let f = beta_reg_given(a, b, ln_b, x) - p;
        if f < 0.0 {
            lo = x;
        } else if f > 0.0 {
            hi = x;
        } else {
            return x;
        }
        let newton = x - f / density(x);
        let next = if newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - x).abs() <= 4.0 * f64::EPSILON * x || hi - lo <= 4.0 * f64::EPSILON * hi {
            return next;
        }
        x = next;
    }
    x
}

#[cfg(test)]
// References keep the digits their source printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    /// Relative tolerance for beta quantiles against 30-digit references.
    const REL: f64 = 1e-12;

    fn quantile(a: f64, b: f64, p: f64) -> f64 {
        inverse_beta_reg(a, b, p, 1.0 - p)
    }

    #[test]
    fn incomplete_beta_has_its_closed_forms() {
        // I_x(1, b) = 1 − (1 − x)^b, I_x(a, 1) = x^a, I_x(2, 2) = 3x² − 2x³ and
        // I_{1/2}(a, a) = 1/2, on both sides of the continued fraction's switch point.
        for x in [1e-9, 0.01, 0.2, 0.5, 0.73, 0.99, 1.0 - 1e-9] {
            let one_b = 1.0 - (1.0 - x) * (1.0 - x) * (1.0 - x);
            assert_relative_eq!(beta_reg(1.0, 3.0, x), one_b, max_relative = 1e-13);
            assert_relative_eq!(
                beta_reg(2.5, 1.0, x),
                x * x * x.sqrt(),
                max_relative = 1e-13
            );
            let cubic = 3.0 * x * x - 2.0 * x * x * x;
            assert_relative_eq!(beta_reg(2.0, 2.0, x), cubic, max_relative = 1e-13);
        }
        for a in [1.2, 2.0, 3.7, 5.0] {
            assert_relative_eq!(beta_reg(a, a, 0.5), 0.5, max_relative = 1e-14);
        }
        assert_eq!(beta_reg(2.0, 3.0, 0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(beta_reg(2.0, 3.0, 1.0).to_bits(), 1.0f64.to_bits());
    }

    #[test]
    fn incomplete_beta_agrees_with_statrs() {
        // statrs 0.19's beta_reg (the same continued fraction on the platform's exp and ln,
        // and its own ln Γ) on PERT's shapes 1 + 4 (mode − min)/(max − min) ∈ (1, 5).
        for a in [1.1, 1.5, 2.2, 3.0, 4.4, 4.9] {
            for b in [1.1, 1.8, 2.6, 3.9, 4.9] {
                for k in 1..100 {
                    let x = f64::from(k) / 100.0;
                    let peer = statrs::function::beta::beta_reg(a, b, x);
                    let ours = beta_reg(a, b, x);
                    assert!(
                        (ours - peer).abs() <= 1e-13 * peer.max(1e-300),
                        "I_{x}({a}, {b}): {ours} vs statrs {peer}"
                    );
                }
            }
        }
    }

    #[test]
    fn symmetric_beta_median_is_one_half() {
        // Beta(a, a) is symmetric about 1/2.
        for a in [1.5, 2.0, 3.0, 4.5] {
            assert_relative_eq!(quantile(a, a, 0.5), 0.5, max_relative = REL);
        }
    }

    #[test]
    fn beta_2_2_has_a_cubic_cdf() {
        // I_x(2, 2) = 3x² − 2x³ (integrate 6t(1 − t)); check the cdf at the returned root.
        for p in [1e-12, 1e-6, 0.01, 0.1, 0.3, 0.7, 0.9, 0.999] {
            let x = quantile(2.0, 2.0, p);
            assert_relative_eq!(3.0 * x * x - 2.0 * x * x * x, p, max_relative = 1e-12);
        }
    }

    #[test]
    fn beta_2_5_matches_high_precision_quantiles() {
        // Beta(2, 5) quantiles from mpmath 1.3 at 40 digits: findroot (anderson, bracket
        // [0.001, 0.999]) on betainc(2, 5, 0, x, regularized=True) = p.
        let table = [
            (0.05, 0.062_849_891_708_354_382),
            (0.25, 0.161_162_916_790_326_52),
            (0.5, 0.264_449_983_295_659_96),
            (0.75, 0.389_479_485_200_724_43),
            (0.95, 0.581_803_409_252_025_83),
        ];
        for (p, expected) in table {
            assert_relative_eq!(quantile(2.0, 5.0, p), expected, max_relative = REL);
        }
    }

    #[test]
    fn closed_form_shapes() {
        // Beta(1, b): x = 1 − (1 − p)^{1/b}; Beta(a, 1): x = p^{1/a}.
        assert_relative_eq!(
            quantile(1.0, 5.0, 0.5),
            1.0 - 0.5f64.powf(0.2),
            max_relative = REL
        );
        assert_relative_eq!(
            quantile(5.0, 1.0, 0.5),
            0.5f64.powf(0.2),
            max_relative = REL
        );
    }

    #[test]
    fn tails_are_accurate() {
        // In the lower tail I_x(a, b) = x^a/(a B) (1 + O(x)), so for p = 1e-30 the root of
        // Beta(3, 3) is (3 B(3, 3) p)^{1/3} = (p/10)^{1/3} to about 1e-10 relative
        // (B(3, 3) = Γ(3)²/Γ(6) = 1/30).
        let x = quantile(3.0, 3.0, 1e-30);
        assert_relative_eq!(x, (1e-30f64 / 10.0).cbrt(), max_relative = 1e-9);
        // By symmetry, the upper tail given through its complement mirrors it.
        let y = inverse_beta_reg(3.0, 3.0, 1.0 - 1e-30, 1e-30);
        assert_relative_eq!(1.0 - y, x, max_relative = 1e-6);
    }
}
