//! Capacity: organic growth plus a pipeline of discrete projects that may slip or fail.
//!
//! A capacity path is `base · (1 + growth)^t` plus every project online by year `t`. A project
//! completes with probability `p` and then comes online in its planned year plus a delay drawn
//! from a discrete distribution of whole years. Each project consumes two of a run's standard
//! normal inputs, `u = Φ(z)`: completion when `u₁ < p`, and the delay as the `u₂`-quantile.

use crate::error::ScenarioError;
use crate::model::{Compiler, Result, finite, provenance, require_provenance};
use crate::scenario::ProjectSpec;
use crate::stats::std_normal_cdf;

/// A capacity that grows at a fixed organic rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// Capacity in the base year.
    pub base: f64,
    /// Organic growth per year (a fraction).
    pub growth: f64,
}

impl Capacity {
    /// Organic capacity `t` years after the base year.
    pub fn organic(&self, t: usize) -> f64 {
        self.base * (1.0 + self.growth).powi(t as i32)
    }
}

/// What a project adds capacity to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityHolder {
    /// A sector with its own capacity.
    Sector(usize),
    /// A stage of a chain.
    Stage {
        /// Chain index.
        chain: usize,
        /// Stage index within the chain.
        stage: usize,
    },
    /// An energy technology.
    Technology(usize),
}

/// A compiled project.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it adds to.
    pub holder: CapacityHolder,
    /// Capacity added once online.
    pub capacity: f64,
    /// Planned first year online.
    pub year: i32,
    /// Probability of completion.
    pub probability: f64,
    /// Possible delays (whole years), ascending.
    pub delays: Vec<i32>,
    /// Cumulative probability of each delay (the last is 1).
    pub delay_cdf: Vec<f64>,
}

impl Project {
    /// The first year the project is online for its two standard-normal inputs, or `None`
    /// when it is not completed.
    pub fn online_year(&self, z_completion: f64, z_delay: f64) -> Option<i32> {
        let completed = self.probability >= 1.0 || std_normal_cdf(z_completion) < self.probability;
        if !completed {
            return None;
        }
        let u = std_normal_cdf(z_delay);
        let k = self
            .delay_cdf
            .partition_point(|&c| c <= u)
            .min(self.delays.len() - 1);
        Some(self.year + self.delays[k])
    }
}

/// Resolves what a project adds to, given how the compiler names holders.
pub(crate) trait HolderLookup {
    /// A sector that has its own capacity.
    fn capacity_sector(&self, id: &str) -> std::result::Result<usize, String>;
    /// A chain stage written `<chain>.<stage>`.
    fn stage(&self, id: &str) -> std::result::Result<(usize, usize), String>;
    /// An energy technology.
    fn technology(&self, id: &str) -> std::result::Result<usize, String>;
}

/// Compiles `[[projects]]`.
pub(crate) fn compile_projects(
    c: &Compiler<'_>,
    holders: &dyn HolderLookup,
) -> Result<Vec<Project>> {
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

/// Checks an optional organic growth rate and a base capacity.
pub(crate) fn capacity(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn project(probability: f64, delays: &[i32], weights: &[f64]) -> Project {
        let mut cumulative = 0.0;
        Project {
            id: "p".into(),
            name: "p".into(),
            holder: CapacityHolder::Technology(0),
            capacity: 1.0,
            year: 2029,
            probability,
            delays: delays.to_vec(),
            delay_cdf: weights
                .iter()
                .map(|w| {
                    cumulative += w;
                    cumulative
                })
                .collect(),
        }
    }

    #[test]
    fn completion_is_the_lower_p_share_of_the_first_input() {
        let p = project(0.9, &[0], &[1.0]);
        // Φ(1.2815515655446004) = 0.9: just below completes, just above does not.
        assert_eq!(p.online_year(1.28, 0.0), Some(2029));
        assert_eq!(p.online_year(1.29, 0.0), None);
        assert_eq!(project(0.0, &[0], &[1.0]).online_year(-8.0, 0.0), None);
        assert_eq!(project(1.0, &[0], &[1.0]).online_year(9.0, 0.0), Some(2029));
    }

    #[test]
    fn delay_is_the_quantile_of_the_second_input() {
        let p = project(1.0, &[0, 1, 2], &[0.5, 0.3, 0.2]);
        // Φ(0) = 0.5 falls in the second class [0.5, 0.8); Φ(−0.1) < 0.5; Φ(0.9) = 0.816 > 0.8.
        assert_eq!(p.online_year(0.0, -0.1), Some(2029));
        assert_eq!(p.online_year(0.0, 0.0), Some(2030));
        assert_eq!(p.online_year(0.0, 0.9), Some(2031));
    }

    #[test]
    fn organic_capacity_compounds() {
        let c = Capacity {
            base: 100.0,
            growth: 0.1,
        };
        assert!((c.organic(2) - 121.0).abs() < 1e-12);
    }
}
