//! e^x in plain arithmetic: the same bits on every machine, and a loop over many x
//! vectorises.
//!
//! The platform's `exp` is not the same function everywhere: glibc picks one of several
//! versions by the processor's features, and they differ in the last bit for some x, which
//! changes a simulation's means in their last digits from one machine to the next. The `libm`
//! crate's `exp` (FreeBSD's) is the same everywhere but divides and branches, which keeps the
//! engine's loops over runs from vectorising. This one is Cody & Waite's reduction and a
//! polynomial, with no branch, no table and no division: x = k ln 2 + r with |r| ≤ ln 2 / 2,
//! e^r by its Taylor series to r¹³/13! (truncation below 2⁻⁵⁸ of the result; evaluated by
//! Estrin's scheme, for a short chain of dependent operations), and 2^k as two
//! exact powers of two, so that results down to the subnormals and up to ∞ need no test. Every
//! step is an IEEE addition or multiplication, which Rust never fuses, so the result is a
//! function of x alone. Within 2 ulp of the `libm` crate's `exp` (itself within 1 ulp of the
//! correctly rounded value) over 2 million points from −745 to 709.7, in the tests.

/// ln 2 to 32 bits (6.93147180369123816490e-1), so that k · `LN2_HI` is exact for the k of
/// any x here: FreeBSD's `ln2HI`.
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
/// ln 2 − `LN2_HI` (1.90821492927058770002e-10): FreeBSD's `ln2LO`.
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
/// 1 / ln 2.
const INV_LN2: f64 = std::f64::consts::LOG2_E;
/// 1.5 · 2⁵²: adding it rounds a number below 2⁵¹ in magnitude to an integer, which then
/// sits in the low bits of the sum.
const ROUND: f64 = 6_755_399_441_055_744.0;
/// Beyond these e^x is ∞ or 0 (e^709.79 overflows, e^−745.14 underflows to 0); clamping to
/// them keeps k within the two powers of two's range.
const CLAMP: (f64, f64) = (-746.0, 710.0);
/// 1/n! for n = 2 … 13, the Taylor coefficients of e^r after 1 + r.
const INVERSE_FACTORIALS: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5_040.0,
    1.0 / 40_320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// e^x: ∞ above 709.78, 0 below −745.13, NaN for NaN.
///
/// # Examples
///
/// ```
/// use chainsim_stats::exp;
///
/// assert_eq!(exp(0.0).to_bits(), 1f64.to_bits());
/// assert!((exp(1.0) - std::f64::consts::E).abs() <= f64::EPSILON * std::f64::consts::E);
/// assert!(exp(710.0).is_infinite() && exp(-746.0) == 0.0);
/// ```
#[inline]
#[must_use]
pub fn exp(x: f64) -> f64 {
    // NaN stays NaN through the clamp and every step after it.
    let x = x.clamp(CLAMP.0, CLAMP.1);
    let shifted = x * INV_LN2 + ROUND;
    let k_float = shifted - ROUND;
    let r = (x - k_float * LN2_HI) - k_float * LN2_LO;
    // e^r − 1 − r = r² (1/2 + r/6 + … + r¹¹/13!), by Estrin's scheme: pairs c + c′r, then
    // pairs of pairs with r², then r⁴ and r⁸, so that the chain of dependent operations is
    // four multiply-adds long instead of Horner's eleven (a Newton iteration that calls exp
    // waits on it).
    let c = &INVERSE_FACTORIALS;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let pair = |i: usize| c[i] + c[i + 1] * r;
    let quad = |i: usize| pair(i) + pair(i + 2) * r2;
    let tail = (quad(0) + quad(4) * r4) + quad(8) * r8;
    let e_r = 1.0 + (r + r2 * tail);
    // k from the low bits of the rounded sum, and 2^k = 2^⌊k/2⌋ · 2^(k − ⌊k/2⌋), each a
    // normal power of two for |k| ≤ 1077.
    let k = shifted.to_bits().wrapping_sub(ROUND.to_bits()) as i64;
    let half = k >> 1;
    let power = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    e_r * power(half) * power(k - half)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between two positive finite doubles.
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn within_two_ulp_of_libm_over_the_whole_range() {
        // 2 million points from −745 to 709.7 on a fine grid offset from round numbers, and
        // densely in the range the engine's lognormal coefficients use (|x| < 20).
        let wide = (0..1_000_000).map(|i| -745.0 + 1454.7 * (f64::from(i) + 0.3) / 1e6);
        let near = (0..1_000_000).map(|i| -20.0 + 40.0 * (f64::from(i) + 0.618) / 1e6);
        let mut worst = 0;
        for x in wide.chain(near) {
            let (ours, reference) = (exp(x), libm::exp(x));
            if reference >= f64::MIN_POSITIVE {
                let distance = ulps(ours, reference);
                worst = worst.max(distance);
                assert!(distance <= 2, "exp({x}) = {ours}, libm {reference}");
            } else {
                // Subnormal results: within 2 of the smallest subnormal's units.
                assert!(
                    ulps(ours, reference) <= 2,
                    "exp({x}) = {ours:e}, libm {reference:e}"
                );
            }
        }
        assert!(worst <= 2);
    }

    #[test]
    fn exact_values_and_limits() {
        // e^0 = 1 exactly; e^1 = e and e^−1 = 1/e to within an ulp of the constants.
        assert_eq!(exp(0.0).to_bits(), 1.0f64.to_bits());
        assert_eq!(exp(-0.0).to_bits(), 1.0f64.to_bits());
        assert!(ulps(exp(1.0), std::f64::consts::E) <= 1);
        assert!(ulps(exp(-1.0), 1.0 / std::f64::consts::E) <= 1);
        for x in [709.8, f64::MAX, f64::INFINITY] {
            assert_eq!(exp(x).to_bits(), f64::INFINITY.to_bits(), "exp({x})");
        }
        assert_eq!(exp(-745.2).to_bits(), 0.0f64.to_bits());
        assert_eq!(exp(f64::NEG_INFINITY).to_bits(), 0.0f64.to_bits());
        assert_eq!(exp(-f64::MAX).to_bits(), 0.0f64.to_bits());
        assert!(exp(f64::NAN).is_nan());
        // The largest finite result and a subnormal one.
        assert!((exp(709.78) - libm::exp(709.78)).abs() <= 2.0 * libm::exp(709.78) * f64::EPSILON);
        assert!(exp(-740.0) > 0.0 && exp(-740.0) < f64::MIN_POSITIVE);
    }
}
