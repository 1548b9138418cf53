//! Leontief systems of many coefficient matrices side by side, for a simulator that draws A
//! run by run: the runs of a batch are lanes, entry (i, j) of lane l at `(i·n + j)·lanes + l`
//! and component i of a vector at `i·lanes + l`, so every step of the elimination is one
//! loop over the lanes, which the compiler vectorises.
//!
//! M = I − A with A ≥ 0 is a Z-matrix (no positive entry off the diagonal), and such a matrix
//! is a non-singular M-matrix — A is productive — exactly when its leading principal minors
//! are positive (Berman & Plemmons, *Nonnegative Matrices in the Mathematical Sciences*,
//! 1994, Theorem 6.2.3), that is when Gaussian elimination without pivoting meets only
//! positive pivots. So the factorisation needs no row exchanges, which would differ from
//! lane to lane, and its pivots are the productivity test. Elimination keeps an M-matrix's
//! Schur complements M-matrices; when A's column sums are below 1, I − A is diagonally
//! dominant by columns and the growth factor is at most 2 (Wilkinson), so dropping the
//! pivoting costs no accuracy there.

use crate::lu::positive_finite;

/// The factorisations M = L U of I − A for up to `lanes` coefficient matrices, L unit lower
/// triangular and U upper triangular packed in one array, lane-minor.
#[derive(Debug, Clone)]
pub struct LeontiefLanes {
    n: usize,
    lanes: usize,
    /// L below the diagonal, U on and above it: entry (i, j) of lane l at `(i·n + j)·lanes + l`.
    packed: Vec<f64>,
    /// 1 / U[k][k] of each lane: `k·lanes + l`.
    inverse_pivots: Vec<f64>,
    /// Whether every pivot of each lane was positive and finite.
    productive: Vec<bool>,
}

impl LeontiefLanes {
    /// Storage for `lanes` systems of `n` sectors.
    pub fn new(n: usize, lanes: usize) -> LeontiefLanes {
        LeontiefLanes {
            n,
            lanes,
            packed: vec![0.0; n * n * lanes],
            inverse_pivots: vec![0.0; n * lanes],
            productive: vec![false; lanes],
        }
    }

    /// Sectors of each system.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Lanes the storage holds: the stride of the lane-minor arrays.
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// Factors I − A for lanes `0..width`, `a[(i·n + j)·lanes + l]` holding a_ij of lane l,
    /// and returns whether each lane's A is productive (every pivot positive and finite). A
    /// lane that is not must not be solved: its solution is meaningless.
    ///
    /// # Panics
    /// If `a` does not hold n² entries of `lanes` lanes, or `width` exceeds the lanes.
    ///
    /// # Examples
    ///
    /// Miller & Blair (2009), Table 2.3's coefficients, and a non-productive matrix beside
    /// them:
    ///
    /// ```
    /// use chainsim_io::LeontiefLanes;
    ///
    /// // Lane-minor: a_11 of both lanes, then a_12 of both, …
    /// let a = [0.15, 0.9, 0.25, 0.5, 0.2, 0.5, 0.05, 0.9];
    /// let mut systems = LeontiefLanes::new(2, 2);
    /// assert_eq!(systems.factor(&a, 2), [true, false]);
    /// let mut f = [600.0, 0.0, 1500.0, 0.0];
    /// systems.solve_in_place(&mut f, 1);
    /// assert!((f[0] - 1247.52).abs() < 0.01 && (f[2] - 1841.58).abs() < 0.01);
    /// ```
    pub fn factor(&mut self, a: &[f64], width: usize) -> &[bool] {
        let (n, lanes) = (self.n, self.lanes);
        assert_eq!(
            a.len(),
            n * n * lanes,
            "coefficients of {n} sectors in {lanes} lanes"
        );
        assert!(width <= lanes, "{width} systems in {lanes} lanes");
        for (entry, (m, a)) in self
            .packed
            .chunks_exact_mut(lanes)
            .zip(a.chunks_exact(lanes))
            .enumerate()
        {
            let identity = if entry % (n + 1) == 0 { 1.0 } else { 0.0 };
            for (m, &a) in m[..width].iter_mut().zip(&a[..width]) {
                *m = identity - a;
            }
        }
        let productive = &mut self.productive[..width];
        productive.fill(true);
        if lanes == 1 {
            // One system (a single run): the same operations in the same order, without the
            // lane loops' set-up around each entry.
            let m = &mut self.packed;
            for k in 0..n {
                let pivot = m[k * n + k];
                productive[0] &= positive_finite(pivot);
                let inverse = 1.0 / pivot;
                self.inverse_pivots[k] = inverse;
                let (above, below) = m.split_at_mut((k + 1) * n);
                let pivot_row = &above[k * n + k + 1..];
                for target in below.chunks_exact_mut(n) {
                    target[k] *= inverse;
                    let factor = target[k];
                    for (entry, &upper) in target[k + 1..].iter_mut().zip(pivot_row) {
                        *entry -= factor * upper;
                    }
                }
            }
            return productive;
        }
        let row = n * lanes;
        for k in 0..n {
            let (above, below) = self.packed.split_at_mut((k + 1) * row);
            let pivot_row = &above[k * row..];
            let pivots = &pivot_row[k * lanes..k * lanes + width];
            let inverse = &mut self.inverse_pivots[k * lanes..k * lanes + width];
            for ((inverse, &pivot), productive) in
                inverse.iter_mut().zip(pivots).zip(productive.iter_mut())
            {
                *productive &= positive_finite(pivot);
                *inverse = 1.0 / pivot;
            }
            for target in below.chunks_exact_mut(row) {
                let (left, right) = target.split_at_mut((k + 1) * lanes);
                let factor = &mut left[k * lanes..k * lanes + width];
                for (factor, &inverse) in factor.iter_mut().zip(&*inverse) {
                    *factor *= inverse;
                }
                for (j, entry) in right.chunks_exact_mut(lanes).enumerate() {
                    let upper = &pivot_row[(k + 1 + j) * lanes..][..width];
                    for ((entry, &factor), &upper) in
                        entry[..width].iter_mut().zip(&*factor).zip(upper)
                    {
                        *entry -= factor * upper;
                    }
                }
            }
        }
        productive
    }

    /// Overwrites `f` (component i of lane l at `i·lanes + l`) with (I − A)⁻¹ f for lanes
    /// `0..width` of the latest [`LeontiefLanes::factor`].
    ///
    /// # Panics
    /// If `f` does not hold n components of `lanes` lanes, or `width` exceeds the lanes.
    pub fn solve_in_place(&self, f: &mut [f64], width: usize) {
        let (n, lanes) = (self.n, self.lanes);
        assert_eq!(
            f.len(),
            n * lanes,
            "a vector of {n} sectors in {lanes} lanes"
        );
        assert!(width <= lanes, "{width} systems in {lanes} lanes");
        if lanes == 1 && width == 1 {
            // One system: the same operations in the same order, without the lane loops.
            let m = &self.packed;
            for i in 1..n {
                let (solved, rest) = f.split_at_mut(i);
                for (&l, &y) in m[i * n..i * n + i].iter().zip(&*solved) {
                    rest[0] -= l * y;
                }
            }
            for i in (0..n).rev() {
                let (head, solved) = f.split_at_mut(i + 1);
                for (&u, &x) in m[i * n + i + 1..(i + 1) * n].iter().zip(&*solved) {
                    head[i] -= u * x;
                }
                head[i] *= self.inverse_pivots[i];
            }
            return;
        }
        let entry = |i: usize, j: usize| &self.packed[(i * n + j) * lanes..][..width];
        // L y = f, L unit lower triangular.
        for i in 1..n {
            let (solved, rest) = f.split_at_mut(i * lanes);
            let target = &mut rest[..width];
            for k in 0..i {
                for ((t, &l), &y) in target.iter_mut().zip(entry(i, k)).zip(&solved[k * lanes..]) {
                    *t -= l * y;
                }
            }
        }
        // U x = y.
        for i in (0..n).rev() {
            let (head, solved) = f.split_at_mut((i + 1) * lanes);
            let target = &mut head[i * lanes..i * lanes + width];
            for k in i + 1..n {
                let x = &solved[(k - i - 1) * lanes..];
                for ((t, &u), &x) in target.iter_mut().zip(entry(i, k)).zip(x) {
                    *t -= u * x;
                }
            }
            let inverse = &self.inverse_pivots[i * lanes..i * lanes + width];
            for (t, &inverse) in target.iter_mut().zip(inverse) {
                *t *= inverse;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Leontief;
    use nalgebra::{DMatrix, DVector};

    /// Lane `l`'s A: a dense productive matrix whose column sums run from 0.3 up to 0.3 + 0.6·s
    /// (s ≥ 1 makes some columns sum above 1).
    fn matrix(n: usize, l: usize, s: f64) -> DMatrix<f64> {
        DMatrix::from_fn(n, n, |i, j| {
            let k = (i * 7 + j * 13 + l * 5) % 10;
            (0.3 + s * 0.06 * k as f64) / n as f64
        })
    }

    fn lane_minor(matrices: &[DMatrix<f64>], lanes: usize) -> Vec<f64> {
        let n = matrices[0].nrows();
        let mut a = vec![0.0; n * n * lanes];
        for (l, m) in matrices.iter().enumerate() {
            for i in 0..n {
                for j in 0..n {
                    a[(i * n + j) * lanes + l] = m[(i, j)];
                }
            }
        }
        a
    }

    #[test]
    fn solves_agree_with_the_pivoted_factorisation() {
        let (n, lanes) = (13, 8);
        let matrices: Vec<_> = (0..6).map(|l| matrix(n, l, 0.9)).collect();
        let mut systems = LeontiefLanes::new(n, lanes);
        let productive = systems.factor(&lane_minor(&matrices, lanes), matrices.len());
        assert!(productive.iter().all(|&p| p));
        let mut f = vec![0.0; n * lanes];
        for l in 0..matrices.len() {
            for i in 0..n {
                f[i * lanes + l] = 10.0 + (i * l) as f64;
            }
        }
        let mut x = f.clone();
        systems.solve_in_place(&mut x, matrices.len());
        for (l, m) in matrices.iter().enumerate() {
            let fl = DVector::from_fn(n, |i, _| f[i * lanes + l]);
            let expected = Leontief::new(m).unwrap().solve(&fl);
            for i in 0..n {
                let got = x[i * lanes + l];
                assert!(
                    (got - expected[i]).abs() <= 1e-12 * expected[i],
                    "lane {l}, sector {i}"
                );
            }
        }
    }

    #[test]
    fn one_lane_is_lane_zero_of_many_to_the_bit() {
        let n = 13;
        let matrices: Vec<_> = (0..3).map(|l| matrix(n, l, 0.9)).collect();
        let mut wide = LeontiefLanes::new(n, 4);
        wide.factor(&lane_minor(&matrices, 4), 3);
        let mut one = LeontiefLanes::new(n, 1);
        one.factor(&lane_minor(&matrices[..1], 1), 1);
        let mut f_wide = vec![0.0; n * 4];
        let mut f_one = vec![0.0; n];
        for i in 0..n {
            f_wide[i * 4] = 3.0 + i as f64;
            f_one[i] = 3.0 + i as f64;
        }
        wide.solve_in_place(&mut f_wide, 3);
        one.solve_in_place(&mut f_one, 1);
        for i in 0..n {
            assert_eq!(f_one[i].to_bits(), f_wide[i * 4].to_bits(), "sector {i}");
        }
    }

    #[test]
    fn productivity_agrees_with_leontief() {
        // The lane's pattern scaled to spectral radius 0.625 … 1.375: productive below 1.
        let (n, lanes) = (5, 16);
        let matrices: Vec<_> = (0..16)
            .map(|l| {
                let m = matrix(n, l, 0.9);
                let radius = crate::spectral_radius(&m);
                m * ((0.625 + 0.05 * l as f64) / radius)
            })
            .collect();
        let mut systems = LeontiefLanes::new(n, lanes);
        let productive = systems
            .factor(&lane_minor(&matrices, lanes), lanes)
            .to_vec();
        let expected: Vec<bool> = matrices.iter().map(|m| Leontief::new(m).is_ok()).collect();
        assert_eq!(productive, expected);
        assert!(expected.contains(&true) && expected.contains(&false));
    }
}
