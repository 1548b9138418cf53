//! `[energy]`: technologies, capacity factors, intensities.

use super::laws::{LawScale, law_step};
use super::projects::capacity;
use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::{Energy, Technology};
use crate::scenario::EnergySpec;

/// Compiles `[energy]`.
pub(super) fn compile_energy(c: &Compiler<'_>, n_sectors: usize) -> Result<Option<Energy>> {
    let scenario = c.scenario;
    let Some(item) = &scenario.energy else {
        return Ok(None);
    };
    let spec: &EnergySpec = item.get_ref();
    let section = provenance(&spec.source, &spec.assumption);
    let mut technologies: Vec<Technology> = Vec::with_capacity(spec.technologies.len());
    for (k, item) in spec.technologies.iter().enumerate() {
        let location = c.location(item.span());
        let tech = item.get_ref();
        let path = format!("energy.technologies[{k}]");
        let err = |field: &str, message: String| {
            ScenarioError::invalid(Some(location), format!("{path}.{field}"), message)
        };
        let taken = technologies.iter().any(|t| t.id == tech.id);
        c.item_id(&tech.id, "technology", false, taken, location, &path)?;
        let capacity = capacity(tech.capacity, tech.capacity_growth, location, &path)?;
        let factor = law_step(
            &tech.capacity_factor,
            tech.persistence,
            LawScale::Level,
            location,
            &format!("{path}.capacity_factor"),
            &format!("{path}.persistence"),
        )?;
        let (low, high) = factor.marginal.support();
        if low < 0.0 || high > 1.0 {
            return Err(err(
                "capacity_factor",
                format!(
                    "a capacity factor must stay within [0, 1], but this law ranges over [{low}, {high}]; use a bounded law (pert, triangular, uniform, truncated_normal) inside [0, 1]"
                ),
            ));
        }
        let consumption = match tech.consumption {
            Some(v) => {
                let v = finite(v, location, &format!("{path}.consumption"), "consumption")?;
                if v < 0.0 {
                    return Err(err(
                        "consumption",
                        format!("consumption must be zero or positive, got {v}"),
                    ));
                }
                v
            }
            None => 0.0,
        };
        let own = provenance(&tech.source, &tech.assumption);
        require_provenance(
            if own.is_given() { own } else { section.clone() },
            &scenario.provenance.energy,
            location,
            &format!("{path} (\"{}\")", tech.id),
            "energy",
        )?;
        technologies.push(Technology {
            id: tech.id.clone(),
            name: tech.name.clone(),
            clean: tech.clean,
            capacity,
            mean_factor: factor.marginal.mean(),
            factor,
            consumption,
        });
    }
    let mut intensities = vec![0.0; n_sectors];
    let mut seen = vec![false; n_sectors];
    for (k, item) in spec.intensities.iter().enumerate() {
        let location = c.location(item.span());
        let intensity = item.get_ref();
        let path = format!("energy.intensities[{k}]");
        let i = c.sector(&intensity.sector, location, &format!("{path}.sector"))?;
        if std::mem::replace(&mut seen[i], true) {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{path}.sector"),
                format!("sector \"{}\" already has an intensity", intensity.sector),
            ));
        }
        let v = finite(intensity.value, location, &format!("{path}.value"), "value")?;
        if v < 0.0 {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{path}.value"),
                format!("an electricity intensity must be zero or positive, got {v}"),
            ));
        }
        let own = provenance(&intensity.source, &intensity.assumption);
        require_provenance(
            if own.is_given() { own } else { section.clone() },
            &scenario.provenance.energy,
            location,
            &format!("{path} (\"{}\")", intensity.sector),
            "energy",
        )?;
        intensities[i] = v;
    }
    Ok(Some(Energy {
        technologies,
        intensities,
    }))
}
