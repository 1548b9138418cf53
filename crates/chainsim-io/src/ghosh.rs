//! The supply-side (Ghosh) model: B = x̂⁻¹ Z, G = (I − B)⁻¹, xᵀ = vᵀ G.

use nalgebra::{DMatrix, DVector};

use crate::coefficients::allocation_coefficients;
use crate::error::IoError;
use crate::leontief::Leontief;

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
    /// a column vector; also Δxᵀ = Δvᵀ G for a supply shock.
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
