//! A labelled input–output table in flows: Z, x, final demand, value added
//! and satellite accounts.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::coefficients::{name_sector, technical_coefficients};
use crate::error::IoError;
use crate::label::Label;
use crate::model::IoModel;
use crate::validate;

/// A block of rows or columns with their labels, e.g. the final-demand
/// columns (sectors × categories) or the value-added rows (items × sectors).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// One label per final-demand column, value-added row or satellite row.
    pub labels: Vec<String>,
    /// The values; sectors run down the rows for final demand and across the
    /// columns for value added and satellites.
    pub values: DMatrix<f64>,
}

impl Block {
    fn empty_columns(n_sectors: usize) -> Block {
        Block {
            labels: Vec::new(),
            values: DMatrix::zeros(n_sectors, 0),
        }
    }

    fn empty_rows(n_sectors: usize) -> Block {
        Block {
            labels: Vec::new(),
            values: DMatrix::zeros(0, n_sectors),
        }
    }

    /// The row whose label is `label`, if any.
    pub fn row(&self, label: &str) -> Option<DVector<f64>> {
        let idx = self.labels.iter().position(|l| l == label)?;
        Some(self.values.row(idx).transpose())
    }

    /// The column whose label is `label`, if any.
    pub fn column(&self, label: &str) -> Option<DVector<f64>> {
        let idx = self.labels.iter().position(|l| l == label)?;
        Some(self.values.column(idx).into_owned())
    }
}

/// A validated input–output table in flows.
///
/// Intermediate flows Z (`z[(i, j)]`: sales of sector i to sector j) and
/// total outputs x are required; final demand, value added and satellite
/// accounts (employment, energy, emissions, …, as totals per sector) are
/// optional blocks. Flows and outputs must be finite and non-negative;
/// final demand and value added may be negative (inventory draw-downs,
/// subsidies) but must be finite.
///
/// # Examples
///
/// ```
/// use chainsim_io::{IoTable, Label};
/// use nalgebra::{dmatrix, dvector};
///
/// // Miller & Blair (2009), Table 2.3.
/// let table = IoTable::new(
///     Label::sectors(["agriculture", "manufacturing"]),
///     dmatrix![150.0, 500.0; 200.0, 100.0],
///     dvector![1000.0, 2000.0],
/// )?
/// .with_value_added(vec!["value added".into()], dmatrix![650.0, 1400.0])?;
/// let a = table.coefficients()?;
/// assert!((a[(1, 0)] - 0.20).abs() < 1e-15);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IoTable {
    sectors: Vec<Label>,
    flows: DMatrix<f64>,
    output: DVector<f64>,
    final_demand: Block,
    value_added: Block,
    satellites: Block,
}

impl IoTable {
    /// A table from sector labels, flows Z and total outputs x.
    ///
    /// # Errors
    ///
    /// [`IoError::NotSquare`], [`IoError::DimensionMismatch`] (labels or x
    /// of the wrong length), [`IoError::DuplicateLabel`],
    /// [`IoError::NonFinite`], [`IoError::Negative`],
    /// [`IoError::ZeroOutputWithInputs`].
    pub fn new(
        sectors: Vec<Label>,
        flows: DMatrix<f64>,
        output: DVector<f64>,
    ) -> Result<IoTable, IoError> {
        validate::square("flow matrix", &flows)?;
        let n = flows.nrows();
        if sectors.len() != n {
            return Err(IoError::DimensionMismatch {
                what: "sector label list",
                expected: n,
                found: sectors.len(),
            });
        }
        validate::unique_labels("sector labels", &sectors)?;
        technical_coefficients(&flows, &output).map_err(|e| name_sector(e, &sectors))?;
        Ok(IoTable {
            final_demand: Block::empty_columns(n),
            value_added: Block::empty_rows(n),
            satellites: Block::empty_rows(n),
            sectors,
            flows,
            output,
        })
    }

    /// Adds final-demand columns (sectors × categories), replacing any before.
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`], [`IoError::DuplicateLabel`],
    /// [`IoError::NonFinite`].
    pub fn with_final_demand(
        mut self,
        labels: Vec<String>,
        values: DMatrix<f64>,
    ) -> Result<IoTable, IoError> {
        self.final_demand = self.checked_block("final demand", labels, values, false)?;
        Ok(self)
    }

    /// Adds value-added rows (items × sectors), e.g. compensation of
    /// employees and gross operating surplus, replacing any before.
    ///
    /// # Errors
    ///
    /// As [`IoTable::with_final_demand`].
    pub fn with_value_added(
        mut self,
        labels: Vec<String>,
        values: DMatrix<f64>,
    ) -> Result<IoTable, IoError> {
        self.value_added = self.checked_block("value added", labels, values, true)?;
        Ok(self)
    }

    /// Adds satellite rows (accounts × sectors) as totals per sector, e.g.
    /// jobs or tonnes of CO₂, replacing any before.
    ///
    /// # Errors
    ///
    /// As [`IoTable::with_final_demand`], and [`IoError::InvalidParameter`]
    /// if a sector with zero output has a non-zero satellite total.
    pub fn with_satellites(
        mut self,
        labels: Vec<String>,
        values: DMatrix<f64>,
    ) -> Result<IoTable, IoError> {
        let block = self.checked_block("satellite accounts", labels, values, true)?;
        for (k, row) in block.values.row_iter().enumerate() {
            for j in 0..self.n_sectors() {
                if self.output[j] == 0.0 && row[j] != 0.0 {
                    return Err(IoError::InvalidParameter {
                        what: "satellite account",
                        detail: format!(
                            "{} is {} for sector {} whose output is zero (a zero-output sector must have zero satellite totals)",
                            block.labels[k], row[j], self.sectors[j]
                        ),
                    });
                }
            }
        }
        self.satellites = block;
        Ok(self)
    }

    fn checked_block(
        &self,
        what: &'static str,
        labels: Vec<String>,
        values: DMatrix<f64>,
        sectors_across: bool,
    ) -> Result<Block, IoError> {
        let n = self.n_sectors();
        let (sector_dim, label_dim) = if sectors_across {
            (values.ncols(), values.nrows())
        } else {
            (values.nrows(), values.ncols())
        };
        if sector_dim != n {
            return Err(IoError::DimensionMismatch {
                what,
                expected: n,
                found: sector_dim,
            });
        }
        if label_dim != labels.len() {
            return Err(IoError::LabelMismatch {
                what,
                detail: format!("{} labels for {} rows or columns", labels.len(), label_dim),
            });
        }
        validate::unique_labels(what, &labels)?;
        validate::finite_matrix(what, &values)?;
        Ok(Block { labels, values })
    }

    /// The sector labels.
    pub fn sectors(&self) -> &[Label] {
        &self.sectors
    }

    /// The number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.sectors.len()
    }

    /// The intermediate flows Z.
    pub fn flows(&self) -> &DMatrix<f64> {
        &self.flows
    }

    /// Total outputs x.
    pub fn output(&self) -> &DVector<f64> {
        &self.output
    }

    /// The final-demand columns.
    pub fn final_demand(&self) -> &Block {
        &self.final_demand
    }

    /// The value-added rows.
    pub fn value_added(&self) -> &Block {
        &self.value_added
    }

    /// The satellite rows (totals per sector).
    pub fn satellites(&self) -> &Block {
        &self.satellites
    }

    /// Total final demand per sector, f = Y 1.
    pub fn total_final_demand(&self) -> DVector<f64> {
        row_sums(&self.final_demand.values)
    }

    /// Total value added per sector, vᵀ = 1ᵀ V.
    pub fn total_value_added(&self) -> DVector<f64> {
        self.value_added.values.row_sum().transpose()
    }

    /// Technical coefficients A = Z x̂⁻¹.
    ///
    /// # Errors
    ///
    /// None in practice: the constructor has validated the inputs; the
    /// `Result` is kept for symmetry with [`crate::technical_coefficients`].
    pub fn coefficients(&self) -> Result<DMatrix<f64>, IoError> {
        technical_coefficients(&self.flows, &self.output).map_err(|e| name_sector(e, &self.sectors))
    }

    /// Satellite coefficients S = E x̂⁻¹ (per unit of output), zero for
    /// zero-output sectors.
    pub fn satellite_coefficients(&self) -> Block {
        Block {
            labels: self.satellites.labels.clone(),
            values: per_unit_output(&self.satellites.values, &self.output),
        }
    }

    /// Value-added coefficients (per unit of output), zero for zero-output
    /// sectors.
    pub fn value_added_coefficients(&self) -> Block {
        Block {
            labels: self.value_added.labels.clone(),
            values: per_unit_output(&self.value_added.values, &self.output),
        }
    }

    /// The coefficient model of this table, with its base-year output.
    ///
    /// # Errors
    ///
    /// [`IoError::NotProductive`] if A is not productive.
    pub fn model(&self) -> Result<IoModel, IoError> {
        IoModel::from_coefficients(self.sectors.clone(), self.coefficients()?)?
            .with_output(self.output.clone())
    }
}

impl IoTable {
    /// The base-year table a coefficient model implies: flows Z = A x̂, its
    /// output x, one final-demand column `final demand` = (I − A) x and one
    /// value-added row `value added` = x − Zᵀ 1.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`] if the model has no base-year output.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_io::{IoModel, IoTable, Label};
    /// use nalgebra::{dmatrix, dvector};
    ///
    /// // Miller & Blair (2009), Table 2.3.
    /// let model = IoModel::from_coefficients(Label::sectors(["a", "m"]), dmatrix![0.15, 0.25; 0.20, 0.05])?
    ///     .with_output(dvector![1000.0, 2000.0])?;
    /// let table = IoTable::from_model(&model)?;
    /// assert!((table.flows()[(0, 1)] - 500.0).abs() < 1e-9);
    /// assert!((table.total_final_demand()[1] - 1700.0).abs() < 1e-9);
    /// # Ok::<(), chainsim_io::IoError>(())
    /// ```
    pub fn from_model(model: &IoModel) -> Result<IoTable, IoError> {
        let output = model
            .output()
            .ok_or(IoError::MissingOutput {
                what: "a flow table",
            })?
            .clone();
        let n = output.len();
        let final_demand = model.base_final_demand()?;
        let value_added = model.base_value_added()?;
        IoTable::new(model.sectors().to_vec(), model.flows()?, output)?
            .with_final_demand(
                vec!["final demand".into()],
                DMatrix::from_column_slice(n, 1, final_demand.as_slice()),
            )?
            .with_value_added(
                vec!["value added".into()],
                DMatrix::from_row_slice(1, n, value_added.as_slice()),
            )
    }
}

pub(crate) fn row_sums(m: &DMatrix<f64>) -> DVector<f64> {
    DVector::from_fn(m.nrows(), |i, _| m.row(i).sum())
}

fn per_unit_output(rows: &DMatrix<f64>, output: &DVector<f64>) -> DMatrix<f64> {
    let mut out = rows.clone();
    for (j, mut col) in out.column_iter_mut().enumerate() {
        if output[j] > 0.0 {
            col /= output[j];
        } else {
            col.fill(0.0);
        }
    }
    out
}
