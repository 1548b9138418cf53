//! Plan targets: what is measured, in which year, and when a run meets it.

use serde::Serialize;

/// What function of the series a target constrains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// The level in `year`.
    Level,
    /// The level in `year` divided by the level in `from`.
    Ratio,
    /// The growth rate from `year − 1` to `year`.
    Growth,
    /// The average annual growth rate from `from` to `year`.
    AverageGrowth,
}

impl TargetKind {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Level => "level",
            TargetKind::Ratio => "ratio",
            TargetKind::Growth => "growth",
            TargetKind::AverageGrowth => "average_growth",
        }
    }
}

/// Whether the metric must reach the threshold from below or stay under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Met when metric ≥ threshold.
    AtLeast,
    /// Met when metric ≤ threshold.
    AtMost,
}

/// A compiled target with its sector resolved to an index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// Identifier.
    pub id: String,
    /// Label shown in reports.
    pub label: String,
    /// The series read (an index into [`crate::Model::series`]).
    pub series_idx: usize,
    /// The sector whose growth drives that series, when it is a sector's series (what goal
    /// seek shifts).
    pub sector_idx: Option<usize>,
    /// Function of the series.
    pub kind: TargetKind,
    /// Year the target applies to.
    pub year: i32,
    /// Start year for ratio and average growth; `year − 1` for growth; `year` for level.
    pub from: i32,
    /// Threshold in the metric's unit (level unit, ratio, or rate as a fraction).
    pub threshold: f64,
    /// At least or at most.
    pub direction: Direction,
}

impl Target {
    /// The metric with the target's end year moved to `year`, from a series indexed by
    /// `year − base_year`; `None` when `year` is not after the start year, or when a growth
    /// or ratio would divide by a level that is not positive (the metric is then undefined).
    pub fn metric_at(&self, series: &[f64], base_year: i32, year: i32) -> Option<f64> {
        self.metric_in(|point| series[point], base_year, year)
    }

    /// [`Target::metric_at`] of the series whose value at point p (`year − base_year`) is
    /// `point(p)`: for a series that is not one slice, as a run's among a batch's.
    #[inline]
    pub fn metric_in(
        &self,
        point: impl Fn(usize) -> f64,
        base_year: i32,
        year: i32,
    ) -> Option<f64> {
        let at = |y: i32| point((y - base_year) as usize);
        let over = |from: i32| {
            let base = at(from);
            (year > from && base > 0.0).then(|| at(year) / base)
        };
        match self.kind {
            TargetKind::Level => Some(at(year)),
            TargetKind::Growth => over(year - 1).map(|r| r - 1.0),
            TargetKind::Ratio => over(self.from),
            TargetKind::AverageGrowth => over(self.from)
                .filter(|&r| r >= 0.0)
                .map(|r| libm::pow(r, 1.0 / f64::from(year - self.from)) - 1.0),
        }
    }

    /// [`Target::metric_in`] of many runs side by side: `point(p)` holds their values at
    /// point p (`year − base_year`), and `out` gets each run's metric with the target's year
    /// moved to `year`, NaN where it is undefined; `false` (and `out` untouched) where it is
    /// undefined for every run, as a ratio from a year not before `year`. The same
    /// arithmetic as run by run, so the same metrics to the bit.
    pub fn metric_lanes<'a>(
        &self,
        point: impl Fn(usize) -> &'a [f64],
        base_year: i32,
        year: i32,
        out: &mut [f64],
    ) -> bool {
        let width = out.len();
        let at = |y: i32| &point((y - base_year) as usize)[..width];
        let over = |from: i32, out: &mut [f64]| {
            for ((m, &x), &b) in out.iter_mut().zip(at(year)).zip(at(from)) {
                *m = if b > 0.0 { x / b } else { f64::NAN };
            }
        };
        match self.kind {
            TargetKind::Level => out.copy_from_slice(at(year)),
            TargetKind::Growth => {
                over(year - 1, out);
                out.iter_mut().for_each(|m| *m -= 1.0);
            }
            TargetKind::Ratio | TargetKind::AverageGrowth if year <= self.from => return false,
            TargetKind::Ratio => over(self.from, out),
            TargetKind::AverageGrowth => {
                over(self.from, out);
                let power = 1.0 / f64::from(year - self.from);
                for m in out.iter_mut() {
                    *m = if *m >= 0.0 {
                        libm::pow(*m, power) - 1.0
                    } else {
                        f64::NAN
                    };
                }
            }
        }
        true
    }

    /// The metric in the target year; `None` when it is undefined (see
    /// [`Target::metric_at`]).
    pub fn metric(&self, series: &[f64], base_year: i32) -> Option<f64> {
        self.metric_at(series, base_year, self.year)
    }

    /// Whether `metric` meets the target.
    pub fn is_met(&self, metric: f64) -> bool {
        match self.direction {
            Direction::AtLeast => metric >= self.threshold,
            Direction::AtMost => metric <= self.threshold,
        }
    }

    /// How far `metric` falls short of the threshold (zero when met).
    pub fn shortfall(&self, metric: f64) -> f64 {
        match self.direction {
            Direction::AtLeast => (self.threshold - metric).max(0.0),
            Direction::AtMost => (metric - self.threshold).max(0.0),
        }
    }

    /// The first year after the base year in which the target's condition holds, if any.
    pub fn first_year_met(&self, series: &[f64], base_year: i32, horizon: i32) -> Option<i32> {
        self.first_year_met_in(|point| series[point], base_year, horizon)
    }

    /// [`Target::first_year_met`] of the series whose value at point p is `point(p)`.
    #[inline]
    pub fn first_year_met_in(
        &self,
        point: impl Fn(usize) -> f64,
        base_year: i32,
        horizon: i32,
    ) -> Option<i32> {
        (base_year + 1..=horizon).find(|&year| {
            self.metric_in(&point, base_year, year)
                .is_some_and(|m| self.is_met(m))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn target(kind: TargetKind, year: i32, from: i32, threshold: f64) -> Target {
        Target {
            id: "t".into(),
            label: "t".into(),
            series_idx: 0,
            sector_idx: Some(0),
            kind,
            year,
            from,
            threshold,
            direction: Direction::AtLeast,
        }
    }

    // A path growing 10% a year from 100: 100, 110, 121, 133.1.
    const PATH: [f64; 4] = [100.0, 110.0, 121.0, 133.1];

    #[test]
    fn metrics_follow_their_definitions() {
        let level = target(TargetKind::Level, 2028, 2028, 125.0);
        assert_relative_eq!(level.metric(&PATH, 2025).unwrap(), 133.1);
        assert_eq!(level.first_year_met(&PATH, 2025, 2028), Some(2028));

        let ratio = target(TargetKind::Ratio, 2027, 2025, 1.2);
        assert_relative_eq!(ratio.metric(&PATH, 2025).unwrap(), 1.21);
        assert_eq!(ratio.first_year_met(&PATH, 2025, 2028), Some(2027));

        let growth = target(TargetKind::Growth, 2026, 2025, 0.1);
        assert_relative_eq!(
            growth.metric(&PATH, 2025).unwrap(),
            0.1,
            max_relative = 1e-12
        );

        let average = target(TargetKind::AverageGrowth, 2028, 2025, 0.09);
        assert_relative_eq!(
            average.metric(&PATH, 2025).unwrap(),
            0.1,
            max_relative = 1e-12
        );
    }

    #[test]
    fn metrics_side_by_side_are_each_paths_own() {
        // Lane 0 is PATH; lane 1 has a zero level in 2026 and a negative one in 2028.
        let other = [1.0, 0.0, 5.0, -2.0];
        let lanes: Vec<[f64; 2]> = (0..4).map(|p| [PATH[p], other[p]]).collect();
        let point = |p: usize| &lanes[p][..];
        for (kind, year, from) in [
            (TargetKind::Level, 2028, 2028),
            (TargetKind::Ratio, 2027, 2025),
            (TargetKind::Growth, 2027, 2026),
            (TargetKind::AverageGrowth, 2028, 2025),
        ] {
            let t = target(kind, year, from, 0.0);
            for y in 2026..=2028 {
                let mut out = [0.0; 2];
                let defined = t.metric_lanes(point, 2025, y, &mut out);
                for (lane, path) in [&PATH[..], &other[..]].into_iter().enumerate() {
                    let one = t.metric_at(path, 2025, y);
                    if defined {
                        assert_eq!(out[lane].is_nan(), one.is_none(), "{kind:?} {y}");
                        assert_eq!(
                            one.map(f64::to_bits),
                            (!out[lane].is_nan()).then(|| out[lane].to_bits())
                        );
                    } else {
                        assert_eq!(one, None, "{kind:?} {y}");
                    }
                }
            }
        }
        // PATH's hand values: 133.1; 121/100; 121/110 − 1; (133.1/100)^(1/3) − 1.
        let mut out = [0.0; 2];
        assert!(
            target(TargetKind::AverageGrowth, 2028, 2025, 0.0)
                .metric_lanes(point, 2025, 2028, &mut out)
        );
        assert_relative_eq!(out[0], 0.1, max_relative = 1e-12);
        assert!(out[1].is_nan());
        assert!(
            !target(TargetKind::Ratio, 2028, 2026, 0.0).metric_lanes(point, 2025, 2026, &mut out)
        );
    }

    #[test]
    fn growth_over_a_level_that_is_not_positive_is_undefined() {
        // 0 then 5: growth into 2027 divides by zero; from −2 to 4 is no growth rate either.
        let path = [1.0, 0.0, 5.0, -2.0, 4.0];
        let growth = target(TargetKind::Growth, 2027, 2026, 0.1);
        assert_eq!(growth.metric(&path, 2025), None);
        assert_eq!(growth.metric_at(&path, 2025, 2029), None);
        assert_relative_eq!(growth.metric_at(&path, 2025, 2026).unwrap(), -1.0);
        let average = target(TargetKind::AverageGrowth, 2028, 2025, 0.0);
        // 1 → −2 over three years: a negative ratio has no real average growth.
        assert_eq!(average.metric(&path, 2025), None);
        assert_eq!(average.first_year_met(&path, 2025, 2029), Some(2027));
    }

    #[test]
    fn shortfall_is_distance_to_threshold_when_missed() {
        let mut level = target(TargetKind::Level, 2028, 2028, 140.0);
        assert_relative_eq!(level.shortfall(133.1), 6.9, max_relative = 1e-12);
        assert!(!level.is_met(133.1));
        level.direction = Direction::AtMost;
        assert!(level.is_met(133.1));
        assert_relative_eq!(level.shortfall(133.1), 0.0);
        assert_eq!(level.first_year_met(&PATH, 2025, 2028), Some(2026));
    }
}
