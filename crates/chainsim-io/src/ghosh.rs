//! The supply-side (Ghosh) model: B = x̂⁻¹ Z, G = (I − B)⁻¹, xᵀ = vᵀ G, and the
//! supply-side impacts Δxᵀ = Δvᵀ G of shocks to primary inputs.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::coefficients::allocation_coefficients;
use crate::error::IoError;
use crate::impact::SatelliteRow;
use crate::leontief::Leontief;
use crate::model::IoModel;
use crate::satellite::SatelliteAccount;
use crate::table::Block;
use crate::validate;

/// A factorisation of I − B for allocation coefficients B = x̂⁻¹ Z, in
/// Miller & Blair's (2009, ch. 12) orientation: rows are selling sectors, and
/// a supply shock propagates as xᵀ = vᵀ G with G = (I − B)⁻¹.
///
/// # Examples
///
/// ```
/// use chainsim_io::Ghosh;
/// use nalgebra::{dmatrix, dvector};
///
/// // Miller & Blair (2009), Table 2.3: base-year value added gives back x.
/// let ghosh = Ghosh::new(&dmatrix![150.0, 500.0; 200.0, 100.0], &dvector![1000.0, 2000.0])?;
/// let x = ghosh.supply(&dvector![650.0, 1400.0]);
/// assert!((x[0] - 1000.0).abs() < 1e-9 && (x[1] - 2000.0).abs() < 1e-9);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Ghosh {
    allocation: DMatrix<f64>,
    factors: Leontief,
}

impl Ghosh {
    /// Factors I − B for flows Z and total outputs x.
    ///
    /// B is similar to A (B = x̂⁻¹ A x̂ where x > 0), so it is productive
    /// exactly when A is.
    ///
    /// # Errors
    ///
    /// Those of [`allocation_coefficients`]; [`IoError::NotProductive`].
    pub fn new(flows: &DMatrix<f64>, output: &DVector<f64>) -> Result<Ghosh, IoError> {
        let allocation = allocation_coefficients(flows, output)?;
        let factors = Leontief::new(&allocation)?;
        Ok(Ghosh {
            allocation,
            factors,
        })
    }

    /// The number of sectors.
    pub fn n(&self) -> usize {
        self.factors.n()
    }

    /// The allocation coefficients B.
    pub fn allocation(&self) -> &DMatrix<f64> {
        &self.allocation
    }

    /// The Ghosh inverse G = (I − B)⁻¹.
    pub fn inverse(&self) -> DMatrix<f64> {
        self.factors.inverse()
    }

    /// Total output xᵀ = vᵀ G for primary inputs (value added) v, returned as
    /// a column vector; also Δxᵀ = Δvᵀ G for a supply shock ([`supply_impacts`]
    /// for labelled shocks, checked, with satellite accounts).
    ///
    /// # Panics
    ///
    /// If `value_added.len() != self.n()`.
    pub fn supply(&self, value_added: &DVector<f64>) -> DVector<f64> {
        self.factors.solve_transpose(value_added)
    }

    /// Row sums of G, G 1: the total output enabled downstream per unit of
    /// primary input into each sector (the Ghosh forward linkage).
    pub fn row_sums(&self) -> DVector<f64> {
        self.factors.solve(&DVector::from_element(self.n(), 1.0))
    }
}

/// Output change of one sector under one supply (primary-input) shock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplyRow {
    /// The shock's (column's) label.
    pub scenario: String,
    /// The sector's region, if the table has regions.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// The change in the sector's primary inputs (value added), Δvᵢ.
    pub value_added: f64,
    /// The change in its total output, Δxᵢ = (Δvᵀ G)ᵢ.
    pub output: f64,
}

/// Output and satellite changes for one or more supply shocks, in long format (one row per
/// shock and sector) ready for CSV: the supply-side counterpart of
/// [`crate::ImpactReport`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplyImpactReport {
    /// One row per shock and sector.
    pub output: Vec<SupplyRow>,
    /// One row per shock, account and sector: sᵢ Δxᵢ.
    pub satellites: Vec<SatelliteRow>,
}

/// Supply-side impacts Δxᵀ = Δvᵀ G (Ghosh; Miller & Blair 2009, ch. 12) of each column of
/// `value_added_change` (sectors × shocks), and the satellite changes ŝ Δx they imply: the
/// supply-side counterpart of [`crate::impacts`]. The model must have base-year output, from
/// which B = x̂⁻¹ Z and G = (I − B)⁻¹ come ([`IoModel::ghosh`]).
///
/// # Errors
///
/// Those of [`crate::finite_column_block`] for `value_added_change` and of
/// [`crate::finite_sector_vector`] for an account's coefficients (checked first);
/// [`IoError::MissingOutput`] and those of [`Ghosh::new`].
///
/// # Examples
///
/// ```
/// use chainsim_io::{Block, IoModel, Label, supply_impacts};
/// use nalgebra::{dmatrix, dvector};
///
/// // Miller & Blair (2009), ch. 12 on Table 2.3: the base-year value added [650, 1400]
/// // gives back the base-year output [1000, 2000].
/// let model = IoModel::from_coefficients(Label::sectors(["a", "m"]), dmatrix![0.15, 0.25; 0.20, 0.05])?
///     .with_output(dvector![1000.0, 2000.0])?;
/// let base = Block { labels: vec!["base".into()], values: dmatrix![650.0; 1400.0] };
/// let report = supply_impacts(&model, &base, &[])?;
/// assert!((report.output[0].output - 1000.0).abs() < 1e-9);
/// assert!((report.output[1].output - 2000.0).abs() < 1e-9);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn supply_impacts(
    model: &IoModel,
    value_added_change: &Block,
    accounts: &[SatelliteAccount],
) -> Result<SupplyImpactReport, IoError> {
    let n = model.n_sectors();
    validate::finite_column_block("value-added change", value_added_change, n)?;
    for account in accounts {
        account.validate(n)?;
    }
    let ghosh = model.ghosh()?;
    // Each column Δv becomes (Δvᵀ G)ᵀ = Gᵀ Δv.
    let mut dx = value_added_change.values.clone();
    ghosh.factors.solve_transpose_matrix_in_place(&mut dx);
    let shocks = &value_added_change.labels;
    let mut output = Vec::with_capacity(n * shocks.len());
    for (k, scenario) in shocks.iter().enumerate() {
        for (i, label) in model.sectors().iter().enumerate() {
            output.push(SupplyRow {
                scenario: scenario.clone(),
                region: label.region.clone(),
                sector: label.sector.clone(),
                value_added: value_added_change.values[(i, k)],
                output: dx[(i, k)],
            });
        }
    }
    let satellites = crate::impact::satellite_rows(model, shocks, accounts, &dx);
    Ok(SupplyImpactReport { output, satellites })
}
