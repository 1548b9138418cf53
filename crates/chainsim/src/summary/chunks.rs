//! Which chunks of runs a summary holds, and which chunks a shard runs.

use serde::{Deserialize, Serialize};

/// The half-open range `start..end` of chunk indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRange {
    /// First chunk.
    pub start: u64,
    /// One past the last chunk.
    pub end: u64,
}

impl ChunkRange {
    /// Every chunk of `n_chunks`.
    pub fn all(n_chunks: u64) -> ChunkRange {
        ChunkRange {
            start: 0,
            end: n_chunks,
        }
    }

    /// The chunks of shard `index` of `count` over `n_chunks` chunks: the contiguous range
    /// ⌊index·n_chunks/count⌋ .. ⌊(index + 1)·n_chunks/count⌋. The shards' ranges follow one
    /// another and cover every chunk once; each is non-empty when `count` ≤ `n_chunks`, and
    /// sizes differ by one at most.
    ///
    /// # Examples
    /// ```
    /// use chainsim::summary::ChunkRange;
    /// // 10 chunks over 4 shards: 0..2, 2..5, 5..7, 7..10.
    /// let ends: Vec<u64> = (0..4).map(|k| ChunkRange::of_shard(k, 4, 10).end).collect();
    /// assert_eq!(ends, [2, 5, 7, 10]);
    /// ```
    pub fn of_shard(index: u64, count: u64, n_chunks: u64) -> ChunkRange {
        let at = |k: u64| (u128::from(k) * u128::from(n_chunks) / u128::from(count.max(1))) as u64;
        ChunkRange {
            start: at(index),
            end: at(index + 1),
        }
    }

    /// Number of chunks.
    pub fn len(self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the range holds no chunk.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Runs in these chunks of a simulation of `runs` runs in chunks of `chunk_runs`.
    pub fn runs(self, runs: u64, chunk_runs: u64) -> u64 {
        let first = self.start.saturating_mul(chunk_runs).min(runs);
        let last = self.end.saturating_mul(chunk_runs).min(runs);
        last - first
    }
}

impl std::fmt::Display for ChunkRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.len() {
            0 => write!(f, "none"),
            1 => write!(f, "{}", self.start),
            _ => write!(f, "{}–{}", self.start, self.end - 1),
        }
    }
}

/// A set of chunk indices: sorted, disjoint ranges with gaps between them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct ChunkSet(Vec<ChunkRange>);

impl ChunkSet {
    /// The set's ranges in ascending order.
    pub fn ranges(&self) -> &[ChunkRange] {
        &self.0
    }

    /// Number of chunks.
    pub fn len(&self) -> u64 {
        self.0.iter().map(|r| r.len()).sum()
    }

    /// Whether the set holds no chunk.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the set is exactly `range`.
    pub fn is(&self, range: ChunkRange) -> bool {
        match self.0.as_slice() {
            [] => range.is_empty(),
            [only] => *only == range,
            _ => false,
        }
    }

    /// Adds `range`; a part of it the set already holds is returned as the error (and the
    /// set is left as it was).
    pub fn insert(&mut self, range: ChunkRange) -> Result<(), ChunkRange> {
        if range.is_empty() {
            return Ok(());
        }
        // Ranges before `at` end before `range` starts; from there on, those that start by
        // the end of what is merged so far overlap it (an error) or touch it (joined).
        let at = self.0.partition_point(|r| r.end < range.start);
        let mut merged = range;
        let mut end = at;
        while let Some(r) = self.0.get(end).filter(|r| r.start <= merged.end) {
            if r.start < merged.end && r.end > merged.start {
                return Err(ChunkRange {
                    start: r.start.max(merged.start),
                    end: r.end.min(merged.end),
                });
            }
            merged.start = merged.start.min(r.start);
            merged.end = merged.end.max(r.end);
            end += 1;
        }
        self.0.splice(at..end, [merged]);
        Ok(())
    }

    /// Adds every chunk of `other`; the first chunks both hold are returned as the error.
    pub fn union(&mut self, other: &ChunkSet) -> Result<(), ChunkRange> {
        if let Some(overlap) = self.overlap(other) {
            return Err(overlap);
        }
        for &range in &other.0 {
            self.insert(range)?;
        }
        Ok(())
    }

    /// The first range of chunks both sets hold, if any.
    pub fn overlap(&self, other: &ChunkSet) -> Option<ChunkRange> {
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (self.0.get(i), other.0.get(j)) {
            let both = ChunkRange {
                start: a.start.max(b.start),
                end: a.end.min(b.end),
            };
            if !both.is_empty() {
                return Some(both);
            }
            if a.end <= b.end {
                i += 1;
            } else {
                j += 1;
            }
        }
        None
    }
}

impl<'de> Deserialize<'de> for ChunkSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ChunkSet, D::Error> {
        let ranges = Vec::<ChunkRange>::deserialize(deserializer)?;
        let ordered = ranges.windows(2).all(|pair| pair[0].end < pair[1].start);
        if !ordered || ranges.iter().any(|r| r.is_empty()) {
            return Err(serde::de::Error::custom(
                "chunk ranges must be non-empty, ascending and apart",
            ));
        }
        Ok(ChunkSet(ranges))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn range(start: u64, end: u64) -> ChunkRange {
        ChunkRange { start, end }
    }

    #[test]
    fn shards_cover_every_chunk_once_in_order() {
        for (count, n_chunks) in [(1, 1), (3, 10), (7, 7), (4, 1000), (7, 3)] {
            let mut next = 0;
            for k in 0..count {
                let r = ChunkRange::of_shard(k, count, n_chunks);
                assert_eq!(r.start, next, "shard {k}/{count} of {n_chunks}");
                next = r.end;
            }
            assert_eq!(next, n_chunks);
        }
        // 7 shards of 3 chunks: ⌊3k/7⌋ for k = 0..=7 is 0,0,0,1,1,2,2,3.
        let sizes: Vec<u64> = (0..7)
            .map(|k| ChunkRange::of_shard(k, 7, 3).len())
            .collect();
        assert_eq!(sizes, [0, 0, 1, 0, 1, 0, 1]);
    }

    #[test]
    fn runs_of_the_last_chunk_are_cut_at_the_total() {
        assert_eq!(range(0, 4).runs(1000, 256), 1000);
        assert_eq!(range(3, 4).runs(1000, 256), 232);
        assert_eq!(range(1, 3).runs(1000, 256), 512);
    }

    #[test]
    fn overlaps_are_reported_and_touching_ranges_join() {
        let mut set = ChunkSet::default();
        set.insert(range(4, 6)).unwrap();
        set.insert(range(0, 2)).unwrap();
        assert_eq!(set.insert(range(1, 5)), Err(range(1, 2)));
        set.insert(range(2, 4)).unwrap();
        assert!(set.is(range(0, 6)));
        assert_eq!(set.insert(range(5, 9)), Err(range(5, 6)));
        assert_eq!(range(3, 6).to_string(), "3–5");
    }

    proptest! {
        /// Chunks inserted one by one in any order give one range, whatever the grouping.
        #[test]
        fn any_order_of_chunks_gives_the_whole_range(
            order in Just((0..20u64).collect::<Vec<_>>()).prop_shuffle(),
            split in 0..20usize,
        ) {
            let (left, right) = order.split_at(split);
            let mut a = ChunkSet::default();
            for &k in left {
                a.insert(range(k, k + 1)).unwrap();
            }
            let mut b = ChunkSet::default();
            for &k in right {
                b.insert(range(k, k + 1)).unwrap();
            }
            prop_assert_eq!(a.overlap(&b), None);
            a.union(&b).unwrap();
            prop_assert!(a.is(range(0, 20)));
            prop_assert_eq!(a.len(), 20);
            prop_assert!(a.union(&b).is_err());
        }
    }
}
