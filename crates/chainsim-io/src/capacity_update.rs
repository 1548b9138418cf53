//! The capacity-constrained solve as an update of the demand-driven solution through the
//! columns of the Leontief inverse of the sectors over capacity.

use nalgebra::{DMatrix, DVector};

use crate::capacity::{RELEASE_MARGIN, mark_over_capacity, one_entry_a_sector};
use crate::error::IoError;

/// Applies capacity limits to a demand-driven output as [`crate::CapacitySolver`] does, from
/// the columns of L = (I − A)⁻¹ of the sectors over capacity instead of a reduced system of
/// the others: k × k systems for k sectors capped, where the reduced systems are
/// (n − k) × (n − k) and must be factored for every run's own A. The simulator, which has
/// each run's I − A factored already, solves for the columns of the sectors that have a
/// limit once a run and settles every year from them.
///
/// Holding the sectors in C at capacity is adding to final demand the extra final use u
/// that makes them produce exactly that (Miller & Blair 2009, ch. 13, the mixed model):
/// (I − A) x = f + E_C u, so
///
/// x = x⁰ + L_{·C} u,   L_CC u = c_C − x⁰_C,
///
/// with x⁰ = L f the demand-driven output. The rows of the other sectors are
/// (I − A) x = f, the reduced system's equations, so x is the reduced system's solution; a
/// capped sector has fᵢ + uᵢ left for final users and −uᵢ of its final demand unmet. L_CC is
/// a principal submatrix of the inverse of the M-matrix I − A, so it is invertible for a
/// productive A. The release rule is the solver's: a capped sector left with more than
/// fᵢ (1 + 10⁻¹²) for final users is released and the solve repeats with the others.
///
/// Results agree with [`crate::CapacitySolver`]'s to rounding, not to the bit: the same
/// solution through other arithmetic (the `capacity` property tests hold both to 10⁻¹⁰ of
/// a plain reference). Capped sectors are held at their capacity exactly.
///
/// # Examples
///
/// Miller & Blair (2009), Table 2.3, with manufacturing's capacity 1700 below the 1841.58
/// that final demand [600, 1500] needs. By hand: x₁ = (600 + 0.25 · 1700) / 0.85 =
/// 1205.882353; manufacturing has 1700 − 0.20 · 1205.882353 − 0.05 · 1700 = 1373.823529
/// left for final users, so 1500 − 1373.823529 = 126.176471 of its final demand is unmet.
///
/// ```
/// use chainsim_io::{CapacityUpdate, Leontief};
/// use nalgebra::{dmatrix, dvector};
///
/// let a = dmatrix![0.15, 0.25; 0.20, 0.05];
/// let leontief = Leontief::new(&a)?;
/// let l = leontief.inverse();
/// let f = [600.0, 1500.0];
/// let mut x = leontief.solve(&dvector![600.0, 1500.0]);
/// let mut unmet = [0.0; 2];
/// let mut update = CapacityUpdate::new(2);
/// update.solve(|i, j| l[(i, j)], &f, &[f64::INFINITY, 1700.0], x.as_mut_slice(), &mut unmet)?;
/// assert!((x[0] - 1205.882353).abs() < 1e-6);
/// assert_eq!(x[1], 1700.0);
/// assert!((unmet[1] - 126.176471).abs() < 1e-6);
/// assert_eq!(update.capped(), [false, true]);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct CapacityUpdate {
    capped: Vec<bool>,
    /// The capped sectors, in order, on the current pass.
    fixed: Vec<usize>,
    /// The demand-driven output the solve started from.
    demand_driven: Vec<f64>,
    /// The extra final use of each capped sector.
    extra: Vec<f64>,
}

impl CapacityUpdate {
    /// Storage for tables of `n_sectors` sectors.
    pub fn new(n_sectors: usize) -> CapacityUpdate {
        CapacityUpdate {
            capped: vec![false; n_sectors],
            fixed: Vec::with_capacity(n_sectors),
            demand_driven: vec![0.0; n_sectors],
            extra: Vec::with_capacity(n_sectors),
        }
    }

    /// Number of sectors.
    pub fn n(&self) -> usize {
        self.capped.len()
    }

    /// Which sectors the last solve held at capacity.
    pub fn capped(&self) -> &[bool] {
        &self.capped
    }

    /// Caps `x` (on entry the demand-driven output (I − A)⁻¹ f, on return the constrained
    /// output) at `capacity` and writes each sector's unmet final demand into `unmet` (zero
    /// for the sectors not capped). `leontief(i, j)` is the entry (i, j) of L = (I − A)⁻¹;
    /// it is asked only for columns j of sectors over capacity.
    ///
    /// With one sector capped this is a division and n multiply-adds; with k, a k × k LU
    /// (nalgebra's, on a matrix allocated for it).
    ///
    /// # Errors
    /// [`IoError::DimensionMismatch`] when `f`, `capacity`, `x` or `unmet` do not have one
    /// entry a sector; [`IoError::Singular`] when L_CC is singular (A is not productive) or
    /// its solution is not finite.
    pub fn solve(
        &mut self,
        leontief: impl Fn(usize, usize) -> f64,
        f: &[f64],
        capacity: &[f64],
        x: &mut [f64],
        unmet: &mut [f64],
    ) -> Result<(), IoError> {
        let n = self.n();
        one_entry_a_sector(
            n,
            [
                ("final demand", f.len()),
                ("capacity", capacity.len()),
                ("output", x.len()),
                ("unmet demand", unmet.len()),
            ],
        )?;
        unmet.fill(0.0);
        if !mark_over_capacity(&mut self.capped, x, capacity) {
            return Ok(());
        }
        self.demand_driven.copy_from_slice(x);
        // Each pass that does not return releases at least one capped sector, and none is
        // ever capped again, so the loop ends.
        loop {
            self.fixed.clear();
            self.fixed.extend((0..n).filter(|&i| self.capped[i]));
            self.extra_final_use(&leontief, capacity)?;
            let mut released = false;
            for (&i, &u) in self.fixed.iter().zip(&self.extra) {
                if f[i] + u > f[i] * (1.0 + RELEASE_MARGIN) {
                    self.capped[i] = false;
                    released = true;
                }
            }
            if released {
                continue;
            }
            for (i, xi) in x.iter_mut().enumerate() {
                *xi = if self.capped[i] {
                    capacity[i]
                } else {
                    let from_capped: f64 = self
                        .fixed
                        .iter()
                        .zip(&self.extra)
                        .map(|(&j, &u)| leontief(i, j) * u)
                        .sum();
                    self.demand_driven[i] + from_capped
                };
            }
            for (&i, &u) in self.fixed.iter().zip(&self.extra) {
                unmet[i] = -u;
            }
            return Ok(());
        }
    }

    /// u solving L_CC u = c_C − x⁰_C for the sectors capped on this pass, into `extra`.
    fn extra_final_use(
        &mut self,
        leontief: &impl Fn(usize, usize) -> f64,
        capacity: &[f64],
    ) -> Result<(), IoError> {
        let singular = IoError::Singular {
            what: "block L_CC of the Leontief inverse for the sectors at capacity",
        };
        let fixed = &self.fixed;
        self.extra.clear();
        self.extra
            .extend(fixed.iter().map(|&i| capacity[i] - self.demand_driven[i]));
        match fixed.len() {
            0 => {}
            1 => self.extra[0] /= leontief(fixed[0], fixed[0]),
            k => {
                let system = DMatrix::from_fn(k, k, |r, c| leontief(fixed[r], fixed[c]));
                let mut rhs = DVector::from_column_slice(&self.extra);
                if !system.lu().solve_mut(&mut rhs) {
                    return Err(singular);
                }
                self.extra.copy_from_slice(rhs.as_slice());
            }
        }
        if self.extra.iter().all(|u| u.is_finite()) {
            Ok(())
        } else {
            Err(singular)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::dmatrix;

    /// Miller & Blair (2009), Table 2.3, and its Leontief inverse.
    fn table_2_3() -> (DMatrix<f64>, DMatrix<f64>) {
        let a = dmatrix![0.15, 0.25; 0.20, 0.05];
        let l = (DMatrix::identity(2, 2) - &a).try_inverse().unwrap();
        (a, l)
    }

    const F: [f64; 2] = [600.0, 1500.0];

    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }
    const X: [f64; 2] = [1247.524752475, 1841.584158416];

    fn solve(capacity: [f64; 2]) -> ([f64; 2], [f64; 2], Vec<bool>) {
        let (_, l) = table_2_3();
        let (mut x, mut unmet) = (X, [9.0; 2]);
        let mut update = CapacityUpdate::new(2);
        update
            .solve(|i, j| l[(i, j)], &F, &capacity, &mut x, &mut unmet)
            .unwrap();
        (x, unmet, update.capped().to_vec())
    }

    #[test]
    fn no_limit_binding_leaves_the_solution() {
        let (x, unmet, capped) = solve([2000.0, f64::INFINITY]);
        assert_eq!(bits(&x), bits(&X));
        assert_eq!(bits(&unmet), bits(&[0.0; 2]));
        assert_eq!(capped, [false, false]);
    }

    #[test]
    fn a_capped_sector_passes_its_shortfall_to_final_demand() {
        // By hand (Miller & Blair Table 2.3, sector 2 capped at 1700): x₁ = 1205.882353,
        // 126.176471 of sector 2's final demand unmet.
        let (x, unmet, capped) = solve([f64::INFINITY, 1700.0]);
        assert!((x[0] - 1205.882352941).abs() < 1e-6, "{x:?}");
        assert_eq!(x[1].to_bits(), 1700.0f64.to_bits());
        assert!((unmet[1] - 126.176470588).abs() < 1e-6, "{unmet:?}");
        assert_eq!(unmet[0].to_bits(), 0.0f64.to_bits());
        assert_eq!(capped, [false, true]);
    }

    #[test]
    fn a_sector_no_longer_short_once_its_buyer_is_capped_is_released() {
        // Both over capacity at first (caps 1240 and 1700): with both held, sector 1 has
        // 1240 − 0.15·1240 − 0.25·1700 = 629 > 600 for final users, so it is released and
        // the previous case's solution results.
        let (x, unmet, capped) = solve([1240.0, 1700.0]);
        assert!((x[0] - 1205.882352941).abs() < 1e-6, "{x:?}");
        assert_eq!(unmet[0].to_bits(), 0.0f64.to_bits());
        assert!((unmet[1] - 126.176470588).abs() < 1e-6);
        assert_eq!(capped, [false, true]);
    }

    #[test]
    fn both_capped_is_a_two_by_two_system() {
        // Caps 1200 and 1700 hold both: sector 1 has 1200 − 0.15·1200 − 0.25·1700 = 595
        // for final users (5 unmet), sector 2 1700 − 0.20·1200 − 0.05·1700 = 1375 (125).
        let (x, unmet, capped) = solve([1200.0, 1700.0]);
        assert_eq!(bits(&x), bits(&[1200.0, 1700.0]));
        assert!((unmet[0] - 5.0).abs() < 1e-9, "{unmet:?}");
        assert!((unmet[1] - 125.0).abs() < 1e-9, "{unmet:?}");
        assert_eq!(capped, [true, true]);
    }

    #[test]
    fn a_singular_block_is_an_error() {
        let mut update = CapacityUpdate::new(2);
        let (mut x, mut unmet) = ([5.0, 5.0], [0.0; 2]);
        let result = update.solve(|_, _| 0.0, &F, &[1.0, f64::INFINITY], &mut x, &mut unmet);
        assert!(
            matches!(result, Err(IoError::Singular { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn inputs_of_the_wrong_length_are_an_error() {
        let mut update = CapacityUpdate::new(2);
        let (mut x, mut unmet) = ([5.0, 5.0], [0.0; 2]);
        let result = update.solve(|_, _| 1.0, &F[..1], &[1.0, 1.0], &mut x, &mut unmet);
        assert!(
            matches!(result, Err(IoError::DimensionMismatch { .. })),
            "{result:?}"
        );
    }
}
