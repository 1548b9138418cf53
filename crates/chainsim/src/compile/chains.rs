//! `[[chains]]`: stages, ratios, capacities and suppliers.

use super::projects::capacity;
use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::{Chain, Stage};
use crate::scenario::ChainSpec;

/// Compiles `[[chains]]`; `sector_has_capacity` tells whether a sector carries its own
/// `capacity` (a chain's sector must not: its last stage is its capacity).
pub(super) fn compile_chains(c: &Compiler<'_>, sector_has_capacity: &[bool]) -> Result<Vec<Chain>> {
    let scenario = c.scenario;
    let mut chains: Vec<Chain> = Vec::with_capacity(scenario.chains.len());
    for (idx, item) in scenario.chains.iter().enumerate() {
        let location = c.location(item.span());
        let spec: &ChainSpec = item.get_ref();
        let path = format!("chains[{idx}]");
        let err = |field: &str, message: String| {
            ScenarioError::invalid(Some(location), format!("{path}.{field}"), message)
        };
        let taken = chains.iter().any(|other| other.id == spec.id);
        c.item_id(&spec.id, "chain", true, taken, location, &path)?;
        let sector_idx = c.sector(&spec.sector, location, &format!("{path}.sector"))?;
        if chains.iter().any(|other| other.sector_idx == sector_idx) {
            return Err(err(
                "sector",
                format!("sector \"{}\" already ends another chain", spec.sector),
            ));
        }
        if sector_has_capacity[sector_idx] {
            return Err(err(
                "sector",
                format!(
                    "sector \"{}\" has its own `capacity`; a chain's sector takes its capacity from the chain's last stage, so remove one",
                    spec.sector
                ),
            ));
        }
        if spec.stages.is_empty() {
            return Err(err("stages", "a chain needs at least one stage".into()));
        }
        let sector_unit = scenario.sectors[sector_idx]
            .get_ref()
            .unit
            .clone()
            .unwrap_or_else(|| scenario.scenario.value_unit.clone());
        let last_unit = &spec.stages[spec.stages.len() - 1].get_ref().unit;
        if *last_unit != sector_unit {
            return Err(err(
                &format!("stages[{}].unit", spec.stages.len() - 1),
                format!(
                    "the last stage is the output of \"{}\", measured in \"{sector_unit}\", but its unit is \"{last_unit}\"",
                    spec.sector
                ),
            ));
        }
        let chain_provenance = provenance(&spec.source, &spec.assumption);
        let last = spec.stages.len() - 1;
        let mut stages: Vec<Stage> = Vec::with_capacity(spec.stages.len());
        for (k, item) in spec.stages.iter().enumerate() {
            let location = c.location(item.span());
            let stage = item.get_ref();
            let stage_path = format!("{path}.stages[{k}]");
            let serr = |field: &str, message: String| {
                ScenarioError::invalid(Some(location), format!("{stage_path}.{field}"), message)
            };
            let taken = stages.iter().any(|s| s.id == stage.id);
            c.item_id(&stage.id, "stage", false, taken, location, &stage_path)?;
            let ratio = match (k == last, stage.ratio) {
                (true, None) => 1.0,
                (true, Some(_)) => {
                    return Err(serr(
                        "ratio",
                        "the last stage is the sector's own output and takes no `ratio`".into(),
                    ));
                }
                (false, None) => {
                    return Err(serr(
                        "ratio",
                        format!(
                            "needs `ratio`: units of \"{}\" per unit of the next stage",
                            stage.id
                        ),
                    ));
                }
                (false, Some(r)) => {
                    let r = finite(r, location, &format!("{stage_path}.ratio"), "ratio")?;
                    if r <= 0.0 {
                        return Err(serr(
                            "ratio",
                            format!("a conversion ratio must be positive, got {r}"),
                        ));
                    }
                    r
                }
            };
            let supplier = match &stage.supplier {
                Some(id) if k == last => {
                    return Err(serr(
                        "supplier",
                        format!(
                            "the last stage is \"{}\" itself and has no supplier (got \"{id}\")",
                            spec.sector
                        ),
                    ));
                }
                Some(id) => {
                    let s = c.sector(id, location, &format!("{stage_path}.supplier"))?;
                    if s == sector_idx {
                        return Err(serr(
                            "supplier",
                            "a supplier must be another sector than the chain's own".into(),
                        ));
                    }
                    Some(s)
                }
                None => None,
            };
            let price = match (supplier, stage.price) {
                (Some(_), Some(p)) => {
                    let p = finite(p, location, &format!("{stage_path}.price"), "price")?;
                    if p <= 0.0 {
                        return Err(serr("price", format!("a price must be positive, got {p}")));
                    }
                    Some(p)
                }
                (Some(_), None) => {
                    return Err(serr(
                        "price",
                        "a stage with a `supplier` needs `price`, the value of one unit, to enter the supplier's output".into(),
                    ));
                }
                (None, Some(_)) => {
                    return Err(serr(
                        "price",
                        "`price` values a stage bought from a `supplier`; this stage has none"
                            .into(),
                    ));
                }
                (None, None) => None,
            };
            let capacity = capacity(stage.capacity, stage.capacity_growth, location, &stage_path)?;
            let own = provenance(&stage.source, &stage.assumption);
            let given = if own.is_given() {
                own
            } else {
                chain_provenance.clone()
            };
            require_provenance(
                given,
                &scenario.provenance.chains,
                location,
                &format!("{stage_path} (\"{}\")", stage.id),
                "chains",
            )?;
            stages.push(Stage {
                id: stage.id.clone(),
                unit: stage.unit.clone(),
                per_final: ratio,
                capacity,
                supplier,
                price,
            });
        }
        // R_k: the product of the ratios from stage k to the end.
        let mut cumulative = 1.0;
        for stage in stages.iter_mut().rev() {
            cumulative *= stage.per_final;
            stage.per_final = cumulative;
        }
        chains.push(Chain {
            id: spec.id.clone(),
            name: spec.name.clone(),
            sector_idx,
            stages,
        });
    }
    Ok(chains)
}
