//! Leontief's price model: cost-push prices p = (I − Aᵀ)⁻¹ v, with some prices exogenous.

use nalgebra::{DMatrix, DVector};

use crate::error::IoError;
use crate::label::Label;
use crate::leontief::Leontief;
use crate::mixed::{endogenous_sectors, submatrix};
use crate::model::IoModel;
use crate::validate;

/// Cost-push prices p = (I − Aᵀ)⁻¹ v for value-added coefficients v (value added per unit
/// of each sector's output): each sector's price covers its inputs at their prices and its
/// value added, pⱼ = Σᵢ aᵢⱼ pᵢ + vⱼ (Miller & Blair 2009, section 2.6). Solved with the
/// factorisation's transposed solve; no inverse is formed.
///
/// # Errors
///
/// [`IoError::DimensionMismatch`], [`IoError::NonFinite`] for `value_added`.
///
/// # Examples
///
/// Miller & Blair's (2009) Table 2.3 has value-added coefficients [650/1000, 1400/2000] =
/// [0.65, 0.70], which are exactly what a unit price leaves after the inputs, so p = 1.
/// Raising v₁ to 0.75: (I − Aᵀ)⁻¹ = [[0.95, 0.20], [0.25, 0.85]] / 0.7575 gives
/// p = [0.95·0.75 + 0.20·0.70, 0.25·0.75 + 0.85·0.70] / 0.7575 = [0.8525, 0.7825] / 0.7575.
///
/// ```
/// use chainsim_io::{Leontief, cost_push_prices};
/// use nalgebra::{dmatrix, dvector};
///
/// let leontief = Leontief::new(&dmatrix![0.15, 0.25; 0.20, 0.05])?;
/// let p = cost_push_prices(&leontief, &dvector![0.65, 0.70])?;
/// assert!((p[0] - 1.0).abs() < 1e-12 && (p[1] - 1.0).abs() < 1e-12);
/// let p = cost_push_prices(&leontief, &dvector![0.75, 0.70])?;
/// assert!((p[0] - 0.8525 / 0.7575).abs() < 1e-12);
/// assert!((p[1] - 0.7825 / 0.7575).abs() < 1e-12);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn cost_push_prices(
    leontief: &Leontief,
    value_added: &DVector<f64>,
) -> Result<DVector<f64>, IoError> {
    validate::finite_sector_vector("value-added coefficients", value_added, leontief.n())?;
    Ok(leontief.solve_transpose(value_added))
}

/// The price model with the prices of some sectors set from outside (a world price, a
/// regulated tariff, an oil shock) and the others cost-push: the price side of the mixed
/// model (Miller & Blair 2009, sections 2.6 and 13.1).
///
/// With E the endogenous and X the exogenous sectors,
/// p_E = (I − A_EEᵀ)⁻¹ (A_XEᵀ p_X + v_E): every endogenous price covers its inputs, those
/// from X at their given prices. The exogenous sectors' own cost equations are dropped
/// (their margins absorb the difference). I − A_EE is factored once; A_EE is a principal
/// submatrix of a productive A, so it is productive too.
///
/// The index form takes vⱼ = 1 − Σᵢ aᵢⱼ, the value added per unit of base-year output, so
/// every base price is 1 and a solved price is a price index.
///
/// # Examples
///
/// Miller & Blair's (2009) Table 2.3 with agriculture's price raised 30%: manufacturing's
/// price covers 0.25 of agriculture at 1.3, 0.05 of itself, and value added 0.70, so
/// p₂ = (0.25·1.3 + 0.70) / 0.95 = 1.025 / 0.95.
///
/// ```
/// use chainsim_io::{IoModel, Label, PriceModel};
/// use nalgebra::{dmatrix, dvector};
///
/// let model = IoModel::from_coefficients(
///     Label::sectors(["agriculture", "manufacturing"]),
///     dmatrix![0.15, 0.25; 0.20, 0.05],
/// )?;
/// let prices = PriceModel::new(&model, &[0])?.index(&dvector![1.3])?;
/// assert!((prices[0] - 1.3).abs() < 1e-15);
/// assert!((prices[1] - 1.025 / 0.95).abs() < 1e-12);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct PriceModel {
    sectors: Vec<Label>,
    endogenous: Vec<usize>,
    exogenous: Vec<usize>,
    a_xe: DMatrix<f64>,
    factors: Leontief,
    base_value_added: DVector<f64>,
}

impl PriceModel {
    /// Factors the price model of `model` with the prices of the sectors in `exogenous`
    /// given.
    ///
    /// # Errors
    ///
    /// [`IoError::SectorOutOfRange`]; [`IoError::InvalidParameter`] if a sector is listed
    /// twice.
    pub fn new(model: &IoModel, exogenous: &[usize]) -> Result<PriceModel, IoError> {
        let a = model.coefficients();
        let endogenous = endogenous_sectors(model.n_sectors(), exogenous)?;
        let factors = Leontief::new(&submatrix(a, &endogenous, &endogenous))?;
        Ok(PriceModel {
            sectors: model.sectors().to_vec(),
            a_xe: submatrix(a, exogenous, &endogenous),
            exogenous: exogenous.to_vec(),
            endogenous,
            factors,
            base_value_added: DVector::from_fn(a.ncols(), |j, _| 1.0 - a.column(j).sum()),
        })
    }

    /// The number of sectors.
    pub fn n(&self) -> usize {
        self.sectors.len()
    }

    /// The sectors whose prices are given, in the order the solves expect.
    pub fn exogenous(&self) -> &[usize] {
        &self.exogenous
    }

    /// The base value-added coefficients vⱼ = 1 − Σᵢ aᵢⱼ of the index form.
    pub fn base_value_added(&self) -> &DVector<f64> {
        &self.base_value_added
    }

    /// Every sector's price for value-added coefficients `value_added` (one per sector;
    /// the exogenous sectors' entries are not used) and the exogenous sectors' prices
    /// `exogenous_prices` (one per exogenous sector).
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`], [`IoError::NonFinite`]; [`IoError::InvalidPrice`]
    /// for an exogenous price that is not positive.
    pub fn solve(
        &self,
        value_added: &DVector<f64>,
        exogenous_prices: &DVector<f64>,
    ) -> Result<DVector<f64>, IoError> {
        validate::finite_sector_vector("value-added coefficients", value_added, self.n())?;
        validate::finite_sector_vector("exogenous prices", exogenous_prices, self.exogenous.len())?;
        if let Some(k) = exogenous_prices.iter().position(|&p| p <= 0.0) {
            let sector = self.exogenous[k];
            return Err(IoError::InvalidPrice {
                sector,
                label: self.sectors[sector].to_string(),
                price: exogenous_prices[k],
            });
        }
        let mut p_e = DVector::from_fn(self.endogenous.len(), |i, _| {
            value_added[self.endogenous[i]]
        });
        p_e.gemv_tr(1.0, &self.a_xe, exogenous_prices, 1.0);
        let p_e = self.factors.solve_transpose(&p_e);
        let mut prices = DVector::zeros(self.n());
        for (i, &s) in self.endogenous.iter().enumerate() {
            prices[s] = p_e[i];
        }
        for (k, &s) in self.exogenous.iter().enumerate() {
            prices[s] = exogenous_prices[k];
        }
        Ok(prices)
    }

    /// The price indices (base 1) for the exogenous sectors' price indices
    /// `exogenous_prices`, with the base value-added coefficients.
    ///
    /// # Errors
    ///
    /// As [`PriceModel::solve`].
    pub fn index(&self, exogenous_prices: &DVector<f64>) -> Result<DVector<f64>, IoError> {
        self.solve(&self.base_value_added, exogenous_prices)
    }
}
