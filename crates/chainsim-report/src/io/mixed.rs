//! The mixed exogenous/endogenous model: some outputs fixed, the others solved.

use nalgebra::DVector;
use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::{csv_field, render_table};
use chainsim::io::{IoError, IoModel, MixedModel, finite_sector_vector};

/// One sector of a mixed-model solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixedRow {
    /// Region, if the table has more than one.
    pub region: Option<String>,
    /// Sector.
    pub sector: String,
    /// Whether the output was fixed (exogenous) rather than solved.
    pub fixed: bool,
    /// Total output: given for fixed sectors, solved for the others.
    pub output: f64,
    /// Final demand: given for the solved sectors, implied for the fixed ones.
    pub final_demand: f64,
    /// Base-year output, when the table has it.
    pub base_output: Option<f64>,
    /// Base-year final demand (I − A) x, when the table has output.
    pub base_final_demand: Option<f64>,
}

/// The mixed model's solution (Miller & Blair 2009, section 13.1): with the fixed sectors
/// k and the others e, xₑ = (I − Aₑₑ)⁻¹ (fₑ + Aₑₖ xₖ) and fₖ = (I − Aₖₖ) xₖ − Aₖₑ xₑ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixedReport {
    /// One row per sector, in the table's order.
    pub sectors: Vec<MixedRow>,
}

impl MixedReport {
    /// Solves `model` with the sectors of `fixed` (index, output) fixed and final demand
    /// `final_demand` (one entry per sector; the fixed sectors' entries are not used).
    ///
    /// # Errors
    ///
    /// Those of [`MixedModel::new`]; [`IoError::NonFinite`] and [`IoError::DimensionMismatch`]
    /// for the final demand or the fixed outputs; [`IoError::Negative`] for a fixed output
    /// below zero.
    pub fn new(
        model: &IoModel,
        fixed: &[(usize, f64)],
        final_demand: &DVector<f64>,
    ) -> Result<MixedReport, IoError> {
        let exogenous: Vec<usize> = fixed.iter().map(|&(i, _)| i).collect();
        let mixed = MixedModel::new(model.coefficients(), &exogenous)?;
        finite_sector_vector("final demand", final_demand, model.n_sectors())?;
        let outputs = DVector::from_iterator(fixed.len(), fixed.iter().map(|&(_, x)| x));
        finite_sector_vector("fixed outputs", &outputs, fixed.len())?;
        if let Some(k) = outputs.iter().position(|&x| x < 0.0) {
            return Err(IoError::Negative {
                what: "fixed outputs",
                row: k,
                col: 0,
                value: outputs[k],
            });
        }
        let solution = mixed.solve(final_demand, &outputs);
        let base_demand = model.base_final_demand().ok();
        let sectors = model
            .sectors()
            .iter()
            .enumerate()
            .map(|(i, label)| MixedRow {
                region: label.region.clone(),
                sector: label.sector.clone(),
                fixed: exogenous.contains(&i),
                output: solution.output[i],
                final_demand: solution.final_demand[i],
                base_output: model.output().map(|x| x[i]),
                base_final_demand: base_demand.as_ref().map(|f| f[i]),
            })
            .collect();
        Ok(MixedReport { sectors })
    }
}

impl IoText for MixedReport {
    fn table(&self) -> String {
        let mut out = String::from(
            "Mixed model: fixed outputs (*) and given final demands; the others solved\n",
        );
        let labels: Vec<(Option<&str>, &str)> = self
            .sectors
            .iter()
            .map(|r| (r.region.as_deref(), r.sector.as_str()))
            .collect();
        let has_base = self.sectors.iter().any(|r| r.base_output.is_some());
        let (mut rows, mut right) = label_header(&labels);
        let mut names = vec!["output", "final demand"];
        if has_base {
            names.extend(["base output", "base final demand"]);
        }
        rows[0].push("status".into());
        right.push(false);
        rows[0].extend(names.iter().map(|n| n.to_string()));
        right.extend(names.iter().map(|_| true));
        for (r, label) in self.sectors.iter().zip(&labels) {
            let mut row = label_cells(*label, &labels);
            row.push(
                if r.fixed {
                    "output fixed *"
                } else {
                    "demand given"
                }
                .into(),
            );
            row.extend([fixed(r.output, 2), fixed(r.final_demand, 2)]);
            if has_base {
                row.extend([opt(r.base_output, 2), opt(r.base_final_demand, 2)]);
            }
            rows.push(row);
        }
        out.push_str(&render_table(&rows, &right));
        out
    }

    fn csv(&self) -> String {
        let mut out =
            String::from("region,sector,fixed,output,final_demand,base_output,base_final_demand\n");
        for r in &self.sectors {
            push_row(
                &mut out,
                &[
                    csv_field(r.region.as_deref().unwrap_or("")),
                    csv_field(&r.sector),
                    r.fixed.to_string(),
                    num(r.output),
                    num(r.final_demand),
                    opt_num(r.base_output),
                    opt_num(r.base_final_demand),
                ],
            );
        }
        out
    }
}
