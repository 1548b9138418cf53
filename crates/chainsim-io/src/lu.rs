//! LU factorisation with partial pivoting, with plain and transposed solves.
//!
//! The factorisation is kept in packed form, P M = L U with L unit lower
//! triangular and U upper triangular in one column-major matrix, because
//! nalgebra's `LU` offers neither a transposed solve (needed for the row
//! products 1ᵀ L and S L of multiplier analysis) nor a blocked algorithm.
//!
//! Small matrices are factored by a plain right-looking loop, which has no
//! set-up cost. Up to [`FIXED_MAX_N`] sectors (tables the simulator redraws and
//! refactors every run), refactors and single solves run it compiled once per
//! order, with constant bounds ([`FixedOrder`]): the same arithmetic in a
//! fraction of the instructions. From [`BLOCKED_MIN_N`] sectors on, factorisation, inverse and
//! many-column solves go through faer's blocked (and, from
//! [`PARALLEL_MIN_N`], multi-threaded) kernels: nalgebra's unblocked LU is
//! about twenty times slower than LAPACK at n = 1000. Single right-hand-side
//! solves are O(n²) and stay here, where they allocate nothing.
//!
//! [`ReducedLu`] runs the same small kernels on storage allocated once for systems whose
//! order changes between factorisations: the capacity solve's reduced systems.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, inverse, solve};
use faer::perm::PermRef;
use faer::{Conj, MatMut, MatRef, Par};
use nalgebra::{DMatrix, DVector};

/// From this order on, faer's blocked kernels are used.
pub(crate) const BLOCKED_MIN_N: usize = 64;

/// From this order on, faer's kernels run on rayon's thread pool.
pub(crate) const PARALLEL_MIN_N: usize = 256;

/// Up to this order, refactors and single solves use kernels compiled for the order.
pub(crate) const FIXED_MAX_N: usize = 16;

/// A packed LU factorisation of a square, non-singular matrix.
#[derive(Debug, Clone)]
pub(crate) struct Lu {
    /// L below the diagonal (unit diagonal implied), U on and above it.
    packed: DMatrix<f64>,
    /// Row `k` is swapped with row `swaps[k]` at step `k` (LAPACK's ipiv).
    swaps: Vec<usize>,
    /// 1 / U[k][k]: solves multiply by it (as OpenBLAS's triangular kernels do) instead of
    /// dividing, which takes a division's latency off each step of the back substitution.
    inverse_diagonal: Vec<f64>,
    /// Row `i` of P M is row `perm_fwd[i]` of M: faer's kernels read it, and the
    /// fixed-order solves gather the right-hand side by it.
    perm_fwd: Vec<usize>,
    /// The inverse permutation of `perm_fwd`; only faer's kernels read it, so it is empty
    /// below [`BLOCKED_MIN_N`].
    perm_bwd: Vec<usize>,
}

impl Lu {
    /// Factors `m`, or returns `None` if it is singular to working precision
    /// (a zero or non-finite pivot).
    ///
    /// Below [`BLOCKED_MIN_N`] this always runs the general unblocked kernel (it is
    /// not on a hot path), so that [`Lu::refactor_small`]'s fixed-order kernels are
    /// checked against it whenever the two are compared.
    pub(crate) fn new(mut m: DMatrix<f64>) -> Option<Lu> {
        debug_assert!(m.is_square());
        let n = m.nrows();
        if n < BLOCKED_MIN_N {
            let mut swaps = vec![0; n];
            if !factor_unblocked(m.as_mut_slice(), &mut swaps, n) {
                return None;
            }
            let inverse_diagonal = inverse_diagonal(m.as_slice(), n);
            let mut perm_fwd = vec![0; n];
            permutation_from_swaps(&swaps, &mut perm_fwd);
            return Some(Lu {
                packed: m,
                swaps,
                inverse_diagonal,
                perm_fwd,
                perm_bwd: Vec::new(),
            });
        }
        let perm_fwd = factor_blocked(&mut m);
        let swaps = swaps_from_permutation(&perm_fwd);
        let diagonal_ok = (0..n).all(|k| {
            let u = m[(k, k)];
            u.is_finite() && u != 0.0
        });
        if !diagonal_ok || m.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mut perm_bwd = vec![0; n];
        for (i, &p) in perm_fwd.iter().enumerate() {
            perm_bwd[p] = i;
        }
        let inverse_diagonal = inverse_diagonal(m.as_slice(), n);
        Some(Lu {
            packed: m,
            swaps,
            inverse_diagonal,
            perm_fwd,
            perm_bwd,
        })
    }

    /// The order of the factored matrix.
    pub(crate) fn n(&self) -> usize {
        self.swaps.len()
    }

    /// Refactors I − `a` in place, reusing this factorisation's storage, when `a` has the
    /// same order and that order is below [`BLOCKED_MIN_N`]; the arithmetic is exactly
    /// [`Lu::new`]'s (of `DMatrix::identity(n, n) - a`). Returns false when it does not
    /// apply or I − `a` is singular (then the factorisation must not be used until a
    /// successful refactor).
    pub(crate) fn refactor_small(&mut self, a: &DMatrix<f64>) -> bool {
        let n = self.n();
        if n >= BLOCKED_MIN_N || a.nrows() != n || a.ncols() != n {
            return false;
        }
        refactor_packed(
            a.as_slice(),
            self.packed.as_mut_slice(),
            &mut self.swaps,
            &mut self.inverse_diagonal,
            &mut self.perm_fwd,
        )
    }

    /// Overwrites `b` (length n) with the solution of the factored system.
    pub(crate) fn solve_in_slice(&self, b: &mut [f64]) {
        self.solve_slice(b);
    }

    /// Overwrites `b` with M⁻¹ b.
    pub(crate) fn solve_in_place(&self, b: &mut DVector<f64>) {
        self.solve_slice(b.as_mut_slice());
    }

    /// Overwrites `y` with M⁻ᵀ y.
    pub(crate) fn solve_transpose_in_place(&self, y: &mut DVector<f64>) {
        self.solve_transpose_slice(y.as_mut_slice());
    }

    /// Overwrites each column of `b` with M⁻¹ times that column.
    pub(crate) fn solve_matrix_in_place(&self, b: &mut DMatrix<f64>) {
        let n = self.n();
        if n == 0 || b.ncols() == 0 {
            return;
        }
        if n < BLOCKED_MIN_N {
            for col in b.as_mut_slice().chunks_exact_mut(n) {
                self.solve_slice(col);
            }
            return;
        }
        let k = b.ncols();
        let par = parallelism(n);
        let mut buffer = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(n, k, par));
        let packed = self.packed_ref();
        solve::solve_in_place_with_conj(
            packed,
            packed,
            self.perm(),
            Conj::No,
            as_faer_mut(b),
            par,
            MemStack::new(&mut buffer),
        );
    }

    /// Overwrites each column of `y` with M⁻ᵀ times that column.
    pub(crate) fn solve_transpose_matrix_in_place(&self, y: &mut DMatrix<f64>) {
        let n = self.n();
        if n == 0 || y.ncols() == 0 {
            return;
        }
        if n < BLOCKED_MIN_N {
            for col in y.as_mut_slice().chunks_exact_mut(n) {
                self.solve_transpose_slice(col);
            }
            return;
        }
        let k = y.ncols();
        let par = parallelism(n);
        let mut buffer = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            n, k, par,
        ));
        let packed = self.packed_ref();
        solve::solve_transpose_in_place_with_conj(
            packed,
            packed,
            self.perm(),
            Conj::No,
            as_faer_mut(y),
            par,
            MemStack::new(&mut buffer),
        );
    }

    /// The inverse M⁻¹.
    ///
    /// For large n this uses faer's inverse (triangular inverses, then their
    /// product), which measured 25–40% faster here than solving against the
    /// identity when other processes share the cores.
    pub(crate) fn inverse(&self) -> DMatrix<f64> {
        let n = self.n();
        if n < BLOCKED_MIN_N {
            let mut inv = DMatrix::identity(n, n);
            self.solve_matrix_in_place(&mut inv);
            return inv;
        }
        let par = parallelism(n);
        let mut inv = DMatrix::zeros(n, n);
        let mut buffer = MemBuffer::new(inverse::inverse_scratch::<usize, f64>(n, par));
        let packed = self.packed_ref();
        inverse::inverse(
            as_faer_mut(&mut inv),
            packed,
            packed,
            self.perm(),
            par,
            MemStack::new(&mut buffer),
        );
        inv
    }

    fn packed_ref(&self) -> MatRef<'_, f64> {
        let n = self.n();
        MatRef::from_column_major_slice(self.packed.as_slice(), n, n)
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.perm_fwd, &self.perm_bwd, self.n())
    }

    fn solve_slice(&self, b: &mut [f64]) {
        solve_packed(
            self.packed.as_slice(),
            &self.swaps,
            &self.perm_fwd,
            &self.inverse_diagonal,
            b,
        );
    }

    fn solve_transpose_slice(&self, y: &mut [f64]) {
        let n = self.n();
        let lu = self.packed.as_slice();
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
        for (k, &p) in self.swaps.iter().enumerate().rev() {
            y.swap(k, p);
        }
    }
}

/// Packed LU factors of I − A for systems whose order changes from one factorisation to
/// the next, on storage allocated once for the largest order: the reduced systems of the
/// capacity solve, which keep a different set of sectors on each pass.
///
/// Factorisations and solves run the kernels of [`Lu::refactor_small`] and
/// [`Lu::solve_in_slice`] (compiled for the order up to [`FIXED_MAX_N`], the general
/// unblocked loop above it, at every order: faer's blocked kernels would need scratch
/// memory), so for one matrix the factors and solutions are [`Lu::new`]'s to the bit below
/// [`BLOCKED_MIN_N`]. Nothing is allocated after [`ReducedLu::with_max_order`].
#[derive(Debug, Clone)]
pub(crate) struct ReducedLu {
    /// The packed factors of the current order n in the first n² entries, column-major.
    packed: Vec<f64>,
    /// As [`Lu`]'s fields of the same names, in the first n entries.
    swaps: Vec<usize>,
    inverse_diagonal: Vec<f64>,
    perm_fwd: Vec<usize>,
    /// The order of the current factorisation.
    n: usize,
}

impl ReducedLu {
    /// Storage for factorisations of every order up to `max_n`; holds the (empty)
    /// factorisation of order 0 until the first [`ReducedLu::refactor`].
    pub(crate) fn with_max_order(max_n: usize) -> ReducedLu {
        ReducedLu {
            packed: vec![0.0; max_n * max_n],
            swaps: vec![0; max_n],
            inverse_diagonal: vec![0.0; max_n],
            perm_fwd: vec![0; max_n],
            n: 0,
        }
    }

    /// Factors I − `a`, for `a` an order-`n` matrix held column-major in the first n²
    /// entries of `a` (as gathered from a larger one). Returns false when `n` is above the
    /// order the storage was made for or I − `a` is singular to working precision; then
    /// the factorisation must not be used until a refactor succeeds.
    pub(crate) fn refactor(&mut self, a: &[f64], n: usize) -> bool {
        let Some(n_squared) = n.checked_mul(n) else {
            return false;
        };
        if n > self.swaps.len() || a.len() < n_squared {
            return false;
        }
        self.n = n;
        let factored = refactor_packed(
            &a[..n_squared],
            &mut self.packed[..n_squared],
            &mut self.swaps[..n],
            &mut self.inverse_diagonal[..n],
            &mut self.perm_fwd[..n],
        );
        if !factored {
            self.n = 0;
        }
        factored
    }

    /// Overwrites the first n entries of `b` (n the current order) with the solution of the
    /// factored system.
    pub(crate) fn solve_in_slice(&self, b: &mut [f64]) {
        let n = self.n;
        solve_packed(
            &self.packed[..n * n],
            &self.swaps[..n],
            &self.perm_fwd[..n],
            &self.inverse_diagonal[..n],
            &mut b[..n],
        );
    }
}

/// Factors I − `a` (column-major, of order n = `swaps.len()`) into the packed factors `m`,
/// the row swaps, U's reciprocal diagonal and the row order of P M, with the kernels
/// compiled for the order up to [`FIXED_MAX_N`] and the general unblocked one above.
/// Returns false when I − `a` is singular to working precision.
#[inline(always)]
fn refactor_packed(
    a: &[f64],
    m: &mut [f64],
    swaps: &mut [usize],
    inverse_diagonal: &mut [f64],
    perm_fwd: &mut [usize],
) -> bool {
    let n = swaps.len();
    let factored = match FixedOrder::of(n) {
        Some(fixed) => (fixed.refactor)(a, m, swaps),
        None => refactor_unblocked(a, m, swaps, n),
    };
    if factored {
        invert_diagonal(m, inverse_diagonal);
        permutation_from_swaps(swaps, perm_fwd);
    }
    factored
}

/// Overwrites `b` with the solution of the system whose packed factors (of order n =
/// `swaps.len()`), swaps, row order and reciprocal diagonal are given, dispatching to the
/// kernel compiled for the order up to [`FIXED_MAX_N`].
#[inline(always)]
fn solve_packed(
    lu: &[f64],
    swaps: &[usize],
    perm_fwd: &[usize],
    inverse_diagonal: &[f64],
    b: &mut [f64],
) {
    let n = swaps.len();
    match FixedOrder::of(n) {
        Some(fixed) => (fixed.solve)(lu, perm_fwd, inverse_diagonal, b),
        None => solve_unblocked(lu, swaps, inverse_diagonal, b, n),
    }
}

fn parallelism(n: usize) -> Par {
    if n >= PARALLEL_MIN_N {
        Par::rayon(0)
    } else {
        Par::Seq
    }
}

fn as_faer_mut(m: &mut DMatrix<f64>) -> MatMut<'_, f64> {
    let (rows, cols) = m.shape();
    MatMut::from_column_major_slice_mut(m.as_mut_slice(), rows, cols)
}

/// I − `a` (both column-major of order `n`) written into `m` and factored in place
/// by [`factor_unblocked`].
fn refactor_unblocked(a: &[f64], m: &mut [f64], swaps: &mut [usize], n: usize) -> bool {
    identity_minus(a, m, n);
    factor_unblocked(m, swaps, n)
}

/// Writes I − `a` into `m`, both column-major of order `n`, entry by entry as
/// `DMatrix::identity(n, n) - a` forms it: `1.0 - a` on the diagonal, `0.0 - a` off it
/// (not `-a`, which differs for a = +0).
#[inline(always)]
fn identity_minus(a: &[f64], m: &mut [f64], n: usize) {
    let (a, m) = (&a[..n * n], &mut m[..n * n]);
    for (x, &v) in m.iter_mut().zip(a) {
        *x = 0.0 - v;
    }
    for d in (0..n * n).step_by(n + 1) {
        m[d] = 1.0 - a[d];
    }
}

/// Right-looking LU with partial pivoting of the column-major order-`n` matrix in
/// `data`, in place, with the row swaps into `swaps`. Returns false at a zero or
/// non-finite pivot column or when an entry of the result is not finite.
fn factor_unblocked(data: &mut [f64], swaps: &mut [usize], n: usize) -> bool {
    let (data, swaps) = (&mut data[..n * n], &mut swaps[..n]);
    for k in 0..n {
        let (offset, pivot_abs) = pivot(&data[k * n + k..(k + 1) * n]);
        if !positive_finite(pivot_abs) {
            return false;
        }
        let p = k + offset;
        swaps[k] = p;
        if p != k {
            for col in data.chunks_exact_mut(n) {
                col.swap(k, p);
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
    all_finite(data)
}

/// Writes 1 / U[k][k] into `inverse[k]` for each k of the packed factors `lu` (of order
/// `inverse.len()`).
fn invert_diagonal(lu: &[f64], inverse: &mut [f64]) {
    let n = inverse.len();
    for (k, inverse) in inverse.iter_mut().enumerate() {
        *inverse = 1.0 / lu[k * n + k];
    }
}

/// [`invert_diagonal`] into a new vector.
fn inverse_diagonal(lu: &[f64], n: usize) -> Vec<f64> {
    let mut inverse = vec![0.0; n];
    invert_diagonal(lu, &mut inverse);
    inverse
}

/// Overwrites `b` with M⁻¹ b, for the order-`n` factorisation `lu` (packed), `swaps` and
/// the reciprocals of U's diagonal, `inverse`.
///
/// Not inlined, so that [`Lu::solve_slice`] stays a cheap dispatch to the fixed-order
/// kernels (saving and restoring the registers this loop needs costs a small solve
/// about a tenth).
#[inline(never)]
fn solve_unblocked(lu: &[f64], swaps: &[usize], inverse: &[f64], b: &mut [f64], n: usize) {
    for (k, &p) in swaps.iter().enumerate() {
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
        b[k] *= inverse[k];
        let xk = b[k];
        if xk != 0.0 {
            for (x, u) in b[..k].iter_mut().zip(&col[..k]) {
                *x -= xk * u;
            }
        }
    }
}

/// The unblocked kernels compiled for one order `N` ≤ [`FIXED_MAX_N`].
///
/// [`refactor_fixed`] and [`solve_fixed`] are [`refactor_unblocked`] and
/// [`solve_unblocked`] over `[f64; N]` columns, with their outer loops unrolled
/// ([`unrolled`]): every loop bound is a constant, so the compiler drops the bounds
/// checks and unrolls the rest. The floating-point operations, their order (each
/// entry sees the same updates in the same order; Rust does not contract to FMA) and
/// the pivot choice are the general kernels', so the results are identical to the
/// bit (tested below for every order, on the factors, the swaps, failures and
/// solutions).
///
/// The price is code size: about 200 KB of machine code for orders 1 to 16, most of
/// it for the largest orders (the refactor of order 5 is under 3 KB).
struct FixedOrder {
    refactor: fn(&[f64], &mut [f64], &mut [usize]) -> bool,
    solve: SolveKernel,
}

/// A solve of the packed factors, the row order of P M and U's reciprocal diagonal, in place.
type SolveKernel = fn(&[f64], &[usize], &[f64], &mut [f64]);

impl FixedOrder {
    /// The kernels for order `n`, or `None` when `n` is 0 or above [`FIXED_MAX_N`].
    fn of(n: usize) -> Option<&'static FixedOrder> {
        n.checked_sub(1).and_then(|i| FIXED_ORDERS.get(i))
    }

    const fn new<const N: usize>() -> FixedOrder {
        FixedOrder {
            refactor: refactor_fixed::<N>,
            solve: solve_fixed::<N>,
        }
    }
}

/// [`FixedOrder`] for orders 1 to [`FIXED_MAX_N`], at index order − 1.
static FIXED_ORDERS: [FixedOrder; FIXED_MAX_N] = [
    FixedOrder::new::<1>(),
    FixedOrder::new::<2>(),
    FixedOrder::new::<3>(),
    FixedOrder::new::<4>(),
    FixedOrder::new::<5>(),
    FixedOrder::new::<6>(),
    FixedOrder::new::<7>(),
    FixedOrder::new::<8>(),
    FixedOrder::new::<9>(),
    FixedOrder::new::<10>(),
    FixedOrder::new::<11>(),
    FixedOrder::new::<12>(),
    FixedOrder::new::<13>(),
    FixedOrder::new::<14>(),
    FixedOrder::new::<15>(),
    FixedOrder::new::<16>(),
];

/// The first N² entries of `data` as N columns of N.
///
/// # Panics
///
/// If `data` is shorter than N².
fn columns<const N: usize>(data: &[f64]) -> &[[f64; N]; N] {
    data.as_chunks::<N>()
        .0
        .first_chunk::<N>()
        .expect("an N × N matrix")
}

/// [`columns`], mutably.
fn columns_mut<const N: usize>(data: &mut [f64]) -> &mut [[f64; N]; N] {
    (data.as_chunks_mut::<N>().0)
        .first_chunk_mut::<N>()
        .expect("an N × N matrix")
}

/// `for $k in 0..$n $body`, unrolled: `$body` once per step, with `$k` a constant, for
/// `$n` ≤ [`FIXED_MAX_N`] (the order N of a fixed-order kernel).
///
/// The compiler fully unrolls a small loop with constant bounds by itself, but not
/// the factorisation's loop over pivot steps (nor the solves' beyond about ten
/// sectors), whose bodies hold loops of their own. Unrolled, every inner loop has
/// constant bounds too, which halves the instructions of a refactor.
macro_rules! unrolled {
    ($k:ident in 0..$n:expr => $body:block) => {
        unrolled!(@steps $k, $n, $body, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
    };
    (@steps $k:ident, $n:expr, $body:block, $($step:literal)*) => {
        const { assert!([$($step),*].len() >= FIXED_MAX_N) };
        $(
            if $step < $n {
                let $k: usize = $step;
                $body
            }
        )*
    };
}

/// [`refactor_unblocked`] for the order N.
fn refactor_fixed<const N: usize>(a: &[f64], m: &mut [f64], swaps: &mut [usize]) -> bool {
    identity_minus(a, m, N);
    let m = columns_mut::<N>(m);
    let swaps = swaps.first_chunk_mut::<N>().expect("N swaps");
    unrolled!(k in 0..N => {
        if !eliminate_fixed(m, swaps, k) {
            return false;
        }
    });
    all_finite(m.as_flattened())
}

/// Pivot step `k` of [`factor_unblocked`] on N columns; false at an unusable pivot.
#[inline(always)]
fn eliminate_fixed<const N: usize>(
    m: &mut [[f64; N]; N],
    swaps: &mut [usize; N],
    k: usize,
) -> bool {
    let (offset, pivot_abs) = pivot(&m[k][k..]);
    if !positive_finite(pivot_abs) {
        return false;
    }
    let p = k + offset;
    swaps[k] = p;
    if p != k {
        for col in m.iter_mut() {
            col.swap(k, p);
        }
    }
    let (head, tail) = m.split_at_mut(k + 1);
    let col_k = &mut head[k];
    let inv_pivot = 1.0 / col_k[k];
    for v in &mut col_k[k + 1..] {
        *v *= inv_pivot;
    }
    let l_col = &col_k[k + 1..];
    for col_j in tail {
        let factor = col_j[k];
        if factor != 0.0 {
            for (x, l) in col_j[k + 1..].iter_mut().zip(l_col) {
                *x -= factor * l;
            }
        }
    }
    true
}

/// [`solve_unblocked`] for the order N, given the row order of P M (`order`, the
/// permutation the swaps produce) instead of the swaps.
///
/// The right-hand side is gathered into a local array by `order`, and every index after that
/// is a constant, so the substitutions run in registers: no step waits for a store to reach
/// the next load. The arithmetic is [`solve_unblocked`]'s, in its order.
fn solve_fixed<const N: usize>(lu: &[f64], order: &[usize], inverse: &[f64], b: &mut [f64]) {
    let lu = columns::<N>(lu);
    let order = order.first_chunk::<N>().expect("N rows");
    let inverse = inverse.first_chunk::<N>().expect("N reciprocals");
    let b = b.first_chunk_mut::<N>().expect("N entries");
    let mut x: [f64; N] = std::array::from_fn(|i| b[order[i]]);
    // L z = P b.
    unrolled!(k in 0..N => {
        let zk = x[k];
        if zk != 0.0 {
            for (x, l) in x[k + 1..].iter_mut().zip(&lu[k][k + 1..]) {
                *x -= zk * l;
            }
        }
    });
    // U x = z.
    unrolled!(step in 0..N => {
        let k = N - 1 - step;
        let col = &lu[k];
        x[k] *= inverse[k];
        let xk = x[k];
        if xk != 0.0 {
            for (x, u) in x[..k].iter_mut().zip(&col[..k]) {
                *x -= xk * u;
            }
        }
    });
    *b = x;
}

/// The offset of the first entry of largest magnitude in `col` (a strictly larger
/// one replaces it, so ties go to the first and NaN never wins) and that magnitude;
/// (0, −1) when there is none.
#[inline(always)]
fn pivot(col: &[f64]) -> (usize, f64) {
    col.iter()
        .map(|v| v.abs())
        .enumerate()
        .fold(
            (0, -1.0_f64),
            |best, (i, v)| if v > best.1 { (i, v) } else { best },
        )
}

/// Whether 0 < `x` < ∞ (false for NaN): for a pivot magnitude, that it is usable.
///
/// On the bits, as one subtraction and one comparison: the positive finite non-zero
/// doubles are exactly those whose bits lie in 1 ..= bits(∞) − 1 (zero, ∞, NaN and
/// every negative value fall outside). The compiler turns the two float comparisons
/// into a much longer classification sequence.
#[inline(always)]
pub(crate) fn positive_finite(x: f64) -> bool {
    x.to_bits().wrapping_sub(1) < f64::INFINITY.to_bits() - 1
}

/// Whether every entry is finite, without a branch per entry.
#[inline(always)]
fn all_finite(data: &[f64]) -> bool {
    data.iter().fold(true, |ok, v| ok & v.is_finite())
}

/// faer's blocked, recursive LU; returns the forward row permutation.
fn factor_blocked(m: &mut DMatrix<f64>) -> Vec<usize> {
    let n = m.nrows();
    let par = parallelism(n);
    let mut perm_fwd = vec![0; n];
    let mut perm_bwd = vec![0; n];
    let mut buffer = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
        n,
        n,
        par,
        Default::default(),
    ));
    factor::lu_in_place(
        as_faer_mut(m),
        &mut perm_fwd,
        &mut perm_bwd,
        par,
        MemStack::new(&mut buffer),
        Default::default(),
    );
    perm_fwd
}

/// Writes into `perm` the permutation that applying `swaps` in order produces: row `i` of
/// the swapped rows is row `perm[i]` of the original.
fn permutation_from_swaps(swaps: &[usize], perm: &mut [usize]) {
    for (i, p) in perm.iter_mut().enumerate() {
        *p = i;
    }
    for (k, &p) in swaps.iter().enumerate() {
        perm.swap(k, p);
    }
}

/// A sequence of swaps that, applied in order, produces `perm`.
fn swaps_from_permutation(perm: &[usize]) -> Vec<usize> {
    let n = perm.len();
    let mut current: Vec<usize> = (0..n).collect();
    let mut position: Vec<usize> = (0..n).collect();
    let mut swaps = Vec::with_capacity(n);
    for k in 0..n {
        let j = position[perm[k]];
        swaps.push(j);
        current.swap(k, j);
        position[current[k]] = k;
        position[current[j]] = j;
    }
    swaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }

    /// [`bits`] with every NaN as the one canonical quiet NaN.
    fn nan_free_bits(values: &[f64]) -> Vec<u64> {
        values
            .iter()
            .map(|v| if v.is_nan() { f64::NAN } else { *v }.to_bits())
            .collect()
    }

    /// A random coefficient matrix A of order `n`, column-major, of one of five kinds
    /// (the kernels factor I − A): entries in (−1, 1), so that pivots move rows; small
    /// non-negative entries, as in a productive table; entries from a small set with
    /// both zeros, so that pivots tie, factors and solution entries are ±0 and matrices
    /// are often singular; and the last two kinds with a few of ±1e300, 1e-300, ∞ or
    /// NaN among them, so that entries overflow and factorisations fail part-way.
    fn coefficients(n: usize) -> impl Strategy<Value = Vec<f64>> {
        let len = n * n;
        let uniform = || -1.0f64..1.0;
        let small_set = || prop::sample::select(vec![0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0]);
        let special = || prop::sample::select(vec![1e300, -1e300, 1e-300, f64::INFINITY, f64::NAN]);
        let mixed = prop_oneof![
            10 => uniform(),
            10 => small_set(),
            1 => special(),
        ];
        prop_oneof![
            proptest::collection::vec(uniform(), len),
            proptest::collection::vec(0.0f64..0.2, len),
            proptest::collection::vec(small_set(), len),
            (proptest::collection::vec(uniform(), len), 0..len, special()).prop_map(
                |(mut values, at, value)| {
                    values[at] = value;
                    values
                }
            ),
            proptest::collection::vec(mixed, len),
        ]
    }

    /// Right-hand sides of order `n`, with zeros of both signs among them.
    fn right_hand_sides(n: usize) -> impl Strategy<Value = Vec<Vec<f64>>> {
        let entry = prop_oneof![
            3 => -1e3f64..1e3,
            1 => prop::sample::select(vec![0.0, -0.0, 1.0]),
        ];
        proptest::collection::vec(proptest::collection::vec(entry, n), 3)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        // The fixed-order kernels (the refactor's and solves' fast path) give what the
        // general kernels give, to the bit: the factors, the swaps and whether the
        // factorisation succeeded (also where it fails, part-way, except for the sign of
        // NaNs in the unusable failed factors), and every solution.
        #[test]
        fn fixed_order_kernels_equal_the_general_ones_bit_for_bit(
            (n, a, rhs) in (1..=FIXED_MAX_N)
                .prop_flat_map(|n| (Just(n), coefficients(n), right_hand_sides(n)))
        ) {
            let fixed = FixedOrder::of(n).unwrap();
            let (mut m_fixed, mut swaps_fixed) = (vec![0.0; n * n], vec![0; n]);
            let (mut m_general, mut swaps_general) = (vec![0.0; n * n], vec![0; n]);
            let ok_fixed = (fixed.refactor)(&a, &mut m_fixed, &mut swaps_fixed);
            let ok_general = refactor_unblocked(&a, &mut m_general, &mut swaps_general, n);
            prop_assert_eq!(ok_fixed, ok_general);
            if ok_fixed {
                prop_assert_eq!(bits(&m_fixed), bits(&m_general));
            } else {
                // A failed factorisation is never used; where it holds NaN, the sign the
                // hardware gives a NaN made from ∞ (−NaN for ∞ − ∞, +NaN passed through)
                // depends on which operand the compiler put first. Every other entry
                // must still match to the bit.
                prop_assert_eq!(nan_free_bits(&m_fixed), nan_free_bits(&m_general));
            }
            prop_assert_eq!(&swaps_fixed, &swaps_general);
            if ok_fixed {
                let inverse_fixed = inverse_diagonal(&m_fixed, n);
                let inverse_general = inverse_diagonal(&m_general, n);
                let mut order_fixed = vec![0; n];
                permutation_from_swaps(&swaps_fixed, &mut order_fixed);
                for b in rhs {
                    let (mut x_fixed, mut x_general) = (b.clone(), b);
                    (fixed.solve)(&m_fixed, &order_fixed, &inverse_fixed, &mut x_fixed);
                    solve_unblocked(&m_general, &swaps_general, &inverse_general, &mut x_general, n);
                    prop_assert_eq!(bits(&x_fixed), bits(&x_general));
                }
            }
        }
    }

    proptest! {
        // The test on the bits is the comparisons it replaced (the pivot's and the
        // productivity check's) for every double.
        #[test]
        fn positive_finite_is_the_float_comparison(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            let rejected = x <= 0.0 || !x.is_finite();
            prop_assert_eq!(positive_finite(x), !rejected);
            prop_assert_eq!(positive_finite(x), x.is_finite() && x > 0.0);
        }
    }

    #[test]
    fn positive_finite_at_the_edges() {
        let usable = [f64::from_bits(1), f64::MIN_POSITIVE, 1.0, f64::MAX];
        let unusable = [0.0, -0.0, -1.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
        assert!(usable.into_iter().all(positive_finite));
        assert!(!unusable.into_iter().any(positive_finite));
        assert!(!positive_finite(-f64::NAN));
    }

    // Every order up to FIXED_MAX_N has fixed kernels, none beyond.
    #[test]
    fn fixed_orders_cover_one_to_fixed_max_n() {
        assert!(FixedOrder::of(0).is_none());
        assert!((1..=FIXED_MAX_N).all(|n| FixedOrder::of(n).is_some()));
        assert!(FixedOrder::of(FIXED_MAX_N + 1).is_none());
    }

    proptest! {
        // Property: the two permutation encodings are inverse to each other.
        #[test]
        fn swaps_round_trip(perm in Just((0..40usize).collect::<Vec<_>>()).prop_shuffle()) {
            let swaps = swaps_from_permutation(&perm);
            prop_assert!(swaps.iter().enumerate().all(|(k, &j)| j >= k));
            let mut round_trip = vec![0; swaps.len()];
            permutation_from_swaps(&swaps, &mut round_trip);
            prop_assert_eq!(round_trip, perm);
        }
    }

    /// A random coefficient matrix of order 1 to 20 (both sides of [`FIXED_MAX_N`]), as
    /// [`coefficients`] makes them, with one right-hand side.
    fn system() -> impl Strategy<Value = (usize, Vec<f64>, Vec<f64>)> {
        (1..=FIXED_MAX_N + 4).prop_flat_map(|n| {
            let rhs = right_hand_sides(n).prop_map(|mut b| b.swap_remove(0));
            (Just(n), coefficients(n), rhs)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // One ReducedLu, refactored for systems of changing order (larger and smaller than
        // the last, as the capacity solve's passes are), gives Lu::new's success flag and
        // solutions to the bit, and leaves nothing behind from the previous order.
        #[test]
        fn reduced_lu_equals_a_fresh_factorisation_at_every_order(
            systems in proptest::collection::vec(system(), 1..6)
        ) {
            let mut reduced = ReducedLu::with_max_order(FIXED_MAX_N + 4);
            for (n, a, b) in systems {
                let i_minus_a = DMatrix::identity(n, n) - DMatrix::from_column_slice(n, n, &a);
                let fresh = Lu::new(i_minus_a);
                // The gathered matrix may sit in a longer buffer, as the solver's does.
                let mut buffer = a.clone();
                buffer.extend([f64::NAN; 7]);
                let ok = reduced.refactor(&buffer, n);
                prop_assert_eq!(ok, fresh.is_some());
                if let Some(fresh) = fresh {
                    let (mut x_reduced, mut x_fresh) = (b.clone(), b);
                    x_reduced.push(f64::NAN);
                    reduced.solve_in_slice(&mut x_reduced);
                    fresh.solve_in_slice(&mut x_fresh);
                    prop_assert_eq!(bits(&x_reduced[..n]), bits(&x_fresh));
                    prop_assert!(x_reduced[n].is_nan(), "an entry past the order was written");
                }
            }
        }
    }

    #[test]
    fn reduced_lu_refuses_orders_beyond_its_storage() {
        let mut reduced = ReducedLu::with_max_order(2);
        assert!(reduced.refactor(&[0.5], 1));
        assert!(!reduced.refactor(&[0.0; 9], 3));
        assert!(
            !reduced.refactor(&[0.0; 3], 2),
            "a buffer shorter than n² is refused"
        );
        assert!(reduced.refactor(&[], 0));
    }

    // Closed form: for a diagonally dominant M = 2I + small off-diagonal
    // ones, M·(M⁻¹ e) = e whichever path factors it; the blocked and unblocked
    // paths must agree on the same matrix to rounding.
    #[test]
    fn blocked_and_unblocked_agree() {
        let n = BLOCKED_MIN_N + 7;
        let m = DMatrix::from_fn(n, n, |i, j| {
            if i == j {
                2.0
            } else {
                ((i * 7 + j * 3) % 11) as f64 / (10.0 * n as f64)
            }
        });
        let blocked = Lu::new(m.clone()).unwrap();
        let mut unblocked_packed = m.clone();
        let mut swaps = vec![0; n];
        assert!(factor_unblocked(
            unblocked_packed.as_mut_slice(),
            &mut swaps,
            n
        ));
        let b = DVector::from_fn(n, |i, _| 1.0 + i as f64);
        let x = {
            let mut x = b.clone();
            blocked.solve_in_place(&mut x);
            x
        };
        assert!((&m * &x - &b).amax() < 1e-12);
        let mut xt = b.clone();
        blocked.solve_transpose_in_place(&mut xt);
        assert!((m.transpose() * &xt - &b).amax() < 1e-12);
        let inv = blocked.inverse();
        assert!((&m * &inv - DMatrix::identity(n, n)).amax() < 1e-12);
        let mut x_unblocked = b.clone();
        solve_unblocked(
            unblocked_packed.as_slice(),
            &swaps,
            &inverse_diagonal(unblocked_packed.as_slice(), n),
            x_unblocked.as_mut_slice(),
            n,
        );
        assert!((&x - &x_unblocked).amax() < 1e-12);
    }
}
