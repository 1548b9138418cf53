//! How much each target rests on an assumed base level: the scenario rerun with a sector's
//! base-year level lowered and raised by a relative change, on the same seed (common random
//! numbers, so the differences are the base's effect and not sampling noise).
//!
//! A sector's base is *assumed* when its provenance is an `assumption` without a cited
//! `source` ([`crate::model::Sector::base_is_assumed`]). Every target reading such a
//! sector's series is rerun at base × (1 − change) and base × (1 + change).

use serde::Serialize;

use crate::analysis::compare::Probability;
use crate::engine::{EngineError, Observer, RunOptions, simulate};
use crate::model::Model;
use crate::report::Report;

/// One target's probability at the scenario's base levels and with its sector's base moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaseCheckRow {
    /// Target id.
    pub id: String,
    /// Target label.
    pub label: String,
    /// The sector whose base level the target rests on, if the target reads a sector.
    pub sector: Option<String>,
    /// Whether that base level is an assumption (then `lower` and `higher` are given).
    pub assumed: bool,
    /// At the scenario's base levels.
    pub base: Probability,
    /// With the sector's base level × (1 − change).
    pub lower: Option<Probability>,
    /// With the sector's base level × (1 + change).
    pub higher: Option<Probability>,
    /// Why a moved base could not be simulated (it would break an invariant of the
    /// scenario, e.g. exceed capacity), when one could not.
    pub note: Option<String>,
}

/// Every target's dependence on its sector's assumed base level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaseCheck {
    /// Scenario name.
    pub scenario: String,
    /// Relative change applied to the base level (0.1 = ±10%).
    pub change: f64,
    /// Runs per simulation.
    pub runs: u64,
    /// Seed shared by every simulation.
    pub seed: u64,
    /// One row per target, in file order.
    pub rows: Vec<BaseCheckRow>,
}

fn probability(report: &Report, idx: usize) -> Probability {
    let t = &report.targets[idx];
    Probability {
        probability: t.probability,
        ci_low: t.ci_low,
        ci_high: t.ci_high,
    }
}

/// The sectors whose assumed base level some target reads: those [`BaseCheck::new`] moves.
pub fn assumed_sectors(model: &Model) -> Vec<usize> {
    (0..model.n_sectors())
        .filter(|&i| {
            model.sectors()[i].base_is_assumed
                && model.targets().iter().any(|t| t.sector_idx == Some(i))
        })
        .collect()
}

impl BaseCheck {
    /// How many simulations [`BaseCheck::new`] makes: the scenario as given, then
    /// [`BaseCheck::moved_simulations`].
    pub fn simulations(model: &Model) -> usize {
        1 + Self::moved_simulations(model)
    }

    /// How many simulations [`BaseCheck::around`] makes: two per sector of
    /// [`assumed_sectors`] (its base lowered, then raised).
    pub fn moved_simulations(model: &Model) -> usize {
        2 * assumed_sectors(model).len()
    }

    /// Simulates `model` once as given and twice per assumed sector that a target reads,
    /// all with `options` (so with the same seed).
    ///
    /// # Errors
    /// [`EngineError::InvalidChange`] unless `change` lies in (0, 1); any [`EngineError`]
    /// of the simulations.
    pub fn new(
        model: &Model,
        options: &RunOptions,
        change: f64,
        observer: &mut dyn Observer,
    ) -> Result<BaseCheck, EngineError> {
        if !(change > 0.0 && change < 1.0) {
            return Err(EngineError::InvalidChange(change));
        }
        let summary = simulate(model, options, observer)?;
        let base = Report::new(model, options, &summary);
        Self::around(model, options, change, &base, observer)
    }

    /// [`BaseCheck::new`] around a simulation already made: `base` is the report of `model`
    /// simulated with `options` (a simulation that also wants the check, such as `chainsim
    /// simulate --bases`, so saves one), and only the moved bases are simulated, with the
    /// same `options`. Given the same base, the result equals [`BaseCheck::new`]'s.
    ///
    /// # Errors
    /// [`EngineError::InvalidChange`] unless `change` lies in (0, 1); any [`EngineError`]
    /// of the simulations.
    pub fn around(
        model: &Model,
        options: &RunOptions,
        change: f64,
        base: &Report,
        observer: &mut dyn Observer,
    ) -> Result<BaseCheck, EngineError> {
        if !(change > 0.0 && change < 1.0) {
            return Err(EngineError::InvalidChange(change));
        }
        let run = |model: &Model, observer: &mut dyn Observer| -> Result<Report, EngineError> {
            let summary = simulate(model, options, observer)?;
            Ok(Report::new(model, options, &summary))
        };
        // One row per target of both the model and the base report (the same list when the
        // report is the model's, as documented).
        let mut rows: Vec<BaseCheckRow> = model
            .targets()
            .iter()
            .zip(0..base.targets.len())
            .map(|(target, idx)| {
                let sector = target.sector_idx.map(|i| &model.sectors()[i]);
                BaseCheckRow {
                    id: target.id.clone(),
                    label: target.label.clone(),
                    sector: sector.map(|s| s.id.clone()),
                    assumed: sector.is_some_and(|s| s.base_is_assumed),
                    base: probability(base, idx),
                    lower: None,
                    higher: None,
                    note: None,
                }
            })
            .collect();
        for sector_idx in assumed_sectors(model) {
            let reads: Vec<usize> = model
                .targets()
                .iter()
                .enumerate()
                .filter(|(idx, t)| t.sector_idx == Some(sector_idx) && *idx < rows.len())
                .map(|(idx, _)| idx)
                .collect();
            for (factor, higher) in [(1.0 - change, false), (1.0 + change, true)] {
                let (result, note) = match model.with_base_scaled(sector_idx, factor) {
                    Ok(moved) => (Some(run(&moved, observer)?), None),
                    Err(reason) => (None, Some(reason.to_string())),
                };
                for &idx in &reads {
                    let p = result.as_ref().map(|report| probability(report, idx));
                    if higher {
                        rows[idx].higher = p;
                    } else {
                        rows[idx].lower = p;
                    }
                    if let Some(note) = &note {
                        rows[idx].note = Some(note.clone());
                    }
                }
            }
        }
        Ok(BaseCheck {
            scenario: model.name().to_string(),
            change,
            runs: options.runs,
            seed: options.seed,
            rows,
        })
    }
}
