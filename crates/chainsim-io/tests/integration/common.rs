//! Helpers shared by the integration tests.

#![allow(dead_code)]

use nalgebra::{DMatrix, DVector};

/// Asserts every entry of `found` is within `tol` of `expected`.
pub fn assert_matrix_close(found: &DMatrix<f64>, expected: &DMatrix<f64>, tol: f64) {
    assert_eq!(found.shape(), expected.shape(), "shape");
    for (f, e) in found.iter().zip(expected.iter()) {
        assert!(
            (f - e).abs() <= tol,
            "found {found}expected {expected}(tolerance {tol})"
        );
    }
}

/// Asserts every entry of `found` is within `tol` of `expected`.
pub fn assert_vector_close(found: &DVector<f64>, expected: &[f64], tol: f64) {
    assert_eq!(found.len(), expected.len(), "length");
    for (f, e) in found.iter().zip(expected) {
        assert!(
            (f - e).abs() <= tol,
            "found {found}expected {expected:?} (tolerance {tol})"
        );
    }
}

/// Asserts each value is within `tol` of its expected value.
pub fn assert_values_close(found: &[f64], expected: &[f64], tol: f64) {
    assert_eq!(found.len(), expected.len(), "length");
    for (f, e) in found.iter().zip(expected) {
        assert!(
            (f - e).abs() <= tol,
            "found {found:?} expected {expected:?} (tolerance {tol})"
        );
    }
}
