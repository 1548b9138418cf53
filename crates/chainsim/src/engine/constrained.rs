//! The input–output solve with capacity limits: the mixed model for sectors at capacity.
//!
//! Demand-driven output `x = (I − A)⁻¹ f` may exceed a sector's capacity `c_i`. Such sectors
//! become exogenous at `x_i = c_i` (Miller & Blair §13.1, the mixed model); the others solve
//! `x_E = (I − A_EE)⁻¹ (f_E + A_EX c_X)`. Deliveries to other sectors come first, so what a
//! capped sector has left for final users is `f̃_i = c_i − Σ_j a_ij x_j`, and its unmet final
//! demand is `f_i − f̃_i`. Capping a sector only lowers the others' output (A ≥ 0), so no
//! new sector goes over capacity; a capped sector whose need falls below its capacity once
//! its buyers are cut (`f̃_i > f_i`) is released, and the solve repeats (at most n times).

use nalgebra::{DMatrix, DVector};

/// Applies capacity limits to the demand-driven output `x` (updated in place) for final
/// demand `f`, writing each sector's unmet final demand into `unmet` (zero when not capped).
/// Sectors without a limit have capacity `f64::INFINITY`. Returns false when the reduced
/// system is singular (a non-productive submatrix), which cannot happen for a productive A.
pub fn apply_capacity(
    a: &DMatrix<f64>,
    f: &[f64],
    capacity: &[f64],
    x: &mut [f64],
    unmet: &mut [f64],
) -> bool {
    let n = x.len();
    unmet.fill(0.0);
    let mut capped: Vec<bool> = x.iter().zip(capacity).map(|(x, c)| x > c).collect();
    if !capped.contains(&true) {
        return true;
    }
    for _ in 0..=n {
        let free: Vec<usize> = (0..n).filter(|&i| !capped[i]).collect();
        let fixed: Vec<usize> = (0..n).filter(|&i| capped[i]).collect();
        for &i in &fixed {
            x[i] = capacity[i];
        }
        if !free.is_empty() {
            let m = free.len();
            let system = DMatrix::from_fn(m, m, |r, c| {
                let identity = if r == c { 1.0 } else { 0.0 };
                identity - a[(free[r], free[c])]
            });
            let rhs = DVector::from_fn(m, |r, _| {
                let i = free[r];
                f[i] + fixed.iter().map(|&j| a[(i, j)] * capacity[j]).sum::<f64>()
            });
            let Some(solution) = system.lu().solve(&rhs) else {
                return false;
            };
            for (r, &i) in free.iter().enumerate() {
                x[i] = solution[r];
            }
        }
        let mut released = false;
        for &i in &fixed {
            let left_for_final = x[i] - (0..n).map(|j| a[(i, j)] * x[j]).sum::<f64>();
            if left_for_final > f[i] * (1.0 + 1e-12) {
                capped[i] = false;
                released = true;
            } else {
                unmet[i] = f[i] - left_for_final;
            }
        }
        if !released {
            return true;
        }
        unmet.fill(0.0);
    }
    // Each pass releases at least one sector, so by pass n + 1 none is left to release.
    unreachable!("the capacity solve releases a sector on every pass, and there are n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_sector() -> DMatrix<f64> {
        // Miller & Blair Table 2.3: A = [[0.15, 0.25], [0.20, 0.05]], f = [600, 1500]
        // gives x = [1247.52, 1841.58].
        DMatrix::from_row_slice(2, 2, &[0.15, 0.25, 0.20, 0.05])
    }

    #[test]
    fn no_limit_binding_leaves_the_solution() {
        let mut x = [1247.524752475, 1841.584158416];
        let mut unmet = [9.0; 2];
        assert!(apply_capacity(
            &two_sector(),
            &[600.0, 1500.0],
            &[2000.0, f64::INFINITY],
            &mut x,
            &mut unmet
        ));
        assert!(unmet.iter().all(|&u| u.abs() < 1e-12), "{unmet:?}");
        assert!((x[0] - 1247.524752475).abs() < 1e-9);
    }

    #[test]
    fn a_capped_sector_passes_its_shortfall_to_final_demand() {
        // Sector 2 capped at 1700. By hand: x₁ = (600 + 0.25·1700)/0.85 = 1205.882353;
        // final use left for sector 2 = 1700 − 0.20·1205.882353 − 0.05·1700 = 1373.823529,
        // so 1500 − 1373.823529 = 126.176471 is unmet.
        let mut x = [1247.524752475, 1841.584158416];
        let mut unmet = [0.0; 2];
        assert!(apply_capacity(
            &two_sector(),
            &[600.0, 1500.0],
            &[f64::INFINITY, 1700.0],
            &mut x,
            &mut unmet
        ));
        assert!((x[0] - 1205.882352941).abs() < 1e-6, "{x:?}");
        assert!((x[1] - 1700.0).abs() < 1e-12);
        assert!((unmet[1] - 126.176470588).abs() < 1e-6, "{unmet:?}");
        assert!(unmet[0].abs() < 1e-12);
    }

    #[test]
    fn a_sector_no_longer_short_once_its_buyer_is_capped_is_released() {
        // Both over capacity at first: x = [1247.52, 1841.58] vs caps [1240, 1700]. Capping
        // both leaves sector 1 final use 1240 − 0.15·1240 − 0.25·1700 = 629 > 600, so sector 1
        // is released and the previous case's solution (x₁ = 1205.88) results.
        let mut x = [1247.524752475, 1841.584158416];
        let mut unmet = [0.0; 2];
        assert!(apply_capacity(
            &two_sector(),
            &[600.0, 1500.0],
            &[1240.0, 1700.0],
            &mut x,
            &mut unmet
        ));
        assert!((x[0] - 1205.882352941).abs() < 1e-6, "{x:?}");
        assert!(unmet[0].abs() < 1e-12);
        assert!((unmet[1] - 126.176470588).abs() < 1e-6);
    }
}
