//! Mergeable summaries of many runs.
//!
//! Counts and sketch buckets are integers, so merging them is exact and order-free;
//! the float sums behind means are merged in chunk order by the engine, which makes the
//! whole summary independent of the thread count.

use crate::model::Model;
use crate::run::RunState;
use crate::stats::QuantileSketch;

/// Distribution of one quantity over runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Distribution {
    sketch: QuantileSketch,
    sum: f64,
}

impl Distribution {
    /// Records one value.
    pub fn insert(&mut self, value: f64) {
        self.sketch.insert(value);
        self.sum += value;
    }

    /// Adds another distribution's values.
    pub fn merge(&mut self, other: &Distribution) {
        self.sketch.merge(&other.sketch);
        self.sum += other.sum;
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.sketch.count()
    }

    /// Mean, if any value was recorded.
    pub fn mean(&self) -> Option<f64> {
        let n = self.count();
        (n > 0).then(|| self.sum / n as f64)
    }

    /// Quantile `q` within [`QuantileSketch::RELATIVE_ACCURACY`], if any value was recorded.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.sketch.quantile(q)
    }
}

/// What is known about one target over the runs so far.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetTally {
    /// Runs in which the target was met.
    pub met: u64,
    /// The target's metric in its year.
    pub metric: Distribution,
    /// Sum of the shortfall over runs that missed with a defined metric.
    pub shortfall_sum: f64,
    /// Runs whose metric was undefined (a growth or ratio over a level that was not
    /// positive); they count as missed and are left out of the metric's distribution.
    pub undefined: u64,
    /// Runs whose condition first held in base year + 1 + k (index k); the last slot counts
    /// runs in which it never held.
    pub first_year: Vec<u64>,
}

/// Mergeable summary of a set of runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    n_series: usize,
    n_points: usize,
    accepted: u64,
    rejected: u64,
    series: Vec<Distribution>,
    targets: Vec<TargetTally>,
}

impl Summary {
    /// An empty summary shaped for `model`.
    pub fn new(model: &Model) -> Summary {
        let n_series = model.series().len();
        let n_points = model.n_years() + 1;
        Summary {
            n_series,
            n_points,
            accepted: 0,
            rejected: 0,
            series: vec![Distribution::default(); n_series * n_points],
            targets: model
                .targets()
                .iter()
                .map(|_| TargetTally {
                    met: 0,
                    metric: Distribution::default(),
                    shortfall_sum: 0.0,
                    undefined: 0,
                    first_year: vec![0; n_points],
                })
                .collect(),
        }
    }

    /// Records a completed run; writes the run's target metrics into `metrics`
    /// (one per target).
    pub fn record(&mut self, model: &Model, state: &RunState, metrics: &mut [f64]) {
        self.accepted += 1;
        for s in 0..self.n_series {
            let values = state.series(s);
            let slots = &mut self.series[s * self.n_points..(s + 1) * self.n_points];
            for (slot, &value) in slots.iter_mut().zip(values) {
                slot.insert(value);
            }
        }
        let base_year = model.base_year();
        for ((target, tally), metric_out) in model
            .targets()
            .iter()
            .zip(&mut self.targets)
            .zip(metrics.iter_mut())
        {
            let path = state.series(target.series_idx);
            match target.metric(path, base_year) {
                Some(metric) => {
                    *metric_out = metric;
                    tally.metric.insert(metric);
                    if target.is_met(metric) {
                        tally.met += 1;
                    } else {
                        tally.shortfall_sum += target.shortfall(metric);
                    }
                }
                None => {
                    *metric_out = f64::NAN;
                    tally.undefined += 1;
                }
            }
            let slot = target
                .first_year_met(path, base_year, model.horizon())
                .map_or(self.n_points - 1, |year| (year - base_year - 1) as usize);
            tally.first_year[slot] += 1;
        }
    }

    /// Counts a rejected run.
    pub fn reject(&mut self) {
        self.rejected += 1;
    }

    /// Adds `other`'s runs.
    pub fn merge(&mut self, other: &Summary) {
        debug_assert_eq!(self.series.len(), other.series.len());
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        for (a, b) in self.series.iter_mut().zip(&other.series) {
            a.merge(b);
        }
        for (a, b) in self.targets.iter_mut().zip(&other.targets) {
            a.met += b.met;
            a.metric.merge(&b.metric);
            a.shortfall_sum += b.shortfall_sum;
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

    /// Distribution of series `series_idx` (see [`Model::series`]) at `point` = year − base year.
    pub fn series(&self, series_idx: usize, point: usize) -> &Distribution {
        &self.series[series_idx * self.n_points + point]
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
