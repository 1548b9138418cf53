//! What a compiled model would simulate, as text: the body of `chainsim validate`.

use std::fmt::Write as _;

use crate::text::render_table;
use chainsim::model::Model;
use chainsim::model::capacity::CapacityHolder;

/// A description of `model`: span, runs, sectors, input–output, chains, projects, energy,
/// aggregates, targets, and every series a target may name.
pub fn describe(model: &Model) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scenario: {}", model.name());
    let _ = writeln!(
        out,
        "years: {}–{} ({} simulated), values in {}",
        model.base_year(),
        model.horizon(),
        model.n_years(),
        model.value_unit()
    );
    let _ = writeln!(
        out,
        "runs: {} (seed {}); {} random inputs per run",
        model.default_runs(),
        model.default_seed(),
        model.n_inputs()
    );
    let _ = writeln!(out, "\nsectors ({}):", model.n_sectors());
    let mut rows = vec![
        [
            "id",
            "unit",
            "base output",
            "final demand",
            "price",
            "capacity",
            "mean growth",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (idx, sector) in model.sectors().iter().enumerate() {
        let capacity = model.base_capacity(idx);
        rows.push(vec![
            sector.id.clone(),
            sector.unit.clone(),
            format!("{:.2}", sector.base_output),
            format!("{:.2}", model.base_final_demand()[idx]),
            sector.price.map_or_else(|| "—".into(), |p| format!("{p}")),
            capacity.map_or_else(|| "—".into(), |c| format!("{c:.2}")),
            format!(
                "{:+.2}% in {}",
                100.0 * model.growth(0, idx).mean_rate(),
                model.base_year() + 1
            ),
        ]);
    }
    out.push_str(&render_table(
        &rows,
        &[false, false, true, true, true, true, true],
    ));
    let nonzero = model.coefficients().iter().filter(|&&a| a > 0.0).count();
    let _ = writeln!(
        out,
        "\ninput–output: {nonzero} coefficients ({} uncertain), spectral radius {:.4}",
        model.uncertain_coefficients().len(),
        model.spectral_radius()
    );
    let _ = writeln!(
        out,
        "correlation: {}{}",
        if model.correlation().is_some() {
            "Gaussian copula over the yearly shocks"
        } else {
            "none (independent yearly shocks)"
        },
        model
            .correlation_repair()
            .map_or_else(String::new, |r| format!(
                " (repaired: moved by {:.6})",
                r.distance
            ))
    );
    for chain in model.chains() {
        let sector = &model.sectors()[chain.sector_idx];
        let stages: Vec<String> = chain
            .stages
            .iter()
            .map(|s| {
                format!(
                    "{} ({} {} per {} of {}, capacity {} {})",
                    s.id, s.per_final, s.unit, sector.unit, sector.id, s.capacity.base, s.unit
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "chain {} → {}: {}",
            chain.id,
            model.sectors()[chain.sector_idx].id,
            stages.join(" → ")
        );
    }
    for project in model.projects() {
        let holder = match project.holder {
            CapacityHolder::Sector(i) => model.sectors()[i].id.clone(),
            CapacityHolder::Stage { chain, stage } => {
                let chain = &model.chains()[chain];
                format!("{}.{}", chain.id, chain.stages[stage].id)
            }
            CapacityHolder::Technology(k) => model
                .energy()
                .map(|e| e.technologies[k].id.clone())
                .unwrap_or_default(),
        };
        let _ = writeln!(
            out,
            "project {}: +{} to {holder} in {}, completion probability {}, delays {:?} years",
            project.id, project.capacity, project.year, project.probability, project.delays
        );
    }
    if let Some(energy) = model.energy() {
        let technologies: Vec<String> = energy
            .technologies
            .iter()
            .map(|t| {
                format!(
                    "{} {} MW (mean capacity factor {:.3}{})",
                    t.id,
                    t.capacity.base,
                    t.mean_factor,
                    if t.clean { ", clean" } else { "" }
                )
            })
            .collect();
        let _ = writeln!(out, "energy: {}", technologies.join("; "));
    }
    for aggregate in model.aggregates() {
        let _ = writeln!(
            out,
            "aggregate {}: weighted sum of {} sectors' values",
            aggregate.id,
            aggregate.weights.len()
        );
    }
    let _ = writeln!(out, "\ntargets ({}):", model.targets().len());
    let mut rows = vec![["id", "series", "label"].map(String::from).to_vec()];
    for target in model.targets() {
        rows.push(vec![
            target.id.clone(),
            model.series()[target.series_idx].name(),
            target.label.clone(),
        ]);
    }
    out.push_str(&render_table(&rows, &[false, false, false]));
    let _ = writeln!(
        out,
        "\nseries ({}), for targets and trajectories.csv (<sector>.value is the output of a sector without a price):",
        model.series().len()
    );
    let mut items: Vec<(&str, Vec<String>)> = Vec::new();
    for (s, def) in model.series().iter().enumerate() {
        // A series [trajectories] leaves out of trajectories.csv is marked with a `-`.
        let measure = if model.keeps_trajectory(s) {
            def.measure.to_string()
        } else {
            format!("-{}", def.measure)
        };
        match items.iter_mut().find(|(item, _)| *item == def.item) {
            Some((_, measures)) => measures.push(measure),
            None => items.push((&def.item, vec![measure])),
        }
    }
    for (item, measures) in items {
        let _ = writeln!(out, "  {item}.{{{}}}", measures.join(", "));
    }
    if let Some(kept) = model.trajectory_series() {
        let _ = writeln!(
            out,
            "[trajectories] keeps {} of them in trajectories.csv; those marked - are left out (targets may still name them)",
            kept.len()
        );
    }
    out
}
