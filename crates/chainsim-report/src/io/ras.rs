//! A RAS update with its labels.

use nalgebra::DVector;
use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::render_table;
use chainsim::io::{IoError, LabelledMatrix, RasOptions, ras, ras_coefficients};

/// A labelled RAS update X = r̂ X₀ ŝ (Miller & Blair 2009, ch. 7), of a flow prior or of
/// a coefficient prior A₀ through its flows Z₀ = A₀ x̂₁.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RasReport {
    /// Row labels of the prior.
    pub row_labels: Vec<String>,
    /// Column labels of the prior.
    pub col_labels: Vec<String>,
    /// The updated matrix, row by row.
    pub matrix: Vec<Vec<f64>>,
    /// Row multipliers r.
    pub row_factors: Vec<f64>,
    /// Column multipliers s.
    pub col_factors: Vec<f64>,
    /// Iterations used (one scales rows, then columns).
    pub iterations: usize,
    /// The largest relative margin error at the end.
    pub max_error: f64,
    /// For a coefficient prior: the target total outputs x₁.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_output: Option<Vec<f64>>,
    /// For a coefficient prior: the updated coefficients A₁ = Z₁ x̂₁⁻¹, row by row (then
    /// `matrix` holds the flows Z₁).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coefficients: Option<Vec<Vec<f64>>>,
}

impl RasReport {
    /// Scales `prior` to the row and column targets, which must be given in
    /// the prior's row and column order.
    ///
    /// # Errors
    ///
    /// Those of [`chainsim::io::ras`].
    pub fn new(
        prior: &LabelledMatrix,
        row_targets: &DVector<f64>,
        col_targets: &DVector<f64>,
        options: RasOptions,
    ) -> Result<RasReport, IoError> {
        let result = ras(&prior.values, row_targets, col_targets, options)?;
        Ok(RasReport {
            row_labels: prior.row_labels.clone(),
            col_labels: prior.col_labels.clone(),
            matrix: matrix_rows(&result.matrix),
            row_factors: result.row_factors.iter().copied().collect(),
            col_factors: result.col_factors.iter().copied().collect(),
            iterations: result.iterations,
            max_error: result.max_error,
            total_output: None,
            coefficients: None,
        })
    }

    /// Updates the coefficient prior `prior` (A₀, sectors down and across) to total
    /// outputs `total_output` and intermediate row and column totals, all in the prior's
    /// order ([`chainsim::io::ras_coefficients`]).
    ///
    /// # Errors
    ///
    /// Those of [`chainsim::io::ras_coefficients`].
    pub fn from_coefficients(
        prior: &LabelledMatrix,
        total_output: &DVector<f64>,
        row_targets: &DVector<f64>,
        col_targets: &DVector<f64>,
        options: RasOptions,
    ) -> Result<RasReport, IoError> {
        let update = ras_coefficients(
            &prior.values,
            total_output,
            row_targets,
            col_targets,
            options,
        )?;
        Ok(RasReport {
            row_labels: prior.row_labels.clone(),
            col_labels: prior.col_labels.clone(),
            matrix: matrix_rows(&update.flows),
            row_factors: update.ras.row_factors.iter().copied().collect(),
            col_factors: update.ras.col_factors.iter().copied().collect(),
            iterations: update.ras.iterations,
            max_error: update.ras.max_error,
            total_output: Some(total_output.iter().copied().collect()),
            coefficients: Some(matrix_rows(&update.coefficients)),
        })
    }
}

impl IoText for RasReport {
    fn table(&self) -> String {
        let mut out = String::new();
        if let Some(coefficients) = &self.coefficients {
            out.push_str(&format!(
                "RAS update of coefficients A₁ = r̂ A₀ ŝ = Z₁ x̂₁⁻¹: {} iterations, largest relative margin error {:.1e}\n",
                self.iterations, self.max_error
            ));
            out.push_str(&matrix_table(
                &self.row_labels,
                &self.col_labels,
                coefficients,
                None,
                6,
            ));
            out.push_str("\nFlows Z₁ = r̂ (A₀ x̂₁) ŝ\n");
        } else {
            out.push_str(&format!(
                "RAS update X = r̂ X₀ ŝ: {} iterations, largest relative margin error {:.1e}\n",
                self.iterations, self.max_error
            ));
        }
        let mut header = vec![String::new()];
        header.extend(self.col_labels.iter().cloned());
        header.extend(["row sum".to_string(), "r".to_string()]);
        let mut rows = vec![header];
        for ((label, row), r) in self
            .row_labels
            .iter()
            .zip(&self.matrix)
            .zip(&self.row_factors)
        {
            let mut cells = vec![label.clone()];
            cells.extend(row.iter().map(|&v| fixed(v, 2)));
            cells.push(fixed(row.iter().sum(), 2));
            cells.push(fixed(*r, 6));
            rows.push(cells);
        }
        let mut sums = vec!["column sum".to_string()];
        sums.extend(
            (0..self.col_labels.len())
                .map(|j| fixed(self.matrix.iter().map(|row| row[j]).sum(), 2)),
        );
        rows.push(sums);
        let mut factors = vec!["s".to_string()];
        factors.extend(self.col_factors.iter().map(|&s| fixed(s, 6)));
        rows.push(factors);
        let right: Vec<bool> = (0..self.col_labels.len() + 3).map(|c| c > 0).collect();
        out.push_str(&render_table(&rows, &right));
        out
    }

    /// The updated matrix as a sheet in the prior's layout, so it can be read back; for a
    /// coefficient prior, A₁ with a `total output` column (a sheet for `--coefficients`).
    fn csv(&self) -> String {
        match (&self.coefficients, &self.total_output) {
            (Some(coefficients), Some(output)) => {
                let rows: Vec<Vec<f64>> = coefficients
                    .iter()
                    .zip(output)
                    .map(|(row, &x)| row.iter().copied().chain([x]).collect())
                    .collect();
                let mut header = self.col_labels.clone();
                header.push("total output".into());
                sheet_csv(&header, &self.row_labels, &rows)
            }
            _ => sheet_csv(&self.col_labels, &self.row_labels, &self.matrix),
        }
    }
}
