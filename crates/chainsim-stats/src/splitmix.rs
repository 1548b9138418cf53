//! SplitMix64 (Steele, Lea & Flood 2014): a Weyl sequence through a 64-bit finaliser.
//!
//! The one SplitMix64 of the workspace. Its finaliser [`mix64`] is the mixing step of the
//! counter-based hashes in `hash.rs`; the generator [`SplitMix64`] draws the bootstrap
//! resamples' rows in chainsim-sensitivity, the exact-sum tests' inputs and the benchmarks'
//! matrices, where equidistribution and speed matter and cryptographic strength does not.

/// The Weyl increment γ: the odd integer nearest 2⁶⁴/φ, φ the golden ratio.
pub(crate) const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 finaliser (Steele, Lea & Flood 2014, constants of Stafford's "Mix13"):
/// a bijection on u64 whose output bits each depend on every input bit.
#[must_use]
pub(crate) const fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The SplitMix64 generator: its k-th output (k = 1, 2, …) is the SplitMix64 finaliser of
/// seed + k·γ, γ = 0x9e3779b97f4a7c15 the odd integer nearest 2⁶⁴/φ.
///
/// Fast and equidistributed, with period 2⁶⁴, but not cryptographically strong; the Monte
/// Carlo runs themselves draw from [`philox_normal`](crate::philox_normal).
///
/// # Examples
///
/// The first outputs from seed 0, as printed by the reference implementation (Vigna,
/// splitmix64.c):
///
/// ```
/// use chainsim_stats::SplitMix64;
///
/// let mut rng = SplitMix64::new(0);
/// assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
/// assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
/// assert_eq!(rng.next_u64(), 0x06c4_5d18_8009_454f);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The generator seeded with `seed`; every seed is good.
    #[must_use]
    pub const fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }

    /// A uniform draw from [0, 1): the top 53 bits of [`SplitMix64::next_u64`] times 2⁻⁵³,
    /// so every multiple of 2⁻⁵³ below 1 is equally likely.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::SplitMix64;
    ///
    /// let mut rng = SplitMix64::new(0);
    /// // 0xe220a8397b1dcdaf >> 11 = 7_956_156_453_446_585, over 2⁵³.
    /// assert_eq!(rng.next_f64(), 7_956_156_453_446_585.0 / 9_007_199_254_740_992.0);
    /// ```
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // SplitMix64 seeded with 0 outputs mix64(k·0x9e3779b97f4a7c15) for k = 1, 2, ...;
        // the first outputs, from the reference implementation (Vigna, splitmix64.c), are
        // 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f.
        assert_eq!(mix64(GOLDEN_GAMMA), 0xe220_a839_7b1d_cdaf);
        assert_eq!(mix64(GOLDEN_GAMMA.wrapping_mul(2)), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(mix64(GOLDEN_GAMMA.wrapping_mul(3)), 0x06c4_5d18_8009_454f);
        let mut rng = SplitMix64::new(0);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                0xe220_a839_7b1d_cdaf,
                0x6e78_9e6a_a1b9_65f4,
                0x06c4_5d18_8009_454f
            ]
        );
    }

    #[test]
    fn next_f64_stays_below_1() {
        // mix64 is a bijection, so some state gives the largest output, 2⁶⁴ − 1: inverting
        // the finaliser (each xor-shift and odd multiplication in turn) gives
        // 0xcf9a04affa6badc0, one γ after the seed 0x31628af67b2131ab.
        assert_eq!(mix64(0xcf9a_04af_fa6b_adc0), u64::MAX);
        let mut rng = SplitMix64::new(0x3162_8af6_7b21_31ab);
        assert_eq!(rng.next_f64().to_bits(), (1.0 - 0.5f64.powi(53)).to_bits());
    }
}
