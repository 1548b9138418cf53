//! Satellite accounts (employment, energy, emissions, …) per unit of output.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::leontief::Leontief;
use crate::table::IoTable;
use crate::validate;

/// One satellite account as coefficients per unit of output, e.g. jobs per
/// million yuan of output (Miller & Blair 2009, section 2.3.1, "labor input
/// coefficients").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatelliteAccount {
    /// The account's name, e.g. "employment".
    pub name: String,
    /// The coefficient for each sector.
    pub coefficients: DVector<f64>,
}

impl SatelliteAccount {
    /// An account from its name and per-unit-output coefficients.
    pub fn new(name: impl Into<String>, coefficients: DVector<f64>) -> SatelliteAccount {
        SatelliteAccount {
            name: name.into(),
            coefficients,
        }
    }

    /// Every satellite row of a table, as coefficients.
    pub fn from_table(table: &IoTable) -> Vec<SatelliteAccount> {
        let block = table.satellite_coefficients();
        block
            .labels
            .iter()
            .zip(block.values.row_iter())
            .map(|(name, row)| SatelliteAccount::new(name.clone(), row.transpose()))
            .collect()
    }

    pub(crate) fn validate(&self, n_sectors: usize) -> Result<(), IoError> {
        validate::finite_sector_vector("satellite account", &self.coefficients, n_sectors)
    }
}

/// Satellite multipliers M = S L for coefficient rows S (accounts × sectors):
/// `m[(k, j)]` is account k's total (direct and indirect) content of one unit
/// of final demand for sector j (Miller & Blair 2009, section 6.2;
/// pymrio's `M = S L`).
///
/// Computed as Mᵀ = (I − A)⁻ᵀ Sᵀ, so L is never formed.
///
/// # Panics
///
/// If `s.ncols() != leontief.n()`.
///
/// # Examples
///
/// ```
/// use chainsim_io::{Leontief, multiplier_matrix};
/// use nalgebra::dmatrix;
///
/// // Miller & Blair (2009), Table 2.3 with labour coefficients [0.30, 0.25].
/// let leontief = Leontief::new(&dmatrix![0.15, 0.25; 0.20, 0.05])?;
/// let m = multiplier_matrix(&leontief, &dmatrix![0.30, 0.25]);
/// // 0.30·1.25412541 + 0.25·0.26402640 = 0.44224422
/// assert!((m[(0, 0)] - 0.44224422).abs() < 1e-8);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn multiplier_matrix(leontief: &Leontief, s: &DMatrix<f64>) -> DMatrix<f64> {
    let mut m_t = s.transpose();
    leontief.solve_transpose_matrix_in_place(&mut m_t);
    m_t.transpose()
}
