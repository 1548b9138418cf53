//! `[[sectors]]`: levels, units, prices and capacities; base output within capacity.

use super::projects::capacity;
use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::{Chain, RESERVED_ID, Sector};
use crate::scenario::{Provenance, SectorSpec};

impl Compiler<'_> {
    pub(super) fn sectors(&mut self) -> Result<Vec<Sector>> {
        let scenario = self.scenario;
        if scenario.sectors.is_empty() {
            return Err(ScenarioError::invalid(
                None,
                "sectors",
                "at least one [[sectors]] entry is required",
            ));
        }
        let mut sectors = Vec::with_capacity(scenario.sectors.len());
        for (idx, item) in scenario.sectors.iter().enumerate() {
            let location = self.location(item.span());
            let spec: &SectorSpec = item.get_ref();
            let path = format!("sectors[{idx}]");
            if spec.id.trim().is_empty() {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.id"),
                    "id must not be empty",
                ));
            }
            if self.sector_ids.insert(spec.id.as_str(), idx).is_some() {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.id"),
                    format!("duplicate sector id \"{}\"", spec.id),
                ));
            }
            let base = finite(spec.base, location, &format!("{path}.base"), "base")?;
            if base <= 0.0 {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.base"),
                    format!("base output must be positive, got {base}"),
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.sectors,
                location,
                &format!("{path} (\"{}\")", spec.id),
                "sectors",
            )?;
            if spec.id.contains('.') || self.is_reserved(&spec.id) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.id"),
                    format!(
                        "a sector id names series (\"{}.value\"): it must not contain '.', nor be \"{RESERVED_ID}\" beside an [energy] section",
                        spec.id
                    ),
                ));
            }
            let price = match spec.price {
                Some(p) => {
                    let p = finite(p, location, &format!("{path}.price"), "price")?;
                    if p <= 0.0 {
                        return Err(ScenarioError::invalid(
                            Some(location),
                            format!("{path}.price"),
                            format!("a price must be positive, got {p}"),
                        ));
                    }
                    Some(p)
                }
                None => None,
            };
            let capacity = match spec.capacity {
                Some(c) => Some(capacity(c, spec.capacity_growth, location, &path)?),
                None if spec.capacity_growth.is_some() => {
                    return Err(ScenarioError::invalid(
                        Some(location),
                        format!("{path}.capacity_growth"),
                        "`capacity_growth` needs `capacity`, the base-year capacity it grows from",
                    ));
                }
                None => None,
            };
            let own = provenance(&spec.source, &spec.assumption);
            let section = &scenario.provenance.sectors;
            let cited = |p: &Provenance| p.source.as_deref().is_some_and(|s| !s.trim().is_empty());
            let base_is_assumed = if own.is_given() {
                !cited(&own)
            } else {
                !cited(section)
            };
            sectors.push(Sector {
                id: spec.id.clone(),
                name: spec.name.clone(),
                unit: spec
                    .unit
                    .clone()
                    .unwrap_or_else(|| scenario.scenario.value_unit.clone()),
                base_output: base,
                price,
                capacity,
                base_is_assumed,
            });
        }
        Ok(sectors)
    }
}

/// Base output must fit within base-year capacity (the sector's own, or its chain's).
pub(super) fn check_base_capacity(
    compiler: &Compiler<'_>,
    sectors: &[Sector],
    chains: &[Chain],
) -> Result<()> {
    let scenario = compiler.scenario;
    for (i, sector) in sectors.iter().enumerate() {
        if let Some(capacity) = sector.capacity
            && sector.base_output > capacity.base
        {
            return Err(ScenarioError::invalid(
                Some(compiler.location(scenario.sectors[i].span())),
                format!("sectors[{i}].capacity"),
                format!(
                    "sector \"{}\" produces {} in the base year but its capacity is only {}",
                    sector.id, sector.base_output, capacity.base
                ),
            ));
        }
    }
    for (c, chain) in chains.iter().enumerate() {
        let (limit, k) = chain.base_limit();
        let output = sectors[chain.sector_idx].base_output;
        if output > limit * (1.0 + 1e-12) {
            let stage = &chain.stages[k];
            return Err(ScenarioError::invalid(
                Some(compiler.location(scenario.chains[c].get_ref().stages[k].span())),
                format!("chains[{c}].stages[{k}].capacity"),
                format!(
                    "base output of \"{}\" ({output}) needs {} {} of stage \"{}\" but its capacity is {}",
                    sectors[chain.sector_idx].id,
                    output * stage.per_final,
                    stage.unit,
                    stage.id,
                    stage.capacity.base
                ),
            ));
        }
    }
    Ok(())
}
