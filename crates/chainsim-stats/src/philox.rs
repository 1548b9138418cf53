//! Philox2x64-10 (Salmon, Moraes, Dror & Shaw 2011, "Parallel random numbers: as easy as
//! 1, 2, 3"): a counter-based generator, so every draw is a pure function of its address.
//!
//! The engine's standard normals come from here: draw `k` of run `r` under `seed` is
//! [`philox_normal`]`(seed, r, k)`, whatever thread, shard or order computes it, and a chunk's
//! runs can draw side by side. A draw is a 256-layer ziggurat (Marsaglia & Tsang 2000, in
//! Doornik's layout, as rand_distr's `StandardNormal`) whose first word is one half of the
//! 128-bit block of counter (`r`, ⌊k/2⌋) under the key `seed` — draws 2j and 2j + 1 share the
//! block (`r`, j) — and which, in the 1% of draws it does not accept at once, reads further
//! words from the blocks (`r`, `k` + 2⁴⁰·b), b = 1, 2, … The ziggurat is written here rather
//! than taken from rand_distr so that its accepting first step inlines into the loop over a
//! batch's runs without a generator object (a third of the cost of a draw).

use crate::ziggurat_tables::{F, X};

/// Philox's multiplier for two 64-bit words (Random123's `PHILOX_M2x64_0`).
const MULTIPLIER: u64 = 0xd2b7_4407_b1ce_6e93;
/// The Weyl increment of the key schedule (Random123's `PHILOX_W64_0`, the golden ratio).
const KEY_BUMP: u64 = 0x9e37_79b9_7f4a_7c15;
/// Rounds: Random123's default, with a safety margin over the 6 that pass BigCrush.
const ROUNDS: usize = 10;
/// Where a draw's block index starts in the second counter word: a run may have up to 2⁴⁰
/// inputs and a draw up to 2²⁴ blocks.
const BLOCK_SHIFT: u32 = 40;

/// The Philox2x64-10 bijection: the 128-bit block of `counter` under `key`.
///
/// # Examples
///
/// Random123's known answers (`tests/kat_vectors`, github.com/DEShawResearch/random123):
///
/// ```
/// use chainsim_stats::philox2x64;
///
/// assert_eq!(philox2x64([0, 0], 0), [0xca00_a045_9843_d731, 0x66c2_4222_c9a8_45b5]);
/// assert_eq!(
///     philox2x64([0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344], 0xa409_3822_299f_31d0),
///     [0x0a5e_742c_2997_341c, 0xb0f8_83d3_8000_de5d],
/// );
/// ```
#[must_use]
#[inline]
pub fn philox2x64(counter: [u64; 2], key: u64) -> [u64; 2] {
    let [mut left, mut right] = counter;
    let mut key = key;
    for round in 0..ROUNDS {
        if round > 0 {
            key = key.wrapping_add(KEY_BUMP);
        }
        let product = u128::from(left) * u128::from(MULTIPLIER);
        let (high, low) = ((product >> 64) as u64, product as u64);
        left = high ^ key ^ right;
        right = low;
    }
    [left, right]
}

/// Blocks computed together by [`philox2x64_interleaved`].
const INTERLEAVE: usize = 4;

/// [`philox2x64`] of the counters (`runs[j]`, `word`) under `key`, j = 0..4, round by round
/// so that the four chains of multiplications interleave: the first words of the blocks, then
/// the second words.
#[inline]
fn philox2x64_interleaved(runs: [u64; INTERLEAVE], word: u64, key: u64) -> [[u64; INTERLEAVE]; 2] {
    let (mut left, mut right) = (runs, [word; INTERLEAVE]);
    let mut key = key;
    for round in 0..ROUNDS {
        if round > 0 {
            key = key.wrapping_add(KEY_BUMP);
        }
        for (left, right) in left.iter_mut().zip(&mut right) {
            let product = u128::from(*left) * u128::from(MULTIPLIER);
            let (high, low) = ((product >> 64) as u64, product as u64);
            *left = high ^ key ^ *right;
            *right = low;
        }
    }
    [left, right]
}

/// R, where the ziggurat's base layer meets its tail: x₁ of the tables.
const TAIL_START: f64 = f64::from_bits(X[1]);

/// The words a draw reads after its first: both words of each block of counter
/// (`run`, `draw` + 2⁴⁰·b), b = 1, 2, … in turn.
#[derive(Debug)]
struct ExtraWords {
    key: u64,
    run: u64,
    counter: u64,
    block: [u64; 2],
    /// Words of `block` already read (2: none left).
    used: usize,
}

impl ExtraWords {
    fn new(seed: u64, run: u64, draw: u64) -> ExtraWords {
        ExtraWords {
            key: seed,
            run,
            counter: draw.wrapping_add(1 << BLOCK_SHIFT),
            block: [0; 2],
            used: 2,
        }
    }

    fn next_word(&mut self) -> u64 {
        if self.used == 2 {
            self.block = philox2x64([self.run, self.counter], self.key);
            self.counter = self.counter.wrapping_add(1 << BLOCK_SHIFT);
            self.used = 0;
        }
        self.used += 1;
        self.block[self.used - 1]
    }
}

/// x_i of the ziggurat's layers.
fn layer_x(i: usize) -> f64 {
    f64::from_bits(X[i])
}

/// f(x_i) of the ziggurat's layers.
fn layer_f(i: usize) -> f64 {
    f64::from_bits(F[i])
}

/// A uniform on [−1, 1) from the high 52 bits of `word` (its low 8 bits pick the layer).
fn symmetric_uniform(word: u64) -> f64 {
    f64::from_bits(0x4000_0000_0000_0000 | (word >> 12)) - 3.0
}

/// A uniform on [0, 1) from the high 53 bits of `word`.
fn unit_uniform(word: u64) -> f64 {
    (word >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform on (0, 1) from the high 53 bits of `word`.
fn open_uniform(word: u64) -> f64 {
    ((word >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// Draw `draw` of run `run` under `seed`: a standard normal, by a 256-layer ziggurat
/// (Marsaglia & Tsang 2000, in rand_distr's layout) whose first word is one half of the
/// Philox2x64-10 block of counter (`run`, ⌊`draw`/2⌋) under the key `seed`, and which, in the
/// 1% of draws it does not accept at once, reads further words from the blocks
/// (`run`, `draw` + 2⁴⁰·b), b = 1, 2, …
///
/// A pure function of its three arguments: the same on any thread, in any order, and
/// independent of how many other draws are made.
///
/// # Examples
///
/// ```
/// use chainsim_stats::philox_normal;
///
/// let z = philox_normal(42, 7, 3);
/// assert_eq!(z.to_bits(), philox_normal(42, 7, 3).to_bits());
/// assert_ne!(z.to_bits(), philox_normal(42, 7, 4).to_bits());
/// ```
#[must_use]
#[inline]
pub fn philox_normal(seed: u64, run: u64, draw: u64) -> f64 {
    let block = philox2x64([run, draw / 2], seed);
    normal_from(seed, run, draw, block[(draw % 2) as usize])
}

/// Draws `2 * pair` and `2 * pair + 1` of run `run` under `seed`, from one block: what
/// [`philox_normal`] gives for each, at the cost of one.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{philox_normal, philox_normal_pair};
///
/// let [a, b] = philox_normal_pair(42, 7, 5);
/// assert_eq!(a.to_bits(), philox_normal(42, 7, 10).to_bits());
/// assert_eq!(b.to_bits(), philox_normal(42, 7, 11).to_bits());
/// ```
#[must_use]
#[inline]
pub fn philox_normal_pair(seed: u64, run: u64, pair: u64) -> [f64; 2] {
    let [first, second] = philox2x64([run, pair], seed);
    [
        normal_from(seed, run, 2 * pair, first),
        normal_from(seed, run, 2 * pair + 1, second),
    ]
}

/// Draws `2 * pair` and `2 * pair + 1` of the runs `first_run`, `first_run + 1`, … into
/// `even` and `odd`, one run a slot: what [`philox_normal_pair`] gives for each run, faster.
/// `odd` may be empty (a run's last draw when it makes an odd number); otherwise the two are
/// the same length.
///
/// The Philox blocks of all the runs are computed first, in a loop with no branch, so that
/// the processor overlaps their chains of multiplications; the ziggurat then reads them.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{philox_normal_pair, philox_normal_pairs};
///
/// let (mut even, mut odd) = ([0.0; 3], [0.0; 3]);
/// philox_normal_pairs(42, 7, 5, &mut even, &mut odd);
/// for (lane, run) in (7..10).enumerate() {
///     assert_eq!([even[lane], odd[lane]], philox_normal_pair(42, run, 5));
/// }
/// ```
pub fn philox_normal_pairs(
    seed: u64,
    first_run: u64,
    pair: u64,
    even: &mut [f64],
    odd: &mut [f64],
) {
    /// Runs whose blocks are held at once: two 512-byte arrays on the stack.
    const GROUP: usize = 64;
    assert!(
        odd.is_empty() || odd.len() == even.len(),
        "philox_normal_pairs: {} even and {} odd slots",
        even.len(),
        odd.len()
    );
    let (mut firsts, mut seconds) = ([0u64; GROUP], [0u64; GROUP]);
    for (group, even) in even.chunks_mut(GROUP).enumerate() {
        let start = group * GROUP;
        let first = first_run.wrapping_add(start as u64);
        let width = even.len();
        // Four blocks a step, round by round: four independent chains of multiplications
        // next to each other, which the processor runs side by side.
        for ((lane, w0), w1) in (0..width)
            .step_by(INTERLEAVE)
            .zip(firsts.chunks_exact_mut(INTERLEAVE))
            .zip(seconds.chunks_exact_mut(INTERLEAVE))
        {
            let runs = std::array::from_fn(|j| first.wrapping_add((lane + j) as u64));
            let [left, right] = philox2x64_interleaved(runs, pair, seed);
            w0.copy_from_slice(&left);
            w1.copy_from_slice(&right);
        }
        for (lane, (slot, &word)) in even.iter_mut().zip(&firsts).enumerate() {
            *slot = normal_from(seed, first.wrapping_add(lane as u64), 2 * pair, word);
        }
        if let Some(odd) = odd.get_mut(start..start + width) {
            for (lane, (slot, &word)) in odd.iter_mut().zip(&seconds).enumerate() {
                *slot = normal_from(seed, first.wrapping_add(lane as u64), 2 * pair + 1, word);
            }
        }
    }
}

/// The ziggurat's normal for draw `draw` of run `run`, starting from the word `first`: a
/// point of layer i (the word's low 8 bits) under the density, accepted at once when it lies
/// in the layer's rectangle below the next one.
#[inline]
fn normal_from(seed: u64, run: u64, draw: u64, first: u64) -> f64 {
    let i = (first & 0xff) as usize;
    let x = symmetric_uniform(first) * layer_x(i);
    if x.abs() < layer_x(i + 1) {
        return x;
    }
    normal_beyond_rectangle(&mut ExtraWords::new(seed, run, draw), first)
}

/// The rest of the ziggurat for a first word not accepted at once: the wedge test, the tail,
/// and new points from `words` until one is accepted.
#[cold]
fn normal_beyond_rectangle(words: &mut ExtraWords, first: u64) -> f64 {
    let mut word = first;
    loop {
        let i = (word & 0xff) as usize;
        let u = symmetric_uniform(word);
        let x = u * layer_x(i);
        if x.abs() < layer_x(i + 1) {
            return x;
        }
        if i == 0 {
            return normal_tail(words, u < 0.0);
        }
        // A height uniform over the layer's band [f(x_i), f(x_{i+1})), below the density?
        let height =
            layer_f(i + 1) + (layer_f(i) - layer_f(i + 1)) * unit_uniform(words.next_word());
        if height < crate::exp(-0.5 * x * x) {
            return x;
        }
        word = words.next_word();
    }
}

/// A draw from the normal tail beyond R (Marsaglia 1964), on the side `negative` says.
fn normal_tail(words: &mut ExtraWords, negative: bool) -> f64 {
    loop {
        let x = libm::log(open_uniform(words.next_word())) / TAIL_START;
        let y = libm::log(open_uniform(words.next_word()));
        if -2.0 * y >= x * x {
            return if negative {
                x - TAIL_START
            } else {
                TAIL_START - x
            };
        }
    }
}

#[cfg(test)]
// References keep the digits their source printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;
    use crate::{std_normal_cdf, std_normal_quantile};

    #[test]
    fn pairs_side_by_side_are_each_runs_own() {
        // Widths around the four-block steps and the 64-run groups, with and without odd
        // draws, from a first run near the top of the counter range.
        for width in [1, 3, 4, 5, 63, 64, 65, 130] {
            for first in [0, u64::MAX - 70] {
                let (mut even, mut odd) = (vec![0.0; width], vec![0.0; width]);
                philox_normal_pairs(9, first, 4, &mut even, &mut odd);
                let mut even_only = vec![0.0; width];
                philox_normal_pairs(9, first, 4, &mut even_only, &mut []);
                for lane in 0..width {
                    let run = first.wrapping_add(lane as u64);
                    let [a, b] = philox_normal_pair(9, run, 4);
                    assert_eq!(
                        even[lane].to_bits(),
                        a.to_bits(),
                        "width {width} lane {lane}"
                    );
                    assert_eq!(
                        odd[lane].to_bits(),
                        b.to_bits(),
                        "width {width} lane {lane}"
                    );
                    assert_eq!(even_only[lane].to_bits(), a.to_bits());
                }
            }
        }
    }

    #[test]
    fn known_answers_of_random123() {
        // Random123 tests/kat_vectors, the three "philox2x64 10" lines: counter (2 words),
        // key, expected block.
        let cases = [
            ([0, 0], 0, [0xca00_a045_9843_d731, 0x66c2_4222_c9a8_45b5]),
            (
                [u64::MAX, u64::MAX],
                u64::MAX,
                [0x65b0_21d6_0cd8_310f, 0x4d02_f322_2f86_df20],
            ),
            (
                [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344],
                0xa409_3822_299f_31d0,
                [0x0a5e_742c_2997_341c, 0xb0f8_83d3_8000_de5d],
            ),
        ];
        for (counter, key, expected) in cases {
            assert_eq!(philox2x64(counter, key), expected, "counter {counter:x?}");
        }
    }

    #[test]
    fn a_draw_reads_its_own_blocks_in_counter_order() {
        let mut words = ExtraWords::new(5, 9, 2);
        let second = philox2x64([9, 2 + (1 << BLOCK_SHIFT)], 5);
        let third = philox2x64([9, 2 + (2 << BLOCK_SHIFT)], 5);
        let read: Vec<u64> = (0..4).map(|_| words.next_word()).collect();
        assert_eq!(read, [second[0], second[1], third[0], third[1]]);
    }

    #[test]
    fn tables_follow_the_recursion() {
        // rand_distr's ziggurat_tables.rs prints x₀, x₁, x₂ and x₂₅₅ of the same construction
        // as 3.910757959537090045, 3.654152885361008796, 3.449278298560964462 and
        // 0.215241895913273806.
        for (i, published) in [
            (0, 3.910_757_959_537_090),
            (1, 3.654_152_885_361_009),
            (2, 3.449_278_298_560_964),
            (255, 0.215_241_895_913_273_8),
        ] {
            assert!((layer_x(i) - published).abs() < 1e-15 * published, "x{i}");
        }
        // Every layer has the base layer's area V: x_i (f(x_{i+1}) − f(x_i)) = V, up to the
        // rounding the recursion accumulates over 255 layers (5e-12 at the top).
        let v = 0.004_928_673_233_99;
        let f = |x: f64| (-0.5 * x * x).exp();
        for i in 1..256 {
            let area = layer_x(i) * (f(layer_x(i + 1)) - f(layer_x(i)));
            assert!((area - v).abs() < 1e-11, "layer {i}: {area}");
            assert_eq!(layer_f(i).to_bits(), f(layer_x(i)).to_bits(), "f{i}");
        }
        assert_eq!(X[256], 0.0_f64.to_bits());
        assert!((layer_x(0) * f(TAIL_START) - v).abs() < 1e-15);
    }

    #[test]
    fn a_pair_is_its_two_draws() {
        for pair in 0..100 {
            let [a, b] = philox_normal_pair(9, pair % 7, pair);
            assert_eq!(a.to_bits(), philox_normal(9, pair % 7, 2 * pair).to_bits());
            assert_eq!(
                b.to_bits(),
                philox_normal(9, pair % 7, 2 * pair + 1).to_bits()
            );
        }
    }

    #[test]
    fn draws_are_standard_normal() {
        // Kolmogorov–Smirnov against Φ over 20,000 draws of one run, and the moments: the
        // 0.1% critical value of D is 1.95/√n.
        let n = 20_000;
        let mut z: Vec<f64> = (0..n).map(|k| philox_normal(2026, 11, k)).collect();
        let mean = z.iter().sum::<f64>() / n as f64;
        let var = z.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!(mean.abs() < 4.0 / (n as f64).sqrt(), "mean {mean}");
        assert!(
            (var - 1.0).abs() < 4.0 * (2.0 / n as f64).sqrt(),
            "variance {var}"
        );
        z.sort_by(f64::total_cmp);
        let d = z
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let f = std_normal_cdf(v);
                (f - i as f64 / n as f64).max((i + 1) as f64 / n as f64 - f)
            })
            .fold(0.0, f64::max);
        assert!(d < 1.95 / (n as f64).sqrt(), "KS distance {d}");
    }

    #[test]
    fn neighbouring_runs_and_draws_are_uncorrelated() {
        // The same draw index in consecutive runs, and consecutive draws of one run: the
        // sample correlation of 20,000 pairs lies within 4 standard errors of zero.
        let n = 20_000_u64;
        let correlation = |pairs: &dyn Fn(u64) -> (f64, f64)| {
            let sum: f64 = (0..n)
                .map(|i| {
                    let (a, b) = pairs(i);
                    a * b
                })
                .sum();
            sum / n as f64
        };
        let across_runs = correlation(&|i| (philox_normal(1, i, 0), philox_normal(1, i + 1, 0)));
        let across_draws = correlation(&|i| (philox_normal(1, 0, i), philox_normal(1, 0, i + 1)));
        let across_seeds = correlation(&|i| (philox_normal(1, i, 0), philox_normal(2, i, 0)));
        let bound = 4.0 / (n as f64).sqrt();
        for (what, r) in [
            ("runs", across_runs),
            ("draws", across_draws),
            ("seeds", across_seeds),
        ] {
            assert!(r.abs() < bound, "{what}: {r}");
        }
    }

    #[test]
    fn tails_are_as_heavy_as_the_normal_law() {
        // P(|Z| > 3) = 2 Φ(−3) = 0.0026998; over 10⁶ draws the count lies within 5 standard
        // deviations of 2,700 (the ziggurat's tail algorithm reads extra blocks).
        let n = 1_000_000_u64;
        let beyond = (0..n)
            .filter(|&k| philox_normal(3, k % 1000, k / 1000).abs() > 3.0)
            .count() as f64;
        let p = 2.0 * std_normal_cdf(-3.0);
        let sd = (n as f64 * p * (1.0 - p)).sqrt();
        assert!(
            (beyond - n as f64 * p).abs() < 5.0 * sd,
            "{beyond} beyond 3"
        );
        assert!(std_normal_quantile(p / 2.0) < -2.99);
    }
}
