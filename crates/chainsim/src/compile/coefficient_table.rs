//! `[coefficient_table]`: coefficients from an input–output table in value terms,
//! aggregated to the scenario's sectors (output-weighted) and converted to their units.
//!
//! With I and J the table sectors mapped to scenario sectors s and t, and x the table's
//! total output, the aggregated value coefficient is the aggregated flow over the aggregated
//! output:
//!
//! ```text
//! a_st^value = Σ_{i∈I} Σ_{j∈J} a_ij x_j / Σ_{j∈J} x_j
//! ```
//!
//! (Σ_{i∈I} a_ij when J is one sector, which needs no output). In the scenario's units it is
//! a_st = a_st^value · p_t / p_s ([`from_value_terms`]).

use std::collections::HashMap;

use nalgebra::DMatrix;

use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::Sector;
use crate::model::value_terms::{base_prices, from_value_terms};

const SECTION: &str = "coefficient_table";

/// A table's coefficients in the scenario's sectors and units.
pub(super) struct TableCoefficients {
    /// a_st in units of s per unit of t; zero for sectors left out of the table.
    pub(super) coefficients: DMatrix<f64>,
    /// The relative spread of each entry's lognormal draw.
    pub(super) relative_sd: f64,
}

impl Compiler<'_> {
    /// The `[coefficient_table]`'s coefficients, if the scenario has one; entries without
    /// their own spread take `default_spread` (from `[coefficient_uncertainty]`).
    pub(super) fn coefficient_table(
        &self,
        sectors: &[Sector],
        default_spread: f64,
    ) -> Result<Option<TableCoefficients>> {
        let Some(item) = &self.scenario.coefficient_table else {
            return Ok(None);
        };
        let location = self.location(item.span());
        let spec = item.get_ref();
        let Some(table) = &spec.table else {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{SECTION}.file"),
                "the file has not been read: load the scenario with Scenario::resolve_files",
            ));
        };
        require_provenance(
            provenance(&spec.source, &spec.assumption),
            &self.scenario.provenance.coefficients,
            location,
            SECTION,
            "coefficients",
        )?;
        let relative_sd = match spec.relative_sd {
            Some(sd) => {
                let path = format!("{SECTION}.relative_sd");
                let sd = finite(sd, location, &path, "relative_sd")?;
                if sd < 0.0 {
                    return Err(ScenarioError::invalid(
                        Some(location),
                        path,
                        format!("relative_sd must be zero or positive, got {sd}"),
                    ));
                }
                sd
            }
            None => default_spread,
        };

        // Each scenario sector's table sectors, checked in file order.
        let mut groups: Vec<Option<Vec<usize>>> = vec![None; sectors.len()];
        let mut owners: HashMap<usize, &str> = HashMap::new();
        let mut entries: Vec<_> = spec.sectors.iter().collect();
        entries.sort_by_key(|(_, labels)| labels.span().start);
        for (id, labels) in entries {
            let path = format!("{SECTION}.sectors.{id}");
            let at = self.location(labels.span());
            let s = self.sector(id, at, &path)?;
            if labels.get_ref().is_empty() {
                return Err(ScenarioError::invalid(
                    Some(at),
                    path,
                    format!(
                        "no table sector given; map at least one, or list \"{id}\" in `not_in_table`"
                    ),
                ));
            }
            let mut members = Vec::new();
            for (k, label) in labels.get_ref().iter().enumerate() {
                let label_at = self.location(label.span());
                let label_path = format!("{path}[{k}]");
                let name = label.get_ref();
                let Some(t) = table.labels.iter().position(|l| l == name) else {
                    return Err(ScenarioError::invalid(
                        Some(label_at),
                        label_path,
                        format!(
                            "no sector \"{name}\" in {}; its sectors are: {}",
                            spec.file,
                            table.labels.join(", ")
                        ),
                    ));
                };
                if let Some(other) = owners.insert(t, id) {
                    return Err(ScenarioError::invalid(
                        Some(label_at),
                        label_path,
                        format!(
                            "table sector \"{name}\" is already mapped to \"{other}\"; each table sector may go to one scenario sector"
                        ),
                    ));
                }
                members.push(t);
            }
            groups[s] = Some(members);
        }
        let mut left_out = vec![false; sectors.len()];
        for (k, item) in spec.not_in_table.iter().enumerate() {
            let at = self.location(item.span());
            let path = format!("{SECTION}.not_in_table[{k}]");
            let id = item.get_ref();
            let s = self.sector(id, at, &path)?;
            let problem = if groups[s].is_some() {
                Some(format!(
                    "sector \"{id}\" is mapped in {SECTION}.sectors; it cannot also be left out"
                ))
            } else if std::mem::replace(&mut left_out[s], true) {
                Some(format!("sector \"{id}\" is listed twice"))
            } else {
                None
            };
            if let Some(message) = problem {
                return Err(ScenarioError::invalid(Some(at), path, message));
            }
        }
        if let Some(s) = (0..sectors.len()).find(|&s| groups[s].is_none() && !left_out[s]) {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{SECTION}.sectors"),
                format!(
                    "sector \"{}\" is neither mapped to table sectors nor listed in `not_in_table`",
                    sectors[s].id
                ),
            ));
        }

        // The weight of each table sector within its group: its share of the group's output.
        let mut weights = vec![0.0; table.labels.len()];
        for (s, group) in groups.iter().enumerate() {
            let Some(group) = group else { continue };
            if let [t] = group[..] {
                weights[t] = 1.0;
                continue;
            }
            let path = format!("{SECTION}.sectors.{}", sectors[s].id);
            let at = Some(self.location(spec.sectors[&sectors[s].id].span()));
            let Some(output) = &table.output else {
                return Err(ScenarioError::invalid(
                    at,
                    path,
                    format!(
                        "aggregating several table sectors weighs them by total output, but {} has no `total output` column",
                        spec.file
                    ),
                ));
            };
            let total: f64 = group.iter().map(|&t| output[t]).sum();
            if !(total > 0.0 && total.is_finite()) {
                return Err(ScenarioError::invalid(
                    at,
                    path,
                    format!(
                        "the table's total output of these sectors is {total}; aggregating them needs a positive total to weigh them by"
                    ),
                ));
            }
            for &t in group {
                weights[t] = output[t] / total;
            }
        }
        let value = DMatrix::from_fn(sectors.len(), sectors.len(), |s, u| {
            let (Some(rows), Some(cols)) = (&groups[s], &groups[u]) else {
                return 0.0;
            };
            cols.iter()
                .map(|&j| {
                    weights[j]
                        * rows
                            .iter()
                            .map(|&i| table.coefficients[(i, j)])
                            .sum::<f64>()
                })
                .sum()
        });
        let coefficients = from_value_terms(&value, &base_prices(sectors));
        if let Some(k) = coefficients.iter().position(|a| !a.is_finite()) {
            let (s, u) = (k % sectors.len(), k / sectors.len());
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{SECTION}.sectors"),
                format!(
                    "the coefficient from \"{}\" to \"{}\" in the scenario's units is {}, not a finite number: a price is too small or too large",
                    sectors[s].id, sectors[u].id, coefficients[k]
                ),
            ));
        }
        Ok(Some(TableCoefficients {
            coefficients,
            relative_sd,
        }))
    }
}
