//! A RAS update with its labels.

use nalgebra::DVector;
use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::{csv_field, render_table};
use chainsim::io::{IoError, LabelledMatrix, RasOptions, ras};

/// A labelled RAS update X = r̂ X₀ ŝ (Miller & Blair 2009, ch. 7).
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
        })
    }
}

impl IoText for RasReport {
    fn table(&self) -> String {
        let mut out = format!(
            "RAS update X = r̂ X₀ ŝ: {} iterations, largest relative margin error {:.1e}\n",
            self.iterations, self.max_error
        );
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

    /// The updated matrix as a sheet in the prior's layout, so it can be read back.
    fn csv(&self) -> String {
        let mut out = String::new();
        for label in &self.col_labels {
            out.push(',');
            out.push_str(&csv_field(label));
        }
        out.push('\n');
        for (label, row) in self.row_labels.iter().zip(&self.matrix) {
            let mut fields = vec![csv_field(label)];
            fields.extend(row.iter().map(|&v| num(v)));
            push_row(&mut out, &fields);
        }
        out
    }
}
