//! Output, income and satellite multipliers, Type I (open model) and
//! Type II (closed for households).

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::leontief::Leontief;
use crate::model::IoModel;
use crate::satellite::SatelliteAccount;
use crate::table::IoTable;
use crate::validate;

/// The household sector used to close the model (Miller & Blair 2009,
/// section 2.5): a row of household income per unit of each sector's output
/// and a column of household spending on each sector per unit of income.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Households {
    /// Household income (compensation of employees) per unit of output, the
    /// row hᵀ appended below A.
    pub income: DVector<f64>,
    /// Household purchases from each sector per unit of household income,
    /// the column c appended to the right of A. `None` gives Type I income
    /// multipliers only.
    pub consumption: Option<DVector<f64>>,
    /// Household purchases of household labour per unit of income (the
    /// corner coefficient), usually 0.
    pub own_purchases: f64,
}

impl Households {
    /// Households from a table: income coefficients from the value-added row
    /// `income_row` divided by output, and consumption coefficients from the
    /// final-demand column `consumption_column` divided by total household
    /// income (the row's total).
    ///
    /// # Errors
    ///
    /// [`IoError::LabelMismatch`] if either label is missing;
    /// [`IoError::InvalidParameter`] if total household income is not
    /// positive.
    pub fn from_table(
        table: &IoTable,
        income_row: &str,
        consumption_column: &str,
    ) -> Result<Households, IoError> {
        let income = table
            .value_added_coefficients()
            .row(income_row)
            .ok_or_else(|| IoError::LabelMismatch {
                what: "value-added row",
                detail: format!("no row is labelled {income_row:?}"),
            })?;
        let consumption = table
            .final_demand()
            .column(consumption_column)
            .ok_or_else(|| IoError::LabelMismatch {
                what: "final-demand column",
                detail: format!("no column is labelled {consumption_column:?}"),
            })?;
        let total_income = table
            .value_added()
            .row(income_row)
            .map(|r| r.sum())
            .unwrap_or(0.0);
        if total_income <= 0.0 {
            return Err(IoError::InvalidParameter {
                what: "household income",
                detail: format!(
                    "the row {income_row:?} totals {total_income} (it must be positive)"
                ),
            });
        }
        Ok(Households {
            income,
            consumption: Some(consumption / total_income),
            own_purchases: 0.0,
        })
    }
}

/// What the multiplier report should include beyond output multipliers.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MultiplierInputs {
    /// The household sector, for income and Type II multipliers.
    pub households: Option<Households>,
    /// Satellite accounts (employment, energy, emissions, …).
    pub satellites: Vec<SatelliteAccount>,
}

/// Output and income multipliers of one sector (Miller & Blair 2009,
/// section 6.2). Fields that need households are `None` without them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiplierRow {
    /// The sector's region, if any.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// Simple output multiplier, Σᵢ lᵢⱼ (column sum of L).
    pub output_type_i: f64,
    /// Output multiplier of the model closed for households, Σᵢ₌₁..ₙ l̄ᵢⱼ
    /// (household row excluded).
    pub output_type_ii: Option<f64>,
    /// Direct household income per unit of output, hⱼ.
    pub income_direct: Option<f64>,
    /// Simple household-income multiplier, Σᵢ hᵢ lᵢⱼ.
    pub income_total: Option<f64>,
    /// Type I income multiplier, Σᵢ hᵢ lᵢⱼ / hⱼ.
    pub income_type_i: Option<f64>,
    /// Total household-income multiplier of the closed model, l̄ₙ₊₁,ⱼ.
    pub income_total_ii: Option<f64>,
    /// Type II income multiplier, l̄ₙ₊₁,ⱼ / hⱼ.
    pub income_type_ii: Option<f64>,
}

/// A satellite account's multipliers in one sector (Miller & Blair 2009,
/// section 6.2, employment multipliers; the same for any account).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatelliteMultiplierRow {
    /// The account.
    pub account: String,
    /// The sector's region, if any.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// Direct coefficient sⱼ.
    pub direct: f64,
    /// Total content of one unit of final demand, (S L)ⱼ = Σᵢ sᵢ lᵢⱼ.
    pub total: f64,
    /// Type I multiplier, total / direct (`None` if direct is 0).
    pub type_i: Option<f64>,
    /// Total content in the closed model, Σᵢ₌₁..ₙ sᵢ l̄ᵢⱼ.
    pub total_ii: Option<f64>,
    /// Type II multiplier, total_ii / direct.
    pub type_ii: Option<f64>,
}

/// The multiplier report, one row per sector and per (account, sector).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiplierReport {
    /// Output and income multipliers.
    pub sectors: Vec<MultiplierRow>,
    /// Satellite multipliers.
    pub satellites: Vec<SatelliteMultiplierRow>,
}

/// Computes output, income and satellite multipliers.
///
/// Every multiplier is a row vector wᵀ L, obtained by one transposed solve
/// (I − A)ᵀ m = w, so L is never formed. Type II multipliers close the model
/// with the household row and column and solve the (n + 1)-sector system
/// the same way.
///
/// # Errors
///
/// [`IoError::DimensionMismatch`], [`IoError::NonFinite`],
/// [`IoError::Negative`] (household coefficients must be non-negative);
/// [`IoError::NotProductive`] if the model closed for households is not.
///
/// # Examples
///
/// ```
/// use chainsim_io::{IoModel, Label, MultiplierInputs, multipliers};
/// use nalgebra::dmatrix;
///
/// // Miller & Blair (2009), section 6.2: [1.518152, 1.452145].
/// let model = IoModel::from_coefficients(Label::sectors(["a", "m"]), dmatrix![0.15, 0.25; 0.20, 0.05])?;
/// let report = multipliers(&model, &MultiplierInputs::default())?;
/// assert!((report.sectors[0].output_type_i - 1.518152).abs() < 1e-6);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn multipliers(
    model: &IoModel,
    inputs: &MultiplierInputs,
) -> Result<MultiplierReport, IoError> {
    let n = model.n_sectors();
    for account in &inputs.satellites {
        account.validate(n)?;
    }
    let leontief = model.leontief();
    let ones = DVector::from_element(n, 1.0);
    let output_type_i = leontief.solve_transpose(&ones);

    let closed = match &inputs.households {
        Some(h) => Some(ClosedModel::new(model.coefficients(), h)?),
        None => None,
    };
    let income_total = inputs
        .households
        .as_ref()
        .map(|h| leontief.solve_transpose(&h.income));
    let output_type_ii = closed.as_ref().and_then(ClosedModel::output_multipliers);
    let income_total_ii = closed.as_ref().and_then(ClosedModel::income_multipliers);

    let ratio = |total: f64, direct: f64| (direct != 0.0).then(|| total / direct);
    let sectors = model
        .sectors()
        .iter()
        .enumerate()
        .map(|(j, label)| {
            let h = inputs.households.as_ref().map(|h| h.income[j]);
            MultiplierRow {
                region: label.region.clone(),
                sector: label.sector.clone(),
                output_type_i: output_type_i[j],
                output_type_ii: output_type_ii.as_ref().map(|m| m[j]),
                income_direct: h,
                income_total: income_total.as_ref().map(|m| m[j]),
                income_type_i: h
                    .zip(income_total.as_ref())
                    .and_then(|(h, m)| ratio(m[j], h)),
                income_total_ii: income_total_ii.as_ref().map(|m| m[j]),
                income_type_ii: h
                    .zip(income_total_ii.as_ref())
                    .and_then(|(h, m)| ratio(m[j], h)),
            }
        })
        .collect();

    let mut satellites = Vec::with_capacity(n * inputs.satellites.len());
    for account in &inputs.satellites {
        let total = leontief.solve_transpose(&account.coefficients);
        let total_ii = closed
            .as_ref()
            .and_then(|c| c.satellite_multipliers(&account.coefficients));
        for (j, label) in model.sectors().iter().enumerate() {
            let direct = account.coefficients[j];
            let closed_total = total_ii.as_ref().map(|m| m[j]);
            satellites.push(SatelliteMultiplierRow {
                account: account.name.clone(),
                region: label.region.clone(),
                sector: label.sector.clone(),
                direct,
                total: total[j],
                type_i: ratio(total[j], direct),
                total_ii: closed_total,
                type_ii: closed_total.and_then(|t| ratio(t, direct)),
            });
        }
    }
    Ok(MultiplierReport {
        sectors,
        satellites,
    })
}

/// The model closed for households, Ā = [[A, c], [hᵀ, h₀]], when consumption is known.
struct ClosedModel {
    leontief: Option<Leontief>,
    n: usize,
}

impl ClosedModel {
    fn new(a: &DMatrix<f64>, households: &Households) -> Result<ClosedModel, IoError> {
        let n = a.nrows();
        validate::vector_len("household income coefficients", &households.income, n)?;
        validate::non_negative_vector("household income coefficients", &households.income)?;
        let Some(c) = &households.consumption else {
            return Ok(ClosedModel { leontief: None, n });
        };
        validate::vector_len("household consumption coefficients", c, n)?;
        validate::non_negative_vector("household consumption coefficients", c)?;
        let h0 = households.own_purchases;
        if !h0.is_finite() || h0 < 0.0 {
            return Err(IoError::InvalidParameter {
                what: "household own purchases",
                detail: format!("{h0} (it must be finite and non-negative)"),
            });
        }
        let mut closed = DMatrix::zeros(n + 1, n + 1);
        closed.view_mut((0, 0), (n, n)).copy_from(a);
        closed.view_mut((0, n), (n, 1)).copy_from(c);
        closed
            .view_mut((n, 0), (1, n))
            .copy_from(&households.income.transpose());
        closed[(n, n)] = h0;
        Ok(ClosedModel {
            leontief: Some(Leontief::new(&closed)?),
            n,
        })
    }

    /// wᵀ L̄ restricted to the first n columns, for w given on the n sectors
    /// (and `w_household` for the household row).
    fn row_product(&self, w: &DVector<f64>, w_household: f64) -> Option<DVector<f64>> {
        let leontief = self.leontief.as_ref()?;
        let mut extended = DVector::zeros(self.n + 1);
        extended.rows_mut(0, self.n).copy_from(w);
        extended[self.n] = w_household;
        Some(
            leontief
                .solve_transpose(&extended)
                .rows(0, self.n)
                .into_owned(),
        )
    }

    fn output_multipliers(&self) -> Option<DVector<f64>> {
        self.row_product(&DVector::from_element(self.n, 1.0), 0.0)
    }

    fn income_multipliers(&self) -> Option<DVector<f64>> {
        self.row_product(&DVector::zeros(self.n), 1.0)
    }

    fn satellite_multipliers(&self, s: &DVector<f64>) -> Option<DVector<f64>> {
        self.row_product(s, 0.0)
    }
}
