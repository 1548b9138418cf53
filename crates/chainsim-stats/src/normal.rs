//! The standard normal distribution function Φ and its inverse.
//!
//! Φ follows Cody's rational Chebyshev approximations (W. J. Cody, "Rational Chebyshev
//! approximations for the error function", Math. Comp. 23 (1969) 631–637, as packaged in
//! ACM TOMS Algorithm 715, 1993), which keep full relative accuracy in both tails. Φ⁻¹ is
//! Wichura's PPND16 (Algorithm AS 241, Applied Statistics 37 (1988) 477–484), accurate to
//! about one part in 10¹⁶.

// The coefficients keep the digits printed in the papers, so they can be checked there.
#![allow(clippy::excessive_precision)]

/// 1/√(2π).
const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// Beyond this |x| the lower tail Φ(−|x|) underflows to zero (Cody's bound).
const TAIL_UNDERFLOW: f64 = 37.519_3;

/// Beyond this x, Φ(x) rounds to one in double precision (Cody's bound).
const UPPER_ROUNDS_TO_ONE: f64 = 8.292_4;

// Cody (1969), Table for |x| ≤ 0.67448975.
const A: [f64; 5] = [
    2.235_252_035_460_683_928_7,
    161.028_231_068_555_878_81,
    1_067.689_485_460_370_958_2,
    18_154.981_253_343_561_249,
    0.065_682_337_918_207_449_113,
];
const B: [f64; 4] = [
    47.202_581_904_688_241_87,
    976.098_551_737_776_693_22,
    10_260.932_208_618_978_205,
    45_507.789_335_026_729_956,
];

// Cody (1969), Table for 0.67448975 < |x| ≤ √32.
const C: [f64; 9] = [
    0.398_941_512_088_134_667_64,
    8.883_149_794_388_375_941_2,
    93.506_656_132_177_855_979,
    597.270_276_394_802_262_26,
    2_494.537_585_290_372_671_1,
    6_848.190_450_536_282_332_6,
    11_602.651_437_647_350_124,
    9_842.714_838_383_978_021_8,
    1.076_557_677_372_019_231_7e-8,
];
const D: [f64; 8] = [
    22.266_688_044_328_115_691,
    235.387_901_782_624_998_61,
    1_519.377_599_407_554_805,
    6_485.558_298_266_760_755,
    18_615.571_640_885_098_091,
    34_900.952_721_145_977_266,
    38_912.003_286_093_271_411,
    19_685.429_676_859_990_727,
];

// Cody (1969), asymptotic table for |x| > √32.
const P: [f64; 6] = [
    0.215_898_534_057_956_99,
    0.127_401_161_160_247_363_9,
    0.022_235_277_870_649_807,
    0.001_421_619_193_227_893_466,
    2.911_287_495_116_879_2e-5,
    0.023_073_441_764_940_173_03,
];
const Q: [f64; 5] = [
    1.284_260_096_144_911_21,
    0.468_238_212_480_865_118,
    0.065_988_137_868_928_551_5,
    0.003_782_396_332_027_582_44,
    7.297_515_550_839_662_05e-5,
];

/// The standard normal distribution function Φ(x) = P(Z ≤ x).
///
/// Relative accuracy is about 1e-15 over the whole range, including the lower tail down to
/// Φ(−37.5) ≈ 5e-308; below that the result is 0, and above x ≈ 8.29 it is exactly 1.
/// For an upper tail probability use `std_normal_cdf(-x)`, which is accurate where `1 − Φ(x)`
/// would cancel.
///
/// # Examples
///
/// ```
/// use chainsim_stats::std_normal_cdf;
///
/// assert!((std_normal_cdf(1.96) - 0.975_002_104_851_779_5).abs() < 1e-15);
/// ```
#[must_use]
pub fn std_normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let y = x.abs();
    if y <= CENTRAL {
        let (num, den) = central(x);
        return 0.5 + x * num / den;
    }
    saturated(x).unwrap_or_else(|| from_tail(x, tail(y)))
}

/// (Φ(x), Φ(−x)) in one evaluation, each to the bit what [`std_normal_cdf`] returns: both
/// come from the same rational function of |x| (the lower and the upper tail), so a copula
/// map that needs a probability and its accurate complement pays for one.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{std_normal_cdf, std_normal_cdf_pair};
///
/// assert_eq!(std_normal_cdf_pair(1.96), (std_normal_cdf(1.96), std_normal_cdf(-1.96)));
/// ```
#[must_use]
pub fn std_normal_cdf_pair(x: f64) -> (f64, f64) {
    if x.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let y = x.abs();
    if y <= CENTRAL {
        // (−x)·n/d is exactly −(x·n/d): negation commutes with rounding to nearest.
        let (num, den) = central(x);
        return (0.5 + x * num / den, 0.5 + -x * num / den);
    }
    match (saturated(x), saturated(-x)) {
        (Some(p), Some(q)) => (p, q),
        (p, q) => {
            let t = tail(y);
            (
                p.unwrap_or_else(|| from_tail(x, t)),
                q.unwrap_or_else(|| from_tail(-x, t)),
            )
        }
    }
}

/// Below this |x|, Φ is 1/2 plus an odd rational function.
const CENTRAL: f64 = 0.674_489_75;

/// Numerator and denominator of Φ(x) − 1/2 = x · num/den for |x| ≤ [`CENTRAL`].
fn central(x: f64) -> (f64, f64) {
    let xsq = x * x;
    let mut num = A[4] * xsq;
    let mut den = xsq;
    for i in 0..3 {
        num = (num + A[i]) * xsq;
        den = (den + B[i]) * xsq;
    }
    (num + A[3], den + B[3])
}

/// Φ(x) where it is exactly 0 or 1 in floating point (|x| beyond the asymptotic range).
fn saturated(x: f64) -> Option<f64> {
    let y = x.abs();
    let computed = y <= 32f64.sqrt()
        || (x < 0.0 && y < TAIL_UNDERFLOW)
        || (x > 0.0 && y < UPPER_ROUNDS_TO_ONE);
    (!computed).then_some(if x > 0.0 { 1.0 } else { 0.0 })
}

/// The tail probability Φ(−y) for y > [`CENTRAL`] not saturated.
fn tail(y: f64) -> f64 {
    let ratio = if y <= 32f64.sqrt() {
        let mut num = C[8] * y;
        let mut den = y;
        for i in 0..7 {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        (num + C[7]) / (den + D[7])
    } else {
        let xsq = 1.0 / (y * y);
        let mut num = P[5] * xsq;
        let mut den = xsq;
        for i in 0..4 {
            num = (num + P[i]) * xsq;
            den = (den + Q[i]) * xsq;
        }
        (FRAC_1_SQRT_2PI - xsq * (num + P[4]) / (den + Q[4])) / y
    };
    gaussian_kernel(y) * ratio
}

/// Φ(x) from the tail probability t = Φ(−|x|).
fn from_tail(x: f64, t: f64) -> f64 {
    if x > 0.0 { 1.0 - t } else { t }
}

/// exp(−y²/2) computed without the rounding error of forming y² directly.
///
/// Splitting y into a part with four fractional bits (whose square is exact) and a remainder is
/// Cody's device for keeping the tail probability accurate to full relative precision.
fn gaussian_kernel(y: f64) -> f64 {
    let y_hi = (y * 16.0).trunc() / 16.0;
    let del = (y - y_hi) * (y + y_hi);
    crate::exp(-y_hi * y_hi * 0.5) * crate::exp(-del * 0.5)
}

/// The standard normal density φ(x) = exp(−x²/2)/√(2π).
///
/// # Examples
///
/// ```
/// use chainsim_stats::std_normal_pdf;
///
/// assert!((std_normal_pdf(0.0) - 0.398_942_280_401_432_7).abs() < 1e-16);
/// ```
#[must_use]
pub fn std_normal_pdf(x: f64) -> f64 {
    FRAC_1_SQRT_2PI * gaussian_kernel(x.abs())
}

/// The standard normal quantile function Φ⁻¹(p).
///
/// Returns −∞ for p = 0, +∞ for p = 1 and NaN for p outside [0, 1] or NaN. The relative
/// accuracy is about 1e-16 (Wichura's PPND16). For p close to 1, pass the complement and negate:
/// `-std_normal_quantile(q)` is exact where `std_normal_quantile(1.0 - q)` loses digits.
///
/// # Examples
///
/// ```
/// use chainsim_stats::std_normal_quantile;
///
/// assert!((std_normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
/// ```
#[must_use]
pub fn std_normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    // After the range check, `<= 0` and `>= 1` are the two endpoints.
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q
            * (((((((r * 2_509.080_928_730_122_672_7 + 33_430.575_583_588_128_105) * r
                + 67_265.770_927_008_700_853)
                * r
                + 45_921.953_931_549_871_457)
                * r
                + 13_731.693_765_509_461_125)
                * r
                + 1_971.590_950_306_551_442_7)
                * r
                + 133.141_667_891_784_377_45)
                * r
                + 3.387_132_872_796_366_608)
            / (((((((r * 5_226.495_278_852_854_561 + 28_729.085_735_721_942_674) * r
                + 39_307.895_800_092_710_61)
                * r
                + 21_213.794_301_586_595_867)
                * r
                + 5_394.196_021_424_751_107_7)
                * r
                + 687.187_007_492_057_908_3)
                * r
                + 42.313_330_701_600_911_252)
                * r
                + 1.0);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let mut r = (-libm::log(tail)).sqrt();
    let magnitude = if r <= 5.0 {
        r -= 1.6;
        (((((((r * 7.745_450_142_783_414_076_4e-4 + 0.022_723_844_989_269_184_583_3) * r
            + 0.241_780_725_177_450_611_77)
            * r
            + 1.270_458_252_452_368_382_58)
            * r
            + 3.647_848_324_763_204_605_04)
            * r
            + 5.769_497_221_460_691_405_5)
            * r
            + 4.630_337_846_156_545_295_9)
            * r
            + 1.423_437_110_749_683_577_34)
            / (((((((r * 1.050_750_071_644_416_843_24e-9 + 5.475_938_084_995_344_946e-4) * r
                + 0.015_198_666_563_616_457_196_6)
                * r
                + 0.148_103_976_427_480_074_59)
                * r
                + 0.689_767_334_985_100_004_55)
                * r
                + 1.676_384_830_183_803_849_4)
                * r
                + 2.053_191_626_637_758_821_87)
                * r
                + 1.0)
    } else {
        r -= 5.0;
        (((((((r * 2.010_334_399_292_288_132_65e-7 + 2.711_555_568_743_487_578_15e-5) * r
            + 0.001_242_660_947_388_078_438_6)
            * r
            + 0.026_532_189_526_576_123_093)
            * r
            + 0.296_560_571_828_504_891_23)
            * r
            + 1.784_826_539_917_291_335_8)
            * r
            + 5.463_784_911_164_114_369_9)
            * r
            + 6.657_904_643_501_103_777_2)
            / (((((((r * 2.044_263_103_389_939_785_64e-15 + 1.421_511_758_316_445_888_7e-7)
                * r
                + 1.846_318_317_510_054_681_8e-5)
                * r
                + 7.868_691_311_456_132_591e-4)
                * r
                + 0.014_875_361_290_850_614_852_5)
                * r
                + 0.136_929_880_922_735_805_31)
                * r
                + 0.599_832_206_555_887_937_69)
                * r
                + 1.0)
    };
    if q < 0.0 { -magnitude } else { magnitude }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_pair_is_both_tails_to_the_bit(x in prop_oneof![-1.0..1.0, -40.0..40.0, -1e3..1e3]) {
            let (p, q) = std_normal_cdf_pair(x);
            prop_assert_eq!(p.to_bits(), std_normal_cdf(x).to_bits());
            prop_assert_eq!(q.to_bits(), std_normal_cdf(-x).to_bits());
        }
    }

    #[test]
    fn the_pair_at_the_region_edges() {
        for x in [
            0.0,
            -0.0,
            CENTRAL,
            32f64.sqrt(),
            TAIL_UNDERFLOW,
            UPPER_ROUNDS_TO_ONE,
            f64::INFINITY,
            f64::MAX,
        ] {
            for x in [
                x,
                -x,
                x.next_up(),
                x.next_down(),
                -x.next_up(),
                -x.next_down(),
            ] {
                let (p, q) = std_normal_cdf_pair(x);
                assert_eq!(p.to_bits(), std_normal_cdf(x).to_bits(), "{x}");
                assert_eq!(q.to_bits(), std_normal_cdf(-x).to_bits(), "{x}");
            }
        }
        let (p, q) = std_normal_cdf_pair(f64::NAN);
        assert!(p.is_nan() && q.is_nan());
    }

    /// Relative tolerance for Φ against 50-digit references.
    const CDF_REL: f64 = 2e-15;
    /// Relative tolerance for Φ⁻¹ against 50-digit references.
    const QUANTILE_REL: f64 = 2e-15;

    /// Φ(x) from mpmath 1.3 `ncdf` at 50 significant digits, rounded to 17 digits; the first
    /// three are also the brief's published values (e.g. R `pnorm(-5)` = 2.866516e-07).
    const CDF_TABLE: [(f64, f64); 10] = [
        (1.96, 0.975_002_104_851_779_57),
        (-5.0, 2.866_515_718_791_939_1e-7),
        (0.5, 0.691_462_461_274_013_10),
        (-1.0, 0.158_655_253_931_457_05),
        (3.0, 0.998_650_101_968_369_91),
        (-8.3, 5.205_569_744_890_285_2e-17),
        (-10.0, 7.619_853_024_160_526_1e-24),
        (-20.0, 2.753_624_118_606_233_7e-89),
        (-37.0, 5.725_571_222_524_576_8e-300),
        (0.0, 0.5),
    ];

    /// Φ⁻¹(p) from mpmath 1.3 (√2·erfinv(2p − 1)) at 60 significant digits, evaluated at the
    /// exact binary value of each `p` (which matters near 1, where 1 − p is amplified).
    const QUANTILE_TABLE: [(f64, f64); 7] = [
        (0.975, 1.959_963_984_540_053_9),
        (0.1, -1.281_551_565_544_600_4),
        (1e-5, -4.264_890_793_922_824_6),
        (1e-10, -6.361_340_902_404_056_2),
        (1e-20, -9.262_340_089_798_407_6),
        (0.999, 3.090_232_306_167_813_3),
        (0.999_999_9, 5.199_337_582_290_661_1),
    ];

    #[test]
    fn cdf_matches_high_precision_table() {
        for (x, expected) in CDF_TABLE {
            assert_relative_eq!(std_normal_cdf(x), expected, max_relative = CDF_REL);
        }
    }

    #[test]
    fn cdf_published_values_from_the_brief() {
        assert_relative_eq!(
            std_normal_cdf(1.96),
            0.975_002_104_851_779_5,
            max_relative = CDF_REL
        );
        assert_relative_eq!(
            std_normal_cdf(-5.0),
            2.866_515_718_791_939e-7,
            max_relative = CDF_REL
        );
    }

    #[test]
    fn cdf_is_symmetric() {
        // Φ(x) + Φ(−x) = 1 exactly in real arithmetic.
        for i in 0..200 {
            let x = f64::from(i) * 0.05;
            assert_relative_eq!(
                std_normal_cdf(x) + std_normal_cdf(-x),
                1.0,
                max_relative = 4.0 * f64::EPSILON
            );
        }
    }

    #[test]
    fn cdf_extremes() {
        assert_eq!(std_normal_cdf(f64::NEG_INFINITY).to_bits(), 0f64.to_bits());
        assert_eq!(std_normal_cdf(f64::INFINITY).to_bits(), 1f64.to_bits());
        assert_eq!(std_normal_cdf(-40.0).to_bits(), 0f64.to_bits());
        assert!(std_normal_cdf(f64::NAN).is_nan());
    }

    #[test]
    fn quantile_matches_high_precision_table() {
        for (p, expected) in QUANTILE_TABLE {
            assert_relative_eq!(
                std_normal_quantile(p),
                expected,
                max_relative = QUANTILE_REL
            );
        }
        assert_relative_eq!(
            std_normal_quantile(0.975),
            1.959_963_984_540_054,
            max_relative = QUANTILE_REL
        );
        assert_eq!(std_normal_quantile(0.5).to_bits(), 0f64.to_bits());
    }

    #[test]
    fn quantile_boundaries() {
        assert_eq!(
            std_normal_quantile(0.0).to_bits(),
            f64::NEG_INFINITY.to_bits()
        );
        assert_eq!(std_normal_quantile(1.0).to_bits(), f64::INFINITY.to_bits());
        assert!(std_normal_quantile(-0.1).is_nan());
        assert!(std_normal_quantile(1.1).is_nan());
        assert!(std_normal_quantile(f64::NAN).is_nan());
    }

    #[test]
    fn round_trips() {
        // Φ⁻¹(Φ(x)) = x; the relative condition number of Φ⁻¹ at p is p/(x φ(x)), about 1/x² in
        // the lower tail, so round trips there are tight.
        for i in 0..=300 {
            let x = -30.0 + f64::from(i) * 0.1;
            if x > 5.0 {
                break;
            }
            let back = std_normal_quantile(std_normal_cdf(x));
            assert!(
                (back - x).abs() <= 1e-13 * x.abs().max(1.0),
                "x = {x}, back = {back}"
            );
        }
        for i in 1..1000 {
            let p = f64::from(i) / 1000.0;
            assert_relative_eq!(
                std_normal_cdf(std_normal_quantile(p)),
                p,
                max_relative = 1e-14
            );
        }
    }

    #[test]
    fn pdf_matches_closed_form() {
        // φ(1) = e^{−1/2}/√(2π) = 0.24197072451914335 (mpmath, 50 digits).
        assert_relative_eq!(
            std_normal_pdf(1.0),
            0.241_970_724_519_143_35,
            max_relative = 1e-15
        );
        // φ(−30) = 1.4736461348785475e-196 (mpmath npdf(-30)).
        assert_relative_eq!(
            std_normal_pdf(-30.0),
            1.473_646_134_878_547_5e-196,
            max_relative = 1e-14
        );
    }
}
