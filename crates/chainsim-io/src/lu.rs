//! LU factorisation with partial pivoting, with plain and transposed solves.
//!
//! nalgebra's `LU` offers no transposed solve, which the row-vector products
//! of input–output analysis (multipliers 1ᵀL, satellite S L) need, so the
//! factorisation is kept here in packed form: P M = L U with L unit lower
//! triangular and U upper triangular, both stored in one column-major matrix.

use nalgebra::{DMatrix, DVector};

/// A packed LU factorisation of a square, non-singular matrix.
#[derive(Debug, Clone)]
pub(crate) struct Lu {
    /// L below the diagonal (unit diagonal implied), U on and above it.
    packed: DMatrix<f64>,
    /// Row `k` was swapped with row `pivots[k]` at step `k`.
    pivots: Vec<usize>,
}

impl Lu {
    /// Factors `m`, or returns `None` if a pivot column is exactly zero.
    pub(crate) fn new(mut m: DMatrix<f64>) -> Option<Lu> {
        debug_assert!(m.is_square());
        let n = m.nrows();
        let mut pivots = Vec::with_capacity(n);
        let data = m.as_mut_slice();
        for k in 0..n {
            let col_k = &data[k * n..(k + 1) * n];
            let (offset, pivot_abs) = col_k[k..].iter().map(|v| v.abs()).enumerate().fold(
                (0, -1.0_f64),
                |best, (i, v)| if v > best.1 { (i, v) } else { best },
            );
            if pivot_abs <= 0.0 || !pivot_abs.is_finite() {
                return None;
            }
            let p = k + offset;
            pivots.push(p);
            if p != k {
                for j in 0..n {
                    data.swap(j * n + k, j * n + p);
                }
            }
            let (head, tail) = data.split_at_mut((k + 1) * n);
            let col_k = &mut head[k * n..];
            let inv_pivot = 1.0 / col_k[k];
            for v in &mut col_k[k + 1..] {
                *v *= inv_pivot;
            }
            let l_col = &col_k[k + 1..];
            for col_j in tail.chunks_exact_mut(n) {
                let factor = col_j[k];
                if factor != 0.0 {
                    for (x, l) in col_j[k + 1..].iter_mut().zip(l_col) {
                        *x -= factor * l;
                    }
                }
            }
        }
        Some(Lu { packed: m, pivots })
    }

    /// The order of the factored matrix.
    pub(crate) fn n(&self) -> usize {
        self.pivots.len()
    }

    /// Overwrites `b` with M⁻¹ b.
    pub(crate) fn solve_in_place(&self, b: &mut DVector<f64>) {
        self.solve_slice(b.as_mut_slice());
    }

    /// Overwrites each column of `b` with M⁻¹ times that column.
    pub(crate) fn solve_matrix_in_place(&self, b: &mut DMatrix<f64>) {
        let n = self.n();
        if n == 0 {
            return;
        }
        for col in b.as_mut_slice().chunks_exact_mut(n) {
            self.solve_slice(col);
        }
    }

    /// Overwrites `y` with M⁻ᵀ y.
    pub(crate) fn solve_transpose_in_place(&self, y: &mut DVector<f64>) {
        let n = self.n();
        let lu = self.packed.as_slice();
        let y = y.as_mut_slice();
        // Uᵀ z = y: forward substitution, each step a dot with a column of U.
        for k in 0..n {
            let col = &lu[k * n..(k + 1) * n];
            let dot: f64 = col[..k].iter().zip(&y[..k]).map(|(u, z)| u * z).sum();
            y[k] = (y[k] - dot) / col[k];
        }
        // Lᵀ w = z: backward substitution with the unit lower factor.
        for k in (0..n).rev() {
            let col = &lu[k * n..(k + 1) * n];
            let dot: f64 = col[k + 1..]
                .iter()
                .zip(&y[k + 1..])
                .map(|(l, w)| l * w)
                .sum();
            y[k] -= dot;
        }
        // x = Pᵀ w: undo the row swaps in reverse order.
        for (k, &p) in self.pivots.iter().enumerate().rev() {
            y.swap(k, p);
        }
    }

    /// The inverse M⁻¹.
    pub(crate) fn inverse(&self) -> DMatrix<f64> {
        let n = self.n();
        let mut inv = DMatrix::identity(n, n);
        self.solve_matrix_in_place(&mut inv);
        inv
    }

    fn solve_slice(&self, b: &mut [f64]) {
        let n = self.n();
        let lu = self.packed.as_slice();
        for (k, &p) in self.pivots.iter().enumerate() {
            b.swap(k, p);
        }
        // L z = P b, column-oriented so the inner loop runs down contiguous memory.
        for k in 0..n {
            let zk = b[k];
            if zk != 0.0 {
                let col = &lu[k * n + k + 1..(k + 1) * n];
                for (x, l) in b[k + 1..].iter_mut().zip(col) {
                    *x -= zk * l;
                }
            }
        }
        // U x = z.
        for k in (0..n).rev() {
            let col = &lu[k * n..(k + 1) * n];
            b[k] /= col[k];
            let xk = b[k];
            if xk != 0.0 {
                for (x, u) in b[..k].iter_mut().zip(&col[..k]) {
                    *x -= xk * u;
                }
            }
        }
    }
}
