//! Checks shared by the constructors: finiteness, signs and shapes.

use nalgebra::{DMatrix, DVector};

use crate::error::IoError;

/// Every entry is finite.
///
/// # Errors
/// [`IoError::NonFinite`] naming `what` and the first offending entry, column by column.
pub fn finite_matrix(what: &'static str, m: &DMatrix<f64>) -> Result<(), IoError> {
    for col in 0..m.ncols() {
        for row in 0..m.nrows() {
            let value = m[(row, col)];
            if !value.is_finite() {
                return Err(IoError::NonFinite {
                    what,
                    row,
                    col,
                    value,
                });
            }
        }
    }
    Ok(())
}

/// Every entry is finite and non-negative.
pub(crate) fn non_negative_matrix(what: &'static str, m: &DMatrix<f64>) -> Result<(), IoError> {
    finite_matrix(what, m)?;
    for col in 0..m.ncols() {
        for row in 0..m.nrows() {
            let value = m[(row, col)];
            if value < 0.0 {
                return Err(IoError::Negative {
                    what,
                    row,
                    col,
                    value,
                });
            }
        }
    }
    Ok(())
}

/// Every entry is finite.
pub(crate) fn finite_vector(what: &'static str, v: &DVector<f64>) -> Result<(), IoError> {
    match v.iter().position(|x| !x.is_finite()) {
        Some(row) => Err(IoError::NonFinite {
            what,
            row,
            col: 0,
            value: v[row],
        }),
        None => Ok(()),
    }
}

/// Every entry is finite and non-negative.
pub(crate) fn non_negative_vector(what: &'static str, v: &DVector<f64>) -> Result<(), IoError> {
    finite_vector(what, v)?;
    match v.iter().position(|&x| x < 0.0) {
        Some(row) => Err(IoError::Negative {
            what,
            row,
            col: 0,
            value: v[row],
        }),
        None => Ok(()),
    }
}

/// The vector has one entry per sector.
pub(crate) fn vector_len(
    what: &'static str,
    v: &DVector<f64>,
    n_sectors: usize,
) -> Result<(), IoError> {
    if v.len() == n_sectors {
        Ok(())
    } else {
        Err(IoError::DimensionMismatch {
            what,
            expected: n_sectors,
            found: v.len(),
        })
    }
}

/// The matrix is square.
pub(crate) fn square(what: &'static str, m: &DMatrix<f64>) -> Result<(), IoError> {
    if m.is_square() {
        Ok(())
    } else {
        Err(IoError::NotSquare {
            what,
            rows: m.nrows(),
            cols: m.ncols(),
        })
    }
}

/// Labels are unique.
pub(crate) fn unique_labels<T: std::fmt::Display + Eq + std::hash::Hash>(
    what: &'static str,
    labels: &[T],
) -> Result<(), IoError> {
    let mut seen = std::collections::HashSet::with_capacity(labels.len());
    for label in labels {
        if !seen.insert(label) {
            return Err(IoError::DuplicateLabel {
                what,
                label: label.to_string(),
            });
        }
    }
    Ok(())
}
