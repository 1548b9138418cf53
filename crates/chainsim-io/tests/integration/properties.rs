//! Property tests (proptest) of the invariants the simulator relies on.

use chainsim_io::{Aggregation, IoModel, Label, Leontief, RasOptions, ras};
use nalgebra::{DMatrix, DVector};
use proptest::prelude::*;

/// A random productive A: non-negative entries with every column sum scaled
/// to at most `max_col_sum` < 1, so ρ(A) ≤ ‖A‖₁ < 1. Sizes straddle the
/// switch to the blocked LU at 64 sectors.
fn productive_a() -> impl Strategy<Value = DMatrix<f64>> {
    prop_oneof![1usize..12, 60usize..72].prop_flat_map(|n| {
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
    })
}

/// A productive A of order `n`, as [`productive_a`] builds them.
fn productive_a_of(n: usize) -> impl Strategy<Value = DMatrix<f64>> {
    (
        proptest::collection::vec(0.0f64..1.0, n * n),
        proptest::collection::vec(0.05f64..0.95, n),
    )
        .prop_map(move |(values, col_sums)| {
            let mut a = DMatrix::from_vec(n, n, values);
            for (j, mut col) in a.column_iter_mut().enumerate() {
                let s = col.sum();
                if s > 0.0 {
                    col *= col_sums[j] / s;
                }
            }
            a
        })
}

fn demand(n: usize) -> impl Strategy<Value = DVector<f64>> {
    proptest::collection::vec(0.0f64..1e4, n).prop_map(DVector::from_vec)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    // (I − A) x = y holds to 1e-9 relative, and x ≥ y ≥ 0 (x = y + A x with A, x ≥ 0).
    #[test]
    fn leontief_residual_and_sign((a, y) in productive_a().prop_flat_map(|a| { let n = a.nrows(); (Just(a), demand(n)) })) {
        let n = a.nrows();
        let leontief = Leontief::new(&a).unwrap();
        let x = leontief.solve(&y);
        let residual = (&x - &a * &x) - &y;
        let scale = y.amax().max(1.0);
        prop_assert!(residual.amax() <= 1e-9 * scale, "residual {}", residual.amax());
        prop_assert!(x.iter().zip(y.iter()).all(|(xi, yi)| *xi >= yi - 1e-9 * scale));
        // The transposed solve and the inverse agree with the plain solve.
        let l = leontief.inverse();
        prop_assert!((&l * &y - &x).amax() <= 1e-9 * x.amax().max(1.0));
        let ones = DVector::from_element(n, 1.0);
        let col_sums = leontief.solve_transpose(&ones);
        prop_assert!((col_sums - l.row_sum().transpose()).amax() <= 1e-9 * l.amax());
    }

    // Refactoring a factorisation of another matrix of the same order in place gives the
    // solutions of a fresh factorisation bit for bit (the simulator refactors every run).
    #[test]
    fn refactor_equals_a_fresh_factorisation((a, b, y) in productive_a().prop_flat_map(|a| {
        let n = a.nrows();
        (Just(a), productive_a_of(n), demand(n))
    })) {
        let mut reused = Leontief::new(&b).unwrap();
        reused.refactor(&a).unwrap();
        let fresh = Leontief::new(&a).unwrap();
        let (x, z) = (reused.solve(&y), fresh.solve(&y));
        prop_assert!(x.iter().zip(z.iter()).all(|(p, q)| p.to_bits() == q.to_bits()));
    }

    // The multiplier report's Type I output multipliers are L's column sums, all ≥ 1.
    #[test]
    fn output_multipliers_at_least_one(a in productive_a()) {
        let n = a.nrows();
        let model = IoModel::from_coefficients(Label::sectors((0..n).map(|i| format!("s{i}"))), a).unwrap();
        let report = chainsim_io::multipliers(&model, &Default::default()).unwrap();
        prop_assert!(report.sectors.iter().all(|r| r.output_type_i >= 1.0 - 1e-12));
    }

    // RAS output matches its margins when they come from a matrix with the
    // prior's zero pattern (so they are attainable).
    #[test]
    fn ras_matches_margins(
        (prior, target) in (2usize..8, 2usize..8).prop_flat_map(|(r, c)| (
            proptest::collection::vec(0.1f64..10.0, r * c).prop_map(move |v| DMatrix::from_vec(r, c, v)),
            proptest::collection::vec(0.1f64..10.0, r * c).prop_map(move |v| DMatrix::from_vec(r, c, v)),
        ))
    ) {
        let rows = target.column_sum();
        let cols = target.row_sum().transpose();
        let result = ras(&prior, &rows, &cols, RasOptions::default()).unwrap();
        let scale = rows.amax();
        prop_assert!((result.matrix.column_sum() - &rows).amax() <= 1e-9 * scale);
        prop_assert!((result.matrix.row_sum().transpose() - &cols).amax() <= 1e-9 * scale);
        prop_assert!(result.matrix.iter().all(|v| *v >= 0.0));
    }

    // Aggregating then disaggregating with the original values as weights gives
    // the original values back, and disaggregating then aggregating gives the totals.
    #[test]
    fn aggregation_round_trip(
        (groups, values, totals) in (1usize..6, 1usize..20).prop_flat_map(|(m, n)| (
            proptest::collection::vec(0..m, n),
            proptest::collection::vec(0.0f64..100.0, n),
            proptest::collection::vec(-100.0f64..100.0, m),
        ))
    ) {
        let assignment: Vec<Label> = groups.iter().map(|g| Label::sector(format!("g{g}"))).collect();
        let agg = Aggregation::new(assignment).unwrap();
        let x = DVector::from_vec(values);
        let summed = agg.aggregate_vector(&x);
        prop_assert!((summed.sum() - x.sum()).abs() <= 1e-9 * x.sum().max(1.0));
        let back = agg.disaggregate(&summed, &x).unwrap();
        prop_assert!((back - &x).amax() <= 1e-9 * x.amax().max(1.0));
        let t = DVector::from_vec(totals[..agg.targets().len()].to_vec());
        let spread = agg.disaggregate(&t, &x).unwrap();
        prop_assert!((agg.aggregate_vector(&spread) - &t).amax() <= 1e-9 * t.amax().max(1.0));
    }
}
