//! The named-series registry, and `[[aggregates]]`.

use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::{
    Aggregate, Chain, Energy, Project, Sector, SectorSlots, SeriesDef, SeriesSource,
};
use crate::scenario::AggregateSpec;

/// Splits a registry into each sector's slots and the remaining `(index, source)` pairs.
pub(super) fn sector_slots(
    series: &[SeriesDef],
    n_sectors: usize,
) -> (Vec<SectorSlots>, Vec<(usize, SeriesSource)>) {
    let find = |source: SeriesSource| series.iter().position(|s| s.source == source);
    let slots: Vec<SectorSlots> = (0..n_sectors)
        .map(|i| SectorSlots {
            output: find(SeriesSource::Output(i)).expect("every sector has an output series"),
            final_demand: find(SeriesSource::FinalDemand(i))
                .expect("every sector has a final-demand series"),
            intermediate: find(SeriesSource::Intermediate(i))
                .expect("every sector has an intermediate series"),
            priced: find(SeriesSource::Value(i)).zip(find(SeriesSource::Price(i))),
            limited: find(SeriesSource::Capacity(i)).zip(find(SeriesSource::UnmetDemand(i))),
        })
        .collect();
    let others = series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.source.sector().is_none())
        .map(|(idx, s)| (idx, s.source))
        .collect();
    (slots, others)
}

/// Compiles `[[aggregates]]`.
pub(super) fn compile_aggregates(c: &Compiler<'_>, sectors: &[Sector]) -> Result<Vec<Aggregate>> {
    let scenario = c.scenario;
    let mut aggregates: Vec<Aggregate> = Vec::with_capacity(scenario.aggregates.len());
    for (idx, item) in scenario.aggregates.iter().enumerate() {
        let location = c.location(item.span());
        let spec: &AggregateSpec = item.get_ref();
        let path = format!("aggregates[{idx}]");
        let taken = sectors.iter().any(|s| s.id == spec.id)
            || aggregates.iter().any(|a| a.id == spec.id)
            || scenario.chains.iter().any(|ch| ch.get_ref().id == spec.id)
            || scenario.projects.iter().any(|p| p.get_ref().id == spec.id)
            || c.is_reserved(&spec.id);
        if spec.id.trim().is_empty() || spec.id.contains('.') || taken {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{path}.id"),
                format!(
                    "aggregate id \"{}\" must be non-empty, contain no '.', and not be a sector, chain, project or \"energy\"",
                    spec.id
                ),
            ));
        }
        if spec.weights.is_empty() {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{path}.weights"),
                "an aggregate needs at least one sector weight",
            ));
        }
        let mut weights = Vec::with_capacity(spec.weights.len());
        for (id, &w) in &spec.weights {
            let field = format!("{path}.weights.{id}");
            let i = c.sector(id, location, &field)?;
            let w = finite(w, location, &field, "a weight")?;
            weights.push((i, w));
        }
        weights.sort_by_key(|&(i, _)| i);
        require_provenance(
            provenance(&spec.source, &spec.assumption),
            &scenario.provenance.aggregates,
            location,
            &format!("{path} (\"{}\")", spec.id),
            "aggregates",
        )?;
        aggregates.push(Aggregate {
            id: spec.id.clone(),
            name: spec.name.clone(),
            weights,
        });
    }
    Ok(aggregates)
}

/// Every series of a compiled model, in a fixed order: per sector (output, final demand,
/// intermediate; value and price when priced; capacity and unmet demand when limited), per
/// chain stage, per project, the energy base, the aggregates.
pub(super) fn series_registry(
    sectors: &[Sector],
    chains: &[Chain],
    projects: &[Project],
    energy: Option<&Energy>,
    aggregates: &[Aggregate],
    value_unit: &str,
) -> Vec<SeriesDef> {
    let mut out = Vec::new();
    let mut push = |item: String, measure: &'static str, unit: String, source: SeriesSource| {
        out.push(SeriesDef {
            item,
            measure,
            unit,
            source,
        });
    };
    for (i, sector) in sectors.iter().enumerate() {
        let id = &sector.id;
        push(
            id.clone(),
            "output",
            sector.unit.clone(),
            SeriesSource::Output(i),
        );
        push(
            id.clone(),
            "final_demand",
            sector.unit.clone(),
            SeriesSource::FinalDemand(i),
        );
        push(
            id.clone(),
            "intermediate",
            sector.unit.clone(),
            SeriesSource::Intermediate(i),
        );
        if sector.price.is_some() {
            push(
                id.clone(),
                "value",
                value_unit.to_string(),
                SeriesSource::Value(i),
            );
            push(
                id.clone(),
                "price",
                format!("{value_unit} per {}", sector.unit),
                SeriesSource::Price(i),
            );
        }
        let limited = sector.capacity.is_some() || chains.iter().any(|c| c.sector_idx == i);
        if limited {
            push(
                id.clone(),
                "capacity",
                sector.unit.clone(),
                SeriesSource::Capacity(i),
            );
            push(
                id.clone(),
                "unmet_demand",
                sector.unit.clone(),
                SeriesSource::UnmetDemand(i),
            );
        }
    }
    for (c, chain) in chains.iter().enumerate() {
        for (k, stage) in chain.stages.iter().enumerate() {
            let item = format!("{}.{}", chain.id, stage.id);
            let at = (c, k);
            push(
                item.clone(),
                "production",
                stage.unit.clone(),
                SeriesSource::StageProduction {
                    chain: at.0,
                    stage: at.1,
                },
            );
            push(
                item.clone(),
                "capacity",
                stage.unit.clone(),
                SeriesSource::StageCapacity {
                    chain: at.0,
                    stage: at.1,
                },
            );
            push(
                item,
                "binding",
                "share of runs".into(),
                SeriesSource::StageBinding {
                    chain: at.0,
                    stage: at.1,
                },
            );
        }
    }
    for (p, project) in projects.iter().enumerate() {
        push(
            project.id.clone(),
            "online",
            "share of runs".into(),
            SeriesSource::ProjectOnline(p),
        );
    }
    if let Some(energy) = energy {
        for (k, tech) in energy.technologies.iter().enumerate() {
            let item = format!("energy.{}", tech.id);
            push(
                item.clone(),
                "capacity",
                "MW".into(),
                SeriesSource::TechnologyCapacity(k),
            );
            push(
                item,
                "generation",
                "GWh".into(),
                SeriesSource::TechnologyGeneration(k),
            );
        }
        let item = || "energy".to_string();
        push(item(), "generation", "GWh".into(), SeriesSource::Generation);
        push(
            item(),
            "clean_generation",
            "GWh".into(),
            SeriesSource::CleanGeneration,
        );
        push(
            item(),
            "clean_share",
            "share".into(),
            SeriesSource::CleanShare,
        );
        push(
            item(),
            "demand",
            "GWh".into(),
            SeriesSource::ElectricityDemand,
        );
        push(
            item(),
            "balance",
            "GWh".into(),
            SeriesSource::ElectricityBalance,
        );
    }
    for (a, aggregate) in aggregates.iter().enumerate() {
        push(
            aggregate.id.clone(),
            "value",
            value_unit.to_string(),
            SeriesSource::Aggregate(a),
        );
    }
    out
}
