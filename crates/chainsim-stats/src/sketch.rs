//! A mergeable quantile sketch with a relative-error guarantee (DDSketch).
//!
//! Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
//! relative-error guarantees", PVLDB 12(12), 2019. Any bucketing whose buckets [l, h) have
//! h/l ≤ γ, reporting 2lh/(l + h) for every value of a bucket, is within relative error
//! α = (γ − 1)/(γ + 1) of each of them. The index mapping is the bitwise linearly
//! interpolated one of DataDog's sketches-java (`BitwiseLinearlyInterpolatedMapping`): the
//! bucket of a positive normal float is its bit pattern shifted right by 52 − 7, that is its
//! binary exponent followed by the first 7 bits of its significand. Each octave [2^e, 2^(e+1))
//! is cut into 2^7 = 128 buckets of equal width, so h/l ≤ 1 + 1/128 = γ and α = 1/257
//! (≈ 0.39%). A bucket costs one shift instead of a logarithm, and its bounds are exact floats
//! (the index shifted back); the price is 128 buckets an octave where the memory-optimal
//! logarithmic mapping of the same α needs ln 2/ln γ ≈ 89, about 44% more counters.
//! Negative values go to a mirrored store by |v|, and values with |v| < 1e-12 to a zero count.
//!
//! The stores are dense counters that grow as needed and never collapse, so the guarantee holds
//! for every quantile and merging is exact: integer counts add, and the minimum and maximum
//! are exact. The result of any sequence of inserts and merges depends only on the multiset of
//! values, which is what lets the engine merge per-thread sketches in any order.

/// Significand bits kept in a bucket index: 2^7 buckets an octave.
const SUBBUCKET_BITS: u32 = 7;

/// Bits dropped from a float's pattern to make its bucket index.
const SHIFT: u32 = 52 - SUBBUCKET_BITS;

/// The relative accuracy α of [`QuantileSketch`] quantiles: (γ − 1)/(γ + 1) for buckets at most
/// γ = 1 + 2^−7 wide, which is 1/257.
pub const RELATIVE_ACCURACY: f64 = 1.0 / ((2u32 << SUBBUCKET_BITS) + 1) as f64;

/// Values with a smaller magnitude are counted as zero.
const ZERO_THRESHOLD: f64 = 1e-12;

/// [`ZERO_THRESHOLD`]'s bits: non-negative floats order like their bits.
const ZERO_THRESHOLD_BITS: u64 = ZERO_THRESHOLD.to_bits();

/// Extra counters allocated when a store grows, so that a run of new extremes does not
/// reallocate on every insert.
const GROWTH_HEADROOM: usize = 128;

/// The sign bit of an `f64`.
const SIGN_BIT: u64 = 1 << 63;

/// The bits of +∞; a magnitude's bits at or above them are ∞ or NaN.
const INFINITY_BITS: u64 = 0x7ff << 52;

/// The bucket of a finite positive magnitude's bits (at least those of 1e-12, so a normal
/// float): its exponent and leading significand bits. Less than 2^(63 − 45) = 2^18, so it fits
/// an `i32`.
fn bucket_of_bits(magnitude: u64) -> i32 {
    (magnitude >> SHIFT) as i32
}

/// The lower bound of bucket `index`, exactly (the upper bound is that of `index + 1`).
fn bucket_lower_bound(index: i32) -> f64 {
    f64::from_bits((index as u64) << SHIFT)
}

/// The value reported for bucket `index` = [l, h): 2lh/(l + h), whose relative distance to
/// any value of the bucket is at most (h − l)/(h + l) ≤ α.
fn bucket_value(index: i32) -> f64 {
    let low = bucket_lower_bound(index);
    let high = bucket_lower_bound(index + 1);
    // high / (low + high) first: 2lh overflows for buckets above 2^511.
    let value = 2.0 * low * (high / (low + high));
    if value.is_finite() {
        value
    } else {
        // The top bucket ends at f64::MAX (its next bound's bits are +∞), and l + h
        // overflows there: write 2lh/(l + h) as l · 2r/(1 + r) with r = h/l.
        let ratio = high.min(f64::MAX) / low;
        low * (2.0 * ratio / (1.0 + ratio))
    }
}

/// Dense bucket counters: `counts[k]` counts bucket `offset + k`.
#[derive(Clone, Debug, Default)]
struct Store {
    offset: i32,
    counts: Vec<u64>,
}

impl Store {
    fn add(&mut self, index: i32, n: u64) {
        // The common case: a bucket inside the allocated range (an empty store has none, and
        // an index below the offset wraps to a huge k).
        let k = index.wrapping_sub(self.offset) as u32 as usize;
        if let Some(count) = self.counts.get_mut(k) {
            *count += n;
            return;
        }
        self.grow_and_add(index, n);
    }

    #[cold]
    fn grow_and_add(&mut self, index: i32, n: u64) {
        if self.counts.is_empty() {
            self.offset = index;
            self.counts.push(0);
        }
        if index < self.offset {
            let shift = (self.offset - index) as usize + GROWTH_HEADROOM;
            let mut grown = vec![0; shift + self.counts.len()];
            grown[shift..].copy_from_slice(&self.counts);
            self.counts = grown;
            self.offset -= shift as i32;
        }
        let k = (index - self.offset) as usize;
        if k >= self.counts.len() {
            self.counts.resize(k + 1 + GROWTH_HEADROOM, 0);
        }
        self.counts[k] += n;
    }

    /// The counters of buckets `low..=high`, grown to hold them.
    fn span(&mut self, low: i32, high: i32) -> &mut [u64] {
        self.add(low, 0);
        self.add(high, 0);
        let start = (low - self.offset) as usize;
        &mut self.counts[start..=start + (high - low) as usize]
    }

    fn merge(&mut self, other: &Store) {
        for (index, n) in other.iter() {
            self.add(index, n);
        }
    }

    /// Non-empty buckets in ascending index order.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(k, &n)| (self.offset + k as i32, n))
    }

    /// The counters from the first to the last non-empty bucket, and the first's index.
    fn trimmed(&self) -> (i32, &[u64]) {
        match (
            self.counts.iter().position(|&n| n > 0),
            self.counts.iter().rposition(|&n| n > 0),
        ) {
            (Some(first), Some(last)) => (self.offset + first as i32, &self.counts[first..=last]),
            _ => (0, &[]),
        }
    }
}

/// Two stores are equal when they count the same buckets, whatever their allocation.
impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        self.trimmed() == other.trimmed()
    }
}

/// A DDSketch of f64 values: quantiles within [`RELATIVE_ACCURACY`], exactly mergeable.
///
/// # Examples
///
/// ```
/// use chainsim_stats::{QuantileSketch, RELATIVE_ACCURACY};
///
/// let mut a = QuantileSketch::new();
/// let mut b = QuantileSketch::new();
/// for i in 1..=500 {
///     a.insert(f64::from(i));
///     b.insert(f64::from(i + 500));
/// }
/// a.merge(&b);
/// assert_eq!(a.count(), 1000);
/// // The lower median of 1..=1000 is the value of rank ⌊0.5·999⌋ = 499, which is 500.
/// let median = a.quantile(0.5).unwrap();
/// assert!((median - 500.0).abs() <= RELATIVE_ACCURACY * 500.0);
/// assert_eq!(a.max(), Some(1000.0));
/// ```
#[derive(Clone, Debug)]
pub struct QuantileSketch {
    positive: Store,
    negative: Store,
    zero_count: u64,
    count: u64,
    min: f64,
    max: f64,
}

impl QuantileSketch {
    /// The relative accuracy α of quantiles; the same as the crate-level [`RELATIVE_ACCURACY`].
    pub const RELATIVE_ACCURACY: f64 = RELATIVE_ACCURACY;

    /// An empty sketch.
    #[must_use]
    pub fn new() -> QuantileSketch {
        QuantileSketch {
            positive: Store::default(),
            negative: Store::default(),
            zero_count: 0,
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// Records one value.
    ///
    /// Callers must pass finite values. A NaN or infinity panics in debug builds and is ignored
    /// in release builds (it has no bucket). Values with |v| < 1e-12 are counted as zero.
    #[inline]
    pub fn insert(&mut self, v: f64) {
        debug_assert!(v.is_finite(), "QuantileSketch::insert got {v}");
        // Adding +0.0 turns −0.0 into +0.0, so the exact minimum does not depend on whether
        // −0.0 or +0.0 arrived first.
        let v = v + 0.0;
        // The sign, and the magnitude's bits, which order like the magnitudes: the checks
        // below are integer comparisons, and the bucket is the magnitude's bits shifted.
        let bits = v.to_bits();
        let magnitude = bits & !SIGN_BIT;
        if magnitude >= INFINITY_BITS {
            return;
        }
        self.count += 1;
        if v < self.min {
            self.min = v;
        }
        if v > self.max {
            self.max = v;
        }
        if magnitude < ZERO_THRESHOLD_BITS {
            self.zero_count += 1;
        } else if bits == magnitude {
            self.positive.add(bucket_of_bits(magnitude), 1);
        } else {
            self.negative.add(bucket_of_bits(magnitude), 1);
        }
    }

    /// Records every value of `values`: the same sketch as inserting them one by one (see
    /// [`QuantileSketch::insert`]), cheaper. When all are positive, at least 1e-12 and
    /// finite (a level's values across runs, as a rule), the store is grown once to their
    /// range and the counters are bumped in a loop with no other test; otherwise each value
    /// is inserted alone.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::QuantileSketch;
    ///
    /// let values = [3.0, 1.0, 2.0, -1.0, 0.0];
    /// let mut one_by_one = QuantileSketch::new();
    /// values.iter().for_each(|&v| one_by_one.insert(v));
    /// let mut at_once = QuantileSketch::new();
    /// at_once.insert_slice(&values[..3]);
    /// at_once.insert_slice(&values[3..]);
    /// assert_eq!(at_once, one_by_one);
    /// ```
    pub fn insert_slice(&mut self, values: &[f64]) {
        let Range { low, high, probe } = range(values);
        // probe is 0 when every value is finite (a NaN makes it NaN); low < 0 when one is
        // negative (−0.0 counts as zero, as in `insert`).
        if values.is_empty() || probe != 0.0 || low < 0.0 {
            for &v in values {
                self.insert(v);
            }
            return;
        }
        self.count += values.len() as u64;
        // Adding +0.0 turns −0.0 into +0.0, as `insert` does.
        self.min = self.min.min(low + 0.0);
        self.max = self.max.max(high + 0.0);
        if low >= ZERO_THRESHOLD && bucket_of_bits(low.to_bits()) == bucket_of_bits(high.to_bits())
        {
            // One bucket (a value that does not vary across runs, as a base year's): one add
            // instead of a chain of bumps of the same counter, each waiting on the last.
            self.positive
                .add(bucket_of_bits(low.to_bits()), values.len() as u64);
        } else if low >= ZERO_THRESHOLD {
            // No zeros: a counter bump a value, with no other test.
            let offset = bucket_of_bits(low.to_bits());
            let counts = self.positive.span(offset, bucket_of_bits(high.to_bits()));
            let mut bump = |v: f64| counts[(bucket_of_bits(v.to_bits()) - offset) as usize] += 1;
            // Four a step: the loop's own count and test once for four bumps.
            let mut quads = values.chunks_exact(4);
            for quad in &mut quads {
                quad.iter().for_each(|&v| bump(v));
            }
            quads.remainder().iter().for_each(|&v| bump(v));
        } else if high < ZERO_THRESHOLD {
            self.zero_count += values.len() as u64;
        } else {
            // Zeros and positive values: the smallest positive one starts the counters.
            let low_bucketed = values
                .iter()
                .copied()
                .filter(|&v| v >= ZERO_THRESHOLD)
                .fold(f64::INFINITY, f64::min);
            let offset = bucket_of_bits(low_bucketed.to_bits());
            let counts = self.positive.span(offset, bucket_of_bits(high.to_bits()));
            for v in values {
                // The magnitude: −0.0 is among the zeros.
                let bits = v.to_bits() & !SIGN_BIT;
                if bits < ZERO_THRESHOLD_BITS {
                    self.zero_count += 1;
                } else {
                    counts[(bucket_of_bits(bits) - offset) as usize] += 1;
                }
            }
        }
    }

    /// Adds all values recorded in `other`.
    ///
    /// Exact: the result equals the sketch of all values of both, in any merge order.
    pub fn merge(&mut self, other: &QuantileSketch) {
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zero_count += other.zero_count;
        self.count += other.count;
        if other.min < self.min {
            self.min = other.min;
        }
        if other.max > self.max {
            self.max = other.max;
        }
    }

    /// Bytes of bucket counters held on the heap: what the sketch costs beyond its own size.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        (self.positive.counts.capacity() + self.negative.counts.capacity())
            * std::mem::size_of::<u64>()
    }

    /// Number of values recorded.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The exact smallest value recorded, if any.
    #[must_use]
    pub fn min(&self) -> Option<f64> {
        (self.count > 0).then_some(self.min)
    }

    /// The exact largest value recorded, if any.
    #[must_use]
    pub fn max(&self) -> Option<f64> {
        (self.count > 0).then_some(self.max)
    }

    /// Number of allocated bucket counters (8 bytes each), a measure of memory use.
    ///
    /// For positive values spanning [lo, hi] this is about ln(hi/lo)/ln γ, plus some headroom.
    #[must_use]
    pub fn bucket_count(&self) -> usize {
        self.positive.counts.len() + self.negative.counts.len()
    }

    /// The lower q-quantile: an estimate of the value of rank ⌊q·(n − 1)⌋ (0-based) in sorted
    /// order, within relative error [`RELATIVE_ACCURACY`] of it.
    ///
    /// Returns `None` when the sketch is empty or `q` is NaN; `q` outside [0, 1] is clamped.
    /// Ranks 0 and n − 1 return the exact minimum and maximum.
    #[must_use]
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 || q.is_nan() {
            return None;
        }
        let q = q.clamp(0.0, 1.0);
        let rank = (q * (self.count - 1) as f64).floor() as u64;
        if rank == 0 {
            return Some(self.min);
        }
        if rank >= self.count - 1 {
            return Some(self.max);
        }
        let estimate = self.value_of_rank(rank);
        Some(estimate.clamp(self.min, self.max))
    }

    fn value_of_rank(&self, rank: u64) -> f64 {
        let mut seen = 0;
        // Ascending order: the largest negative magnitudes first, then zeros, then positives.
        for (index, n) in self.negative.iter().rev() {
            seen += n;
            if rank < seen {
                return -bucket_value(index);
            }
        }
        seen += self.zero_count;
        if rank < seen {
            return 0.0;
        }
        for (index, n) in self.positive.iter() {
            seen += n;
            if rank < seen {
                return bucket_value(index);
            }
        }
        self.max
    }
}

impl Default for QuantileSketch {
    fn default() -> QuantileSketch {
        QuantileSketch::new()
    }
}

/// What one pass over a slice tells [`QuantileSketch::insert_slice`].
struct Range {
    /// The smallest value (∞ when empty).
    low: f64,
    /// The largest value (−∞ when empty).
    high: f64,
    /// Σ v·0: 0 exactly when every value is finite.
    probe: f64,
}

/// One pass over `values`, with four independent accumulators so that the loop vectorises:
/// a reduction over one accumulator must keep its order and does not.
fn range(values: &[f64]) -> Range {
    const WAYS: usize = 4;
    let mut low = [f64::INFINITY; WAYS];
    let mut high = [f64::NEG_INFINITY; WAYS];
    let mut probe = [0.0; WAYS];
    let mut step = |k: usize, v: f64| {
        low[k] = if v < low[k] { v } else { low[k] };
        high[k] = if v > high[k] { v } else { high[k] };
        probe[k] += v * 0.0;
    };
    let mut chunks = values.chunks_exact(WAYS);
    for chunk in &mut chunks {
        for (k, &v) in chunk.iter().enumerate() {
            step(k, v);
        }
    }
    for (k, &v) in chunks.remainder().iter().enumerate() {
        step(k, v);
    }
    let fold = |a: [f64; WAYS], pick: fn(f64, f64) -> f64, empty: f64| {
        a.into_iter().reduce(pick).unwrap_or(empty)
    };
    Range {
        low: fold(low, f64::min, f64::INFINITY),
        high: fold(high, f64::max, f64::NEG_INFINITY),
        probe: probe.iter().sum(),
    }
}

/// Sketches are equal when they hold the same multiset of bucketed values and the same exact
/// extremes, however they were built.
impl PartialEq for QuantileSketch {
    fn eq(&self, other: &QuantileSketch) -> bool {
        self.positive == other.positive
            && self.negative == other.negative
            && self.zero_count == other.zero_count
            && self.count == other.count
            && self.min.to_bits() == other.min.to_bits()
            && self.max.to_bits() == other.max.to_bits()
    }
}

/// What a [`Store`] is written as: the counters from the first to the last non-empty bucket,
/// and the first's index.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreRepr {
    offset: i32,
    counts: Vec<u64>,
}

/// What a [`QuantileSketch`] is written as: its counts and exact extremes (absent when empty).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SketchRepr {
    count: u64,
    zero_count: u64,
    min: Option<f64>,
    max: Option<f64>,
    positive: StoreRepr,
    negative: StoreRepr,
}

/// Why a written [`QuantileSketch`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SketchError {
    /// A bucket index no finite value at least 1e-12 in magnitude maps to.
    #[error("quantile sketch: bucket index out of range")]
    BucketRange,
    /// The bucket and zero counts do not add up to the total count.
    #[error("quantile sketch: bucket counts add up to {buckets}, not the count {count}")]
    Count {
        /// The total count written.
        count: u64,
        /// What the buckets and the zero count add up to.
        buckets: u64,
    },
    /// The extremes are missing, not finite, out of order, or outside the non-empty buckets.
    #[error("quantile sketch: minimum and maximum disagree with the buckets")]
    Extremes,
}

impl StoreRepr {
    fn of(store: &Store) -> StoreRepr {
        let (offset, counts) = store.trimmed();
        StoreRepr {
            offset,
            counts: counts.to_vec(),
        }
    }

    /// The store, its bucket indices checked to be those of finite magnitudes ≥ 1e-12.
    fn into_store(self) -> Result<Store, SketchError> {
        if self.counts.is_empty() {
            return Ok(Store::default());
        }
        let lowest = bucket_of_bits(ZERO_THRESHOLD_BITS);
        let highest = bucket_of_bits(f64::MAX.to_bits());
        let last = i32::try_from(self.counts.len() - 1)
            .ok()
            .and_then(|len| self.offset.checked_add(len));
        match last {
            Some(last) if self.offset >= lowest && last <= highest => Ok(Store {
                offset: self.offset,
                counts: self.counts,
            }),
            _ => Err(SketchError::BucketRange),
        }
    }
}

/// Where a value sits in a sketch's ascending order of buckets: negative buckets by
/// descending index, then zero, then positive buckets by ascending index.
fn position_of(v: f64) -> (i8, i32) {
    let magnitude = v.abs().to_bits();
    if magnitude < ZERO_THRESHOLD_BITS {
        (0, 0)
    } else if v < 0.0 {
        (-1, -bucket_of_bits(magnitude))
    } else {
        (1, bucket_of_bits(magnitude))
    }
}

impl TryFrom<SketchRepr> for QuantileSketch {
    type Error = SketchError;

    fn try_from(repr: SketchRepr) -> Result<QuantileSketch, SketchError> {
        let positive = repr.positive.into_store()?;
        let negative = repr.negative.into_store()?;
        let buckets = positive
            .counts
            .iter()
            .chain(&negative.counts)
            .try_fold(repr.zero_count, |sum, &n| sum.checked_add(n))
            .ok_or(SketchError::Count {
                count: repr.count,
                buckets: u64::MAX,
            })?;
        if buckets != repr.count {
            return Err(SketchError::Count {
                count: repr.count,
                buckets,
            });
        }
        let sketch = |min: f64, max: f64| QuantileSketch {
            positive: positive.clone(),
            negative: negative.clone(),
            zero_count: repr.zero_count,
            count: repr.count,
            min,
            max,
        };
        let (min, max) = match (repr.count, repr.min, repr.max) {
            (0, None, None) => return Ok(sketch(f64::INFINITY, f64::NEG_INFINITY)),
            (1.., Some(min), Some(max)) if min.is_finite() && max.is_finite() && min <= max => {
                (min, max)
            }
            _ => return Err(SketchError::Extremes),
        };
        // The extremes lie in the lowest and the highest non-empty bucket (and insert never
        // keeps −0.0).
        let mut occupied = negative
            .iter()
            .rev()
            .map(|(index, _)| (-1, -index))
            .chain((repr.zero_count > 0).then_some((0, 0)))
            .chain(positive.iter().map(|(index, _)| (1, index)));
        let first = occupied.next();
        let last = occupied.next_back().or(first);
        if first != Some(position_of(min))
            || last != Some(position_of(max))
            || min.to_bits() == (-0.0f64).to_bits()
            || max.to_bits() == (-0.0f64).to_bits()
        {
            return Err(SketchError::Extremes);
        }
        Ok(sketch(min, max))
    }
}

impl serde::Serialize for QuantileSketch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SketchRepr {
            count: self.count,
            zero_count: self.zero_count,
            min: self.min(),
            max: self.max(),
            positive: StoreRepr::of(&self.positive),
            negative: StoreRepr::of(&self.negative),
        }
        .serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for QuantileSketch {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<QuantileSketch, D::Error> {
        let repr = SketchRepr::deserialize(deserializer)?;
        QuantileSketch::try_from(repr).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod serde_tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    fn round_trip(sketch: &QuantileSketch) -> QuantileSketch {
        serde_json::from_str(&serde_json::to_string(sketch).unwrap()).unwrap()
    }

    fn sketch_of(values: &[f64]) -> QuantileSketch {
        let mut sketch = QuantileSketch::new();
        for &v in values {
            sketch.insert(v);
        }
        sketch
    }

    #[test]
    fn empty_and_mixed_sketches_read_back_equal() {
        for values in [
            &[][..],
            &[0.0],
            &[-3.0, 0.0, 1e-13, 5.0, 5.0],
            &[-2.0, -1.0],
        ] {
            let sketch = sketch_of(values);
            assert_eq!(round_trip(&sketch), sketch, "{values:?}");
        }
        // 1000 = 2^9 · 1.953125 lies 9 · 128 + 0.953125 · 128 = 1,274 buckets above 1: the
        // written store holds 1,275 counters (1,274 commas), and 7 commas separate the fields.
        let text = serde_json::to_string(&sketch_of(&[1.0, 1000.0])).unwrap();
        assert_eq!(text.matches(',').count(), 1274 + 7, "{}", &text[..120]);
    }

    #[test]
    fn counts_and_extremes_that_disagree_are_refused() {
        let good = r#"{"count":2,"zero_count":0,"min":1.0,"max":1.0,"positive":{"offset":VAL,"counts":[2]},"negative":{"offset":0,"counts":[]}}"#;
        let one = bucket_of_bits(1f64.to_bits()).to_string();
        let text = good.replace("VAL", &one);
        assert_eq!(
            serde_json::from_str::<QuantileSketch>(&text).unwrap(),
            sketch_of(&[1.0, 1.0])
        );
        for bad in [
            text.replace(r#""count":2"#, r#""count":3"#),
            text.replace(r#""max":1.0"#, r#""max":2.5"#),
            text.replace(r#""min":1.0"#, r#""min":null"#),
            text.replace(r#""min":1.0"#, r#""min":-1.0"#),
            good.replace("VAL", "1"),
            good.replace("VAL", "2147483647"),
        ] {
            assert!(
                serde_json::from_str::<QuantileSketch>(&bad).is_err(),
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn a_read_back_sketch_merges_and_answers_like_the_original(
            a in vec(-1e6..1e6f64, 0..60),
            b in vec(-1e3..1e9f64, 0..60),
        ) {
            let mut direct = sketch_of(&a);
            direct.merge(&sketch_of(&b));
            let mut read = round_trip(&sketch_of(&a));
            read.merge(&round_trip(&sketch_of(&b)));
            prop_assert_eq!(&read, &direct);
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                prop_assert_eq!(read.quantile(q).map(f64::to_bits), direct.quantile(q).map(f64::to_bits));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_largest_finite_values_have_a_finite_quantile() {
        // A value in the top bucket, [l, f64::MAX]: its reported value must be finite and
        // within α of it (the bound of the module doc).
        let mut sketch = QuantileSketch::new();
        sketch.insert(f64::MAX);
        sketch.insert(0.9 * f64::MAX);
        for q in [0.0, 0.5, 1.0] {
            let v = sketch.quantile(q).unwrap();
            assert!(v.is_finite(), "quantile {q} = {v}");
        }
        let top = sketch.quantile(1.0).unwrap();
        assert!(
            (top - f64::MAX).abs() <= QuantileSketch::RELATIVE_ACCURACY * f64::MAX,
            "{top}"
        );
    }

    use super::*;
    use crate::stream::run_rng;
    use proptest::prelude::*;
    use rand::RngExt;
    use rand::seq::SliceRandom;
    use rand_distr::{Distribution, Exp, LogNormal, Normal, Pareto, StandardNormal, Uniform};

    /// The bucket of a positive magnitude (≥ 1e-12).
    fn bucket_index(magnitude: f64) -> i32 {
        bucket_of_bits(magnitude.to_bits())
    }

    /// α plus room for rounding at bucket boundaries.
    const BOUND: f64 = RELATIVE_ACCURACY * (1.0 + 1e-9);

    fn sketch_of(values: &[f64]) -> QuantileSketch {
        let mut s = QuantileSketch::new();
        for &v in values {
            s.insert(v);
        }
        s
    }

    /// Every quantile q = 0, 0.001, …, 1 against the exact order statistic of rank ⌊q(n − 1)⌋.
    fn check_against_sorted(values: &[f64]) {
        let sketch = sketch_of(values);
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        for i in 0..=1000 {
            let q = f64::from(i) / 1000.0;
            let exact = sorted[(q * (n - 1) as f64).floor() as usize];
            let estimate = sketch.quantile(q).unwrap();
            if exact == 0.0 {
                assert_eq!(estimate.to_bits(), 0f64.to_bits(), "q = {q}");
            } else {
                let rel = ((estimate - exact) / exact).abs();
                assert!(
                    rel <= BOUND,
                    "q = {q}: exact {exact}, sketch {estimate}, rel {rel}"
                );
            }
        }
        assert_eq!(sketch.count(), n as u64);
        assert_eq!(sketch.min().unwrap().to_bits(), sorted[0].to_bits());
        assert_eq!(sketch.max().unwrap().to_bits(), sorted[n - 1].to_bits());
    }

    fn draws<D: Distribution<f64>>(d: D, seed: u64, n: usize) -> Vec<f64> {
        let mut rng = run_rng(seed, 0);
        (0..n).map(|_| d.sample(&mut rng)).collect()
    }

    #[test]
    fn quantiles_within_relative_accuracy_of_exact_order_statistics() {
        let n = 50_000;
        check_against_sorted(&draws(Normal::new(0.0, 1.0).unwrap(), 1, n));
        check_against_sorted(&draws(Normal::new(-300.0, 20.0).unwrap(), 2, n));
        check_against_sorted(&draws(LogNormal::new(0.0, 3.0).unwrap(), 3, n));
        check_against_sorted(&draws(Exp::new(0.01).unwrap(), 4, n));
        check_against_sorted(&draws(Pareto::new(1.0, 1.1).unwrap(), 5, n));
        check_against_sorted(&draws(Uniform::new(-5.0, 5.0).unwrap(), 6, n));
    }

    /// Every magnitude from 1e-12 to 1e300 (100 points a decade, off the powers of two) is
    /// within α of the value its bucket reports and inside its bucket's bounds, and buckets
    /// increase with the magnitude.
    #[test]
    fn every_bucket_reports_within_alpha_of_its_values() {
        let mut previous = i32::MIN;
        for k in -1_200..=30_000 {
            let v = 10f64.powf(f64::from(k) / 100.0) * 1.000_123;
            let index = bucket_index(v);
            let rel = (bucket_value(index) - v).abs() / v;
            assert!(rel <= BOUND, "v = {v:e}: bucket {index}, rel {rel}");
            assert!(bucket_lower_bound(index) <= v && v < bucket_lower_bound(index + 1));
            assert!(index >= previous, "v = {v:e}");
            previous = index;
        }
        // Powers of two open a bucket; the first bucket of an octave is the widest,
        // [1, 1 + 1/128), and its reported value is off by exactly α at both ends.
        for e in [-30, -1, 0, 1, 52, 1000] {
            let v = 2f64.powi(e);
            assert_eq!(bucket_lower_bound(bucket_index(v)).to_bits(), v.to_bits());
            assert_eq!(bucket_index(v.next_down()), bucket_index(v) - 1);
        }
        let (low, high): (f64, f64) = (1.0, 1.0 + 1.0 / 128.0);
        assert_eq!(
            bucket_lower_bound(bucket_index(low) + 1).to_bits(),
            high.to_bits()
        );
        let value = bucket_value(bucket_index(low));
        assert!(((value - low) / low - 1.0 / 257.0).abs() < 1e-15);
        assert!(((high - value) / high - 1.0 / 257.0).abs() < 1e-15);
    }

    #[test]
    fn zeros_and_mixed_signs() {
        // A quarter exact zeros (and some −0.0), the rest signed lognormals over 12 decades.
        let mut rng = run_rng(7, 0);
        let values: Vec<f64> = (0..40_000)
            .map(|i| match i % 8 {
                0 => 0.0,
                1 => -0.0,
                _ => {
                    let z: f64 = rng.sample(StandardNormal);
                    let magnitude = (2.0 * z).exp();
                    if rng.random::<bool>() {
                        magnitude
                    } else {
                        -magnitude
                    }
                }
            })
            .collect();
        check_against_sorted(&values);
    }

    #[test]
    fn lower_quantile_rank_convention() {
        // Sorted [1, 2, 3, 4]: q = 0.5 is rank ⌊1.5⌋ = 1, the value 2 (not 2.5 or 3).
        let s = sketch_of(&[4.0, 1.0, 3.0, 2.0]);
        let median = s.quantile(0.5).unwrap();
        assert!((median - 2.0).abs() <= 2.0 * BOUND);
        assert_eq!(s.quantile(0.0), Some(1.0));
        assert_eq!(s.quantile(1.0), Some(4.0));
        assert_eq!(s.quantile(-3.0), Some(1.0));
        assert_eq!(s.quantile(f64::NAN), None);
    }

    #[test]
    fn empty_sketch() {
        let s = QuantileSketch::default();
        assert_eq!(s, QuantileSketch::new());
        assert_eq!(s.count(), 0);
        assert_eq!(s.quantile(0.5), None);
        assert_eq!(s.min(), None);
        assert_eq!(s.max(), None);
    }

    #[test]
    fn bucket_count_for_six_decades_is_128_an_octave() {
        // 128 buckets an octave make 128 log₂(1e6) ≈ 2551.3 for [1, 1e6]; the memory-optimal
        // mapping of the same α needs ln(1e6)/ln γ ≈ 1775.2 (Masson et al. 2019, §2.2), so
        // the bitwise mapping uses 128 ln γ / ln 2 ≈ 1.437 times as many. Allocation adds at
        // most one growth step of headroom.
        let values: Vec<f64> = (0..=100_000)
            .map(|k| 10f64.powf(6.0 * f64::from(k) / 1e5))
            .collect();
        let gamma = 1.0 + 1.0 / 128.0;
        assert!((RELATIVE_ACCURACY - (gamma - 1.0) / (gamma + 1.0)).abs() < 1e-18);
        let optimal = (1e6f64).ln() / gamma.ln();
        assert!((optimal - 1775.2).abs() < 0.1, "{optimal}");
        let expected = 128.0 * (1e6f64).log2();
        assert!((expected - 2551.3).abs() < 0.1, "{expected}");
        let mut ascending = QuantileSketch::new();
        let mut descending = QuantileSketch::new();
        for &v in &values {
            ascending.insert(v);
        }
        for &v in values.iter().rev() {
            descending.insert(v);
        }
        for s in [&ascending, &descending] {
            let buckets = s.bucket_count() as f64;
            assert!(buckets >= expected.floor(), "{buckets} buckets");
            assert!(
                buckets <= expected.ceil() + 1.0 + GROWTH_HEADROOM as f64,
                "{buckets} buckets"
            );
        }
        assert_eq!(ascending, descending);
    }

    #[test]
    fn insertion_order_does_not_matter() {
        let mut values = draws(Normal::new(0.0, 3.0).unwrap(), 11, 5_000);
        values.extend([0.0, -0.0, 1e-13]);
        let a = sketch_of(&values);
        let mut rng = run_rng(12, 0);
        values.shuffle(&mut rng);
        assert_eq!(a, sketch_of(&values));
    }

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            -1e6..1e6f64,
            (-30.0..30.0f64).prop_map(f64::exp),
            (-30.0..30.0f64).prop_map(|x| -x.exp()),
        ]
    }

    proptest! {
        #[test]
        fn every_quantile_is_within_alpha_of_its_order_statistic(
            // Magnitudes above the zero threshold (1e-12, below e^-27), where the bound is
            // relative.
            values in prop::collection::vec(
                prop_oneof![
                    (-27.0..30.0f64).prop_map(f64::exp),
                    (-27.0..30.0f64).prop_map(|x| -x.exp()),
                ],
                1..400,
            ),
        ) {
            // The bound of the module doc: the value of rank ⌊q(n − 1)⌋ to within α of itself.
            let sketch = sketch_of(&values);
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for k in 0..=20 {
                let q = f64::from(k) / 20.0;
                let rank = (q * (sorted.len() - 1) as f64).floor() as usize;
                let exact = sorted[rank];
                let estimate = sketch.quantile(q).unwrap();
                prop_assert!(
                    (estimate - exact).abs() <= BOUND * exact.abs(),
                    "q = {q}: {estimate} vs {exact}"
                );
            }
        }

        #[test]
        fn merge_is_commutative(
            a in prop::collection::vec(value(), 0..200),
            b in prop::collection::vec(value(), 0..200),
        ) {
            let (sa, sb) = (sketch_of(&a), sketch_of(&b));
            let mut ab = sa.clone();
            ab.merge(&sb);
            let mut ba = sb.clone();
            ba.merge(&sa);
            prop_assert_eq!(&ab, &ba);
            let all: Vec<f64> = a.iter().chain(&b).copied().collect();
            prop_assert_eq!(&ab, &sketch_of(&all));
        }

        #[test]
        fn a_slice_inserts_as_its_values_one_by_one(
            first in prop::collection::vec(value(), 0..200),
            positive in prop::collection::vec(1e-12..1e12_f64, 0..200),
            indicators in prop::collection::vec(prop::sample::select(vec![0.0, -0.0, 1e-13, 1.0]), 0..100),
        ) {
            // A mixed slice takes the one-by-one path, an all-positive one the batched path,
            // a slice of zeros and ones the path with a zero test, a constant one a single
            // add, each onto a store already holding other values.
            // A constant slice (a base year's level in every run) takes the one-bucket path.
            let constant = vec![positive.first().copied().unwrap_or(3.5); indicators.len()];
            let all: Vec<f64> = first
                .iter()
                .chain(&positive)
                .chain(&indicators)
                .chain(&constant)
                .copied()
                .collect();
            let mut batched = QuantileSketch::new();
            batched.insert_slice(&first);
            batched.insert_slice(&positive);
            batched.insert_slice(&indicators);
            batched.insert_slice(&constant);
            let one_by_one = sketch_of(&all);
            prop_assert_eq!(&batched, &one_by_one);
            prop_assert_eq!(batched.min().map(f64::to_bits), one_by_one.min().map(f64::to_bits));
            prop_assert_eq!(batched.max().map(f64::to_bits), one_by_one.max().map(f64::to_bits));
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                prop_assert_eq!(batched.quantile(q).map(f64::to_bits), one_by_one.quantile(q).map(f64::to_bits));
            }
        }

        #[test]
        fn merge_is_associative(
            a in prop::collection::vec(value(), 0..100),
            b in prop::collection::vec(value(), 0..100),
            c in prop::collection::vec(value(), 0..100),
        ) {
            let (sa, sb, sc) = (sketch_of(&a), sketch_of(&b), sketch_of(&c));
            let mut left = sa.clone();
            left.merge(&sb);
            left.merge(&sc);
            let mut bc = sb.clone();
            bc.merge(&sc);
            let mut right = sa.clone();
            right.merge(&bc);
            prop_assert_eq!(&left, &right);
            for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                prop_assert_eq!(left.quantile(q).map(f64::to_bits), right.quantile(q).map(f64::to_bits));
            }
        }
    }
}
