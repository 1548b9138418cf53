//! The capacity-constrained solve: the mixed model with the sectors over capacity found
//! by a release rule, on storage allocated once.

use nalgebra::DMatrix;

use crate::error::IoError;
use crate::lu::ReducedLu;

/// A capped sector is released when what it has left for final users exceeds its final
/// demand by more than this relative margin, so that rounding alone releases nothing.
pub(crate) const RELEASE_MARGIN: f64 = 1e-12;

/// Applies capacity limits to a demand-driven output, with all the storage the solve needs
/// allocated once, in [`CapacitySolver::new`], for a caller that solves year after year
/// with only A at hand (the simulator did, up to its engine version 3; it now has each
/// run's I − A factored and uses [`crate::CapacityUpdate`], the same solution from the
/// columns of L of the sectors over capacity).
///
/// Demand-driven output x = (I − A)⁻¹ f may exceed a sector's capacity cᵢ. Such sectors
/// become exogenous at xᵢ = cᵢ (Miller & Blair 2009, ch. 13, the mixed model; see
/// [`crate::MixedModel`]); the others, E, are re-solved from
///
/// x_E = (I − A_EE)⁻¹ (f_E + A_EX c_X),
///
/// where X is the set of capped sectors. Deliveries to other sectors come first, so what a
/// capped sector has left for final users is f̃ᵢ = cᵢ − Σⱼ aᵢⱼ xⱼ, and its unmet final
/// demand is fᵢ − f̃ᵢ. Capping a sector only lowers the others' output (A ≥ 0, so
/// (I − A_EE)⁻¹ ≥ 0), so no sector goes over capacity that was not over it at first. But a
/// capped sector may need less than its capacity once its buyers are cut: when
/// f̃ᵢ > fᵢ (1 + 10⁻¹²) it is released, and the solve repeats. Releasing only lowers
/// outputs further, so each pass but the last releases at least one sector and the solve
/// ends after at most one pass more than the number of sectors first over capacity
/// (n + 1 passes at most).
///
/// Each pass gathers A_EE into a buffer and factors I − A_EE with the crate's own LU
/// kernels: compiled for the order up to 16 free sectors, the general unblocked loop above
/// (also for large tables: this solve is meant for the simulator's small models, and
/// faer's blocked kernels, which [`crate::Leontief`] uses from 64 sectors, would need
/// scratch memory per call). A pass whose I − A_EE is the one factored last, bit for bit (the
/// same run's coefficients with the same sectors capped, as from one year to the next),
/// reuses its factors. After `new` a solve allocates nothing.
///
/// # Agreement with nalgebra's LU
///
/// The results are not bit-identical to the same algorithm run with nalgebra's LU (as the
/// simulator's first copy of this solve ran it): the kernels here multiply by U's
/// reciprocal diagonal instead of dividing, and order the updates differently, so results
/// differ in the last bits. Over 200,000 random productive tables of 1 to 20 sectors (the
/// generator of the `capacity` property test, which allows 10⁻¹⁰) the largest difference
/// was 7.0 × 10⁻¹⁶ of an output and 7.6 × 10⁻¹⁶ of the sector's capacity in its unmet
/// demand; 14% of the tables with a sector over capacity agreed to the bit. The capped
/// sets agreed in every case.
///
/// # Examples
///
/// Miller & Blair (2009), Table 2.3, with manufacturing's capacity 1700 below the 1841.58
/// that final demand [600, 1500] needs. By hand: x₁ = (600 + 0.25 · 1700) / 0.85 =
/// 1205.882353; manufacturing has 1700 − 0.20 · 1205.882353 − 0.05 · 1700 = 1373.823529
/// left for final users, so 1500 − 1373.823529 = 126.176471 of its final demand is unmet.
///
/// ```
/// use chainsim_io::{CapacitySolver, Leontief};
/// use nalgebra::{dmatrix, dvector};
///
/// let a = dmatrix![0.15, 0.25; 0.20, 0.05];
/// let f = [600.0, 1500.0];
/// let mut x = Leontief::new(&a)?.solve(&dvector![600.0, 1500.0]);
/// let mut unmet = [0.0; 2];
/// let mut solver = CapacitySolver::new(2);
/// solver.solve(&a, &f, &[f64::INFINITY, 1700.0], x.as_mut_slice(), &mut unmet)?;
/// assert!((x[0] - 1205.882353).abs() < 1e-6 && (x[1] - 1700.0).abs() < 1e-12);
/// assert!((unmet[1] - 126.176471).abs() < 1e-6 && unmet[0].abs() < 1e-12);
/// assert_eq!(solver.capped(), [false, true]);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone)]
pub struct CapacitySolver {
    /// Whether each sector is held at capacity in the current pass.
    capped: Vec<bool>,
    /// The sectors not held at capacity (E), in increasing order.
    free: Vec<usize>,
    /// The sectors held at capacity (X), in increasing order.
    fixed: Vec<usize>,
    /// A_EE, gathered column-major into the first m² entries (m free sectors).
    reduced: Vec<f64>,
    /// The reduced system's right-hand side and then its solution, in the first m entries.
    rhs: Vec<f64>,
    lu: ReducedLu,
    /// The A_EE whose I − A_EE `lu` holds the factors of, column-major in its first
    /// `factored_order`² entries (order 0: none): a pass whose A_EE equals it bit for bit
    /// (the same run's coefficients, the same sectors capped, as from year to year) reuses
    /// the factors.
    factored: Vec<f64>,
    factored_order: usize,
}

impl CapacitySolver {
    /// A solver for tables of `n_sectors` sectors, with its storage allocated.
    pub fn new(n_sectors: usize) -> CapacitySolver {
        CapacitySolver {
            capped: vec![false; n_sectors],
            free: Vec::with_capacity(n_sectors),
            fixed: Vec::with_capacity(n_sectors),
            reduced: vec![0.0; n_sectors * n_sectors],
            rhs: vec![0.0; n_sectors],
            lu: ReducedLu::with_max_order(n_sectors),
            factored: vec![0.0; n_sectors * n_sectors],
            factored_order: 0,
        }
    }

    /// The number of sectors.
    pub fn n(&self) -> usize {
        self.capped.len()
    }

    /// Which sectors the last [`CapacitySolver::solve`] held at capacity: all false before
    /// the first, and not meaningful after one that failed.
    pub fn capped(&self) -> &[bool] {
        &self.capped
    }

    /// Applies the capacities `capacity` to the demand-driven output `x` for coefficients
    /// `a` and final demand `f`: `x` holds x = (I − A)⁻¹ f on entry and the constrained
    /// output on return, and `unmet` receives each sector's unmet final demand (zero for a
    /// sector not held at capacity). A sector without a limit has capacity
    /// `f64::INFINITY`. When no sector is over capacity, `x` is left as it is.
    ///
    /// `a` is taken as checked, as the hot loop it serves needs: finite, non-negative and
    /// productive (the matrix a [`crate::Leontief`] was built or refactored from), with `f`
    /// finite and every capacity finite or +∞. Only the shapes are checked here.
    ///
    /// # Errors
    ///
    /// [`IoError::NotSquare`] if `a` is not square; [`IoError::DimensionMismatch`] if `a`
    /// does not have [`CapacitySolver::n`] sectors or a slice does not have one entry per
    /// sector; [`IoError::Singular`] if a reduced system I − A_EE is singular to working
    /// precision, which a productive A rules out (every principal submatrix of a
    /// productive A is productive). After an error `x` and `unmet` hold partial results.
    pub fn solve(
        &mut self,
        a: &DMatrix<f64>,
        f: &[f64],
        capacity: &[f64],
        x: &mut [f64],
        unmet: &mut [f64],
    ) -> Result<(), IoError> {
        self.check_shapes(a, f, capacity, x, unmet)?;
        unmet.fill(0.0);
        if !mark_over_capacity(&mut self.capped, x, capacity) {
            return Ok(());
        }
        // Each pass that does not return releases at least one capped sector, and none is
        // ever capped again, so the loop ends.
        loop {
            self.partition();
            for &i in &self.fixed {
                x[i] = capacity[i];
            }
            self.solve_free(a, f, capacity, x)?;
            if !self.release(a, f, x, unmet) {
                return Ok(());
            }
            unmet.fill(0.0);
        }
    }

    fn check_shapes(
        &self,
        a: &DMatrix<f64>,
        f: &[f64],
        capacity: &[f64],
        x: &[f64],
        unmet: &[f64],
    ) -> Result<(), IoError> {
        if !a.is_square() {
            return Err(IoError::NotSquare {
                what: "coefficient matrix",
                rows: a.nrows(),
                cols: a.ncols(),
            });
        }
        one_entry_a_sector(
            self.n(),
            [
                ("coefficient matrix", a.nrows()),
                ("final demand", f.len()),
                ("capacity", capacity.len()),
                ("output", x.len()),
                ("unmet demand", unmet.len()),
            ],
        )
    }

    /// Splits the sectors into free and fixed by `capped`.
    fn partition(&mut self) {
        self.free.clear();
        self.fixed.clear();
        for (i, &capped) in self.capped.iter().enumerate() {
            if capped {
                self.fixed.push(i);
            } else {
                self.free.push(i);
            }
        }
    }

    /// x_E = (I − A_EE)⁻¹ (f_E + A_EX c_X), with x_X = c_X already in `x`.
    fn solve_free(
        &mut self,
        a: &DMatrix<f64>,
        f: &[f64],
        capacity: &[f64],
        x: &mut [f64],
    ) -> Result<(), IoError> {
        let m = self.free.len();
        if m == 0 {
            return Ok(());
        }
        let (free, fixed) = (&self.free, &self.fixed);
        for (column, &j) in self.reduced[..m * m].chunks_exact_mut(m).zip(free) {
            for (entry, &i) in column.iter_mut().zip(free) {
                *entry = a[(i, j)];
            }
        }
        for (rhs, &i) in self.rhs.iter_mut().zip(free) {
            let from_fixed: f64 = fixed.iter().map(|&j| a[(i, j)] * capacity[j]).sum();
            *rhs = f[i] + from_fixed;
        }
        let reduced = &self.reduced[..m * m];
        let factored = self.factored_order == m
            && reduced
                .iter()
                .zip(&self.factored)
                .all(|(a, b)| a.to_bits() == b.to_bits());
        if !factored {
            if !self.lu.refactor(reduced, m) {
                self.factored_order = 0;
                return Err(IoError::Singular {
                    what: "reduced system I − A_EE of the capacity solve",
                });
            }
            self.factored[..m * m].copy_from_slice(reduced);
            self.factored_order = m;
        }
        self.lu.solve_in_slice(&mut self.rhs[..m]);
        for (&solution, &i) in self.rhs.iter().zip(free) {
            x[i] = solution;
        }
        Ok(())
    }

    /// Releases every capped sector left with more than its final demand, or writes its
    /// unmet final demand fᵢ − f̃ᵢ; returns whether any was released.
    fn release(&mut self, a: &DMatrix<f64>, f: &[f64], x: &[f64], unmet: &mut [f64]) -> bool {
        let mut released = false;
        for &i in &self.fixed {
            let delivered: f64 = x.iter().enumerate().map(|(j, &xj)| a[(i, j)] * xj).sum();
            let left_for_final = x[i] - delivered;
            if left_for_final > f[i] * (1.0 + RELEASE_MARGIN) {
                self.capped[i] = false;
                released = true;
            } else {
                unmet[i] = f[i] - left_for_final;
            }
        }
        released
    }
}

/// Marks in `capped` the sectors whose output `x` is over `capacity`; whether any is.
pub(crate) fn mark_over_capacity(capped: &mut [bool], x: &[f64], capacity: &[f64]) -> bool {
    let mut any = false;
    for ((capped, &xi), &ci) in capped.iter_mut().zip(x).zip(capacity) {
        *capped = xi > ci;
        any |= *capped;
    }
    any
}

/// Checks that each `(what, length)` has `n` entries, one a sector.
pub(crate) fn one_entry_a_sector<const K: usize>(
    n: usize,
    lengths: [(&'static str, usize); K],
) -> Result<(), IoError> {
    match lengths.into_iter().find(|&(_, len)| len != n) {
        Some((what, found)) => Err(IoError::DimensionMismatch {
            what,
            expected: n,
            found,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::dmatrix;

    /// Miller & Blair (2009), Table 2.3: A = [[0.15, 0.25], [0.20, 0.05]]; with
    /// f = [600, 1500], x = (I − A)⁻¹ f = [1247.524752, 1841.584158].
    fn table_2_3() -> DMatrix<f64> {
        dmatrix![0.15, 0.25; 0.20, 0.05]
    }

    const F: [f64; 2] = [600.0, 1500.0];
    const X: [f64; 2] = [1247.524752475, 1841.584158416];

    #[test]
    fn no_limit_binding_leaves_the_solution() {
        let mut x = X;
        let mut unmet = [9.0; 2];
        let mut solver = CapacitySolver::new(2);
        solver
            .solve(
                &table_2_3(),
                &F,
                &[2000.0, f64::INFINITY],
                &mut x,
                &mut unmet,
            )
            .unwrap();
        assert!(unmet.iter().all(|&u| u.abs() < 1e-12), "{unmet:?}");
        assert!((x[0] - 1247.524752475).abs() < 1e-9);
        assert_eq!(solver.capped(), [false, false]);
    }

    #[test]
    fn factors_are_reused_only_for_the_same_reduced_system() {
        // Manufacturing capped at 1700 in both tables; agriculture's own coefficient 0.15
        // (Table 2.3) or 0.25. By hand x₁ = (600 + 0.25·1700)/(1 − a₁₁): 1205.882353 and
        // 1366.666667. One solver takes them in turn, as it takes a batch's runs in turn;
        // every solve equals a fresh solver's to the bit.
        let a = table_2_3();
        let mut b = table_2_3();
        b[(0, 0)] = 0.25;
        let capacity = [f64::INFINITY, 1700.0];
        let solve = |solver: &mut CapacitySolver, a: &DMatrix<f64>| {
            let mut x = [2000.0, 2000.0];
            let mut unmet = [0.0; 2];
            solver.solve(a, &F, &capacity, &mut x, &mut unmet).unwrap();
            x
        };
        let mut shared = CapacitySolver::new(2);
        for (table, by_hand) in [
            (&a, 1205.882352941),
            (&a, 1205.882352941),
            (&b, 1366.666666667),
        ]
        .into_iter()
        .cycle()
        .take(7)
        {
            let x = solve(&mut shared, table);
            let fresh = solve(&mut CapacitySolver::new(2), table);
            assert!((x[0] - by_hand).abs() < 1e-6, "{x:?}");
            assert_eq!(x.map(f64::to_bits), fresh.map(f64::to_bits));
        }
    }

    #[test]
    fn a_capped_sector_passes_its_shortfall_to_final_demand() {
        // Sector 2 capped at 1700. By hand: x₁ = (600 + 0.25·1700)/0.85 = 1205.882353;
        // final use left for sector 2 = 1700 − 0.20·1205.882353 − 0.05·1700 = 1373.823529,
        // so 1500 − 1373.823529 = 126.176471 is unmet.
        let mut x = X;
        let mut unmet = [0.0; 2];
        let mut solver = CapacitySolver::new(2);
        solver
            .solve(
                &table_2_3(),
                &F,
                &[f64::INFINITY, 1700.0],
                &mut x,
                &mut unmet,
            )
            .unwrap();
        assert!((x[0] - 1205.882352941).abs() < 1e-6, "{x:?}");
        assert!((x[1] - 1700.0).abs() < 1e-12);
        assert!((unmet[1] - 126.176470588).abs() < 1e-6, "{unmet:?}");
        assert!(unmet[0].abs() < 1e-12);
        assert_eq!(solver.capped(), [false, true]);
    }

    #[test]
    fn a_sector_no_longer_short_once_its_buyer_is_capped_is_released() {
        // Both over capacity at first: x = [1247.52, 1841.58] vs caps [1240, 1700]. Capping
        // both leaves sector 1 final use 1240 − 0.15·1240 − 0.25·1700 = 629 > 600, so sector 1
        // is released and the previous case's solution (x₁ = 1205.88) results.
        let mut x = X;
        let mut unmet = [0.0; 2];
        let mut solver = CapacitySolver::new(2);
        solver
            .solve(&table_2_3(), &F, &[1240.0, 1700.0], &mut x, &mut unmet)
            .unwrap();
        assert!((x[0] - 1205.882352941).abs() < 1e-6, "{x:?}");
        assert!(unmet[0].abs() < 1e-12);
        assert!((unmet[1] - 126.176470588).abs() < 1e-6);
        assert_eq!(solver.capped(), [false, true]);
    }

    #[test]
    fn a_singular_reduced_system_is_an_error() {
        // Not productive: a₁₁ = 1 makes I − A_EE = [0] once sector 2 is capped.
        let a = dmatrix![1.0, 0.0; 0.0, 0.5];
        let mut x = [5.0, 5.0];
        let mut unmet = [0.0; 2];
        let result =
            CapacitySolver::new(2).solve(&a, &F, &[f64::INFINITY, 1.0], &mut x, &mut unmet);
        assert!(
            matches!(result, Err(IoError::Singular { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn shapes_are_checked() {
        let mut solver = CapacitySolver::new(2);
        let (mut x, mut unmet) = (X, [0.0; 2]);
        let caps = [f64::INFINITY; 2];
        let wide = DMatrix::zeros(2, 3);
        assert!(matches!(
            solver.solve(&wide, &F, &caps, &mut x, &mut unmet),
            Err(IoError::NotSquare {
                rows: 2,
                cols: 3,
                ..
            })
        ));
        assert!(matches!(
            solver.solve(&DMatrix::zeros(3, 3), &F, &caps, &mut x, &mut unmet),
            Err(IoError::DimensionMismatch {
                what: "coefficient matrix",
                expected: 2,
                found: 3
            })
        ));
        assert!(matches!(
            solver.solve(&table_2_3(), &F, &caps[..1], &mut x, &mut unmet),
            Err(IoError::DimensionMismatch {
                what: "capacity",
                found: 1,
                ..
            })
        ));
        assert!(matches!(
            solver.solve(&table_2_3(), &F, &caps, &mut x, &mut unmet[..1]),
            Err(IoError::DimensionMismatch {
                what: "unmet demand",
                ..
            })
        ));
    }
}
