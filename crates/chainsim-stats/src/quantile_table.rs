//! A tabulated copula map z ↦ F⁻¹(Φ(z)) for marginals whose exact map is expensive (PERT's
//! inverse incomplete beta costs ~10,000 instructions a draw; a table lookup ~50).
//!
//! The map is sampled on a uniform grid of z with its exact slope and interpolated by cubic
//! Hermite polynomials, whose error is at most h⁴/384 · max|x⁗| on a cell of width h: with
//! the default 4,096 cells over |z| ≤ 8.5 that is far below 1e-9 of the marginal's spread
//! (checked against the exact map in the tests). Outside the grid, where Φ(z) < 1e-17, the
//! exact map is used. Other laws are tabulated only where a check of every cell shows the
//! table within 1e-9 of the map's span ([`QuantileTable::verified`]), on a finer grid if
//! needed.

use rayon::prelude::*;

use crate::marginal::Marginal;

/// Half-width of the tabulated range of z.
pub const TABLE_Z_LIMIT: f64 = 8.5;

/// Cells of the default table.
pub const TABLE_CELLS: usize = 4096;

/// Cells of the finer table [`QuantileTable::verified`] tries when the default one is not
/// accurate enough: a cubic Hermite's error falls with the fourth power of the cell width,
/// so 256 times lower.
pub const FINE_TABLE_CELLS: usize = 4 * TABLE_CELLS;

/// The largest interpolation error [`QuantileTable::verified`] accepts, as a share of the
/// tabulated span of the map: PERT's tables' accuracy.
pub const TABLE_TOLERANCE: f64 = 1e-9;

/// A cubic-Hermite table of one marginal's copula map.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileTable {
    marginal: Marginal,
    step: f64,
    /// The exact map and its slope at each grid point, side by side: a draw reads two
    /// neighbouring points, one cache line.
    points: Vec<[f64; 2]>,
}

impl QuantileTable {
    /// Tabulates `marginal.from_std_normal` on [`TABLE_CELLS`] cells over |z| ≤ [`TABLE_Z_LIMIT`].
    pub fn new(marginal: &Marginal) -> QuantileTable {
        QuantileTable::with_cells(marginal, TABLE_CELLS)
    }

    /// Tabulates `marginal.from_std_normal` on `cells` cells (at least 4) over
    /// |z| ≤ [`TABLE_Z_LIMIT`].
    fn with_cells(marginal: &Marginal, cells: usize) -> QuantileTable {
        let cells = cells.max(4);
        let step = grid_step(cells);
        let values = (0..=cells)
            .into_par_iter()
            .map(|k| marginal.from_std_normal(node(k, step)))
            .collect();
        QuantileTable::from_nodes(marginal, step, values)
    }

    /// The table of `marginal`'s map through `values`, its exact values at the nodes
    /// −[`TABLE_Z_LIMIT`] + k · `step`.
    fn from_nodes(marginal: &Marginal, step: f64, values: Vec<f64>) -> QuantileTable {
        let cells = values.len() - 1;
        // Slopes from the nodes themselves by the fourth-order central difference
        // (−y₊₂ + 8y₊₁ − 8y₋₁ + y₋₂)/12h, error h⁴/30 · max|x⁽⁵⁾|: no further evaluations, and
        // a maps solved iteratively (a mixture's) keeps its solver's error divided by h, not
        // by a tiny ε. The two nodes at each end take a central difference of their own.
        let eps = 1e-5;
        let points = (0..=cells)
            .map(|k| {
                let slope = if (2..=cells - 2).contains(&k) {
                    (values[k - 2] - 8.0 * values[k - 1] + 8.0 * values[k + 1] - values[k + 2])
                        / (12.0 * step)
                } else {
                    let z = node(k, step);
                    (marginal.from_std_normal(z + eps) - marginal.from_std_normal(z - eps))
                        / (2.0 * eps)
                };
                [values[k], slope.max(0.0)]
            })
            .collect();
        QuantileTable {
            marginal: marginal.clone(),
            step,
            points,
        }
    }

    /// A table of `marginal`'s map when its interpolation is within [`TABLE_TOLERANCE`] of
    /// the map's tabulated span at the midpoint of every cell, where the error of a smooth
    /// map peaks — on [`TABLE_CELLS`] cells, or else on [`FINE_TABLE_CELLS`]; `None` when
    /// neither is (a mixture of far-apart regimes, whose map turns sharply within a cell),
    /// so that the caller keeps the exact map.
    ///
    /// The exact map is evaluated at the nodes and midpoints on the threads of rayon's
    /// current pool, each point on its own, so the table does not depend on their number.
    /// The finer grid's nodes include the coarse grid's nodes and midpoints (the same z to
    /// the bit: both steps are 17 · 2⁻ᵏ), whose values are reused.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim_stats::{Marginal, QuantileTable};
    ///
    /// // Two regimes that overlap: a smooth map, tabulated.
    /// let winters = Marginal::mixture(vec![0.85, 0.15], vec![0.10, -0.08], vec![0.03, 0.05])?;
    /// assert!(QuantileTable::verified(&winters).is_some());
    /// // Regimes 2,000 standard deviations apart: the map jumps between them.
    /// let apart = Marginal::mixture(vec![0.5, 0.5], vec![0.0, 100.0], vec![0.05, 0.05])?;
    /// assert!(QuantileTable::verified(&apart).is_none());
    /// # Ok::<(), chainsim_stats::MarginalError>(())
    /// ```
    #[must_use]
    pub fn verified(marginal: &Marginal) -> Option<QuantileTable> {
        let coarse = QuantileTable::with_cells(marginal, TABLE_CELLS);
        let midpoints = coarse.exact_midpoints();
        if coarse.within_tolerance(&midpoints) {
            return Some(coarse);
        }
        // Fine node k: a coarse node when k = 4j, a coarse midpoint when k = 4j + 2.
        const SPLIT: usize = FINE_TABLE_CELLS / TABLE_CELLS;
        const _: () = assert!(SPLIT == 4);
        let step = grid_step(FINE_TABLE_CELLS);
        let values = (0..=FINE_TABLE_CELLS)
            .into_par_iter()
            .map(|k| match k % SPLIT {
                0 => coarse.points[k / SPLIT][0],
                2 => midpoints[k / SPLIT],
                _ => marginal.from_std_normal(node(k, step)),
            })
            .collect();
        let fine = QuantileTable::from_nodes(marginal, step, values);
        let midpoints = fine.exact_midpoints();
        fine.within_tolerance(&midpoints).then_some(fine)
    }

    /// The exact map at the midpoint of every cell.
    fn exact_midpoints(&self) -> Vec<f64> {
        let cells = self.points.len() - 1;
        (0..cells)
            .into_par_iter()
            .map(|k| self.marginal.from_std_normal(midpoint(k, self.step)))
            .collect()
    }

    /// Whether the table is within [`TABLE_TOLERANCE`] of the map's span at every cell's
    /// midpoint (`exact` there), its values and slopes finite: a map whose values or slopes
    /// overflow cannot be interpolated.
    fn within_tolerance(&self, exact: &[f64]) -> bool {
        let cells = self.points.len() - 1;
        let span = self.points[cells][0] - self.points[0][0];
        span.is_finite()
            && self.points.iter().flatten().all(|v| v.is_finite())
            && exact.iter().enumerate().all(|(k, &exact)| {
                (self.from_std_normal(midpoint(k, self.step)) - exact).abs()
                    <= TABLE_TOLERANCE * span
            })
    }

    /// The marginal's value at standard-normal `z`, F⁻¹(Φ(z)).
    #[inline]
    pub fn from_std_normal(&self, z: f64) -> f64 {
        let position = (z + TABLE_Z_LIMIT) / self.step;
        if !(0.0..(self.points.len() - 1) as f64).contains(&position) {
            return self.beyond_the_table(z);
        }
        // Within [0, cells): the conversion through i64 is the truncation `as usize` would
        // give, without the checks for values an unsigned integer cannot hold.
        let k = position as i64 as usize;
        let t = position - k as f64;
        let ([y0, s0], [y1, s1]) = (self.points[k], self.points[k + 1]);
        let (m0, m1) = (s0 * self.step, s1 * self.step);
        let t2 = t * t;
        let t3 = t2 * t;
        let value = (2.0 * t3 - 3.0 * t2 + 1.0) * y0
            + (t3 - 2.0 * t2 + t) * m0
            + (-2.0 * t3 + 3.0 * t2) * y1
            + (t3 - t2) * m1;
        // Keep the result inside the exact values of its cell, so it stays in the support.
        value.clamp(y0.min(y1), y0.max(y1))
    }

    /// The exact map, for |z| beyond the tabulated range (rare: |z| > 8.5).
    #[cold]
    #[inline(never)]
    fn beyond_the_table(&self, z: f64) -> f64 {
        self.marginal.from_std_normal(z)
    }

    /// The tabulated marginal.
    pub fn marginal(&self) -> &Marginal {
        &self.marginal
    }
}

/// The width of each of `cells` cells over |z| ≤ [`TABLE_Z_LIMIT`].
fn grid_step(cells: usize) -> f64 {
    2.0 * TABLE_Z_LIMIT / cells as f64
}

/// Node `k` of the grid of cell width `step`.
fn node(k: usize, step: f64) -> f64 {
    -TABLE_Z_LIMIT + k as f64 * step
}

/// The midpoint of cell `k` of the grid of cell width `step`.
fn midpoint(k: usize, step: f64) -> f64 {
    -TABLE_Z_LIMIT + (k as f64 + 0.5) * step
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table agrees with the exact inverse-beta map of chainsim's PERT laws to 1e-9 of
    /// their spread, at points between grid nodes where interpolation error is largest.
    #[test]
    fn table_matches_the_exact_map() {
        for (min, mode, max) in [(-0.10, 0.12, 0.35), (-0.1, 0.1, 0.3), (0.0, 0.01, 1.0)] {
            let pert = Marginal::pert(min, mode, max).unwrap();
            let table = QuantileTable::new(&pert);
            let spread = max - min;
            for i in -8_000..=8_000 {
                let z = f64::from(i) * 1e-3 + 0.000_37;
                let exact = pert.from_std_normal(z);
                let tabulated = table.from_std_normal(z);
                assert!(
                    (tabulated - exact).abs() <= 1e-9 * spread,
                    "PERT({min}, {mode}, {max}) at z = {z}: {tabulated} vs {exact}"
                );
            }
            // Beyond the grid the exact map is used.
            let far = 9.0_f64;
            assert_eq!(
                table.from_std_normal(far).to_bits(),
                pert.from_std_normal(far).to_bits()
            );
        }
    }

    /// A verified table of the shipped scenario's mixtures and truncated normals agrees with
    /// the exact map to [`TABLE_TOLERANCE`] of the span between the grid's nodes, not only at
    /// the midpoints it was verified at.
    #[test]
    fn a_verified_table_matches_the_exact_map() {
        for marginal in [
            Marginal::mixture(vec![0.9, 0.1], vec![0.12, -0.05], vec![0.04, 0.05]).unwrap(),
            Marginal::mixture(vec![0.85, 0.15], vec![0.10, -0.08], vec![0.03, 0.05]).unwrap(),
            Marginal::truncated_normal(0.3, 0.05, 0.2, 0.45).unwrap(),
        ] {
            let table = QuantileTable::verified(&marginal).expect("a smooth map");
            let span =
                marginal.from_std_normal(TABLE_Z_LIMIT) - marginal.from_std_normal(-TABLE_Z_LIMIT);
            for i in -8_000..=8_000 {
                let z = f64::from(i) * 1e-3 + 0.000_37;
                let exact = marginal.from_std_normal(z);
                let tabulated = table.from_std_normal(z);
                assert!(
                    (tabulated - exact).abs() <= TABLE_TOLERANCE * span,
                    "{marginal:?} at z = {z}: {tabulated} vs {exact}"
                );
            }
        }
    }

    #[test]
    fn a_map_that_overflows_is_not_tabulated() {
        // Regimes near ±f64::MAX: the map's span overflows, so no table is kept (the exact
        // map still answers every z).
        let huge =
            Marginal::mixture(vec![0.5, 0.5], vec![-1e308, 1e308], vec![1e307, 1e307]).unwrap();
        assert!(QuantileTable::verified(&huge).is_none());
    }

    #[test]
    fn table_is_monotone_and_inside_the_support() {
        let pert = Marginal::pert(-0.1, 0.2, 0.3).unwrap();
        let table = QuantileTable::new(&pert);
        let mut previous = f64::NEG_INFINITY;
        for i in -9_000..=9_000 {
            let x = table.from_std_normal(f64::from(i) * 1e-3);
            assert!(x >= previous && (-0.1..=0.3).contains(&x), "{x}");
            previous = x;
        }
    }
}
