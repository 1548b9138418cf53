//! Regional tables from a national one by location quotients (Flegg & Webber 1997, 2000;
//! Miller & Blair 2009, section 8.3), optionally adjusted by RAS to known regional totals.

mod quotients;

pub use quotients::{LocationQuotients, QuotientMethod};

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::label::Label;
use crate::model::IoModel;
use crate::ras::{RasOptions, RasResult, ras_coefficients};
use crate::table::IoTable;
use crate::validate;

/// A region's coefficients estimated from its nation's: Aʳ = Aⁿ ∘ min(1, Q) for the
/// location quotients Q, and, when the region's output is known, its flows Zʳ = Aʳ x̂ʳ.
///
/// Location quotients only remove imports, so every regional coefficient is at most the
/// national one and Aʳ is productive whenever Aⁿ is. A RAS adjustment to known regional
/// intermediate sales and purchases ([`Regionalization::with_margins`]) may raise a
/// coefficient above the national one.
///
/// # Examples
///
/// Miller & Blair's (2009) Table 2.3 nation, output [1000, 2000], and a region with output
/// [60, 40]: SLQ = [(60/100)/(1000/3000), (40/100)/(2000/3000)] = [1.8, 0.6], so the
/// region buys all its agriculture locally and 60% of its manufacturing inputs.
///
/// ```
/// use chainsim_io::{IoTable, Label, LocationQuotients, QuotientMethod, Regionalization};
/// use nalgebra::{dmatrix, dvector};
///
/// let nation = IoTable::new(
///     Label::sectors(["agriculture", "manufacturing"]),
///     dmatrix![150.0, 500.0; 200.0, 100.0],
///     dvector![1000.0, 2000.0],
/// )?
/// .model()?;
/// let region = dvector![60.0, 40.0];
/// let quotients = LocationQuotients::new(
///     nation.sectors(), "output", nation.output().unwrap(), &region, QuotientMethod::Slq,
/// )?;
/// let regional = Regionalization::new(&nation, quotients)?.with_output(region)?;
/// assert!((regional.coefficients()[(1, 0)] - 0.20 * 0.6).abs() < 1e-15);
/// let table = regional.table()?;
/// assert!((table.flows()[(1, 0)] - 0.12 * 60.0).abs() < 1e-12);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regionalization {
    sectors: Vec<Label>,
    national: DMatrix<f64>,
    quotients: LocationQuotients,
    coefficients: DMatrix<f64>,
    output: Option<DVector<f64>>,
    ras: Option<RasResult>,
}

impl Regionalization {
    /// The regional coefficients of `national` by `quotients`.
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`] if the quotients are for another number of sectors.
    pub fn new(
        national: &IoModel,
        quotients: LocationQuotients,
    ) -> Result<Regionalization, IoError> {
        let coefficients = quotients.regional_coefficients(national.coefficients())?;
        Ok(Regionalization {
            sectors: national.sectors().to_vec(),
            national: national.coefficients().clone(),
            quotients,
            coefficients,
            output: None,
            ras: None,
        })
    }

    /// Attaches the region's total output xʳ, which gives its flows Zʳ = Aʳ x̂ʳ.
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`], [`IoError::NonFinite`], [`IoError::Negative`];
    /// [`IoError::InvalidParameter`] after [`Regionalization::with_margins`], whose
    /// adjustment was for the output given before.
    pub fn with_output(mut self, output: DVector<f64>) -> Result<Regionalization, IoError> {
        if self.ras.is_some() {
            return Err(IoError::InvalidParameter {
                what: "regional output",
                detail: "given after the RAS adjustment, which used the output before (give the output first)".into(),
            });
        }
        validate::vector_len("regional output", &output, self.sectors.len())?;
        validate::non_negative_vector("regional output", &output)?;
        self.output = Some(output);
        Ok(self)
    }

    /// Scales the regional flows Zʳ = Aʳ x̂ʳ by RAS to known regional intermediate sales
    /// `rows` (row totals) and purchases `cols` (column totals), replacing the coefficients
    /// by the adjusted ones ([`ras_coefficients`]).
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`] without regional output; those of [`ras_coefficients`].
    pub fn with_margins(
        mut self,
        rows: &DVector<f64>,
        cols: &DVector<f64>,
        options: RasOptions,
    ) -> Result<Regionalization, IoError> {
        let output = self.output.as_ref().ok_or(IoError::MissingOutput {
            what: "a RAS adjustment of regional flows",
        })?;
        let update = ras_coefficients(&self.coefficients, output, rows, cols, options)?;
        self.coefficients = update.coefficients;
        self.ras = Some(update.ras);
        Ok(self)
    }

    /// The sector labels.
    pub fn sectors(&self) -> &[Label] {
        &self.sectors
    }

    /// The location quotients.
    pub fn quotients(&self) -> &LocationQuotients {
        &self.quotients
    }

    /// The national coefficients Aⁿ.
    pub fn national(&self) -> &DMatrix<f64> {
        &self.national
    }

    /// The regional coefficients Aʳ (after the RAS adjustment, if any).
    pub fn coefficients(&self) -> &DMatrix<f64> {
        &self.coefficients
    }

    /// The regional output xʳ, if given.
    pub fn output(&self) -> Option<&DVector<f64>> {
        self.output.as_ref()
    }

    /// The RAS adjustment, if one was made.
    pub fn ras(&self) -> Option<&RasResult> {
        self.ras.as_ref()
    }

    /// The regional coefficient model (with the regional output when given).
    ///
    /// # Errors
    ///
    /// [`IoError::NotProductive`] only after a RAS adjustment (without one Aʳ ≤ Aⁿ).
    pub fn model(&self) -> Result<IoModel, IoError> {
        let model = IoModel::from_coefficients(self.sectors.clone(), self.coefficients.clone())?;
        match &self.output {
            Some(x) => model.with_output(x.clone()),
            None => Ok(model),
        }
    }

    /// The regional table: flows Zʳ = Aʳ x̂ʳ, output xʳ, one final-demand column
    /// `final demand` = (I − Aʳ) xʳ (local final demand and exports), and two value-added
    /// rows: `imports`, Σᵢ (aⁿᵢⱼ − aʳᵢⱼ) xʳⱼ (the intermediate inputs the quotients moved
    /// out of the region), and `value added`, (1 − Σᵢ aⁿᵢⱼ) xʳⱼ (the nation's value-added
    /// share), so each column sums to its output.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`] without regional output; [`IoError::NotProductive`] as
    /// for [`Regionalization::model`].
    pub fn table(&self) -> Result<IoTable, IoError> {
        let output = self.output.as_ref().ok_or(IoError::MissingOutput {
            what: "a regional flow table",
        })?;
        let model = self.model()?;
        let n = self.sectors.len();
        let final_demand = model.base_final_demand()?;
        let mut rows = DMatrix::zeros(2, n);
        for j in 0..n {
            let national_inputs = self.national.column(j).sum();
            rows[(0, j)] = (national_inputs - self.coefficients.column(j).sum()) * output[j];
            rows[(1, j)] = (1.0 - national_inputs) * output[j];
        }
        IoTable::new(self.sectors.clone(), model.flows()?, output.clone())?
            .with_final_demand(
                vec!["final demand".into()],
                DMatrix::from_column_slice(n, 1, final_demand.as_slice()),
            )?
            .with_value_added(vec!["imports".into(), "value added".into()], rows)
    }
}
