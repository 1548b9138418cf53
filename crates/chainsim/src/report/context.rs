//! What a scenario says about itself, for a report that travels without it: the
//! description, each sector's name and whether its base is assumed, and every source or
//! assumption the file gives, item by item.

use serde::Serialize;

use crate::model::Model;
use crate::scenario::Scenario;

/// Whether a note cites a source or states an assumption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A citation (`source = "…"`).
    Source,
    /// A stated assumption and its reasoning (`assumption = "…"`).
    Assumption,
}

/// One `source` or `assumption` of the scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceNote {
    /// The file's section, as written in TOML (`sectors`, `growth`, `coefficients` …).
    pub section: &'static str,
    /// The item within the section (a sector id, `from → to`, a target id …), or
    /// `[provenance]` for the section's default.
    pub item: String,
    /// Source or assumption.
    pub kind: NoteKind,
    /// The text as written.
    pub text: String,
}

/// A sector as a reader names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectorLabel {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit of its output.
    pub unit: String,
    /// Whether it has a price (its value is output × price).
    pub priced: bool,
    /// Base-year output, in `unit`.
    pub base_output: f64,
    /// Whether the base level rests on an assumption rather than a cited source.
    pub base_is_assumed: bool,
}

/// The scenario's own words and names, in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioContext {
    /// `[scenario] description`.
    pub description: String,
    /// Every sector, in file order.
    pub sectors: Vec<SectorLabel>,
    /// Energy technologies as `(id, name)`, in file order.
    pub technologies: Vec<(String, String)>,
    /// Every source and assumption the file gives, section by section.
    pub sources: Vec<SourceNote>,
}

impl ScenarioContext {
    /// The context of a scenario and the model compiled from it.
    pub fn new(model: &Model, scenario: &Scenario) -> ScenarioContext {
        ScenarioContext {
            description: model.description().to_string(),
            sectors: model
                .sectors()
                .iter()
                .map(|s| SectorLabel {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    unit: s.unit.clone(),
                    priced: s.price.is_some(),
                    base_output: s.base_output,
                    base_is_assumed: s.base_is_assumed,
                })
                .collect(),
            technologies: model
                .energy()
                .map(|e| {
                    e.technologies
                        .iter()
                        .map(|t| (t.id.clone(), t.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            sources: sources(scenario),
        }
    }

    /// The display name of the sector `id`, or `id` itself when no sector has it.
    pub fn sector_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.sectors
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.name.as_str())
    }

    /// The notes about the sector `id` (its base level's source or assumption).
    pub fn sector_notes<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a SourceNote> {
        self.sources
            .iter()
            .filter(move |n| n.section == "sectors" && n.item == id)
    }
}

/// Every `source` and `assumption` of a scenario, section by section in the file's order of
/// sections, items in file order; a section's `[provenance]` default comes first.
pub fn sources(scenario: &Scenario) -> Vec<SourceNote> {
    let mut notes = Vec::new();
    let mut add = |section: &'static str,
                   item: String,
                   source: &Option<String>,
                   assumption: &Option<String>| {
        for (kind, text) in [
            (NoteKind::Source, source),
            (NoteKind::Assumption, assumption),
        ] {
            if let Some(text) = text.as_deref().filter(|t| !t.trim().is_empty()) {
                notes.push(SourceNote {
                    section,
                    item: item.clone(),
                    kind,
                    text: text.to_string(),
                });
            }
        }
    };
    let defaults = &scenario.provenance;
    let section = || "[provenance]".to_string();
    add(
        "sectors",
        section(),
        &defaults.sectors.source,
        &defaults.sectors.assumption,
    );
    for s in &scenario.sectors {
        let s = s.get_ref();
        add("sectors", s.id.clone(), &s.source, &s.assumption);
    }
    add(
        "growth",
        section(),
        &defaults.growth.source,
        &defaults.growth.assumption,
    );
    for g in &scenario.growth {
        let g = g.get_ref();
        add(
            "growth",
            years_item(&g.sector, g.from, g.to),
            &g.source,
            &g.assumption,
        );
    }
    add(
        "price_growth",
        section(),
        &defaults.prices.source,
        &defaults.prices.assumption,
    );
    for g in &scenario.price_growth {
        let g = g.get_ref();
        add(
            "price_growth",
            years_item(&g.sector, g.from, g.to),
            &g.source,
            &g.assumption,
        );
    }
    add(
        "coefficients",
        section(),
        &defaults.coefficients.source,
        &defaults.coefficients.assumption,
    );
    if let Some(t) = &scenario.coefficient_table {
        let t = t.get_ref();
        add(
            "coefficient_table",
            t.file.clone(),
            &t.source,
            &t.assumption,
        );
    }
    if let Some(u) = &scenario.coefficient_uncertainty {
        let u = u.get_ref();
        add(
            "coefficient_uncertainty",
            format!("relative sd {}", u.relative_sd),
            &u.source,
            &u.assumption,
        );
    }
    for c in &scenario.coefficients {
        let c = c.get_ref();
        add(
            "coefficients",
            format!("{} → {}", c.from, c.to),
            &c.source,
            &c.assumption,
        );
    }
    add(
        "correlations",
        section(),
        &defaults.correlations.source,
        &defaults.correlations.assumption,
    );
    for c in &scenario.correlations {
        let c = c.get_ref();
        add(
            "correlations",
            format!("{} ↔ {}", c.between[0], c.between[1]),
            &c.source,
            &c.assumption,
        );
    }
    if let Some(m) = &scenario.correlation_matrix {
        let m = m.get_ref();
        add(
            "correlation_matrix",
            m.sectors.join(", "),
            &m.source,
            &m.assumption,
        );
    }
    add(
        "chains",
        section(),
        &defaults.chains.source,
        &defaults.chains.assumption,
    );
    for c in &scenario.chains {
        let c = c.get_ref();
        add("chains", c.id.clone(), &c.source, &c.assumption);
        for s in &c.stages {
            let s = s.get_ref();
            add(
                "chains",
                format!("{}.{}", c.id, s.id),
                &s.source,
                &s.assumption,
            );
        }
    }
    add(
        "projects",
        section(),
        &defaults.projects.source,
        &defaults.projects.assumption,
    );
    for p in &scenario.projects {
        let p = p.get_ref();
        add("projects", p.id.clone(), &p.source, &p.assumption);
    }
    add(
        "energy",
        section(),
        &defaults.energy.source,
        &defaults.energy.assumption,
    );
    if let Some(e) = &scenario.energy {
        let e = e.get_ref();
        add("energy", "[energy]".to_string(), &e.source, &e.assumption);
        for t in &e.technologies {
            let t = t.get_ref();
            add("energy", t.id.clone(), &t.source, &t.assumption);
        }
        for i in &e.intensities {
            let i = i.get_ref();
            add(
                "energy",
                format!("intensity of {}", i.sector),
                &i.source,
                &i.assumption,
            );
        }
    }
    add(
        "aggregates",
        section(),
        &defaults.aggregates.source,
        &defaults.aggregates.assumption,
    );
    for a in &scenario.aggregates {
        let a = a.get_ref();
        add("aggregates", a.id.clone(), &a.source, &a.assumption);
    }
    add(
        "targets",
        section(),
        &defaults.targets.source,
        &defaults.targets.assumption,
    );
    for t in &scenario.targets {
        let t = t.get_ref();
        add("targets", t.id.clone(), &t.source, &t.assumption);
    }
    notes
}

/// A growth item: the sector and, when given, its span of years.
fn years_item(sector: &str, from: Option<i32>, to: Option<i32>) -> String {
    match (from, to) {
        (Some(from), Some(to)) => format!("{sector} {from}–{to}"),
        (Some(from), None) => format!("{sector} from {from}"),
        (None, Some(to)) => format!("{sector} to {to}"),
        (None, None) => sector.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_and_assumption_is_listed_in_file_order() {
        let text = include_str!("../../../../tests/data/small.toml");
        let scenario = Scenario::from_toml_str(text).unwrap();
        let notes = sources(&scenario);
        let written = text.matches("source = \"").count() + text.matches("assumption = \"").count();
        assert_eq!(notes.len(), written, "{notes:#?}");
    }
}
