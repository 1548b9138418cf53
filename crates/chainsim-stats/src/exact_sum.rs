//! Exact, order-free summation of `f64` values: a long ("Kulisch") accumulator.
//!
//! Every finite double is an integer multiple of 2^-1074 below 2^1024, so a fixed-point
//! integer with 2098 bits (plus headroom) holds any sum of them exactly. [`ExactSum`] keeps that
//! integer in base 2^32, in `i64` limbs: limb k weighs 2^(32k − 1074). Adding a value splits
//! its 53-bit significand, shifted to its position, over three consecutive limbs, each receiving
//! less than 2^32 in magnitude, so the limbs absorb hundreds of millions of values before a carry
//! could overflow them; a counter of such additions since the last carry propagation
//! ("normalisation") triggers one well before that (Neal, "Fast exact summation using small and
//! large superaccumulators", arXiv:1505.05571, §2; Demmel & Hida, "Accurate floating point
//! summation", 2002). Merging adds limb by limb. Only [`ExactSum::value`] rounds, once, to
//! nearest with ties to even, so the result depends only on the multiset of values added,
//! whatever the order of adds and merges.

/// Bits of the sum each limb holds once normalised.
const LIMB_BITS: u32 = 32;

/// The low [`LIMB_BITS`] bits of a limb.
const LIMB_MASK: i64 = (1 << LIMB_BITS) - 1;

/// Number of limbs; limb k weighs 2^(32k − 1074). A finite double reaches at most limb 65 (its
/// lowest bit is at 2^971 at most, 2^2045 in units of 2^-1074), so limb 66 only receives carries:
/// it holds the sum's multiple of 2^1038, signed and unbounded except by the `i64` range.
const LIMBS: usize = 67;

/// Index of the top limb, the only one that stays signed (and unbounded) when normalised.
const TOP: usize = LIMBS - 1;

/// Normalise once this many additions (adds, and merges counted as in [`ExactSum::merge`])
/// have gone into the limbs since the last normalisation.
///
/// Invariant: every limb below [`TOP`] is less than (pending + 1)·2^32 in magnitude, since a
/// normalised limb is in [0, 2^32) and an add changes a limb by less than 2^32; a merge adds two
/// such bounds, hence pending = p₁ + p₂ + 1. Both operands of a merge have pending < 2^29, so a
/// limb stays below 2^30 · 2^32 = 2^62 in magnitude, and a carry (< 2^31) cannot overflow it.
const NORMALISE_AFTER: u32 = 1 << 29;

/// Bit pattern of −0.0.
const NEG_ZERO_BITS: u64 = 1 << 63;

/// The significand field of a double.
const SIGNIFICAND_MASK: u64 = (1 << 52) - 1;

/// Flag: a NaN was added.
const NAN: u8 = 1;
/// Flag: +∞ was added.
const POS_INF: u8 = 2;
/// Flag: −∞ was added.
const NEG_INF: u8 = 4;
/// Flag: −0.0 was added.
const NEG_ZERO: u8 = 8;
/// Flag: a finite value other than −0.0 was added.
const OTHER_FINITE: u8 = 16;

/// An exact accumulator of `f64` values whose [`value`](ExactSum::value) is the exact sum
/// rounded once, to nearest with ties to even (like Python's `math.fsum`).
///
/// The result depends only on the multiset of values added, not on the order of
/// [`add`](ExactSum::add)s and [`merge`](ExactSum::merge)s, so per-thread accumulators can be
/// merged in any order and give bit-identical results.
///
/// # Capacity
///
/// The state is a fixed 67-limb integer (about 550 bytes, no allocation). Sums stay exact for
/// any number of adds and merges as long as fewer than 2^64 finite values have gone into the
/// accumulator in total, counting a value once for every accumulator it passes through (a value
/// merged twice, for instance by merging an accumulator into itself, counts twice). The exact
/// limit is looser: the top limb, of weight 2^1038, holds |sum| / 2^1038 + 2^31 at most and
/// must stay below 2^62, which allows |sum| < 2^1099, about 2^75 values of the largest
/// magnitude.
///
/// # Special values
///
/// NaN and infinities are recorded in flags, not in the sum, with the semantics of the plain
/// IEEE sum: any NaN, or both +∞ and −∞, give NaN; otherwise an infinity gives that infinity,
/// whatever the finite values (the exact sum of the finite values never overflows, so
/// `[f64::MAX, f64::MAX, −∞]` sums to −∞, where a left-to-right IEEE sum would give NaN).
/// Only finite values go into the sum; when it rounds beyond [`f64::MAX`] the value is ±∞.
///
/// An exact zero sum is −0.0 when at least one value was added and all of them were −0.0, and
/// +0.0 otherwise (IEEE: x + (−x) = +0.0, −0.0 + −0.0 = −0.0); the empty sum is +0.0.
///
/// # Equality
///
/// `==` compares states, not representations: two accumulators are equal when the exact sums
/// of their finite values are equal and the same kinds of special value (NaN, +∞, −∞, −0.0,
/// other finite values) were added to both. It is therefore independent of the order of adds
/// and merges; equal accumulators have equal values and stay equal under equal operations.
/// [`Debug`] shows the raw representation, which can differ between equal accumulators.
///
/// # Examples
///
/// ```
/// use chainsim_stats::ExactSum;
///
/// let mut sum = ExactSum::new();
/// for _ in 0..10 {
///     sum.add(0.1);
/// }
/// assert_eq!(sum.value(), 1.0); // a naive f64 sum gives 0.9999999999999999
///
/// // Two threads' accumulators merge, in either order, into the same state and value.
/// let (mut a, mut b) = (ExactSum::new(), ExactSum::new());
/// for x in [1e100, 1.0, 3.5] {
///     a.add(x);
/// }
/// for x in [-1e100, 2.0f64.powi(-60)] {
///     b.add(x);
/// }
/// let mut ab = a.clone();
/// ab.merge(&b);
/// let mut ba = b.clone();
/// ba.merge(&a);
/// assert_eq!(ab, ba);
/// assert_eq!(ab.value(), 4.5); // 4.5 + 2^-60 rounded to nearest
/// ```
#[derive(Clone, Debug)]
pub struct ExactSum {
    /// The sum of the finite values in units of 2^-1074: Σ limbs[k] · 2^(32k).
    limbs: [i64; LIMBS],
    /// Additions since the last normalisation (see [`NORMALISE_AFTER`]).
    pending: u32,
    /// [`NAN`], [`POS_INF`], [`NEG_INF`], [`NEG_ZERO`] and [`OTHER_FINITE`].
    flags: u8,
}

impl ExactSum {
    /// An empty accumulator, whose value is +0.0.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            limbs: [0; LIMBS],
            pending: 0,
            flags: 0,
        }
    }

    /// Adds `x` exactly.
    ///
    /// A few dozen instructions and no allocation; once every 2^29 calls it also propagates
    /// carries through the 67 limbs.
    #[inline]
    pub fn add(&mut self, x: f64) {
        let bits = x.to_bits();
        let field = (bits >> 52) & 0x7ff;
        if field == 0x7ff {
            self.add_non_finite(x);
            return;
        }
        self.flags |= if bits == NEG_ZERO_BITS {
            NEG_ZERO
        } else {
            OTHER_FINITE
        };
        // |x| = significand · 2^(offset − 1074); subnormals (field 0) share offset 0 with the
        // smallest normals but lack the implicit bit.
        let significand = (bits & SIGNIFICAND_MASK) | (u64::from(field != 0) << 52);
        let offset = field.max(1) - 1;
        let k = (offset / u64::from(LIMB_BITS)) as usize;
        let shifted = u128::from(significand) << (offset % u64::from(LIMB_BITS));
        // 0 for positive x, −1 for negative: (p ^ sign) − sign is p or −p.
        let sign = (bits as i64) >> 63;
        let part = |p: u128| (((p as i64) & LIMB_MASK) ^ sign) - sign;
        self.limbs[k] += part(shifted);
        self.limbs[k + 1] += part(shifted >> LIMB_BITS);
        self.limbs[k + 2] += part(shifted >> (2 * LIMB_BITS));
        self.pending += 1;
        if self.pending == NORMALISE_AFTER {
            self.normalise();
        }
    }

    /// Records a NaN or an infinity.
    #[cold]
    #[inline(never)]
    fn add_non_finite(&mut self, x: f64) {
        self.flags |= if x.is_nan() {
            NAN
        } else if x > 0.0 {
            POS_INF
        } else {
            NEG_INF
        };
    }

    /// Adds all the values added to `other` (directly or through merges), exactly.
    ///
    /// Afterwards `self` equals (`==`) an accumulator to which all values of both were added,
    /// in any order. Costs 67 limb additions, plus a normalisation once the additions merged
    /// in since the last one reach 2^29.
    pub fn merge(&mut self, other: &Self) {
        for (limb, &o) in self.limbs.iter_mut().zip(&other.limbs) {
            *limb += o;
        }
        self.flags |= other.flags;
        self.pending += other.pending + 1;
        if self.pending >= NORMALISE_AFTER {
            self.normalise();
        }
    }

    /// The sum of all values added, rounded once to the nearest double, ties to even.
    ///
    /// ±∞ when the rounded sum of the finite values overflows (|sum| ≥ [`f64::MAX`] + half an
    /// ulp, that is 2^1024 − 2^970); NaN or ±∞ when such values were added (see the type's
    /// documentation). Costs a few hundred instructions.
    #[must_use]
    pub fn value(&self) -> f64 {
        let flags = self.flags;
        if flags & NAN != 0 || flags & (POS_INF | NEG_INF) == POS_INF | NEG_INF {
            return f64::NAN;
        }
        if flags & POS_INF != 0 {
            return f64::INFINITY;
        }
        if flags & NEG_INF != 0 {
            return f64::NEG_INFINITY;
        }
        let mut limbs = self.normalised_limbs();
        let negative = limbs[TOP] < 0;
        if negative {
            for limb in &mut limbs {
                *limb = -*limb;
            }
            normalise_limbs(&mut limbs);
        }
        // Now 0 ≤ limbs[k] < 2^32 below the top limb, and limbs[TOP] ≥ 0.
        let Some(high) = limbs.iter().rposition(|&limb| limb != 0) else {
            return if flags & (NEG_ZERO | OTHER_FINITE) == NEG_ZERO {
                -0.0
            } else {
                0.0
            };
        };
        let magnitude = round_magnitude(&limbs, high);
        if negative { -magnitude } else { magnitude }
    }

    /// Propagates carries, so that every limb below the top one is in [0, 2^32).
    fn normalise(&mut self) {
        normalise_limbs(&mut self.limbs);
        self.pending = 0;
    }

    /// The limbs in canonical form: normalised, so equal sums have equal limbs.
    fn normalised_limbs(&self) -> [i64; LIMBS] {
        let mut limbs = self.limbs;
        normalise_limbs(&mut limbs);
        limbs
    }
}

/// Propagates carries upwards: afterwards every limb below [`TOP`] is in [0, 2^32) and the
/// integer Σ limbs[k] · 2^(32k) is unchanged. Limbs below the top must be less than 2^62 in
/// magnitude.
fn normalise_limbs(limbs: &mut [i64; LIMBS]) {
    let mut carry = 0;
    for limb in &mut limbs[..TOP] {
        let v = *limb + carry;
        carry = v >> LIMB_BITS; // floor division: the remainder below is in [0, 2^32)
        *limb = v & LIMB_MASK;
    }
    limbs[TOP] += carry;
}

/// The magnitude M = Σ limbs[k] · 2^(32k) · 2^-1074, with `limbs` normalised and nonnegative
/// and `high` the highest nonzero limb, rounded to nearest, ties to even (∞ on overflow).
fn round_magnitude(limbs: &[i64; LIMBS], high: usize) -> f64 {
    if high == TOP {
        // M ≥ 2^1038.
        return f64::INFINITY;
    }
    // Index (in units of 2^-1074) of M's leading bit, and the top three limbs as one window.
    let lead = 32 * high + 63 - (limbs[high] as u64).leading_zeros() as usize;
    let base = high.saturating_sub(2);
    let window = limbs[base..=high]
        .iter()
        .rev()
        .fold(0u128, |w, &limb| (w << LIMB_BITS) | limb as u128);
    if lead < 53 {
        // M < 2^53 (so base = 0 and the window is M): a multiple of 2^-1074 below 2^-1021,
        // exactly representable, subnormal or in the lowest binade, whose bit pattern is M.
        return f64::from_bits(window as u64);
    }
    // M = q · 2^shift + r with q of 53 bits; the double q · 2^(shift − 1074) has exponent field
    // shift + 1 and bit pattern (shift + 1) · 2^52 + (q − 2^52) = shift · 2^52 + q, so rounding
    // q up carries into the exponent, and from the largest finite double into +∞.
    let shift = lead - 52;
    if shift >= 2046 {
        // Exponent field ≥ 2047: M ≥ 2^1024.
        return f64::INFINITY;
    }
    let in_window = shift - 32 * base; // 1 ≤ in_window ≤ 43
    let q = (window >> in_window) as u64;
    let rest = window & ((1 << in_window) - 1);
    let half = 1u128 << (in_window - 1);
    let round_up = rest > half
        || (rest == half && (q & 1 == 1 || limbs[..base].iter().any(|&limb| limb != 0)));
    f64::from_bits(((shift as u64) << 52) + q + u64::from(round_up))
}

impl Default for ExactSum {
    /// An empty accumulator, as [`ExactSum::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for ExactSum {
    /// Equal exact sums of the finite values and equal kinds of special value added; see
    /// the type's documentation.
    fn eq(&self, other: &Self) -> bool {
        self.flags == other.flags && self.normalised_limbs() == other.normalised_limbs()
    }
}

impl Eq for ExactSum {}

/// What an [`ExactSum`] is written as: the kinds of value added and the exact sum as a sign
/// and the base-2^32 digits of its magnitude in units of 2^-1074, from digit `low` upwards
/// (zero digits at either end left out). Equal accumulators are written alike.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExactSumRepr {
    flags: u8,
    negative: bool,
    low: usize,
    digits: Vec<u64>,
}

/// Why a written [`ExactSum`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExactSumError {
    /// Flags outside the five kinds of value.
    #[error("exact sum: unknown flags {0:#x}")]
    Flags(u8),
    /// More digits than the accumulator holds, or a digit too large for its place.
    #[error("exact sum: digits out of range")]
    Digits,
    /// A non-zero sum without any finite value added, or a negative zero.
    #[error("exact sum: the digits disagree with the kinds of value added")]
    Inconsistent,
}

impl TryFrom<ExactSumRepr> for ExactSum {
    type Error = ExactSumError;

    fn try_from(repr: ExactSumRepr) -> Result<ExactSum, ExactSumError> {
        if repr.flags & !(NAN | POS_INF | NEG_INF | NEG_ZERO | OTHER_FINITE) != 0 {
            return Err(ExactSumError::Flags(repr.flags));
        }
        let end = repr
            .low
            .checked_add(repr.digits.len())
            .filter(|&end| end <= LIMBS)
            .ok_or(ExactSumError::Digits)?;
        let mut limbs = [0i64; LIMBS];
        for (k, &digit) in (repr.low..end).zip(&repr.digits) {
            // The top limb holds the sum's multiple of 2^1038 and stays below 2^62 (see
            // NORMALISE_AFTER); every other digit is below 2^32.
            let bound = if k == TOP { 1 << 61 } else { 1 << LIMB_BITS };
            if digit >= bound {
                return Err(ExactSumError::Digits);
            }
            limbs[k] = digit as i64;
        }
        let zero = limbs.iter().all(|&limb| limb == 0);
        if (!zero && repr.flags & OTHER_FINITE == 0) || (zero && repr.negative) {
            return Err(ExactSumError::Inconsistent);
        }
        if repr.negative {
            for limb in &mut limbs {
                *limb = -*limb;
            }
            normalise_limbs(&mut limbs);
        }
        Ok(ExactSum {
            limbs,
            pending: 0,
            flags: repr.flags,
        })
    }
}

impl serde::Serialize for ExactSum {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut limbs = self.normalised_limbs();
        let negative = limbs[TOP] < 0;
        if negative {
            for limb in &mut limbs {
                *limb = -*limb;
            }
            normalise_limbs(&mut limbs);
        }
        let (low, digits) = match (
            limbs.iter().position(|&limb| limb != 0),
            limbs.iter().rposition(|&limb| limb != 0),
        ) {
            (Some(first), Some(last)) => (
                first,
                limbs[first..=last]
                    .iter()
                    .map(|&limb| limb as u64)
                    .collect(),
            ),
            _ => (0, Vec::new()),
        };
        ExactSumRepr {
            flags: self.flags,
            negative,
            low,
            digits,
        }
        .serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for ExactSum {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ExactSum, D::Error> {
        let repr = ExactSumRepr::deserialize(deserializer)?;
        ExactSum::try_from(repr).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::splitmix::SplitMix64;
    use proptest::collection::vec;
    use proptest::prelude::*;

    fn sum_of(xs: &[f64]) -> ExactSum {
        let mut sum = ExactSum::new();
        for &x in xs {
            sum.add(x);
        }
        sum
    }

    fn fsum(xs: &[f64]) -> f64 {
        sum_of(xs).value()
    }

    /// Asserts bit equality (so −0.0 ≠ +0.0), with hex-like output on failure.
    #[track_caller]
    fn assert_bits(actual: f64, expected: f64) {
        assert_eq!(
            actual.to_bits(),
            expected.to_bits(),
            "got {actual:e} ({:#018x}), expected {expected:e} ({:#018x})",
            actual.to_bits(),
            expected.to_bits()
        );
    }

    fn pow2(e: i32) -> f64 {
        assert!((-1074..=1023).contains(&e));
        if e >= -1022 {
            f64::from_bits(((e + 1023) as u64) << 52)
        } else {
            f64::from_bits(1 << (e + 1074))
        }
    }

    /// SplitMix64, as in the Python script that produced the expected sums.
    fn splitmix(seed: u64, n: usize) -> Vec<u64> {
        let mut rng = SplitMix64::new(seed);
        (0..n).map(|_| rng.next_u64()).collect()
    }

    /// A double with the sign and significand bits of `r` and exponent field
    /// `lo + ((r >> 52) & 0x7ff) % span`.
    fn draw(r: u64, lo: u64, span: u64) -> f64 {
        let field = lo + ((r >> 52) & 0x7ff) % span;
        f64::from_bits((r & (1 << 63)) | (field << 52) | (r & SIGNIFICAND_MASK))
    }

    fn drawn(seed: u64, n: usize, lo: u64, span: u64) -> Vec<f64> {
        splitmix(seed, n)
            .into_iter()
            .map(|r| draw(r, lo, span))
            .collect()
    }

    // Expected sums below are Python 3.11's math.fsum of the same vectors (generated with the
    // same SplitMix64 and `draw`, via struct.pack), cross-checked against
    // float(sum(map(Fraction, xs))).

    #[test]
    fn matches_fsum_on_random_narrow_exponents() {
        // Exponents 2^-40 … 2^40, both signs; a naive sum is 2 ulps off.
        let xs = drawn(1, 1000, 1023 - 40, 81);
        assert_bits(fsum(&xs), f64::from_bits(0xc283_627b_2b93_34dd)); // -0x1.3627b2b9334ddp+41
    }

    #[test]
    fn matches_fsum_on_random_wide_exponents() {
        // Exponent fields 0 (subnormals) … 1000.
        let xs = drawn(2, 1000, 0, 1001);
        assert_bits(fsum(&xs), f64::from_bits(0x3e8c_93c1_5638_a468)); // 0x1.c93c15638a468p-23
    }

    #[test]
    fn matches_fsum_on_random_large_exponents() {
        // Exponent fields 1900 … 2000 (2^877 … 2^977); a naive sum is 1 ulp off.
        let xs = drawn(4, 1000, 1900, 101);
        assert_bits(fsum(&xs), f64::from_bits(0xfd27_dc0e_a2fd_cb6b)); // -0x1.7dc0ea2fdcb6bp+979
    }

    #[test]
    fn matches_fsum_on_random_full_range() {
        // Exponent fields 0 … 2000.
        let xs = drawn(5, 1000, 0, 2001);
        assert_bits(fsum(&xs), f64::from_bits(0x7ce5_ec0f_cbbd_5bd9)); // 0x1.5ec0fcbbd5bd9p+975
    }

    #[test]
    fn matches_fsum_after_massive_cancellation() {
        // The narrow values, their negations in reverse order, then 20 values of exponent
        // fields 0 … 40 (subnormals and tiny normals): only those 20 survive. A naive sum
        // gives 8.4e-4.
        let narrow = drawn(1, 1000, 1023 - 40, 81);
        let mut xs = narrow.clone();
        xs.extend(narrow.iter().rev().map(|x| -x));
        let tiny = drawn(3, 20, 0, 41);
        xs.extend(&tiny);
        let expected = f64::from_bits(0x0279_35cd_bfb3_37e0); // 0x1.935cdbfb337e0p-984
        assert_bits(fsum(&xs), expected);
        assert_bits(fsum(&tiny), expected);
    }

    #[test]
    fn matches_fsum_on_small_vectors() {
        let cases: [(&[f64], f64); 9] = [
            (&[1e100, 1.0, -1e100], 1.0),
            (&[0.1; 10], 1.0),
            (&[5e-324, 1e308, 5e-324, -1e308, 5e-324], 1.5e-323),
            (
                &[
                    5e-324,
                    5e-324,
                    5e-324,
                    5e-324,
                    5e-324,
                    5e-324,
                    5e-324,
                    2.2250738585072014e-308,
                    -1e-310,
                ],
                f64::from_bits(0x000f_ed97_748f_19dc), // 2.215073858507205e-308
            ),
            (&[1.0, 1e-16, -1.0], 1e-16),
            (&[9007199254740992.0, 1.0, -9007199254740992.0, 1e-300], 1.0),
            (&[1e16, 1.0, 1.0, -1e16], 2.0),
            (
                &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0, -1.0],
                -5.551115123125783e-17,
            ), // -2^-54
            (&[], 0.0),
        ];
        for (xs, expected) in cases {
            assert_bits(fsum(xs), expected);
        }
        // The naive sum really is off for the tenths.
        assert_bits([0.1; 10].iter().sum(), 0.9999999999999999);
    }

    #[test]
    fn ties_round_to_even() {
        let one_up = 1.0f64.next_up(); // 1 + 2^-52, odd significand
        let cases: [(&[f64], f64); 12] = [
            // Exactly halfway: to the even neighbour.
            (&[1.0, pow2(-53)], 1.0),
            (&[one_up, pow2(-53)], 1.0 + pow2(-51)),
            (&[-1.0, -pow2(-53)], -1.0),
            (&[-one_up, -pow2(-53)], -(1.0 + pow2(-51))),
            (&[pow2(1000), pow2(947)], pow2(1000)),
            (&[pow2(1000), pow2(947), pow2(948)], pow2(1000) + pow2(949)),
            // Halfway but for a far-away bit (a distant limb), both sides.
            (&[1.0, pow2(-53), pow2(-1074)], one_up),
            (&[1.0, pow2(-53), -pow2(-1074)], 1.0),
            (&[one_up, pow2(-53), -pow2(-1074)], one_up),
            (&[-1.0, -pow2(-53), -pow2(-1074)], -one_up),
            // Halfway reached only through cancellation of large terms.
            (&[1e300, 1.0, pow2(-53), -1e300], 1.0),
            (&[1e300, one_up, pow2(-53), -1e300], 1.0 + pow2(-51)),
        ];
        for (xs, expected) in cases {
            assert_bits(fsum(xs), expected);
        }
        // The IEEE rule agrees for the two-term ties.
        assert_bits(1.0 + pow2(-53), 1.0);
        assert_bits(one_up + pow2(-53), 1.0 + pow2(-51));
        assert_bits(pow2(1000) + pow2(947), pow2(1000));
    }

    #[test]
    fn subnormal_and_binade_boundaries() {
        let min_normal = f64::MIN_POSITIVE;
        let max_subnormal = min_normal.next_down();
        assert_bits(fsum(&[max_subnormal, pow2(-1074)]), min_normal);
        assert_bits(fsum(&[min_normal, -pow2(-1074)]), max_subnormal);
        assert_bits(fsum(&[min_normal, min_normal]), pow2(-1021));
        assert_bits(fsum(&[pow2(-1021), -pow2(-1074)]), pow2(-1021).next_down());
        assert_bits(fsum(&[pow2(53), -1.0]), pow2(53) - 1.0);
        assert_bits(fsum(&[pow2(53) - 1.0, 1.0]), pow2(53));
        assert_bits(fsum(&[pow2(53), 1.0]), pow2(53)); // tie, to even
        assert_bits(fsum(&[pow2(53), 3.0]), pow2(53) + 4.0); // tie, to even
    }

    #[test]
    fn overflow_rounds_to_infinity() {
        let max = f64::MAX;
        let half_ulp = pow2(970); // half an ulp of MAX
        assert_bits(fsum(&[max, max]), f64::INFINITY);
        assert_bits(fsum(&[-max, -max]), f64::NEG_INFINITY);
        // No intermediate overflow.
        assert_bits(fsum(&[max, max, -max]), max);
        assert_bits(fsum(&[-max, -max, max, 1.0]), -max);
        // Exactly halfway between MAX and 2^1024 rounds to even, that is overflows, as IEEE.
        assert_bits(fsum(&[max, half_ulp]), f64::INFINITY);
        assert_bits(max + half_ulp, f64::INFINITY);
        assert_bits(fsum(&[-max, -half_ulp]), f64::NEG_INFINITY);
        assert_bits(fsum(&[max, half_ulp, -pow2(-1074)]), max);
        assert_bits(fsum(&[max, pow2(969)]), max);
        assert_bits(max + pow2(969), max);
        // Far beyond: 2^40 copies of MAX (through merges), and back.
        let mut big = sum_of(&[max]);
        for _ in 0..40 {
            big.merge(&big.clone());
        }
        assert_bits(big.value(), f64::INFINITY);
        let mut back = big.clone();
        let mut neg = sum_of(&[-max]);
        for _ in 0..40 {
            neg.merge(&neg.clone());
        }
        back.merge(&neg);
        back.add(1.5);
        assert_bits(back.value(), 1.5);
    }

    #[test]
    fn non_finite_values_follow_ieee() {
        let inf = f64::INFINITY;
        assert_bits(fsum(&[1.0, inf, 2.0]), inf);
        assert_bits(fsum(&[1.0, -inf, 2.0]), -inf);
        assert_bits(fsum(&[inf, inf]), inf);
        assert!(fsum(&[inf, 1.0, -inf]).is_nan());
        assert!(fsum(&[f64::NAN]).is_nan());
        assert!(fsum(&[1.0, f64::NAN, inf]).is_nan());
        assert!(fsum(&[-f64::NAN]).is_nan());
        // Infinities are flags: they do not disturb the finite sum's overflow or vice versa.
        assert_bits(fsum(&[f64::MAX, f64::MAX, -inf]), -inf);
        // Merging carries the flags.
        let mut a = sum_of(&[1.0]);
        a.merge(&sum_of(&[inf]));
        assert_bits(a.value(), inf);
        a.merge(&sum_of(&[-inf]));
        assert!(a.value().is_nan());
    }

    #[test]
    fn zero_signs_follow_ieee() {
        assert_bits(ExactSum::new().value(), 0.0);
        assert_bits(ExactSum::default().value(), 0.0);
        assert_bits(fsum(&[-0.0]), -0.0);
        assert_bits(fsum(&[-0.0, -0.0]), -0.0);
        assert_bits(fsum(&[-0.0, 0.0]), 0.0);
        assert_bits(fsum(&[0.0, -0.0]), 0.0);
        assert_bits(fsum(&[1.5, -1.5]), 0.0);
        assert_bits(fsum(&[-1.5, 1.5, -0.0]), 0.0);
        assert_bits(fsum(&[-pow2(-1074), pow2(-1074)]), 0.0);
        let mut a = ExactSum::new();
        a.merge(&sum_of(&[-0.0]));
        assert_bits(a.value(), -0.0);
        a.merge(&ExactSum::new());
        assert_bits(a.value(), -0.0);
        a.add(0.0);
        assert_bits(a.value(), 0.0);
    }

    #[test]
    fn equality_is_of_state_not_representation() {
        let xs = drawn(1, 200, 1023 - 40, 81);
        let forward = sum_of(&xs);
        let mut reversed = xs.clone();
        reversed.reverse();
        let backward = sum_of(&reversed);
        assert_eq!(forward, backward);
        // Different representation: add x then −x leaves unnormalised, nonzero-looking limbs.
        let mut a = sum_of(&[pow2(-1074), 1.0, -1.0]);
        let b = sum_of(&[pow2(-1074)]);
        assert_eq!(a, b);
        assert_bits(a.value(), b.value());
        // But not the same flags: −0.0 versus nothing, +0.0 versus nothing.
        assert_ne!(sum_of(&[-0.0]), ExactSum::new());
        assert_ne!(sum_of(&[0.0]), ExactSum::new());
        assert_ne!(sum_of(&[1.0]), sum_of(&[1.0, pow2(-1074)]));
        a.add(f64::NAN);
        assert_ne!(a, b);
    }

    /// Merging an accumulator into itself 62 times makes 2^62 copies of each value, with limbs
    /// at their largest (all-ones significands at every shift, all one sign), exercising the
    /// normalisation the merge counter triggers; overflow checks of the test build would panic
    /// on a limb overflow.
    #[test]
    fn exact_through_2_pow_62_values() {
        let all_ones = f64::from_bits(0xbfff_ffff_ffff_ffff); // -(2 - 2^-52)
        let xs: Vec<f64> = (0..32).map(|j| all_ones * pow2(j)).collect();
        let base = sum_of(&xs);
        let mut acc = base.clone();
        for _ in 0..62 {
            acc.merge(&acc.clone());
        }
        // Scaling by a power of two commutes with rounding away from under- and overflow.
        assert_bits(acc.value(), base.value() * pow2(62));
        // One more value after all that is still exact.
        acc.add(pow2(-1074));
        let mut expected = base.clone();
        for _ in 0..62 {
            expected.merge(&expected.clone());
        }
        assert_ne!(acc, expected);
        expected.add(pow2(-1074));
        assert_eq!(acc, expected);
    }

    #[test]
    fn add_normalises_when_the_counter_says_so() {
        let mut acc = sum_of(&[-f64::MAX, -1.0]);
        // Pretend the accumulator is about to reach the limit (an overestimate is harmless).
        acc.pending = NORMALISE_AFTER - 3;
        for _ in 0..3 {
            acc.add(-f64::MAX);
        }
        assert_eq!(acc.pending, 0);
        assert!(acc.limbs[..TOP].iter().all(|&l| (0..1 << 32).contains(&l)));
        acc.merge(&sum_of(&[f64::MAX, f64::MAX, f64::MAX, f64::MAX, 1.0]));
        assert_bits(acc.value(), 0.0);
    }

    #[test]
    fn merge_normalises_when_the_counter_says_so() {
        let mut a = sum_of(&[1.0, 2.0]);
        let mut b = sum_of(&[-4.0]);
        a.pending = NORMALISE_AFTER - 1;
        b.pending = NORMALISE_AFTER - 1;
        a.merge(&b);
        assert_eq!(a.pending, 0);
        assert_bits(a.value(), -1.0);
    }

    /// Finite doubles of many kinds: any bit pattern, moderate values, integers, subnormals,
    /// zeros and the extremes.
    fn finite() -> impl Strategy<Value = f64> {
        prop_oneof![
            3 => any::<u64>()
                .prop_map(f64::from_bits)
                .prop_filter("finite", |x| x.is_finite()),
            2 => -1e6..1e6f64,
            2 => (-1000i32..1000).prop_map(f64::from),
            1 => (any::<bool>(), 0..1u64 << 52).prop_map(|(neg, m)| {
                let x = f64::from_bits(m);
                if neg { -x } else { x }
            }),
            1 => prop_oneof![
                Just(0.0),
                Just(-0.0),
                Just(f64::MAX),
                Just(f64::MIN),
                Just(f64::MIN_POSITIVE),
                Just(1.0),
                Just(-1.0)
            ],
        ]
    }

    /// Values that cancel: a vector, most of its negations, and a few small extras.
    fn cancelling() -> impl Strategy<Value = Vec<f64>> {
        (vec(finite(), 0..60), vec(-1e-3..1e-3f64, 0..5)).prop_map(|(xs, extra)| {
            let mut all = xs.clone();
            all.extend(xs.iter().step_by(2).map(|x| -x));
            all.extend(extra);
            all
        })
    }

    fn any_values() -> impl Strategy<Value = Vec<f64>> {
        prop_oneof![vec(finite(), 0..120), cancelling()]
    }

    proptest! {
        #[test]
        fn two_values_give_the_ieee_sum(a in finite(), b in finite()) {
            // IEEE addition of two doubles is correctly rounded: an outside oracle, including
            // overflow and the sign of zero.
            let expected = a + b;
            prop_assert_eq!(fsum(&[a, b]).to_bits(), expected.to_bits(), "{:e} + {:e}", a, b);
        }

        #[test]
        fn value_is_independent_of_order(
            (xs, shuffled) in any_values().prop_flat_map(|xs| (Just(xs.clone()), Just(xs).prop_shuffle()))
        ) {
            let (a, b) = (sum_of(&xs), sum_of(&shuffled));
            prop_assert_eq!(a.value().to_bits(), b.value().to_bits());
            prop_assert_eq!(a, b);
        }

        #[test]
        fn value_is_independent_of_merges(
            (xs, parts, order) in any_values().prop_flat_map(|xs| {
                let n = xs.len();
                (Just(xs), vec(0..6usize, n), Just((0..6usize).collect::<Vec<_>>()).prop_shuffle())
            })
        ) {
            let mut accs = vec![ExactSum::new(); 6];
            for (&x, &p) in xs.iter().zip(&parts) {
                accs[p].add(x);
            }
            let mut merged = ExactSum::new();
            for &i in &order {
                merged.merge(&accs[i]);
            }
            let sequential = sum_of(&xs);
            prop_assert_eq!(merged.value().to_bits(), sequential.value().to_bits());
            prop_assert_eq!(&merged, &sequential);
            // Merging into a non-empty accumulator, as adding the values.
            let mut a = accs[order[0]].clone();
            let mut b = a.clone();
            a.merge(&accs[order[1]]);
            for (&x, &p) in xs.iter().zip(&parts) {
                if p == order[1] {
                    b.add(x);
                }
            }
            prop_assert_eq!(a, b);
        }

        #[test]
        fn integer_sums_match_i128(ns in vec(-(1i64 << 50)..1 << 50, 0..300), e in -900i32..900) {
            // Below 2^59 in magnitude; `as f64` rounds to nearest, ties to even (exact below
            // 2^53), and scaling by 2^e is exact for these magnitudes.
            let exact: i128 = ns.iter().map(|&n| i128::from(n)).sum();
            let xs: Vec<f64> = ns.iter().map(|&n| n as f64).collect();
            prop_assert_eq!(fsum(&xs).to_bits(), (exact as f64).to_bits());
            if exact.abs() < 1 << 53 {
                prop_assert_eq!(fsum(&xs) as i128, exact);
            }
            let scaled: Vec<f64> = xs.iter().map(|x| x * pow2(e)).collect();
            prop_assert_eq!(fsum(&scaled).to_bits(), ((exact as f64) * pow2(e)).to_bits());
        }

        #[test]
        fn ties_and_near_ties(
            x in (2u64..2046, 0..1u64 << 52).prop_map(|(f, m)| f64::from_bits((f << 52) | m)),
            negative in any::<bool>(),
            nudge in prop_oneof![Just(0i32), Just(1), Just(-1)],
            below in prop_oneof![1i32..8, 1i32..1100],
        ) {
            // x + half an ulp of x (exactly representable for these x), plus or minus a tiny
            // power of two no larger than that half ulp, often in a distant limb.
            let half_ulp = (x.next_up() - x) / 2.0;
            let tiny = (half_ulp * pow2(-below.min(1074))).max(pow2(-1074));
            let mut xs = vec![x, half_ulp];
            if nudge != 0 {
                xs.push(f64::from(nudge) * tiny);
            }
            let expected = match nudge {
                0 => if (x.to_bits() & 1) == 0 { x } else { x.next_up() },
                1 => x.next_up(),
                _ => x,
            };
            let (xs, expected) = if negative {
                (xs.iter().map(|v| -v).collect(), -expected)
            } else {
                (xs, expected)
            };
            prop_assert_eq!(fsum(&xs).to_bits(), expected.to_bits(), "{:?}", xs);
        }

        #[test]
        fn overflow_gives_signed_infinity(
            huge in vec(pow2(1023)..f64::MAX, 3..6),
            rest in vec(-pow2(1000)..pow2(1000), 0..50),
            negative in any::<bool>(),
        ) {
            let sign = if negative { -1.0 } else { 1.0 };
            let mut xs: Vec<f64> = huge.iter().map(|h| sign * h).collect();
            xs.extend(rest);
            prop_assert_eq!(fsum(&xs).to_bits(), (sign * f64::INFINITY).to_bits());
        }

        #[test]
        fn specials_follow_the_plain_sum(
            finite_part in vec(-1e300..1e300f64, 0..50),
            specials in vec(prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)], 1..4),
            positions in vec(any::<prop::sample::Index>(), 4),
        ) {
            let mut xs = finite_part;
            for (s, i) in specials.iter().zip(&positions) {
                let at = i.index(xs.len() + 1);
                xs.insert(at, *s);
            }
            // Fewer than 60 values below 1e300 cannot overflow, so the plain sum is the oracle.
            let naive: f64 = xs.iter().sum();
            let value = fsum(&xs);
            if naive.is_nan() {
                prop_assert!(value.is_nan());
            } else {
                prop_assert_eq!(value.to_bits(), naive.to_bits());
            }
        }
    }
}

#[cfg(test)]
mod serde_tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    fn round_trip(sum: &ExactSum) -> ExactSum {
        serde_json::from_str(&serde_json::to_string(sum).unwrap()).unwrap()
    }

    fn sum_of(xs: &[f64]) -> ExactSum {
        let mut sum = ExactSum::new();
        for &x in xs {
            sum.add(x);
        }
        sum
    }

    #[test]
    fn written_sums_are_short_and_read_back_equal() {
        // 0.1 + 0.2 is 3602879701896397·2^-55 + 3602879701896397·2^-54: a few digits.
        let sum = sum_of(&[0.1, 0.2]);
        let text = serde_json::to_string(&sum).unwrap();
        assert!(text.len() < 80, "{text}");
        assert_eq!(round_trip(&sum), sum);
        for xs in [
            &[][..],
            &[-0.0],
            &[1.5, -1.5],
            &[-1e300, 3.0],
            &[f64::NAN, 1.0],
        ] {
            let sum = sum_of(xs);
            let back = round_trip(&sum);
            assert_eq!(back, sum, "{xs:?}");
            assert_eq!(back.value().to_bits(), sum.value().to_bits(), "{xs:?}");
        }
    }

    #[test]
    fn bad_digits_and_flags_are_refused() {
        for text in [
            r#"{"flags":32,"negative":false,"low":0,"digits":[]}"#,
            r#"{"flags":16,"negative":false,"low":66,"digits":[1,1]}"#,
            r#"{"flags":16,"negative":false,"low":3,"digits":[4294967296]}"#,
            r#"{"flags":8,"negative":false,"low":3,"digits":[7]}"#,
            r#"{"flags":16,"negative":true,"low":0,"digits":[]}"#,
            r#"{"flags":16,"negative":false,"low":0,"digits":[],"extra":1}"#,
        ] {
            assert!(serde_json::from_str::<ExactSum>(text).is_err(), "{text}");
        }
    }

    proptest! {
        #[test]
        fn a_read_back_sum_merges_like_the_original(
            xs in vec(-1e200..1e200f64, 0..40),
            ys in vec(-1e3..1e3f64, 0..40),
        ) {
            let (a, b) = (sum_of(&xs), sum_of(&ys));
            let mut direct = a.clone();
            direct.merge(&b);
            let mut read = round_trip(&a);
            read.merge(&round_trip(&b));
            prop_assert_eq!(&read, &direct);
            prop_assert_eq!(read.value().to_bits(), direct.value().to_bits());
        }
    }
}
