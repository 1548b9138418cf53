//! Hypothetical extraction: the output lost when a sector's purchases,
//! sales, or both are removed from the inter-industry system.

use nalgebra::DVector;
use serde::Serialize;

use crate::error::IoError;
use crate::model::IoModel;
use crate::validate;

/// Output lost by extracting one sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtractionRow {
    /// The sector's region, if any.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// Total output lost when column j of A is set to zero (the sector buys
    /// no intermediate inputs): the backward linkage.
    pub purchases: f64,
    /// Total output lost when row j of A is set to zero (no sector buys from
    /// it), demand side.
    pub sales: f64,
    /// Total output lost when row j of B is set to zero in the Ghosh model
    /// (the supply-side forward linkage of Dietzenbacher et al. 1993);
    /// `None` without base-year output.
    pub sales_supply_side: Option<f64>,
    /// Total output lost when both row and column j of A are set to zero
    /// (the sector only serves its own final demand): the total linkage.
    pub both: f64,
    /// `purchases` as a share of total output.
    pub purchases_share: f64,
    /// `sales` as a share of total output.
    pub sales_share: f64,
    /// `both` as a share of total output.
    pub both_share: f64,
}

/// The extraction report, one row per sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtractionReport {
    /// Total output 1ᵀ x before any extraction.
    pub total_output: f64,
    /// One row per sector.
    pub sectors: Vec<ExtractionRow>,
}

/// Hypothetical extraction of each sector in turn (Dietzenbacher, van der
/// Linden & Steenge 1993; Miller & Blair 2009, ch. 12), with final
/// demand f held fixed.
///
/// Each extraction is a rank-one (or rank-two) change of I − A, so the
/// Sherman–Morrison formula gives every loss from L = (I − A)⁻¹ and
/// x = L f alone, with bⱼ = Σᵢ lᵢⱼ:
///
/// - purchases (column j of A zeroed): 1ᵀ(x − x̄) = (bⱼ − 1) xⱼ / lⱼⱼ;
/// - sales (row j of A zeroed): (xⱼ − fⱼ) bⱼ / lⱼⱼ;
/// - both: bⱼ xⱼ / lⱼⱼ − fⱼ;
/// - supply side (row j of B zeroed, base-year value added fixed):
///   ((L x₀)ⱼ − x₀ⱼ) / lⱼⱼ for base-year output x₀.
///
/// # Errors
///
/// [`IoError::DimensionMismatch`], [`IoError::NonFinite`].
///
/// # Examples
///
/// ```
/// use chainsim_io::{IoModel, Label, extraction};
/// use nalgebra::{dmatrix, dvector};
///
/// // Miller & Blair (2009), Table 2.3, base-year final demand [350, 1700]:
/// // without sector 1's purchases, x̄₂ = 1700/0.95 and x̄₁ = 350 + 0.25 x̄₂.
/// let model = IoModel::from_coefficients(Label::sectors(["a", "m"]), dmatrix![0.15, 0.25; 0.20, 0.05])?;
/// let report = extraction(&model, &dvector![350.0, 1700.0])?;
/// let x2 = 1700.0 / 0.95;
/// let lost = 3000.0 - (350.0 + 0.25 * x2 + x2);
/// assert!((report.sectors[0].purchases - lost).abs() < 1e-9);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn extraction(
    model: &IoModel,
    final_demand: &DVector<f64>,
) -> Result<ExtractionReport, IoError> {
    validate::vector_len("final demand", final_demand, model.n_sectors())?;
    validate::finite_vector("final demand", final_demand)?;
    let l = model.leontief().inverse();
    let x = &l * final_demand;
    let total_output = x.sum();
    let col_sums = l.row_sum();
    let supply_side = model.output().map(|x0| &l * x0 - x0);
    let share = |v: f64| {
        if total_output != 0.0 {
            v / total_output
        } else {
            0.0
        }
    };
    let sectors = model
        .sectors()
        .iter()
        .enumerate()
        .map(|(j, label)| {
            let (b, ljj, xj, fj) = (col_sums[j], l[(j, j)], x[j], final_demand[j]);
            let purchases = (b - 1.0) * xj / ljj;
            let sales = (xj - fj) * b / ljj;
            let both = b * xj / ljj - fj;
            ExtractionRow {
                region: label.region.clone(),
                sector: label.sector.clone(),
                purchases,
                sales,
                sales_supply_side: supply_side.as_ref().map(|s| s[j] / ljj),
                both,
                purchases_share: share(purchases),
                sales_share: share(sales),
                both_share: share(both),
            }
        })
        .collect();
    Ok(ExtractionReport {
        total_output,
        sectors,
    })
}
