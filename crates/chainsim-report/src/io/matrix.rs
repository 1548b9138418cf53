//! One sectors × sectors matrix of a model: the coefficients A or the Leontief inverse L.

use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::csv_field;
use chainsim::io::{IoModel, Label};

/// Which matrix a [`MatrixReport`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatrixKind {
    /// Technical coefficients A = Z x̂⁻¹.
    Coefficients,
    /// The Leontief inverse L = (I − A)⁻¹.
    LeontiefInverse,
}

/// A labelled sectors × sectors matrix with its column sums: for A, each sector's
/// intermediate inputs per unit of output; for L, its simple output multiplier
/// (Miller & Blair 2009, sections 2.2, 2.3 and 6.2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixReport {
    /// Which matrix.
    pub kind: MatrixKind,
    /// Sector labels, for rows and columns alike.
    pub sectors: Vec<Label>,
    /// The matrix, row by row (row: selling sector; column: buying sector).
    pub matrix: Vec<Vec<f64>>,
    /// The column sums.
    pub column_sums: Vec<f64>,
}

impl MatrixReport {
    /// The technical coefficients A of `model`.
    pub fn coefficients(model: &IoModel) -> MatrixReport {
        MatrixReport::of(MatrixKind::Coefficients, model, model.coefficients())
    }

    /// The Leontief inverse L = (I − A)⁻¹ of `model` (formed from the factorisation).
    pub fn leontief_inverse(model: &IoModel) -> MatrixReport {
        MatrixReport::of(
            MatrixKind::LeontiefInverse,
            model,
            &model.leontief().inverse(),
        )
    }

    fn of(kind: MatrixKind, model: &IoModel, m: &nalgebra::DMatrix<f64>) -> MatrixReport {
        MatrixReport {
            kind,
            sectors: model.sectors().to_vec(),
            matrix: matrix_rows(m),
            column_sums: m.row_sum().iter().copied().collect(),
        }
    }
}

impl IoText for MatrixReport {
    fn table(&self) -> String {
        let (title, sums) = match self.kind {
            MatrixKind::Coefficients => (
                "Technical coefficients A = Z x̂⁻¹ (row: selling sector; column: buying sector, per unit of its output)",
                "column sum",
            ),
            MatrixKind::LeontiefInverse => (
                "Leontief inverse L = (I − A)⁻¹ (column: output of each row sector per unit of final demand for the column sector)",
                "multiplier",
            ),
        };
        let labels: Vec<String> = self.sectors.iter().map(Label::to_string).collect();
        let mut row_labels = labels.clone();
        row_labels.push(sums.into());
        let mut values = self.matrix.clone();
        values.push(self.column_sums.clone());
        format!(
            "{title}\n{}",
            matrix_table(&row_labels, &labels, &values, None, 6)
        )
    }

    fn csv(&self) -> String {
        let mut out = String::from("region,sector");
        for label in &self.sectors {
            out.push(',');
            out.push_str(&csv_field(&label.to_string()));
        }
        out.push('\n');
        for (label, row) in self.sectors.iter().zip(&self.matrix) {
            let mut fields = vec![
                csv_field(label.region.as_deref().unwrap_or("")),
                csv_field(&label.sector),
            ];
            fields.extend(row.iter().map(|&v| num(v)));
            push_row(&mut out, &fields);
        }
        out
    }
}
