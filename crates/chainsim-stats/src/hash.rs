//! Counter-based hashing: random-looking 64-bit words from a tuple of integers.
//!
//! The samplers need randomness that is a pure function of (seed, dimension, index), so any
//! point can be computed on its own, on any thread. A keyed ChaCha stream per coordinate would
//! cost a key expansion each; a strong 64-bit finaliser, SplitMix64's [`mix64`], costs a few
//! multiplications.

use crate::splitmix::{GOLDEN_GAMMA, mix64};

/// Hashes a pair; distinct pairs give independent-looking words.
#[must_use]
pub(crate) const fn hash2(a: u64, b: u64) -> u64 {
    // The golden-ratio increment of SplitMix64 separates the two words before mixing.
    mix64(mix64(a.wrapping_add(GOLDEN_GAMMA)) ^ b)
}

/// Hashes a triple.
#[must_use]
pub(crate) const fn hash3(a: u64, b: u64, c: u64) -> u64 {
    mix64(hash2(a, b) ^ mix64(c.wrapping_add(0x6a09_e667_f3bc_c909)))
}

/// Maps a 64-bit word to the midpoint of one of 2⁵² equal cells of (0, 1): never 0 or 1.
#[must_use]
pub(crate) fn unit_open(word: u64) -> f64 {
    // (k + 1/2)·2⁻⁵² for k < 2⁵² is exact in f64 and lies in [2⁻⁵³, 1 − 2⁻⁵³].
    ((word >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_open_stays_inside_the_interval() {
        assert!(unit_open(0) > 0.0);
        assert!(unit_open(u64::MAX) < 1.0);
        assert_eq!(
            unit_open(0).to_bits(),
            (0.5f64 / (1u64 << 52) as f64).to_bits()
        );
        assert_eq!(
            unit_open(u64::MAX).to_bits(),
            (1.0 - 0.5f64.powi(53)).to_bits()
        );
    }

    #[test]
    fn hashes_of_neighbouring_tuples_differ_in_about_half_their_bits() {
        let mut total = 0u32;
        let count = 1000u32;
        for i in 0..u64::from(count) {
            total += (hash3(1, 2, i) ^ hash3(1, 2, i + 1)).count_ones();
        }
        let mean = f64::from(total) / f64::from(count);
        // Binomial(64, 1/2): mean 32, sd 4, so the mean of 1000 has sd 0.13.
        assert!((mean - 32.0).abs() < 1.0, "{mean}");
    }
}
