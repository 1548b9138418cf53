//! Mergeable summaries of many runs.
//!
//! Counts and sketch buckets are integers, so merging them is exact and order-free. The sums
//! behind means are [`Total`]s: the values of one chunk of runs are added in run order into
//! eight open `f64` partial sums (value i of the chunk into sum i mod 8, so that the adds do
//! not wait on each other), and [`Summary::seal`] (the engine calls it after every chunk) adds
//! those eight, summed pairwise, exactly into an [`ExactSum`]. A summary therefore depends
//! only on which chunks it holds, never on which thread ran them, how its runs were batched,
//! or in what order they were merged.
//!
//! A summary records which chunks it holds ([`ChunkSet`]) and can be written and read back
//! (serde; reading checks that its counts agree), so that shards of a simulation run in
//! different processes merge into the summary of one process: [`part`] is the file format.

use serde::{Deserialize, Serialize};

use crate::model::Model;
use crate::model::targets::{Direction, Target};
use crate::stats::{ExactSum, QuantileSketch};

mod chunks;
pub mod part;

pub use chunks::{ChunkRange, ChunkSet};

/// Lanes whose target metrics are held at once while a batch is scored.
const LANE_METRICS: usize = 64;

/// Open partial sums of a [`Total`]: value i since the last seal goes into sum i mod `OPEN`.
/// One running sum is a chain of dependent adds (4 cycles each); eight let a batch's adds
/// proceed side by side.
const OPEN: usize = 8;

/// A sum of values whose merges are exact: values since the last seal go into eight open
/// `f64` partial sums in turn, sealed partial sums into an [`ExactSum`] (boxed: it is touched
/// once a chunk, and its 550 bytes would otherwise spread the hot sketches of a summary over
/// more cache lines).
///
/// Its open partial sum is the eight summed pairwise in a fixed order. It is written as one
/// exact sum, the open partial sum added exactly: what [`Total::merge`] would add of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Total {
    open: [f64; OPEN],
    /// Values added since the last seal, modulo [`OPEN`]: the partial sum the next one joins.
    next: usize,
    sealed: Box<ExactSum>,
}

impl Total {
    /// Adds one value to the next open partial sum.
    pub fn add(&mut self, value: f64) {
        self.open[self.next] += value;
        self.next = (self.next + 1) % OPEN;
    }

    /// Adds `values` in order: the same sums as adding them one by one.
    pub fn add_all(&mut self, values: &[f64]) {
        // Up to the next multiple of OPEN one by one, then OPEN at a time into all the open
        // sums at once (a loop the compiler vectorises), then the rest one by one.
        let lead = ((OPEN - self.next) % OPEN).min(values.len());
        let (head, rest) = values.split_at(lead);
        head.iter().for_each(|&v| self.add(v));
        let mut blocks = rest.chunks_exact(OPEN);
        for block in &mut blocks {
            for (sum, &v) in self.open.iter_mut().zip(block) {
                *sum += v;
            }
        }
        blocks.remainder().iter().for_each(|&v| self.add(v));
    }

    /// The open partial sums folded into one, pairwise in a fixed order: a function of the
    /// values added since the last seal alone.
    fn open_sum(&self) -> f64 {
        let [a, b, c, d, e, f, g, h] = self.open;
        ((a + b) + (c + d)) + ((e + f) + (g + h))
    }

    /// Moves the open partial sum, exactly, into the sealed sum.
    pub fn seal(&mut self) {
        let open = self.open_sum();
        if open != 0.0 {
            self.sealed.add(open);
        }
        self.open = [0.0; OPEN];
        self.next = 0;
    }

    /// Adds `other`'s sealed sum and open partial sum, exactly.
    pub fn merge(&mut self, other: &Total) {
        self.sealed.merge(&other.sealed);
        self.sealed.add(other.open_sum());
    }

    /// The sealed sum plus the open partial sum, correctly rounded.
    pub fn value(&self) -> f64 {
        let open = self.open_sum();
        if open == 0.0 {
            return self.sealed.value();
        }
        self.all().value()
    }

    /// The sealed sum with the open partial sum added exactly.
    fn all(&self) -> ExactSum {
        let mut all = (*self.sealed).clone();
        all.add(self.open_sum());
        all
    }
}

impl Serialize for Total {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.all().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Total {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Total, D::Error> {
        Ok(Total {
            open: [0.0; OPEN],
            next: 0,
            sealed: Box::new(ExactSum::deserialize(deserializer)?),
        })
    }
}

/// Distribution of one quantity over runs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    sketch: QuantileSketch,
    sum: Total,
}

impl Distribution {
    /// Records one value.
    pub fn insert(&mut self, value: f64) {
        self.sketch.insert(value);
        self.sum.add(value);
    }

    /// Records `values` in order: the same as inserting them one by one.
    pub fn insert_all(&mut self, values: &[f64]) {
        self.sketch.insert_slice(values);
        self.sum.add_all(values);
    }

    /// Adds another distribution's values.
    pub fn merge(&mut self, other: &Distribution) {
        self.sketch.merge(&other.sketch);
        self.sum.merge(&other.sum);
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.sketch.count()
    }

    /// Mean, if any value was recorded.
    pub fn mean(&self) -> Option<f64> {
        let n = self.count();
        (n > 0).then(|| self.sum.value() / n as f64)
    }

    /// Quantile `q` within [`QuantileSketch::RELATIVE_ACCURACY`], if any value was recorded.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.sketch.quantile(q)
    }
}

/// What is known about one target over the runs so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetTally {
    /// Runs in which the target was met.
    pub met: u64,
    /// The target's metric in its year.
    pub metric: Distribution,
    /// Sum of the shortfall over runs that missed with a defined metric.
    pub shortfall: Total,
    /// Runs whose metric was undefined (a growth or ratio over a level that was not
    /// positive); they count as missed and are left out of the metric's distribution.
    pub undefined: u64,
    /// Runs whose condition first held in base year + 1 + k (index k); the last slot counts
    /// runs in which it never held.
    pub first_year: Vec<u64>,
}

impl TargetTally {
    /// Scores the lanes of `group` (those without a status), writing each lane's metric into
    /// `metrics` (NaN where it is undefined) and counting the year each first met the
    /// target: a year's metrics are a row of the lanes ([`Target::metric_lanes`]), and the
    /// first year is found from the horizon back, a compare and a select a lane and year.
    fn score_lanes(
        &mut self,
        model: &Model,
        target: &Target,
        rows: Rows<'_>,
        group: &[Option<Rejection>],
        metrics: &mut [f64],
    ) {
        let width = group.len();
        let base_year = model.base_year();
        if !target.metric_lanes(|p| rows.at(p), base_year, target.year, metrics) {
            metrics.fill(f64::NAN);
        }
        for (status, metric) in group.iter().zip(&*metrics) {
            if status.is_none() && metric.is_nan() {
                self.undefined += 1;
            }
        }
        // Slot k counts runs first meeting the target at point k + 1; the last, runs that
        // never do. A NaN (undefined) metric meets no threshold.
        let never = self.first_year.len() - 1;
        let mut slots = [never; LANE_METRICS];
        let slots = &mut slots[..width];
        let mut row = [0.0; LANE_METRICS];
        let row = &mut row[..width];
        let threshold = target.threshold;
        for point in (1..=never).rev() {
            let year = base_year + point as i32;
            // The target year's metrics are already in `metrics` (NaN where undefined).
            if year == target.year {
                row.copy_from_slice(metrics);
            } else if !target.metric_lanes(|p| rows.at(p), base_year, year, row) {
                continue;
            }
            match target.direction {
                Direction::AtLeast => {
                    for (slot, &m) in slots.iter_mut().zip(&*row) {
                        *slot = if m >= threshold { point - 1 } else { *slot };
                    }
                }
                Direction::AtMost => {
                    for (slot, &m) in slots.iter_mut().zip(&*row) {
                        *slot = if m <= threshold { point - 1 } else { *slot };
                    }
                }
            }
        }
        for (status, &slot) in group.iter().zip(&*slots) {
            if status.is_none() {
                self.first_year[slot] += 1;
            }
        }
    }
}

/// A series of a batch of runs held lane-minor (point p of lane l at `p * lanes + l`), seen
/// from lane `from` on.
#[derive(Clone, Copy)]
struct Rows<'a> {
    series: &'a [f64],
    lanes: usize,
    from: usize,
}

impl Rows<'_> {
    /// The lanes' values at point `point`, from lane `from` on.
    fn at(&self, point: usize) -> &[f64] {
        &self.series[point * self.lanes + self.from..]
    }
}

/// Why a run was not scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The drawn coefficient matrix was not productive.
    NotProductive,
    /// The drawn coefficients made base-year final demand negative for some sector.
    NegativeBaseDemand,
    /// A recorded value was not a finite number (a level overflowed, or a NaN spread).
    NonFinite,
}

/// Mergeable summary of a set of runs.
///
/// Read back (serde) only when its counts agree: every series distribution and every
/// target's tally counts the accepted runs, and the rejected include the non-finite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SummaryFields")]
pub struct Summary {
    n_points: usize,
    accepted: u64,
    rejected: u64,
    non_finite: u64,
    chunks: ChunkSet,
    series: Vec<Distribution>,
    /// The series `series` holds, as ascending indices into [`Model::series`]
    /// ([`Model::trajectory_series`]); absent when it holds every series.
    #[serde(skip_serializing_if = "Option::is_none")]
    trajectory_series: Option<Vec<usize>>,
    targets: Vec<TargetTally>,
}

/// A [`Summary`] as read, before its counts are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SummaryFields {
    n_points: usize,
    accepted: u64,
    rejected: u64,
    non_finite: u64,
    chunks: ChunkSet,
    series: Vec<Distribution>,
    #[serde(default)]
    trajectory_series: Option<Vec<usize>>,
    targets: Vec<TargetTally>,
}

/// Why summaries cannot be read back or merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SummaryError {
    /// The counts of a summary read back disagree.
    #[error("summary counts disagree: {0}")]
    Counts(String),
    /// The summary is not shaped for the model (another scenario's, or another version's).
    #[error(
        "summary has {series} series points and {targets} targets over {points} years; the scenario has {want_series}, {want_targets} and {want_points}"
    )]
    Shape {
        /// Series distributions held.
        series: usize,
        /// Targets tallied.
        targets: usize,
        /// Points (years, with the base year) a series has.
        points: usize,
        /// The model's series distributions.
        want_series: usize,
        /// The model's targets.
        want_targets: usize,
        /// The model's points.
        want_points: usize,
    },
    /// The summary keeps other series than the scenario's `[trajectories]` does.
    #[error(
        "summary keeps the trajectories of other series than the scenario's [trajectories] does"
    )]
    Trajectories,
    /// Both summaries hold these chunks.
    #[error("chunks {0} are in both")]
    Overlap(ChunkRange),
}

impl TryFrom<SummaryFields> for Summary {
    type Error = SummaryError;

    fn try_from(fields: SummaryFields) -> Result<Summary, SummaryError> {
        let bad = |what: String| Err(SummaryError::Counts(what));
        let accepted = fields.accepted;
        if fields.n_points == 0 || !fields.series.len().is_multiple_of(fields.n_points) {
            return bad(format!(
                "{} series points are not whole series of {} years",
                fields.series.len(),
                fields.n_points
            ));
        }
        if fields.accepted.checked_add(fields.rejected).is_none()
            || fields.non_finite > fields.rejected
        {
            return bad(format!(
                "{} non-finite among {} rejected runs",
                fields.non_finite, fields.rejected
            ));
        }
        if let Some(kept) = &fields.trajectory_series
            && (kept.len().checked_mul(fields.n_points) != Some(fields.series.len())
                || kept.windows(2).any(|pair| pair[0] >= pair[1]))
        {
            return bad(format!(
                "{} series points are not those of {} ascending kept series",
                fields.series.len(),
                kept.len()
            ));
        }
        if let Some(d) = fields.series.iter().find(|d| d.count() != accepted) {
            return bad(format!(
                "a series holds {} values for {accepted} accepted runs",
                d.count()
            ));
        }
        for (idx, t) in fields.targets.iter().enumerate() {
            let first_years = t
                .first_year
                .iter()
                .try_fold(0u64, |sum, &n| sum.checked_add(n));
            let scored = t.metric.count().checked_add(t.undefined);
            if t.first_year.len() != fields.n_points
                || first_years != Some(accepted)
                || scored != Some(accepted)
                || t.met > t.metric.count()
            {
                return bad(format!(
                    "target {idx}'s tally does not count {accepted} accepted runs"
                ));
            }
        }
        Ok(Summary {
            n_points: fields.n_points,
            accepted,
            rejected: fields.rejected,
            non_finite: fields.non_finite,
            chunks: fields.chunks,
            series: fields.series,
            trajectory_series: fields.trajectory_series,
            targets: fields.targets,
        })
    }
}

impl Summary {
    /// An empty summary shaped for `model`.
    pub fn new(model: &Model) -> Summary {
        let trajectory_series = model.trajectory_series().map(<[usize]>::to_vec);
        let n_series = trajectory_series
            .as_ref()
            .map_or(model.series().len(), Vec::len);
        let n_points = model.n_years() + 1;
        Summary {
            n_points,
            accepted: 0,
            rejected: 0,
            non_finite: 0,
            chunks: ChunkSet::default(),
            series: vec![Distribution::default(); n_series * n_points],
            trajectory_series,
            targets: model
                .targets()
                .iter()
                .map(|_| TargetTally {
                    met: 0,
                    metric: Distribution::default(),
                    shortfall: Total::default(),
                    undefined: 0,
                    first_year: vec![0; n_points],
                })
                .collect(),
        }
    }

    /// Records a completed run; writes the run's target metrics into `metrics`
    /// (one per target).
    pub fn record(&mut self, model: &Model, values: &[f64], metrics: &mut [f64]) {
        self.record_lanes(model, values, 1, &[None], metrics);
    }

    /// Records a batch of runs side by side, in lane order, as [`Summary::record`] and
    /// [`Summary::reject`] would one run at a time (so the sums are the same to the bit):
    /// `values` is lane-minor — series `s` at point `p` of lane `l` at
    /// `(s * n_points + p) * lanes + l` — and a lane with a `status` was rejected. Writes each
    /// lane's target metrics into `metrics`, `n_targets` a lane (zeros for a rejected lane).
    pub fn record_lanes(
        &mut self,
        model: &Model,
        values: &[f64],
        lanes: usize,
        status: &[Option<Rejection>],
        metrics: &mut [f64],
    ) {
        let width = status.len();
        let n_points = self.n_points;
        debug_assert_eq!(values.len(), model.series().len() * n_points * lanes);
        let all_scored = status.iter().all(Option::is_none);
        let n_targets = model.targets().len();
        let kept = self.trajectory_series.as_deref();
        for (slot, points) in self.series.chunks_exact_mut(n_points).enumerate() {
            // The kept series' rows, a point's lanes a row.
            let s = kept.map_or(slot, |kept| kept[slot]);
            let rows = values[s * n_points * lanes..].chunks_exact(lanes);
            if all_scored {
                // Sketches first, then the sums: a series' sums are a chain of dependent
                // adds, and a pass of nothing else lets one point's chain overlap the next.
                for (distribution, row) in points.iter_mut().zip(rows.clone()) {
                    distribution.sketch.insert_slice(&row[..width]);
                }
                for (distribution, row) in points.iter_mut().zip(rows) {
                    distribution.sum.add_all(&row[..width]);
                }
            } else {
                for (distribution, row) in points.iter_mut().zip(rows) {
                    for (&value, status) in row.iter().zip(status) {
                        if status.is_none() {
                            distribution.insert(value);
                        }
                    }
                }
            }
        }
        for (lane, status) in status.iter().enumerate() {
            match *status {
                Some(why) => {
                    self.reject(why);
                    metrics[lane * n_targets..(lane + 1) * n_targets].fill(0.0);
                }
                None => self.accepted += 1,
            }
        }
        // Target by target over the lanes: each tally's sums take the lanes in order, as
        // run by run, and a batch whose metrics are all defined goes into the metric's
        // distribution at once.
        let mut lane_metrics = [0.0; LANE_METRICS];
        let mut shortfalls = [0.0; LANE_METRICS];
        for (t, (target, tally)) in model.targets().iter().zip(&mut self.targets).enumerate() {
            let series = &values[target.series_idx * n_points * lanes..];
            for lanes_from in (0..width).step_by(LANE_METRICS) {
                let group = &status[lanes_from..width.min(lanes_from + LANE_METRICS)];
                let group_metrics = &mut lane_metrics[..group.len()];
                let mut all_defined = true;
                let mut missed = 0;
                let rows = Rows {
                    series,
                    lanes,
                    from: lanes_from,
                };
                tally.score_lanes(model, target, rows, group, group_metrics);
                for (k, (status, &metric)) in group.iter().zip(&*group_metrics).enumerate() {
                    if status.is_some() {
                        continue;
                    }
                    metrics[(lanes_from + k) * n_targets + t] = metric;
                    if metric.is_nan() {
                        all_defined = false;
                    } else if target.is_met(metric) {
                        tally.met += 1;
                    } else {
                        shortfalls[missed] = target.shortfall(metric);
                        missed += 1;
                    }
                }
                tally.shortfall.add_all(&shortfalls[..missed]);
                if all_scored && all_defined {
                    tally.metric.insert_all(group_metrics);
                } else {
                    for (status, &metric) in group.iter().zip(&*group_metrics) {
                        if status.is_none() && !metric.is_nan() {
                            tally.metric.insert(metric);
                        }
                    }
                }
            }
        }
    }

    /// Seals the runs of chunk `chunk` (see [`Summary::seal`]) and records that the summary
    /// holds that chunk; the engine calls it after each chunk of runs.
    pub fn seal_chunk(&mut self, chunk: u64) {
        self.seal();
        let recorded = self.chunks.insert(ChunkRange {
            start: chunk,
            end: chunk + 1,
        });
        debug_assert!(recorded.is_ok(), "chunk {chunk} sealed twice");
    }

    /// Seals every open partial sum (see [`Total::seal`]), so that merging is exact.
    pub fn seal(&mut self) {
        for distribution in &mut self.series {
            distribution.sum.seal();
        }
        for tally in &mut self.targets {
            tally.metric.sum.seal();
            tally.shortfall.seal();
        }
    }

    /// Counts a rejected run and why.
    pub fn reject(&mut self, why: Rejection) {
        self.rejected += 1;
        if why == Rejection::NonFinite {
            self.non_finite += 1;
        }
    }

    /// Adds `other`'s runs, exactly: merging the same summaries in any order gives equal
    /// results. The two must be shaped for the same model and hold different chunks (as the
    /// engine's workers do); [`Summary::try_merge`] checks that.
    pub fn merge(&mut self, other: &Summary) {
        debug_assert_eq!(self.series.len(), other.series.len());
        let disjoint = self.chunks.union(&other.chunks);
        debug_assert!(disjoint.is_ok(), "merged summaries share chunks");
        self.add_counts(other);
    }

    /// [`Summary::merge`], after checking that both summaries have the same shape and hold
    /// no chunk in common; on an error `self` is unchanged.
    ///
    /// # Errors
    /// [`SummaryError::Shape`] or [`SummaryError::Overlap`].
    pub fn try_merge(&mut self, other: &Summary) -> Result<(), SummaryError> {
        other.check_shape_of(self)?;
        self.chunks
            .union(&other.chunks)
            .map_err(SummaryError::Overlap)?;
        self.add_counts(other);
        Ok(())
    }

    /// Checks that the summary is shaped for `model`: its series, years and targets.
    ///
    /// # Errors
    /// [`SummaryError::Shape`].
    pub fn check_shape(&self, model: &Model) -> Result<(), SummaryError> {
        self.check_shape_of(&Summary::new(model))
    }

    /// Checks that the summary has `want`'s series, years and targets.
    fn check_shape_of(&self, want: &Summary) -> Result<(), SummaryError> {
        if self.n_points == want.n_points
            && self.targets.len() == want.targets.len()
            && self.trajectory_series != want.trajectory_series
        {
            return Err(SummaryError::Trajectories);
        }
        if self.n_points != want.n_points
            || self.series.len() != want.series.len()
            || self.targets.len() != want.targets.len()
        {
            return Err(SummaryError::Shape {
                series: self.series.len(),
                targets: self.targets.len(),
                points: self.n_points,
                want_series: want.series.len(),
                want_targets: want.targets.len(),
                want_points: want.n_points,
            });
        }
        Ok(())
    }

    /// The chunks this summary holds.
    pub fn chunks(&self) -> &ChunkSet {
        &self.chunks
    }

    /// Adds `other`'s counts, distributions and tallies.
    fn add_counts(&mut self, other: &Summary) {
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.non_finite += other.non_finite;
        for (a, b) in self.series.iter_mut().zip(&other.series) {
            a.merge(b);
        }
        for (a, b) in self.targets.iter_mut().zip(&other.targets) {
            a.met += b.met;
            a.metric.merge(&b.metric);
            a.shortfall.merge(&b.shortfall);
            a.undefined += b.undefined;
            for (x, y) in a.first_year.iter_mut().zip(&b.first_year) {
                *x += y;
            }
        }
    }

    /// Runs scored.
    pub fn accepted(&self) -> u64 {
        self.accepted
    }

    /// Runs rejected for unusable drawn coefficients.
    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// Bytes this summary holds on the heap (distributions, their sketches' buckets and exact
    /// sums): what each worker of a simulation keeps, for estimating a run's memory.
    pub fn heap_bytes(&self) -> usize {
        let distribution = |d: &Distribution| {
            std::mem::size_of::<Distribution>()
                + d.sketch.heap_bytes()
                + std::mem::size_of::<ExactSum>()
        };
        let series: usize = self.series.iter().map(distribution).sum();
        let targets: usize = self
            .targets
            .iter()
            .map(|t| {
                std::mem::size_of::<TargetTally>()
                    + distribution(&t.metric)
                    + std::mem::size_of::<ExactSum>()
                    + t.first_year.len() * std::mem::size_of::<u64>()
            })
            .sum();
        series + targets
    }

    /// Runs among the rejected whose values were not all finite numbers.
    pub fn non_finite(&self) -> u64 {
        self.non_finite
    }

    /// Distribution of series `series_idx` (see [`Model::series`]) at `point` = year − base
    /// year; `None` for a series without a trajectory ([`Model::trajectory_series`]) or a
    /// point past the horizon.
    pub fn series(&self, series_idx: usize, point: usize) -> Option<&Distribution> {
        let slot = match &self.trajectory_series {
            None => series_idx,
            Some(kept) => kept.binary_search(&series_idx).ok()?,
        };
        if point >= self.n_points {
            return None;
        }
        self.series.get(slot * self.n_points + point)
    }

    /// Number of targets tallied.
    pub fn n_targets(&self) -> usize {
        self.targets.len()
    }

    /// Runs made: accepted plus rejected.
    pub fn runs(&self) -> u64 {
        self.accepted + self.rejected
    }

    /// Tally of target `target_idx`.
    pub fn target(&self, target_idx: usize) -> &TargetTally {
        &self.targets[target_idx]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sampling::InputSampler;
    use crate::engine::{RunState, simulate_run};
    use crate::scenario::SamplerKind;
    use proptest::prelude::*;

    const SCENARIO: &str = r#"
        [scenario]
        name = "two sectors"
        value_unit = "CNY 100 million"
        base_year = 2025
        horizon = 2028
        [[sectors]]
        id = "a"
        name = "A"
        base = 100.0
        assumption = "test"
        [[sectors]]
        id = "b"
        name = "B"
        base = 3.0e6
        assumption = "test: a level far from A's, so float sums round differently by order"
        [[growth]]
        sector = "a"
        distribution = "normal"
        mean = 0.05
        sd = 0.12
        assumption = "test"
        [[growth]]
        sector = "b"
        distribution = "lognormal"
        log_mean = 0.02
        log_sd = 0.2
        assumption = "test"
        [[targets]]
        id = "a-2028"
        label = "A above 110"
        sector = "a"
        kind = "level"
        year = 2028
        at_least = 110.0
        assumption = "test"
    "#;

    /// Summaries of `chunks` chunks of `runs` runs each, sealed as the engine seals them.
    fn chunk_summaries(model: &Model, chunks: u64, runs: u64) -> Vec<Summary> {
        let sampler =
            InputSampler::new(SamplerKind::MonteCarlo, model.n_inputs(), chunks * runs, 3).unwrap();
        let mut state = RunState::new(model);
        let mut inputs = vec![0.0; model.n_inputs()];
        let mut metrics = vec![0.0; model.targets().len()];
        (0..chunks)
            .map(|chunk| {
                let mut summary = Summary::new(model);
                for run in chunk * runs..(chunk + 1) * runs {
                    sampler.fill(run, &mut inputs);
                    simulate_run(model, &inputs, &mut state).unwrap();
                    summary.record(model, state.values(), &mut metrics);
                }
                summary.seal();
                summary
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Threads and shards rely on it: chunk summaries merged in any order and grouping
        /// equal the summary merged in chunk order, to the bit.
        #[test]
        fn merges_in_any_order_and_grouping_are_equal(
            order in Just((0..9usize).collect::<Vec<_>>()).prop_shuffle(),
            split in 0..9usize,
        ) {
            let model = Model::from_toml_str(SCENARIO).unwrap();
            let parts = chunk_summaries(&model, 9, 7);
            let mut in_order = Summary::new(&model);
            for part in &parts {
                in_order.merge(part);
            }
            let (left, right) = order.split_at(split);
            let mut a = Summary::new(&model);
            for &k in left {
                a.merge(&parts[k]);
            }
            let mut b = Summary::new(&model);
            for &k in right {
                b.merge(&parts[k]);
            }
            b.merge(&a);
            prop_assert_eq!(&b, &in_order);
        }
    }

    /// Targets of every kind, at least and at most, on the SCENARIO model's two sectors.
    const TARGETS: &str = r#"
        [[targets]]
        id = "b-2027"
        label = "B at most 120 in 2027"
        sector = "b"
        kind = "level"
        year = 2027
        at_most = 120.0
        assumption = "test"
        [[targets]]
        id = "a-ratio"
        label = "A up a tenth from 2026 to 2028"
        sector = "a"
        kind = "ratio"
        from = 2026
        year = 2028
        at_least = 1.1
        assumption = "test"
        [[targets]]
        id = "a-growth"
        label = "A growing 5% in 2027"
        sector = "a"
        kind = "growth"
        year = 2027
        at_least = 0.05
        assumption = "test"
        [[targets]]
        id = "b-average"
        label = "B growing at most 3% a year from 2025 to 2028"
        sector = "b"
        kind = "average_growth"
        from = 2025
        year = 2028
        at_most = 0.03
        assumption = "test"
    "#;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A batch's targets scored side by side count the same first years and hits, and
        /// give each run the same metric, as `Target::first_year_met` and `Target::metric`
        /// on that run's path alone; rejected lanes are not scored.
        #[test]
        fn targets_scored_side_by_side_are_each_runs_alone(
            width in 1..=70usize,
            rejected_every in 0..4usize,
            values in prop::collection::vec(-30.0..140.0f64, 72 * 5 * 6),
        ) {
            let model = Model::from_toml_str(&format!("{SCENARIO}{TARGETS}")).unwrap();
            let (lanes, n_points, n_targets) = (72, model.n_years() + 1, model.targets().len());
            let values = &values[..model.series().len() * n_points * lanes];
            let status: Vec<_> = (0..width)
                .map(|lane| {
                    (rejected_every > 0 && lane % rejected_every == 0)
                        .then_some(Rejection::NonFinite)
                })
                .collect();
            let mut summary = Summary::new(&model);
            let mut metrics = vec![f64::NAN; width * n_targets];
            summary.record_lanes(&model, values, lanes, &status, &mut metrics);
            for (t, target) in model.targets().iter().enumerate() {
                let mut first_year = vec![0u64; n_points];
                let (mut met, mut undefined) = (0, 0);
                for lane in (0..width).filter(|&lane| status[lane].is_none()) {
                    let path: Vec<f64> = (0..n_points)
                        .map(|p| values[(target.series_idx * n_points + p) * lanes + lane])
                        .collect();
                    let metric = target.metric(&path, model.base_year());
                    let scored = metrics[lane * n_targets + t];
                    match metric {
                        Some(metric) => {
                            prop_assert_eq!(scored.to_bits(), metric.to_bits());
                            met += u64::from(target.is_met(metric));
                        }
                        None => {
                            prop_assert!(scored.is_nan());
                            undefined += 1;
                        }
                    }
                    let first = target.first_year_met(&path, model.base_year(), model.horizon());
                    first_year[first.map_or(n_points - 1, |y| (y - model.base_year() - 1) as usize)] += 1;
                }
                prop_assert_eq!(&summary.target(t).first_year, &first_year);
                prop_assert_eq!(summary.target(t).met, met);
                prop_assert_eq!(summary.target(t).undefined, undefined);
            }
        }
    }

    #[test]
    fn kept_series_that_disagree_with_the_distributions_are_refused_on_reading() {
        let text = format!("{SCENARIO}\n[trajectories]\nseries = [\"a.output\"]\n");
        let model = Model::from_toml_str(&text).unwrap();
        let json = serde_json::to_value(Summary::new(&model)).unwrap();
        assert_eq!(json["trajectory_series"], serde_json::json!([0]));
        let read = |json: &serde_json::Value| serde_json::from_value::<Summary>(json.clone());
        let back = serde_json::to_value(read(&json).unwrap()).unwrap();
        assert_eq!(back, json);
        let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut bad = json.clone();
            edit(&mut bad);
            read(&bad).unwrap_err().to_string()
        };
        // Two kept series for one series' distributions.
        let err = refused(&|bad| bad["trajectory_series"] = serde_json::json!([0, 1]));
        assert!(err.contains("kept series"), "{err}");
        // Two series' distributions, kept out of order.
        let err = refused(&|bad| {
            let mut series = bad["series"].as_array().unwrap().clone();
            series.extend(series.clone());
            bad["series"] = serde_json::Value::Array(series);
            bad["trajectory_series"] = serde_json::json!([1, 0]);
        });
        assert!(err.contains("kept series"), "{err}");
        // Points whose product with the kept series overflows, over no distributions.
        let err = refused(&|bad| {
            bad["series"] = serde_json::json!([]);
            bad["targets"] = serde_json::json!([]);
            bad["n_points"] = serde_json::json!(usize::MAX);
            bad["trajectory_series"] = serde_json::json!([0, 1]);
        });
        assert!(err.contains("kept series"), "{err}");
        // Another selection of the same model is not this summary's shape.
        let all = Model::from_toml_str(SCENARIO).unwrap();
        assert_eq!(
            Summary::new(&all).check_shape(&model),
            Err(SummaryError::Trajectories)
        );
    }

    #[test]
    fn merging_in_any_order_gives_the_same_means_to_the_bit() {
        let model = Model::from_toml_str(SCENARIO).unwrap();
        let chunks = chunk_summaries(&model, 6, 37);
        let merged = |order: &[usize]| {
            let mut total = Summary::new(&model);
            for &k in order {
                total.merge(&chunks[k]);
            }
            total
        };
        let forward = merged(&[0, 1, 2, 3, 4, 5]);
        // Two "workers" accumulate alternate chunks, then merge, the later one first.
        let mut even = merged(&[0, 2, 4]);
        let odd = merged(&[5, 3, 1]);
        let mut split = odd.clone();
        split.merge(&even);
        even.merge(&odd);
        for other in [&split, &even, &merged(&[3, 1, 4, 0, 5, 2])] {
            assert!(other == &forward, "summaries differ by merge order");
            for s in 0..model.series().len() {
                for point in 0..=model.n_years() {
                    let a = forward.series(s, point).unwrap().mean().unwrap();
                    let b = other.series(s, point).unwrap().mean().unwrap();
                    assert_eq!(a.to_bits(), b.to_bits());
                }
            }
            let a = forward.target(0).shortfall.value();
            assert_eq!(a.to_bits(), other.target(0).shortfall.value().to_bits());
        }
    }

    proptest! {
        /// A batch's values added at once make the same sums as added one by one, however
        /// the values are cut into slices (the engine's batches do not depend on threads).
        #[test]
        fn adding_a_slice_is_adding_its_values_in_turn(
            values in prop::collection::vec(-1e6..1e6_f64, 0..100),
            cuts in prop::collection::vec(0..100usize, 0..6),
        ) {
            let mut one_by_one = Total::default();
            values.iter().for_each(|&v| one_by_one.add(v));
            let mut sliced = Total::default();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(values.len())).collect();
            cuts.sort_unstable();
            let mut start = 0;
            for end in cuts.into_iter().chain([values.len()]) {
                sliced.add_all(&values[start..end]);
                start = end;
            }
            prop_assert_eq!(&sliced, &one_by_one);
            one_by_one.seal();
            sliced.seal();
            prop_assert_eq!(sliced.value().to_bits(), one_by_one.value().to_bits());
        }
    }

    #[test]
    fn a_chunk_sum_is_exact_for_integers() {
        // 1 + 2 + … + 1000 = 500500 (Gauss), exact in f64 in any order of partial sums.
        let mut total = Total::default();
        let values: Vec<f64> = (1..=1000).map(f64::from).collect();
        total.add_all(&values[..3]);
        total.add_all(&values[3..]);
        assert_eq!(total.value().to_bits(), 500_500.0_f64.to_bits());
        total.seal();
        assert_eq!(total.value().to_bits(), 500_500.0_f64.to_bits());
    }

    #[test]
    fn a_mean_is_the_correctly_rounded_sum_of_chunk_sums_over_n() {
        // Chunk partial sums 1e16, 1 and −1e16: an f64 running sum gives 0, the exact sum 1.
        let mut a = Distribution::default();
        a.insert(1e16);
        a.sum.seal();
        let mut b = Distribution::default();
        b.insert(1.0);
        b.sum.seal();
        let mut c = Distribution::default();
        c.insert(-1e16);
        c.sum.seal();
        a.merge(&b);
        a.merge(&c);
        assert_eq!(a.mean(), Some(1.0 / 3.0));
    }
}
