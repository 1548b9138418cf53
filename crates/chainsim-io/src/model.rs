//! The coefficient model: labelled A with its Leontief factorisation.

use nalgebra::{DMatrix, DVector};

use crate::error::IoError;
use crate::ghosh::Ghosh;
use crate::label::Label;
use crate::leontief::Leontief;
use crate::validate;

/// A labelled, productive coefficient matrix A, factored once.
///
/// Built from a scenario's coefficients with [`IoModel::from_coefficients`]
/// or from a flow table with [`crate::IoTable::model`]. The base-year total
/// output, when known, enables the supply-side (Ghosh) measures.
///
/// # Examples
///
/// ```
/// use chainsim_io::{IoModel, Label};
/// use nalgebra::{dmatrix, dvector};
///
/// let model = IoModel::from_coefficients(
///     Label::sectors(["agriculture", "manufacturing"]),
///     dmatrix![0.15, 0.25; 0.20, 0.05],
/// )?;
/// let x = model.leontief().solve(&dvector![600.0, 1500.0]);
/// assert!((x[1] - 1841.58).abs() < 0.01);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct IoModel {
    sectors: Vec<Label>,
    coefficients: DMatrix<f64>,
    leontief: Leontief,
    output: Option<DVector<f64>>,
}

impl IoModel {
    /// A model from sector labels and coefficients A.
    ///
    /// # Errors
    ///
    /// Those of [`Leontief::new`], [`IoError::DimensionMismatch`] if the
    /// labels do not match A, [`IoError::DuplicateLabel`].
    pub fn from_coefficients(
        sectors: Vec<Label>,
        coefficients: DMatrix<f64>,
    ) -> Result<IoModel, IoError> {
        let leontief = Leontief::new(&coefficients)?;
        if sectors.len() != leontief.n() {
            return Err(IoError::DimensionMismatch {
                what: "sector label list",
                expected: leontief.n(),
                found: sectors.len(),
            });
        }
        validate::unique_labels("sector labels", &sectors)?;
        Ok(IoModel {
            sectors,
            coefficients,
            leontief,
            output: None,
        })
    }

    /// Attaches base-year total output x.
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`], [`IoError::NonFinite`],
    /// [`IoError::Negative`].
    pub fn with_output(mut self, output: DVector<f64>) -> Result<IoModel, IoError> {
        validate::vector_len("total output", &output, self.n_sectors())?;
        validate::non_negative_vector("total output", &output)?;
        self.output = Some(output);
        Ok(self)
    }

    /// The sector labels.
    pub fn sectors(&self) -> &[Label] {
        &self.sectors
    }

    /// The number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.sectors.len()
    }

    /// The coefficients A.
    pub fn coefficients(&self) -> &DMatrix<f64> {
        &self.coefficients
    }

    /// The factorisation of I − A.
    pub fn leontief(&self) -> &Leontief {
        &self.leontief
    }

    /// The base-year total output, if known.
    pub fn output(&self) -> Option<&DVector<f64>> {
        self.output.as_ref()
    }

    /// Base-year output, or the error naming `what` needed it.
    pub(crate) fn require_output(&self, what: &'static str) -> Result<&DVector<f64>, IoError> {
        self.output.as_ref().ok_or(IoError::MissingOutput { what })
    }

    /// Base-year intermediate flows Z = A x̂.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`].
    pub fn flows(&self) -> Result<DMatrix<f64>, IoError> {
        let x = self.require_output("the flow matrix")?;
        let mut z = self.coefficients.clone();
        for (j, mut col) in z.column_iter_mut().enumerate() {
            col *= x[j];
        }
        Ok(z)
    }

    /// Base-year final demand f = (I − A) x.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`].
    pub fn base_final_demand(&self) -> Result<DVector<f64>, IoError> {
        let x = self.require_output("base-year final demand")?;
        Ok(x - &self.coefficients * x)
    }

    /// Base-year value added vⱼ = xⱼ − Σᵢ zᵢⱼ.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`].
    pub fn base_value_added(&self) -> Result<DVector<f64>, IoError> {
        let x = self.require_output("base-year value added")?;
        Ok(DVector::from_fn(x.len(), |j, _| {
            x[j] * (1.0 - self.coefficients.column(j).sum())
        }))
    }

    /// The supply-side (Ghosh) model of the base-year flows.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`], and those of [`Ghosh::new`].
    pub fn ghosh(&self) -> Result<Ghosh, IoError> {
        let x = self.require_output("the Ghosh model")?;
        Ghosh::new(&self.flows()?, x)
            .map_err(|e| crate::coefficients::name_sector(e, &self.sectors))
    }
}
