//! `[[projects]]`: what each adds capacity to, when, and with what chance.

use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::{Capacity, CapacityHolder, Chain, Energy, Project, Sector};
use crate::scenario::ProjectSpec;

/// Compiles `[[projects]]`.
pub(super) fn compile_projects(c: &Compiler<'_>, holders: &Holders<'_>) -> Result<Vec<Project>> {
    let scenario = c.scenario;
    let base_year = scenario.scenario.base_year;
    let horizon = scenario.scenario.horizon;
    let mut projects: Vec<Project> = Vec::with_capacity(scenario.projects.len());
    for (idx, item) in scenario.projects.iter().enumerate() {
        let location = c.location(item.span());
        let spec: &ProjectSpec = item.get_ref();
        let path = format!("projects[{idx}]");
        let err = |field: &str, message: String| {
            ScenarioError::invalid(Some(location), format!("{path}.{field}"), message)
        };
        let taken = projects.iter().any(|p| p.id == spec.id);
        c.item_id(&spec.id, "project", true, taken, location, &path)?;
        let holder = match (&spec.sector, &spec.stage, &spec.technology) {
            (Some(id), None, None) => holders
                .capacity_sector(id)
                .map(CapacityHolder::Sector)
                .map_err(|m| err("sector", m))?,
            (None, Some(id), None) => holders
                .stage(id)
                .map(|(chain, stage)| CapacityHolder::Stage { chain, stage })
                .map_err(|m| err("stage", m))?,
            (None, None, Some(id)) => holders
                .technology(id)
                .map(CapacityHolder::Technology)
                .map_err(|m| err("technology", m))?,
            _ => {
                return Err(err(
                    "sector",
                    "give exactly one of `sector`, `stage` or `technology`: what the project adds capacity to".into(),
                ));
            }
        };
        let capacity = finite(
            spec.capacity,
            location,
            &format!("{path}.capacity"),
            "capacity",
        )?;
        if capacity <= 0.0 {
            return Err(err(
                "capacity",
                format!("added capacity must be positive, got {capacity}"),
            ));
        }
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
        let probability = finite(
            spec.probability,
            location,
            &format!("{path}.probability"),
            "probability",
        )?;
        if !(0.0..=1.0).contains(&probability) {
            return Err(err(
                "probability",
                format!("a completion probability must lie in [0, 1], got {probability}"),
            ));
        }
        let (delays, weights) = match (&spec.delays, &spec.delay_probabilities) {
            (None, None) => (vec![0], vec![1.0]),
            (Some(delays), Some(weights)) => (delays.clone(), weights.clone()),
            (Some(_), None) => {
                return Err(err(
                    "delay_probabilities",
                    "`delays` needs `delay_probabilities`, one per delay".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(err(
                    "delays",
                    "`delay_probabilities` needs `delays`, the whole-year delays they weigh".into(),
                ));
            }
        };
        if delays.is_empty() || delays.len() != weights.len() {
            return Err(err(
                "delay_probabilities",
                format!(
                    "{} delays but {} probabilities; give one probability per delay",
                    delays.len(),
                    weights.len()
                ),
            ));
        }
        let mut pairs = Vec::with_capacity(delays.len());
        for (k, (&d, &w)) in delays.iter().zip(&weights).enumerate() {
            if d < 0 || d > i64::from(crate::model::MAX_YEARS) {
                return Err(err(
                    &format!("delays[{k}]"),
                    format!("a delay is a whole number of years ≥ 0, got {d}"),
                ));
            }
            let field = format!("delay_probabilities[{k}]");
            let w = finite(w, location, &format!("{path}.{field}"), "a probability")?;
            if !(0.0..=1.0).contains(&w) {
                return Err(err(
                    &field,
                    format!("a probability must lie in [0, 1], got {w}"),
                ));
            }
            if pairs.iter().any(|&(e, _)| e == d as i32) {
                return Err(err(
                    &format!("delays[{k}]"),
                    format!("delay {d} is listed twice"),
                ));
            }
            pairs.push((d as i32, w));
        }
        let total: f64 = pairs.iter().map(|&(_, w)| w).sum();
        if (total - 1.0).abs() > 1e-9 {
            return Err(err(
                "delay_probabilities",
                format!("delay probabilities must sum to 1, got {total}"),
            ));
        }
        pairs.sort_by_key(|&(d, _)| d);
        let mut cumulative = 0.0;
        let delay_cdf: Vec<f64> = pairs
            .iter()
            .map(|&(_, w)| {
                cumulative += w;
                cumulative
            })
            .collect();
        let mut delay_cdf = delay_cdf;
        if let Some(last) = delay_cdf.last_mut() {
            *last = 1.0;
        }
        require_provenance(
            provenance(&spec.source, &spec.assumption),
            &scenario.provenance.projects,
            location,
            &format!("{path} (\"{}\")", spec.id),
            "projects",
        )?;
        projects.push(Project {
            id: spec.id.clone(),
            name: spec.name.clone(),
            holder,
            capacity,
            year: spec.year,
            probability,
            delays: pairs.iter().map(|&(d, _)| d).collect(),
            delay_cdf,
        });
    }
    Ok(projects)
}

/// Resolves what a project adds capacity to.
pub(super) struct Holders<'m> {
    pub(super) sectors: &'m [Sector],
    pub(super) chains: &'m [Chain],
    pub(super) energy: Option<&'m Energy>,
}

impl Holders<'_> {
    /// A sector that has its own capacity.
    fn capacity_sector(&self, id: &str) -> std::result::Result<usize, String> {
        match self.sectors.iter().position(|s| s.id == id) {
            Some(i) if self.sectors[i].capacity.is_some() => Ok(i),
            Some(i) => match self.chains.iter().find(|c| c.sector_idx == i) {
                Some(chain) => Err(format!(
                    "sector \"{id}\" takes its capacity from chain \"{}\"; add the project to a stage: stage = \"{}.<stage>\"",
                    chain.id, chain.id
                )),
                None => Err(format!(
                    "sector \"{id}\" has no `capacity` for a project to add to"
                )),
            },
            None => Err(format!("unknown sector \"{id}\"")),
        }
    }

    fn stage(&self, id: &str) -> std::result::Result<(usize, usize), String> {
        let known = || {
            self.chains
                .iter()
                .flat_map(|c| c.stages.iter().map(move |s| format!("{}.{}", c.id, s.id)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let found = id.split_once('.').and_then(|(chain, stage)| {
            let c = self.chains.iter().position(|c| c.id == chain)?;
            let s = self.chains[c].stages.iter().position(|s| s.id == stage)?;
            Some((c, s))
        });
        found.ok_or_else(|| format!("unknown stage \"{id}\"; expected one of: {}", known()))
    }

    fn technology(&self, id: &str) -> std::result::Result<usize, String> {
        let technologies = self
            .energy
            .map(|e| e.technologies.as_slice())
            .unwrap_or(&[]);
        technologies.iter().position(|t| t.id == id).ok_or_else(|| {
            let known: Vec<&str> = technologies.iter().map(|t| t.id.as_str()).collect();
            format!(
                "unknown technology \"{id}\"; expected one of: {}",
                if known.is_empty() {
                    "(no [energy] technologies)".to_string()
                } else {
                    known.join(", ")
                }
            )
        })
    }
}

/// Checks an optional organic growth rate and a base capacity.
pub(super) fn capacity(
    base: f64,
    growth: Option<f64>,
    location: crate::Location,
    path: &str,
) -> Result<Capacity> {
    let base = finite(base, location, &format!("{path}.capacity"), "capacity")?;
    if base < 0.0 {
        return Err(ScenarioError::invalid(
            Some(location),
            format!("{path}.capacity"),
            format!("capacity must be zero or positive, got {base}"),
        ));
    }
    let growth = match growth {
        Some(g) => {
            let field = format!("{path}.capacity_growth");
            let g = finite(g, location, &field, "capacity_growth")?;
            if g <= -1.0 {
                return Err(ScenarioError::invalid(
                    Some(location),
                    field,
                    format!("capacity growth must be above -1 (−100%), got {g}"),
                ));
            }
            g
        }
        None => 0.0,
    };
    Ok(Capacity { base, growth })
}
