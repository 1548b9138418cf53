//! The mixed model, RAS and aggregation against closed forms.

use crate::common::*;
use crate::tolerance::*;
use chainsim_io::{Aggregation, IoError, IoTable, Label, MixedModel, RasOptions, ras};
use nalgebra::{DMatrix, DVector, dmatrix, dvector};

// Miller & Blair (2009), Table 2.3 economy with manufacturing's output fixed
// at a capacity of 1500 and agricultural final demand 600 (by hand):
// x₁ = (600 + 0.25·1500)/0.85 = 975/0.85, f₂ = 0.95·1500 − 0.20·x₁.
#[test]
fn mixed_model_capacity_bound() {
    let mixed = MixedModel::new(&dmatrix![0.15, 0.25; 0.20, 0.05], &[1]).unwrap();
    let solution = mixed.solve(&dvector![600.0, 1500.0], &dvector![1500.0]);
    let x1 = 975.0 / 0.85;
    assert_vector_close(&solution.output, &[x1, 1500.0], ABS_1E9);
    assert_vector_close(
        &solution.final_demand,
        &[600.0, 0.95 * 1500.0 - 0.20 * x1],
        ABS_1E9,
    );
}

// With no sector fixed the mixed model is the Leontief model; with all fixed,
// f = (I − A) x.
#[test]
fn mixed_model_limits() {
    let a = dmatrix![0.15, 0.25; 0.20, 0.05];
    let open = MixedModel::new(&a, &[]).unwrap();
    let s = open.solve(&dvector![600.0, 1500.0], &DVector::zeros(0));
    assert_vector_close(&s.output, &[1247.52, 1841.58], PRINTED_2DP);
    let closed = MixedModel::new(&a, &[1, 0]).unwrap();
    let s = closed.solve(&dvector![0.0, 0.0], &dvector![2000.0, 1000.0]);
    assert_vector_close(&s.final_demand, &[350.0, 1700.0], ABS_1E9);
    assert!(matches!(
        MixedModel::new(&a, &[2]),
        Err(IoError::SectorOutOfRange {
            index: 2,
            n_sectors: 2
        })
    ));
    assert!(matches!(
        MixedModel::new(&a, &[0, 0]),
        Err(IoError::InvalidParameter { .. })
    ));
}

// RAS preserves the cross-product ratio of a 2×2 prior (Bacharach 1970): with
// prior [[1, 2], [3, 4]] (ratio 1·4/(2·3) = 2/3) and all margins 5, the
// solution is [[a, 5 − a], [5 − a, a]] with a²/(5 − a)² = 2/3, so
// a = 5·√(2/3)/(1 + √(2/3)).
#[test]
fn ras_two_by_two_closed_form() {
    let result = ras(
        &dmatrix![1.0, 2.0; 3.0, 4.0],
        &dvector![5.0, 5.0],
        &dvector![5.0, 5.0],
        RasOptions::default(),
    )
    .unwrap();
    let r = (2.0f64 / 3.0).sqrt();
    let a = 5.0 * r / (1.0 + r);
    assert_matrix_close(&result.matrix, &dmatrix![a, 5.0 - a; 5.0 - a, a], ABS_1E9);
    assert!(result.max_error <= 1e-10);
    // X = r̂ X₀ ŝ.
    let rebuilt = DMatrix::from_diagonal(&result.row_factors)
        * dmatrix![1.0, 2.0; 3.0, 4.0]
        * DMatrix::from_diagonal(&result.col_factors);
    assert_matrix_close(&rebuilt, &result.matrix, 1e-12);
}

#[test]
fn ras_errors() {
    let prior = dmatrix![1.0, 2.0; 3.0, 4.0];
    let err = ras(
        &prior,
        &dvector![5.0, 5.0],
        &dvector![5.0, 6.0],
        RasOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, IoError::InconsistentMargins { .. }));
    assert!(
        err.to_string()
            .starts_with("the RAS margins are inconsistent: row targets sum to 10")
    );
    let zero_row = dmatrix![0.0, 0.0; 3.0, 4.0];
    assert!(matches!(
        ras(
            &zero_row,
            &dvector![1.0, 6.0],
            &dvector![3.0, 4.0],
            RasOptions::default()
        ),
        Err(IoError::InfeasibleMargin {
            which: "row",
            index: 0,
            ..
        })
    ));
    // The zero pattern [[x, 0], [y, z]] needs row 1 = x ≤ column 1 = x + y; asking
    // row 1 = 6 > column 1 = 5 cannot be met, so RAS must stop at the cap.
    let err = ras(
        &dmatrix![1.0, 0.0; 1.0, 1.0],
        &dvector![6.0, 4.0],
        &dvector![5.0, 5.0],
        RasOptions {
            tolerance: 1e-10,
            max_iterations: 200,
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        IoError::NotConverged {
            iterations: 200,
            ..
        }
    ));
    assert!(matches!(
        ras(
            &prior,
            &dvector![5.0, f64::NAN],
            &dvector![5.0, 5.0],
            RasOptions::default()
        ),
        Err(IoError::NonFinite { .. })
    ));
}

// Aggregating Table 2.3 into one sector: Z = 950, x = 3000, value added 2050
// (Miller & Blair 2009, ch. 4: aggregation sums rows and columns).
#[test]
fn aggregate_to_one_sector() {
    let table = IoTable::new(
        Label::sectors(["agriculture", "manufacturing"]),
        dmatrix![150.0, 500.0; 200.0, 100.0],
        dvector![1000.0, 2000.0],
    )
    .unwrap()
    .with_final_demand(vec!["final demand".into()], dmatrix![350.0; 1700.0])
    .unwrap()
    .with_value_added(vec!["value added".into()], dmatrix![650.0, 1400.0])
    .unwrap()
    .with_satellites(vec!["jobs".into()], dmatrix![300.0, 500.0])
    .unwrap();
    let agg = Aggregation::new(vec![Label::sector("economy"); 2]).unwrap();
    let one = agg.aggregate_table(&table).unwrap();
    assert_eq!(one.sectors(), [Label::sector("economy")]);
    assert_matrix_close(one.flows(), &dmatrix![950.0], 0.0);
    assert_vector_close(one.output(), &[3000.0], 0.0);
    assert_vector_close(&one.total_value_added(), &[2050.0], 0.0);
    assert_vector_close(&one.total_final_demand(), &[2050.0], 0.0);
    assert_matrix_close(&one.satellites().values, &dmatrix![800.0], 0.0);
    // A of the aggregate is 950/3000, the output-weighted mean of the column sums.
    assert!((one.coefficients().unwrap()[(0, 0)] - 950.0 / 3000.0).abs() < 1e-15);
}

#[test]
fn aggregation_from_pairs_checks_labels() {
    let sources = vec![
        Label::regional("Jilin City", "chemicals"),
        Label::regional("rest of China", "chemicals"),
    ];
    let pairs = vec![(sources[0].clone(), Label::sector("chemicals"))];
    assert!(matches!(
        Aggregation::from_pairs(&sources, &pairs),
        Err(IoError::LabelMismatch { .. })
    ));
    let pairs = vec![
        (sources[0].clone(), Label::sector("chemicals")),
        (sources[1].clone(), Label::sector("chemicals")),
    ];
    let agg = Aggregation::from_pairs(&sources, &pairs).unwrap();
    assert_eq!(agg.targets().len(), 1);
    let split = agg
        .disaggregate(&dvector![10.0], &dvector![1.0, 3.0])
        .unwrap();
    assert_vector_close(&split, &[2.5, 7.5], 0.0);
}
