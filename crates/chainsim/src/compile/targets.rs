//! `[[targets]]`: each resolved to the series it reads.

use std::collections::HashSet;

use super::hints::edit_distance;
use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::{Location, ScenarioError};
use crate::model::{Direction, Model, SeriesDef, SeriesSource, Target, TargetKind};
use crate::scenario::TargetSpec;

impl Compiler<'_> {
    pub(super) fn targets(&self, model: &Model) -> Result<Vec<Target>> {
        let scenario = self.scenario;
        let base_year = scenario.scenario.base_year;
        let horizon = scenario.scenario.horizon;
        let mut ids = HashSet::new();
        let mut targets = Vec::with_capacity(scenario.targets.len());
        for (idx, item) in scenario.targets.iter().enumerate() {
            let location = self.location(item.span());
            let spec: &TargetSpec = item.get_ref();
            let path = format!("targets[{idx}]");
            let err = |field: &str, message: String| {
                ScenarioError::invalid(Some(location), format!("{path}.{field}"), message)
            };
            if spec.id.trim().is_empty() {
                return Err(err("id", "id must not be empty".into()));
            }
            if !ids.insert(spec.id.as_str()) {
                return Err(err("id", format!("duplicate target id \"{}\"", spec.id)));
            }
            let (series_idx, sector_idx) = target_series(self, model, spec, location, &path)?;
            let kind = match spec.kind.as_str() {
                "level" => TargetKind::Level,
                "ratio" => TargetKind::Ratio,
                "growth" => TargetKind::Growth,
                "average_growth" => TargetKind::AverageGrowth,
                other => {
                    return Err(err(
                        "kind",
                        format!(
                            "unknown kind \"{other}\"; expected level, ratio, growth or average_growth"
                        ),
                    ));
                }
            };
            if spec.year <= base_year || spec.year > horizon {
                return Err(err(
                    "year",
                    format!(
                        "year {} is outside the simulated years {}–{horizon}",
                        spec.year,
                        base_year + 1
                    ),
                ));
            }
            let from = match kind {
                TargetKind::Level => {
                    if spec.from.is_some() {
                        return Err(err("from", "a level target takes no `from`".into()));
                    }
                    spec.year
                }
                TargetKind::Growth => {
                    if spec.from.is_some() {
                        return Err(err(
                            "from",
                            "a growth target is over one year and takes no `from`".into(),
                        ));
                    }
                    spec.year - 1
                }
                TargetKind::Ratio | TargetKind::AverageGrowth => {
                    let from = spec.from.unwrap_or(base_year);
                    if from < base_year || from >= spec.year {
                        return Err(err(
                            "from",
                            format!(
                                "from {from} must be in {base_year}–{} (before the target year)",
                                spec.year - 1
                            ),
                        ));
                    }
                    from
                }
            };
            let (threshold, direction) = match (spec.at_least, spec.at_most) {
                (Some(v), None) => (v, Direction::AtLeast),
                (None, Some(v)) => (v, Direction::AtMost),
                _ => {
                    return Err(err(
                        "at_least",
                        "give exactly one of `at_least` or `at_most`".into(),
                    ));
                }
            };
            let field = match direction {
                Direction::AtLeast => "at_least",
                Direction::AtMost => "at_most",
            };
            finite(threshold, location, &format!("{path}.{field}"), field)?;
            if kind == TargetKind::Ratio && threshold < 0.0 {
                return Err(err(
                    field,
                    format!(
                        "a {} threshold must not be negative, got {threshold}",
                        kind.name()
                    ),
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.targets,
                location,
                &format!("{path} (\"{}\")", spec.id),
                "targets",
            )?;
            if kind != TargetKind::Level {
                let def = &model.series()[series_idx];
                let base = model.base_series()[series_idx];
                // Series that can be zero or negative by construction have no growth rate.
                let signed = match def.source {
                    SeriesSource::UnmetDemand(_) | SeriesSource::ElectricityBalance => true,
                    SeriesSource::Aggregate(a) => {
                        model.aggregates()[a].weights.iter().any(|&(_, w)| w < 0.0)
                    }
                    _ => def.is_indicator(),
                };
                if signed {
                    return Err(err(
                        "kind",
                        format!(
                            "a {} target compares levels across years, but \"{}\" can be zero or negative; use kind = \"level\"",
                            kind.name(),
                            def.name()
                        ),
                    ));
                }
                if base.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
                    return Err(err(
                        "kind",
                        format!(
                            "a {} target compares levels across years, so it needs a series that is positive in the base year; \"{}\" is {base} there (use kind = \"level\")",
                            kind.name(),
                            def.name()
                        ),
                    ));
                }
            }
            targets.push(Target {
                id: spec.id.clone(),
                label: spec.label.clone(),
                series_idx,
                sector_idx,
                kind,
                year: spec.year,
                from,
                threshold,
                direction,
            });
        }
        Ok(targets)
    }
}

/// The series a target reads: `series = "<item>.<measure>"`, or `sector` with `measure`.
/// Returns the series index and the sector whose growth the series follows, if any.
pub(super) fn target_series(
    compiler: &Compiler<'_>,
    model: &Model,
    spec: &TargetSpec,
    location: Location,
    path: &str,
) -> Result<(usize, Option<usize>)> {
    let err = |field: &str, message: String| {
        ScenarioError::invalid(Some(location), format!("{path}.{field}"), message)
    };
    match (&spec.sector, &spec.series) {
        (Some(sector), None) => {
            let sector_idx = compiler.sector(sector, location, &format!("{path}.sector"))?;
            let measure = spec.measure.as_deref().unwrap_or("value");
            let measures = [
                "value",
                "output",
                "final_demand",
                "intermediate",
                "price",
                "capacity",
                "unmet_demand",
            ];
            if !measures.contains(&measure) {
                return Err(err(
                    "measure",
                    format!(
                        "unknown measure \"{measure}\"; expected one of: {}",
                        measures.join(", ")
                    ),
                ));
            }
            let found = if measure == "value" {
                Some(model.value_series(sector_idx))
            } else {
                model
                    .series()
                    .iter()
                    .position(|s| &s.item == sector && s.measure == measure)
            };
            let idx = found.ok_or_else(|| {
                err(
                    "measure",
                    format!(
                        "sector \"{sector}\" has no {measure} series ({})",
                        match measure {
                            "price" => "give the sector a `price`",
                            _ => "give the sector a `capacity` or end a chain in it",
                        }
                    ),
                )
            })?;
            Ok((idx, Some(sector_idx)))
        }
        (None, Some(name)) => {
            if spec.measure.is_some() {
                return Err(err(
                    "measure",
                    "`series` names the measure already; drop `measure`".into(),
                ));
            }
            let idx = model.series_idx(name).ok_or_else(|| {
                let closest = model
                    .series()
                    .iter()
                    .map(SeriesDef::name)
                    .min_by_key(|candidate| edit_distance(candidate, name))
                    .unwrap_or_default();
                err(
                    "series",
                    format!(
                        "unknown series \"{name}\" (closest: \"{closest}\"); series are <item>.<measure>, listed in `chainsim validate` and trajectories.csv"
                    ),
                )
            })?;
            let sector_idx = model.series()[idx].source.sector();
            Ok((idx, sector_idx))
        }
        _ => Err(err(
            "sector",
            "give exactly one of `sector` (with an optional `measure`) or `series`".into(),
        )),
    }
}
