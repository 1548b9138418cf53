//! The capacity-constrained solve against a plain reference on random productive tables.

use chainsim_io::{CapacitySolver, CapacityUpdate, Leontief};
use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;

use crate::tolerance::{AGREEMENT, ROUNDING};

/// The algorithm of the solver written plainly, with nalgebra's LU on each reduced system:
/// sectors over capacity fixed there, the rest solved from (I − A_EE) x_E = f_E + A_EX c_X,
/// and any capped sector left with more than f (1 + 10⁻¹²) for final users released, until
/// none is. Returns the output, the unmet demand and the capped sectors, or `None` for a
/// singular reduced system.
fn reference(
    a: &DMatrix<f64>,
    f: &[f64],
    capacity: &[f64],
    demand_driven: &[f64],
) -> Option<(Vec<f64>, Vec<f64>, Vec<bool>)> {
    let n = f.len();
    let mut x = demand_driven.to_vec();
    let mut capped: Vec<bool> = (0..n).map(|i| x[i] > capacity[i]).collect();
    loop {
        let mut unmet = vec![0.0; n];
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
            let solution = system.lu().solve(&rhs)?;
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
            return Some((x, unmet, capped));
        }
    }
}

/// A random productive A of order `n`: non-negative, about a third of the entries zero,
/// column sums in [0.05, 0.95] (so ρ(A) ≤ ‖A‖₁ < 1).
fn productive_a(n: usize) -> impl Strategy<Value = DMatrix<f64>> {
    (
        proptest::collection::vec(0.0f64..1.0, n * n),
        proptest::collection::vec(0.05f64..0.95, n),
        proptest::collection::vec(prop::bool::weighted(0.3), n * n),
    )
        .prop_map(move |(values, col_sums, zero)| {
            let mut a = DMatrix::from_vec(n, n, values);
            for (v, z) in a.iter_mut().zip(zero) {
                if z {
                    *v = 0.0;
                }
            }
            for (j, mut col) in a.column_iter_mut().enumerate() {
                let s = col.sum();
                if s > 0.0 {
                    col *= col_sums[j] / s;
                }
            }
            a
        })
}

/// One problem: A, f ≥ 0, and each sector's capacity as a share of its demand-driven
/// output (below one: over capacity at first), or no limit for about a quarter of them.
/// The chance of a sector being over capacity varies from problem to problem, so that some
/// problems cap most sectors (and release some) and others leave more than 16 free.
fn problem(n: usize) -> impl Strategy<Value = (DMatrix<f64>, Vec<f64>, Vec<Option<f64>>)> {
    let shares = (0.02f64..0.6).prop_flat_map(move |over| {
        let share = (
            prop::bool::weighted(0.25),
            prop::bool::weighted(over),
            0.5f64..1.0,
            1.0f64..1.5,
        )
            .prop_map(|(unlimited, is_over, below, above)| {
                (!unlimited).then_some(if is_over { below } else { above })
            });
        proptest::collection::vec(share, n)
    });
    (
        productive_a(n),
        proptest::collection::vec(0.0f64..1000.0, n),
        shares,
    )
}

/// The demand-driven output and the capacities of a problem.
fn demand_driven_and_capacity(
    a: &DMatrix<f64>,
    f: &[f64],
    shares: &[Option<f64>],
) -> (Vec<f64>, Vec<f64>) {
    let x = Leontief::new(a)
        .unwrap()
        .solve(&DVector::from_column_slice(f));
    let capacity = x
        .iter()
        .zip(shares)
        .map(|(&x, share)| share.map_or(f64::INFINITY, |s| x * s))
        .collect();
    (x.as_slice().to_vec(), capacity)
}

/// A solve's output, unmet demand and capped sectors against the reference's: the same
/// capped sectors, outputs and unmet demand to 1e-10 relative (unmet demand relative to the
/// sector's output), every output within its capacity and unmet demand non-negative (to
/// rounding), capped sectors held at capacity exactly, nothing unmet for the others, and
/// (I − A) x = f on their rows to rounding.
fn agrees_with_the_reference(
    a: &DMatrix<f64>,
    f: &[f64],
    capacity: &[f64],
    (x, unmet, capped): (&[f64], &[f64], &[bool]),
    (x_ref, unmet_ref, capped_ref): (&[f64], &[f64], &[bool]),
) -> Result<(), TestCaseError> {
    let n = f.len();
    prop_assert_eq!(capped, capped_ref);
    for i in 0..n {
        let scale = x_ref[i].abs();
        prop_assert!(
            (x[i] - x_ref[i]).abs() <= AGREEMENT * scale,
            "x[{}]: {} vs {}",
            i,
            x[i],
            x_ref[i]
        );
        prop_assert!(
            (unmet[i] - unmet_ref[i]).abs() <= AGREEMENT * scale,
            "unmet[{}]: {} vs {}",
            i,
            unmet[i],
            unmet_ref[i]
        );
        prop_assert!(
            x[i] <= capacity[i] * (1.0 + ROUNDING),
            "x[{}] = {} over capacity {}",
            i,
            x[i],
            capacity[i]
        );
        prop_assert!(
            unmet[i] >= -ROUNDING * f[i].max(1.0),
            "unmet[{}] = {}",
            i,
            unmet[i]
        );
        if capped[i] {
            prop_assert_eq!(x[i].to_bits(), capacity[i].to_bits());
        } else {
            prop_assert_eq!(unmet[i].to_bits(), 0.0f64.to_bits());
            let delivered: f64 = (0..n).map(|j| a[(i, j)] * x[j]).sum();
            let balance = x[i] - delivered - f[i];
            let size = x.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            prop_assert!(
                balance.abs() <= ROUNDING * size,
                "row {} of (I − A) x − f is {}",
                i,
                balance
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // The solver agrees with the reference to 1e-10 relative (outputs relative to
    // themselves, unmet demand relative to the sector's output), holds capped sectors at
    // capacity exactly, keeps every output within its capacity and unmet demand
    // non-negative (to rounding), and balances (I − A) x = f on the rows of the sectors it
    // did not cap. Orders 1 to 20 put the reduced systems on both sides of the fixed-order
    // kernels' limit of 16.
    #[test]
    fn capacity_solve_agrees_with_the_reference(
        (a, f, shares) in (1usize..=20).prop_flat_map(problem)
    ) {
        let n = f.len();
        let (demand_driven, capacity) = demand_driven_and_capacity(&a, &f, &shares);
        let (x_ref, unmet_ref, capped_ref) = reference(&a, &f, &capacity, &demand_driven)
            .expect("a productive A has no singular reduced system");

        let mut solver = CapacitySolver::new(n);
        let (mut x, mut unmet) = (demand_driven.clone(), vec![f64::NAN; n]);
        solver.solve(&a, &f, &capacity, &mut x, &mut unmet).unwrap();

        agrees_with_the_reference(&a, &f, &capacity, (&x, &unmet, solver.capped()), (&x_ref, &unmet_ref, &capped_ref))?;
    }

    // A solver that has solved another problem of the same order (other sectors capped,
    // other reduced orders) gives a fresh solver's results to the bit: nothing of one solve
    // leaks into the next through the reused storage.
    #[test]
    fn a_reused_solver_equals_a_fresh_one(
        ((a, f, shares), (b, g, other_shares)) in (1usize..=20)
            .prop_flat_map(|n| (problem(n), problem(n)))
    ) {
        let n = f.len();
        let mut reused = CapacitySolver::new(n);
        let (x_b, caps_b) = demand_driven_and_capacity(&b, &g, &other_shares);
        let (mut x, mut unmet) = (x_b, vec![0.0; n]);
        reused.solve(&b, &g, &caps_b, &mut x, &mut unmet).unwrap();

        let (x_a, caps_a) = demand_driven_and_capacity(&a, &f, &shares);
        let (mut x_reused, mut unmet_reused) = (x_a.clone(), vec![0.0; n]);
        reused.solve(&a, &f, &caps_a, &mut x_reused, &mut unmet_reused).unwrap();
        let (mut x_fresh, mut unmet_fresh) = (x_a, vec![0.0; n]);
        let mut fresh = CapacitySolver::new(n);
        fresh.solve(&a, &f, &caps_a, &mut x_fresh, &mut unmet_fresh).unwrap();

        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&x_reused), bits(&x_fresh));
        prop_assert_eq!(bits(&unmet_reused), bits(&unmet_fresh));
        prop_assert_eq!(reused.capped(), fresh.capped());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // The update from L's columns agrees with the same reference (the reduced systems,
    // solved plainly) as the solver does, in every respect the solver's test checks.
    #[test]
    fn capacity_update_agrees_with_the_reference(
        (a, f, shares) in (1usize..=20).prop_flat_map(problem)
    ) {
        let n = f.len();
        let (demand_driven, capacity) = demand_driven_and_capacity(&a, &f, &shares);
        let (x_ref, unmet_ref, capped_ref) = reference(&a, &f, &capacity, &demand_driven)
            .expect("a productive A has no singular reduced system");

        let l = Leontief::new(&a).unwrap().inverse();
        let mut update = CapacityUpdate::new(n);
        let (mut x, mut unmet) = (demand_driven.clone(), vec![f64::NAN; n]);
        update.solve(|i, j| l[(i, j)], &f, &capacity, &mut x, &mut unmet).unwrap();

        agrees_with_the_reference(&a, &f, &capacity, (&x, &unmet, update.capped()), (&x_ref, &unmet_ref, &capped_ref))?;
    }
}
