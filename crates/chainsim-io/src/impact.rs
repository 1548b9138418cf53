//! Demand-driven impacts: x = L y for final-demand scenarios, Δx = L Δy for shocks.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::model::IoModel;
use crate::satellite::SatelliteAccount;
use crate::table::Block;
use crate::validate;

/// Output of one sector under one final-demand scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputRow {
    /// The final-demand column (scenario or shock) label.
    pub scenario: String,
    /// The sector's region, if the table has regions.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// Final demand for the sector's product, yᵢ (or Δyᵢ).
    pub final_demand: f64,
    /// Total output, xᵢ = (L y)ᵢ (or Δxᵢ).
    pub output: f64,
}

/// A satellite account's value in one sector under one scenario, sᵢ xᵢ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatelliteRow {
    /// The final-demand column label.
    pub scenario: String,
    /// The satellite account, e.g. "employment".
    pub account: String,
    /// The sector's region, if any.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// The account's value, sᵢ xᵢ.
    pub value: f64,
}

/// Outputs and satellite values for one or more final-demand columns, in
/// long format (one row per scenario and sector) ready for CSV.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactReport {
    /// One row per scenario and sector.
    pub output: Vec<OutputRow>,
    /// One row per scenario, account and sector.
    pub satellites: Vec<SatelliteRow>,
}

/// Total outputs x = L y for each final-demand column, and the satellite
/// values ŝ x they imply. For a shock, pass Δy and read Δx (the model is
/// linear).
///
/// # Errors
///
/// [`IoError::DimensionMismatch`] if a column or account does not have one
/// entry per sector; [`IoError::NonFinite`]; [`IoError::LabelMismatch`] if
/// the number of labels differs from the number of columns.
///
/// # Examples
///
/// ```
/// use chainsim_io::{Block, IoModel, Label, SatelliteAccount, impacts};
/// use nalgebra::{dmatrix, dvector};
///
/// // Miller & Blair (2009), section 2.3.1: labour [374.26, 460.40].
/// let model = IoModel::from_coefficients(Label::sectors(["a", "m"]), dmatrix![0.15, 0.25; 0.20, 0.05])?;
/// let demand = Block { labels: vec!["new".into()], values: dmatrix![600.0; 1500.0] };
/// let labour = SatelliteAccount::new("labour", dvector![0.30, 0.25]);
/// let report = impacts(&model, &demand, &[labour])?;
/// assert!((report.satellites[1].value - 460.40).abs() < 0.005);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn impacts(
    model: &IoModel,
    final_demand: &Block,
    accounts: &[SatelliteAccount],
) -> Result<ImpactReport, IoError> {
    let n = model.n_sectors();
    validate::finite_column_block("final demand", final_demand, n)?;
    for account in accounts {
        account.validate(n)?;
    }
    let mut x = final_demand.values.clone();
    model.leontief().solve_matrix_in_place(&mut x);
    let mut output = Vec::with_capacity(n * x.ncols());
    for (k, scenario) in final_demand.labels.iter().enumerate() {
        for (i, label) in model.sectors().iter().enumerate() {
            output.push(OutputRow {
                scenario: scenario.clone(),
                region: label.region.clone(),
                sector: label.sector.clone(),
                final_demand: final_demand.values[(i, k)],
                output: x[(i, k)],
            });
        }
    }
    let satellites = satellite_rows(model, &final_demand.labels, accounts, &x);
    Ok(ImpactReport { output, satellites })
}

/// The accounts' values sᵢ xᵢ of each column of `x` (sectors × columns labelled `labels`),
/// one row per column, account and sector: the satellites of demand and supply impacts.
pub(crate) fn satellite_rows(
    model: &IoModel,
    labels: &[String],
    accounts: &[SatelliteAccount],
    x: &DMatrix<f64>,
) -> Vec<SatelliteRow> {
    let mut rows = Vec::with_capacity(x.nrows() * labels.len() * accounts.len());
    for (k, scenario) in labels.iter().enumerate() {
        for account in accounts {
            for (i, label) in model.sectors().iter().enumerate() {
                rows.push(SatelliteRow {
                    scenario: scenario.clone(),
                    account: account.name.clone(),
                    region: label.region.clone(),
                    sector: label.sector.clone(),
                    value: account.coefficients[i] * x[(i, k)],
                });
            }
        }
    }
    rows
}

/// Output x = L y for one final-demand vector, checked.
///
/// # Errors
///
/// [`IoError::DimensionMismatch`], [`IoError::NonFinite`].
pub fn output_for(model: &IoModel, final_demand: &DVector<f64>) -> Result<DVector<f64>, IoError> {
    validate::vector_len("final demand", final_demand, model.n_sectors())?;
    validate::finite_vector("final demand", final_demand)?;
    Ok(model.leontief().solve(final_demand))
}
