//! The mixed exogenous/endogenous model: some sectors' outputs fixed (a
//! binding capacity), the rest solved.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::leontief::Leontief;

/// A factored mixed model (Miller & Blair 2009, ch. 13, "mixed
/// exogenous/endogenous models").
///
/// Sectors split into endogenous ones (final demand given, output unknown)
/// and exogenous ones (output fixed, e.g. at capacity; final demand
/// unknown). With subscripts e and k for the two groups:
///
/// - xₑ = (I − Aₑₑ)⁻¹ (fₑ + Aₑₖ xₖ),
/// - fₖ = (I − Aₖₖ) xₖ − Aₖₑ xₑ (what is left of the fixed output for final
///   demand; negative if the fixed output cannot even meet intermediate
///   demand).
///
/// I − Aₑₑ is factored once in [`MixedModel::new`]; Aₑₑ is a principal
/// submatrix of a productive A, so it is productive too.
///
/// # Examples
///
/// ```
/// use chainsim_io::MixedModel;
/// use nalgebra::{dmatrix, dvector};
///
/// // Miller & Blair (2009), Table 2.3: fixing x₂ = 2000 with f₁ = 350 gives
/// // back the base year, x₁ = (350 + 0.25·2000)/0.85 = 1000 and f₂ = 1700.
/// let mixed = MixedModel::new(&dmatrix![0.15, 0.25; 0.20, 0.05], &[1])?;
/// let solution = mixed.solve(&dvector![350.0, 0.0], &dvector![2000.0]);
/// assert!((solution.output[0] - 1000.0).abs() < 1e-9);
/// assert!((solution.final_demand[1] - 1700.0).abs() < 1e-9);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct MixedModel {
    n: usize,
    endogenous: Vec<usize>,
    exogenous: Vec<usize>,
    a_ek: DMatrix<f64>,
    a_ke: DMatrix<f64>,
    a_kk: DMatrix<f64>,
    factors: Leontief,
}

/// Output and final demand of every sector in a mixed-model solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixedSolution {
    /// Total output; fixed values for the exogenous sectors.
    pub output: DVector<f64>,
    /// Final demand; given values for the endogenous sectors, solved ones
    /// for the exogenous sectors.
    pub final_demand: DVector<f64>,
}

impl MixedModel {
    /// Factors the model for coefficients `a` with the outputs of the
    /// sectors in `exogenous` fixed.
    ///
    /// # Errors
    ///
    /// Those of [`Leontief::new`] (checked on the whole of A);
    /// [`IoError::SectorOutOfRange`]; [`IoError::InvalidParameter`] if a
    /// sector is listed twice.
    pub fn new(a: &DMatrix<f64>, exogenous: &[usize]) -> Result<MixedModel, IoError> {
        let n = Leontief::new(a)?.n();
        let endogenous = endogenous_sectors(n, exogenous)?;
        let exogenous = exogenous.to_vec();
        let pick = |rows: &[usize], cols: &[usize]| submatrix(a, rows, cols);
        let factors = Leontief::new(&pick(&endogenous, &endogenous))?;
        Ok(MixedModel {
            n,
            a_ek: pick(&endogenous, &exogenous),
            a_ke: pick(&exogenous, &endogenous),
            a_kk: pick(&exogenous, &exogenous),
            endogenous,
            exogenous,
            factors,
        })
    }

    /// The number of sectors.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The sectors whose output is fixed, in the order `solve` expects.
    pub fn exogenous(&self) -> &[usize] {
        &self.exogenous
    }

    /// Solves for the endogenous outputs and the exogenous final demands.
    ///
    /// `final_demand` has one entry per sector (the exogenous sectors'
    /// entries are ignored); `exogenous_output` one per exogenous sector.
    ///
    /// # Panics
    ///
    /// If the lengths are not `self.n()` and `self.exogenous().len()`.
    pub fn solve(
        &self,
        final_demand: &DVector<f64>,
        exogenous_output: &DVector<f64>,
    ) -> MixedSolution {
        assert_eq!(
            final_demand.len(),
            self.n,
            "final demand must have one entry per sector"
        );
        assert_eq!(
            exogenous_output.len(),
            self.exogenous.len(),
            "exogenous output must have one entry per exogenous sector"
        );
        let mut x_e = DVector::from_fn(self.endogenous.len(), |i, _| {
            final_demand[self.endogenous[i]]
        });
        x_e.gemv(1.0, &self.a_ek, exogenous_output, 1.0);
        self.factors.solve_in_place(&mut x_e);
        let mut f_k = exogenous_output - &self.a_kk * exogenous_output;
        f_k.gemv(-1.0, &self.a_ke, &x_e, 1.0);

        let mut output = DVector::zeros(self.n);
        let mut demand = final_demand.clone();
        for (i, &s) in self.endogenous.iter().enumerate() {
            output[s] = x_e[i];
        }
        for (k, &s) in self.exogenous.iter().enumerate() {
            output[s] = exogenous_output[k];
            demand[s] = f_k[k];
        }
        MixedSolution {
            output,
            final_demand: demand,
        }
    }
}

/// The sectors not in `exogenous`, in order, after checking that `exogenous` names each of
/// `n` sectors at most once.
pub(crate) fn endogenous_sectors(n: usize, exogenous: &[usize]) -> Result<Vec<usize>, IoError> {
    let mut is_exogenous = vec![false; n];
    for &k in exogenous {
        if k >= n {
            return Err(IoError::SectorOutOfRange {
                index: k,
                n_sectors: n,
            });
        }
        if is_exogenous[k] {
            return Err(IoError::InvalidParameter {
                what: "exogenous sectors",
                detail: format!("sector {k} is listed twice (each sector at most once)"),
            });
        }
        is_exogenous[k] = true;
    }
    Ok((0..n).filter(|&i| !is_exogenous[i]).collect())
}

/// The rows `rows` and columns `cols` of `a`.
pub(crate) fn submatrix(a: &DMatrix<f64>, rows: &[usize], cols: &[usize]) -> DMatrix<f64> {
    DMatrix::from_fn(rows.len(), cols.len(), |i, j| a[(rows[i], cols[j])])
}
