//! The Ghosh matrices of a table.

use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::csv_field;
use chainsim::io::{IoError, IoModel, Label};

/// The supply-side (Ghosh) matrices of a model with base-year output
/// (Miller & Blair 2009, ch. 12), row by row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GhoshReport {
    /// Sector labels, for rows and columns alike.
    pub sectors: Vec<Label>,
    /// Allocation coefficients B = x̂⁻¹ Z: `allocation[i][j]` is the share of
    /// sector i's output sold to sector j.
    pub allocation: Vec<Vec<f64>>,
    /// The Ghosh inverse G = (I − B)⁻¹.
    pub inverse: Vec<Vec<f64>>,
    /// Row sums of G: total output enabled downstream per unit of primary
    /// input into each sector (the supply-side forward linkage).
    pub forward_total: Vec<f64>,
}

impl GhoshReport {
    /// B and G of `model`.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`] if the model has no base-year output; those
    /// of [`chainsim::io::Ghosh::new`].
    pub fn new(model: &IoModel) -> Result<GhoshReport, IoError> {
        let ghosh = model.ghosh()?;
        Ok(GhoshReport {
            sectors: model.sectors().to_vec(),
            allocation: matrix_rows(ghosh.allocation()),
            inverse: matrix_rows(&ghosh.inverse()),
            forward_total: ghosh.row_sums().iter().copied().collect(),
        })
    }
}

impl IoText for GhoshReport {
    fn table(&self) -> String {
        let labels: Vec<String> = self.sectors.iter().map(Label::to_string).collect();
        let mut out = String::from(
            "Allocation coefficients B = x̂⁻¹Z (row: selling sector; share of its output sold to each column)\n",
        );
        out.push_str(&matrix_table(&labels, &labels, &self.allocation, None, 6));
        out.push_str("\nGhosh inverse G = (I − B)⁻¹ (row: sector receiving one unit of primary input; output it enables in each column)\n");
        out.push_str(&matrix_table(
            &labels,
            &labels,
            &self.inverse,
            Some(("row sum", &self.forward_total)),
            6,
        ));
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from("matrix,region,sector");
        for label in &self.sectors {
            out.push(',');
            out.push_str(&csv_field(&label.to_string()));
        }
        out.push_str(",row_sum\n");
        for (name, matrix) in [
            ("allocation", &self.allocation),
            ("ghosh_inverse", &self.inverse),
        ] {
            for (label, row) in self.sectors.iter().zip(matrix) {
                let mut fields = vec![
                    name.to_string(),
                    csv_field(label.region.as_deref().unwrap_or("")),
                    csv_field(&label.sector),
                ];
                fields.extend(row.iter().map(|&v| num(v)));
                fields.push(num(row.iter().sum()));
                push_row(&mut out, &fields);
            }
        }
        out
    }
}
