//! `[trajectories]`: which series are summarised over runs.

use super::{Compiler, Result};
use crate::error::ScenarioError;
use crate::model::{SeriesDef, SeriesSource};

/// The registry indices of the series to summarise, ascending; `None` for every series (no
/// `[trajectories]`, or patterns that name them all).
///
/// A pattern is a series name `<item>.<measure>`, `<item>.*`, `*.<measure>` or `*`, where
/// `<item>` is everything before the name's last `.` (`carbon_fibre.precursor`,
/// `energy.wind`). Each pattern must name some series. The series the report's project and
/// chain tables read (a project's `online`, a stage's `binding`, the `unmet_demand` of a
/// sector with a capacity or a chain) are always kept.
pub(super) fn trajectory_series(
    c: &Compiler<'_>,
    series: &[SeriesDef],
) -> Result<Option<Vec<usize>>> {
    let Some(spec) = &c.scenario.trajectories else {
        return Ok(None);
    };
    let location = c.location(spec.span());
    let patterns = &spec.get_ref().series;
    if patterns.is_empty() {
        return Err(ScenarioError::invalid(
            Some(location),
            "trajectories.series",
            "name at least one series, or leave [trajectories] out to keep every series",
        ));
    }
    let mut kept: Vec<bool> = series.iter().map(read_by_the_report).collect();
    for (k, pattern) in patterns.iter().enumerate() {
        let mut named = false;
        for (keep, def) in kept.iter_mut().zip(series) {
            if matches(pattern, def) {
                *keep = true;
                named = true;
            }
        }
        if !named {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("trajectories.series[{k}]"),
                format!(
                    "\"{pattern}\" names no series; expected <item>.<measure>, <item>.*, *.<measure> or * over the series `chainsim validate` lists"
                ),
            ));
        }
    }
    Ok((!kept.iter().all(|&keep| keep)).then(|| {
        kept.iter()
            .enumerate()
            .filter_map(|(idx, &keep)| keep.then_some(idx))
            .collect()
    }))
}

/// Whether `pattern` names `def`.
fn matches(pattern: &str, def: &SeriesDef) -> bool {
    if pattern == "*" {
        return true;
    }
    let Some((item, measure)) = pattern.rsplit_once('.') else {
        return false;
    };
    (item == "*" || item == def.item) && (measure == "*" || measure == def.measure)
}

/// Whether the report's project or chain tables read the series.
fn read_by_the_report(def: &SeriesDef) -> bool {
    matches!(
        def.source,
        SeriesSource::ProjectOnline(_)
            | SeriesSource::StageBinding { .. }
            | SeriesSource::UnmetDemand(_)
    )
}

#[cfg(test)]
mod tests {
    use crate::Model;

    const SCENARIO: &str = r#"
        [scenario]
        name = "two sectors and a chain"
        value_unit = "CNY 100 million"
        base_year = 2025
        horizon = 2027
        [[sectors]]
        id = "a"
        name = "A"
        base = 100.0
        assumption = "test"
        [[sectors]]
        id = "b"
        name = "B"
        unit = "t"
        base = 50.0
        assumption = "test"
        [[growth]]
        sector = "a"
        distribution = "normal"
        mean = 0.05
        sd = 0.02
        assumption = "test"
        [[growth]]
        sector = "b"
        distribution = "normal"
        mean = 0.05
        sd = 0.02
        assumption = "test"
        [[chains]]
        id = "ch"
        name = "Chain"
        sector = "b"
        assumption = "test"
        [[chains.stages]]
        id = "s"
        unit = "t"
        capacity = 80.0
    "#;

    fn kept(patterns: &str) -> Result<Vec<String>, String> {
        let text = format!("{SCENARIO}\n[trajectories]\nseries = {patterns}\n");
        let model = Model::from_toml_str(&text).map_err(|e| e.to_string())?;
        Ok(model
            .series()
            .iter()
            .enumerate()
            .filter(|&(s, _)| model.keeps_trajectory(s))
            .map(|(_, def)| def.name())
            .collect())
    }

    #[test]
    fn patterns_name_items_measures_and_the_report_keeps_its_own() {
        // The chain's binding and the chain sector's unmet demand are kept for the report.
        let always = ["b.unmet_demand", "ch.s.binding"];
        let with = |names: &[&str]| {
            let mut all: Vec<String> = names.iter().chain(&always).map(|s| s.to_string()).collect();
            all.sort();
            all
        };
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        assert_eq!(
            sorted(kept(r#"["*.output"]"#).unwrap()),
            with(&["a.output", "b.output"])
        );
        assert_eq!(
            sorted(kept(r#"["a.*", "b.capacity"]"#).unwrap()),
            with(&["a.final_demand", "a.intermediate", "a.output", "b.capacity"])
        );
        assert_eq!(
            sorted(kept(r#"["ch.s.*"]"#).unwrap()),
            with(&["ch.s.capacity", "ch.s.production"])
        );
    }

    #[test]
    fn every_series_named_is_no_selection() {
        let all = Model::from_toml_str(SCENARIO).unwrap();
        let text = format!("{SCENARIO}\n[trajectories]\nseries = [\"*\"]\n");
        let starred = Model::from_toml_str(&text).unwrap();
        assert!((0..all.series().len()).all(|s| all.keeps_trajectory(s)));
        assert_eq!(all.trajectory_series(), None);
        assert_eq!(starred.trajectory_series(), None);
    }

    #[test]
    fn a_pattern_naming_nothing_is_refused_with_its_place() {
        let err = kept(r#"["a.output", "c.*"]"#).unwrap_err();
        assert!(err.contains("trajectories.series[1]"), "{err}");
        assert!(err.contains("\"c.*\" names no series"), "{err}");
        let err = kept("[]").unwrap_err();
        assert!(err.contains("trajectories.series"), "{err}");
        let err = kept(r#"["output"]"#).unwrap_err();
        assert!(err.contains("trajectories.series[0]"), "{err}");
    }
}
