//! Owen-scrambled Sobol points with random access, in double precision.
//!
//! The points are the Sobol sequence with the direction numbers of Joe & Kuo (2008), file
//! `new-joe-kuo-6.21201` (21,201 dimensions), in the Gray-code order of Antonov & Saleev
//! (1979), computed with 64-bit direction numbers so that 2⁶⁴ points are available and every
//! coordinate carries 52 significant bits.
//!
//! Scrambling is a hash-based nested uniform (Owen) scramble in the manner of Laine & Karras
//! (2011) and Burley (2020, "Practical hash-based Owen scrambling", JCGT 9(4)), widened to
//! 64 bits: the bits of a coordinate are reversed, passed through a keyed hash built only from
//! operations whose output bit k depends on input bits 0..=k (adding, multiplying by an odd
//! number, xoring with a product by an even number), and reversed back. Each digit of the
//! result is therefore the input digit flipped by a function of the more significant digits
//! alone, which is the structure of Owen's scramble; the flips are keyed by (seed, dimension).
//! Because a nested scramble maps elementary intervals onto elementary intervals, the
//! scrambled points keep every (t, m, s)-net property of the unscrambled ones, and each point
//! is uniform on (0, 1)^d. The hash is an approximation of fully independent random flips, as
//! in Burley's paper; the tests check unbiasedness and the faster-than-Monte-Carlo
//! convergence that Owen scrambling brings.

use crate::hash::{hash3, unit_open};
use crate::sampler::{PointSampler, SamplerError};

/// The number of dimensions for which direction numbers are built in.
pub const SOBOL_MAX_DIMS: usize = 21_201;

/// Joe & Kuo's `new-joe-kuo-6.21201`: per line d, s, a and m₁ … m_s (see data/LICENSE-joe-kuo.txt).
const JOE_KUO: &str = include_str!("data/new-joe-kuo-6.21201");

/// Direction numbers per dimension: one per bit of the index.
const BITS: usize = 64;

/// A scrambled (or plain) Sobol sequence in up to [`SOBOL_MAX_DIMS`] dimensions.
///
/// Point `index` is computed directly from the index, in O(d · log₂ index) time, so points can
/// be produced in any order on any thread. The first 2^m points form a (t, m, d)-net: in each
/// dimension every interval [k/2^m, (k + 1)/2^m) holds exactly one point.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{PointSampler, SobolSequence};
///
/// let sobol = SobolSequence::new(2, 2024)?;
/// let mut hits = [0u32; 8];
/// let mut x = [0.0; 2];
/// for i in 0..8 {
///     sobol.point(i, &mut x);
///     hits[(x[0] * 8.0) as usize] += 1;
/// }
/// // Eight points, one in each eighth of the first axis.
/// assert_eq!(hits, [1; 8]);
/// # Ok::<(), chainsim_stats::SamplerError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SobolSequence {
    dims: usize,
    /// Direction numbers, bit-major: `directions[bit * dims + dim]`, as 64-bit fractions.
    directions: Vec<u64>,
    /// Per-dimension keys (additive, odd multiplier) of the nested scramble; empty when the
    /// sequence is not scrambled.
    keys: Vec<(u64, u64)>,
}

impl SobolSequence {
    /// The Owen-scrambled Sobol sequence in `dims` dimensions, keyed by `seed`.
    ///
    /// # Errors
    ///
    /// [`SamplerError::ZeroDimensions`] for `dims` = 0 and [`SamplerError::TooManyDimensions`]
    /// above [`SOBOL_MAX_DIMS`].
    pub fn new(dims: usize, seed: u64) -> Result<SobolSequence, SamplerError> {
        let mut sequence = SobolSequence::unscrambled(dims)?;
        sequence.keys = (0..dims as u64)
            .map(|dim| (hash3(seed, dim, 1), hash3(seed, dim, 2) | 1))
            .collect();
        Ok(sequence)
    }

    /// The plain (unscrambled) Sobol sequence, as published: point 0 is the origin, which
    /// [`point`](PointSampler::point) reports as 2⁻⁵³ (the midpoint of its 2⁻⁵² cell) to stay
    /// inside the open cube. For tests and comparisons; simulations should scramble.
    ///
    /// # Errors
    ///
    /// As [`SobolSequence::new`].
    pub fn unscrambled(dims: usize) -> Result<SobolSequence, SamplerError> {
        if dims == 0 {
            return Err(SamplerError::ZeroDimensions);
        }
        if dims > SOBOL_MAX_DIMS {
            return Err(SamplerError::TooManyDimensions {
                dims,
                max: SOBOL_MAX_DIMS,
            });
        }
        let mut directions = vec![0u64; BITS * dims];
        // Dimension 0 is van der Corput's sequence: bit k of the index maps to 2^-(k+1).
        for bit in 0..BITS {
            directions[bit * dims] = 1u64 << (BITS - 1 - bit);
        }
        // The data file is compiled in and checked by the tests, so a parse failure is a bug.
        let lines = JOE_KUO.lines().skip(1).take(dims - 1);
        for (dim, line) in (1..dims).zip(lines) {
            let column = parse_dimension(line);
            for (bit, v) in column.iter().enumerate() {
                directions[bit * dims + dim] = *v;
            }
        }
        Ok(SobolSequence {
            dims,
            directions,
            keys: Vec::new(),
        })
    }

    /// True when the points are scrambled.
    #[must_use]
    pub fn is_scrambled(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Writes points `start`, `start + 1`, … into `out`, one row of
    /// [`dims`](PointSampler::dims) coordinates per point, bit for bit as
    /// [`point`](PointSampler::point) would.
    ///
    /// Consecutive points differ in the Gray-code index by one bit, so each point after the
    /// first costs one xor per coordinate before scrambling (Antonov & Saleev 1979).
    ///
    /// # Panics
    ///
    /// If `out.len()` is not a multiple of the dimension.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::{PointSampler, SobolSequence};
    ///
    /// let sobol = SobolSequence::new(3, 1)?;
    /// let mut block = vec![0.0; 3 * 100];
    /// sobol.fill(500, &mut block);
    /// let mut one = [0.0; 3];
    /// sobol.point(542, &mut one);
    /// assert_eq!(&block[42 * 3..43 * 3], &one);
    /// # Ok::<(), chainsim_stats::SamplerError>(())
    /// ```
    pub fn fill(&self, start: u64, out: &mut [f64]) {
        let d = self.dims;
        assert_eq!(
            out.len() % d,
            0,
            "fill: output length must be a multiple of the dimension"
        );
        let mut bits = vec![0u64; d];
        for (offset, row) in out.chunks_exact_mut(d).enumerate() {
            let index = start + offset as u64;
            if offset == 0 {
                self.raw_bits(index ^ (index >> 1), &mut bits);
            } else {
                // gray(i) ⊕ gray(i − 1) is the lowest set bit of i.
                let bit = index.trailing_zeros() as usize;
                let dir = &self.directions[bit * d..(bit + 1) * d];
                for (x, v) in bits.iter_mut().zip(dir) {
                    *x ^= v;
                }
            }
            if self.is_scrambled() {
                for ((o, x), &(add, mul)) in row.iter_mut().zip(&bits).zip(&self.keys) {
                    *o = unit_open(nested_scramble(*x, add, mul));
                }
            } else {
                for (o, x) in row.iter_mut().zip(&bits) {
                    *o = unit_open(*x);
                }
            }
        }
    }

    /// Writes the unscrambled 64-bit coordinates of the point with Gray-code index `gray`.
    fn raw_bits(&self, mut gray: u64, out: &mut [u64]) {
        out.fill(0);
        while gray != 0 {
            let bit = gray.trailing_zeros() as usize;
            let row = &self.directions[bit * self.dims..(bit + 1) * self.dims];
            for (acc, v) in out.iter_mut().zip(row) {
                *acc ^= v;
            }
            gray &= gray - 1;
        }
    }

    /// Writes the 64-bit fixed-point coordinates of point `index` into `out`.
    fn point_bits(&self, index: u64, out: &mut [u64]) {
        self.raw_bits(index ^ (index >> 1), out);
        if self.is_scrambled() {
            for (x, &(add, mul)) in out.iter_mut().zip(&self.keys) {
                *x = nested_scramble(*x, add, mul);
            }
        }
    }
}

impl PointSampler for SobolSequence {
    fn dims(&self) -> usize {
        self.dims
    }

    fn point(&self, index: u64, out: &mut [f64]) {
        assert_eq!(out.len(), self.dims, "point: output length");
        // Work in blocks on the stack so that a point costs no allocation.
        const BLOCK: usize = 64;
        let mut bits = [0u64; BLOCK];
        if self.dims <= BLOCK {
            let bits = &mut bits[..self.dims];
            self.point_bits(index, bits);
            for (o, b) in out.iter_mut().zip(bits.iter()) {
                *o = unit_open(*b);
            }
            return;
        }
        let mut scratch = vec![0u64; self.dims];
        self.point_bits(index, &mut scratch);
        for (o, b) in out.iter_mut().zip(&scratch) {
            *o = unit_open(*b);
        }
    }
}

/// A keyed nested uniform scramble of a 64-bit binary fraction (see the module docs).
///
/// In the bit-reversed word, each step changes bit k by a function of bits 0..k only: adding
/// a key and multiplying by an odd key propagate carries upwards, and `v ^= v · c` with c even
/// adds multiples of lower bits. The constants have one trailing zero so that every bit
/// depends on its immediate neighbour.
fn nested_scramble(x: u64, add: u64, mul: u64) -> u64 {
    let mut v = x.reverse_bits();
    v ^= v.wrapping_mul(0x3d20_adea_a3c1_9f5e);
    v = v.wrapping_add(add);
    v = v.wrapping_mul(mul);
    v ^= v.wrapping_mul(0x0552_6c56_1b73_d2a6);
    v ^= v.wrapping_mul(0x53a2_2864_f6e4_5a1a);
    v = v.wrapping_add(add.rotate_left(32));
    v ^= v.wrapping_mul(0x9e37_79b9_7f4a_7c16);
    v.reverse_bits()
}

/// The 64 direction numbers of one line of the Joe–Kuo file, as 64-bit binary fractions.
///
/// With s the degree and a the inner coefficients of the primitive polynomial, the first s
/// numbers are m_k / 2^k and the rest follow Bratley & Fox (1988):
/// v_k = v_{k−s} ⊕ (v_{k−s} ≫ s) ⊕ a₁v_{k−1} ⊕ … ⊕ a_{s−1}v_{k−s+1}.
fn parse_dimension(line: &str) -> [u64; BITS] {
    let mut fields = line.split_ascii_whitespace().map(|f| {
        f.parse::<u64>()
            .expect("direction number file is well formed")
    });
    let mut next = || fields.next().expect("direction number line is complete");
    let _dim = next();
    let s = usize::try_from(next()).expect("degree fits usize");
    let a = next();
    let mut v = [0u64; BITS];
    for (k, slot) in v.iter_mut().enumerate().take(s) {
        *slot = next() << (BITS - 1 - k);
    }
    for k in s..BITS {
        let mut value = v[k - s] ^ (v[k - s] >> s);
        for l in 1..s {
            if (a >> (s - 1 - l)) & 1 == 1 {
                value ^= v[k - l];
            }
        }
        v[k] = value;
    }
    v
}

#[cfg(test)]
// The tests index parallel arrays by coordinate.
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;

    fn points(seq: &SobolSequence, n: u64) -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| {
                let mut x = vec![0.0; seq.dims()];
                seq.point(i, &mut x);
                x
            })
            .collect()
    }

    /// Removes the half-cell offset that keeps the origin off the boundary.
    fn dyadic(x: f64) -> f64 {
        x - 0.5f64.powi(53)
    }

    #[test]
    fn unscrambled_points_match_scipy() {
        // scipy 1.17.1, stats.qmc.Sobol(d=21201, scramble=False, bits=64).random(1025), which
        // uses the same Joe–Kuo file in Gray-code order; columns 0, 1, 2, 999 and 21200.
        let seq = SobolSequence::unscrambled(SOBOL_MAX_DIMS).unwrap();
        let cols = [0usize, 1, 2, 999, 21_200];
        let table: [(u64, [f64; 5]); 6] = [
            (1, [0.5, 0.5, 0.5, 0.5, 0.5]),
            (2, [0.75, 0.25, 0.25, 0.75, 0.75]),
            (5, [0.875, 0.875, 0.125, 0.625, 0.125]),
            (7, [0.125, 0.625, 0.375, 0.375, 0.875]),
            (
                1000,
                [
                    0.2197265625,
                    0.0966796875,
                    0.5185546875,
                    0.2001953125,
                    0.0830078125,
                ],
            ),
            (
                1024,
                [
                    0.00146484375,
                    0.37646484375,
                    0.44775390625,
                    0.66259765625,
                    0.99951171875,
                ],
            ),
        ];
        let mut x = vec![0.0; SOBOL_MAX_DIMS];
        for (index, expected) in table {
            seq.point(index, &mut x);
            for (c, e) in cols.iter().zip(expected) {
                assert_eq!(
                    dyadic(x[*c]).to_bits(),
                    e.to_bits(),
                    "point {index}, column {c}"
                );
            }
        }
        seq.point(0, &mut x);
        assert!(x.iter().all(|&v| v > 0.0 && dyadic(v) == 0.0));
    }

    #[test]
    fn every_line_of_the_data_file_is_a_valid_primitive_polynomial_entry() {
        // Joe & Kuo's conditions: degrees non-decreasing, m_k odd and below 2^k.
        let mut last_degree = 0;
        for (dim, line) in (2..).zip(JOE_KUO.lines().skip(1)) {
            let f: Vec<u64> = line
                .split_ascii_whitespace()
                .map(|x| x.parse().unwrap())
                .collect();
            assert_eq!(f[0], dim);
            let s = f[1] as usize;
            assert!(s >= last_degree);
            last_degree = s;
            assert_eq!(f.len(), 3 + s, "dimension {dim}");
            assert!(f[2] < 1 << (s - 1), "dimension {dim}");
            for (k, m) in f[3..].iter().enumerate() {
                assert!(m % 2 == 1 && *m < 1 << (k + 1), "dimension {dim}");
            }
        }
        assert_eq!(JOE_KUO.lines().count(), SOBOL_MAX_DIMS);
    }

    /// Checks that each of the 2^(m1+m2) boxes [i/2^m1, (i+1)/2^m1) × [j/2^m2, (j+1)/2^m2) of
    /// columns (c1, c2) holds exactly one of the first 2^(m1+m2) points.
    fn is_net(pts: &[Vec<f64>], c1: usize, c2: usize, m1: u32, m2: u32) -> bool {
        let mut seen = vec![0u32; 1 << (m1 + m2)];
        for p in pts.iter().take(1 << (m1 + m2)) {
            let i = (p[c1] * f64::from(1u32 << m1)) as usize;
            let j = (p[c2] * f64::from(1u32 << m2)) as usize;
            seen[(i << m2) | j] += 1;
        }
        seen.iter().all(|&c| c == 1)
    }

    #[test]
    fn scrambling_keeps_the_net_structure() {
        // Dimensions 1 and 2 of Sobol's sequence form a (0, m, 2)-net in base 2 (Sobol 1967):
        // every elementary box of area 2^-m holds exactly one of the first 2^m points. A nested
        // scramble maps elementary boxes onto elementary boxes (Owen 1995), so it must too.
        let m = 10;
        for seed in [0, 1, 0xdead_beef] {
            let seq = SobolSequence::new(5, seed).unwrap();
            let pts = points(&seq, 1 << m);
            for m1 in 0..=m {
                assert!(is_net(&pts, 0, 1, m1, m - m1), "seed {seed}, split {m1}");
            }
            for c in 0..5 {
                assert!(
                    is_net(&pts, c, c, m, 0),
                    "one-dimensional strata, column {c}"
                );
            }
        }
    }

    #[test]
    fn points_stay_inside_the_open_cube_and_depend_on_the_seed() {
        let a = SobolSequence::new(40, 1).unwrap();
        let b = SobolSequence::new(40, 2).unwrap();
        let (pa, pb) = (points(&a, 256), points(&b, 256));
        assert!(pa.iter().flatten().all(|&u| u > 0.0 && u < 1.0));
        assert_ne!(pa, pb);
        assert_eq!(pa, points(&SobolSequence::new(40, 1).unwrap(), 256));
        // A high-dimensional point goes through the heap path.
        let wide = SobolSequence::new(100, 3).unwrap();
        let mut x = vec![0.0; 100];
        wide.point(12_345, &mut x);
        assert!(x.iter().all(|&u| u > 0.0 && u < 1.0));
    }

    #[test]
    fn owen_scrambled_estimates_are_unbiased_and_beat_monte_carlo() {
        // ∫ u₀u₁u₂ over the unit cube is 1/8 and the variance of u₀u₁u₂ is 1/27 − 1/64.
        // Plain Monte Carlo with N = 2^12 points has standard error
        // √((1/27 − 1/64)/4096) ≈ 2.3e-3. Owen (1997) shows the scrambled-net error is
        // o(N^-1/2) and O(N^-3/2 (log N)^(s-1)) for smooth integrands, so over 32 seeds the
        // RMS error must be far smaller, and the mean over seeds must show no bias.
        let n = 1u64 << 12;
        let seeds = 32;
        let mut errors = Vec::new();
        for seed in 0..seeds {
            let seq = SobolSequence::new(3, seed).unwrap();
            let mut x = [0.0; 3];
            let mut sum = 0.0;
            for i in 0..n {
                seq.point(i, &mut x);
                sum += x[0] * x[1] * x[2];
            }
            errors.push(sum / n as f64 - 0.125);
        }
        let rms = (errors.iter().map(|e| e * e).sum::<f64>() / seeds as f64).sqrt();
        let mean = errors.iter().sum::<f64>() / seeds as f64;
        let mc_se = ((1.0 / 27.0 - 1.0 / 64.0) / n as f64).sqrt();
        assert!(rms < mc_se / 20.0, "rms {rms}, mc {mc_se}");
        assert!(
            mean.abs() < 4.0 * rms / (seeds as f64).sqrt(),
            "mean {mean}"
        );
    }

    #[test]
    fn gaussian_copula_on_sobol_normals_reproduces_the_matrix() {
        // The issue's copula check, with quasi-random instead of pseudo-random normals:
        // 100,000 points through Φ⁻¹ and the Cholesky factor; the sample correlation must be
        // within 0.01 of the requested matrix.
        use crate::correlation::CorrelationMatrix;
        let target = [[1.0, 0.6, -0.3], [0.6, 1.0, 0.2], [-0.3, 0.2, 1.0]];
        let r = CorrelationMatrix::new(
            vec!["a".into(), "b".into(), "c".into()],
            nalgebra::DMatrix::from_fn(3, 3, |i, k| target[i][k]),
        )
        .unwrap();
        let seq = SobolSequence::new(3, 77).unwrap();
        let (mut z, mut x) = ([0.0; 3], [0.0; 3]);
        let (mut sum, mut cross) = ([0.0; 3], [[0.0; 3]; 3]);
        let n = 100_000u32;
        for i in 0..u64::from(n) {
            seq.std_normal_point(i, &mut z);
            r.correlate(&z, &mut x);
            for a in 0..3 {
                sum[a] += x[a];
                for b in 0..3 {
                    cross[a][b] += x[a] * x[b];
                }
            }
        }
        let nf = f64::from(n);
        let cov = |a: usize, b: usize| cross[a][b] / nf - sum[a] * sum[b] / (nf * nf);
        for a in 0..3 {
            for b in 0..3 {
                let corr = cov(a, b) / (cov(a, a) * cov(b, b)).sqrt();
                assert!((corr - target[a][b]).abs() < 0.01, "({a}, {b}): {corr}");
            }
        }
    }

    #[test]
    fn fill_matches_point_by_point() {
        for seq in [
            SobolSequence::new(7, 3).unwrap(),
            SobolSequence::unscrambled(7).unwrap(),
        ] {
            for start in [0u64, 1, 5, 1023, 1 << 20] {
                let mut block = vec![0.0; 7 * 300];
                seq.fill(start, &mut block);
                let mut one = vec![0.0; 7];
                for (i, row) in block.chunks_exact(7).enumerate() {
                    seq.point(start + i as u64, &mut one);
                    assert_eq!(row, &one[..], "start {start}, offset {i}");
                }
            }
        }
    }

    #[test]
    fn dimension_limits_are_errors() {
        assert_eq!(
            SobolSequence::new(0, 1).unwrap_err(),
            SamplerError::ZeroDimensions
        );
        assert_eq!(
            SobolSequence::new(SOBOL_MAX_DIMS + 1, 1)
                .unwrap_err()
                .to_string(),
            "21202 dimensions requested but at most 21201 are supported"
        );
        assert!(SobolSequence::new(SOBOL_MAX_DIMS, 1).is_ok());
    }
}
