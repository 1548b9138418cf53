//! Checks shared by the constructors: finiteness, signs and shapes.
//!
//! The public ones are for code that takes inputs for the toolkit's models (final demand,
//! shocks, accounts) and wants the toolkit's errors for them.

use nalgebra::{DMatrix, DVector};

use crate::error::IoError;
use crate::table::Block;

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

/// A block of labelled columns over the sectors (final-demand scenarios or shocks,
/// sectors × columns) has one row per sector, one label per column and only finite values.
///
/// # Errors
///
/// [`IoError::DimensionMismatch`] if `block` does not have `n_sectors` rows;
/// [`IoError::LabelMismatch`] if it has a different number of labels and columns;
/// [`IoError::NonFinite`] naming the first non-finite value, column by column. Each names
/// `what`.
///
/// # Examples
///
/// ```
/// use chainsim_io::{Block, IoError, finite_column_block};
/// use nalgebra::dmatrix;
///
/// // Two shocks to Miller & Blair's (2009) two-sector table of Table 2.3.
/// let shocks = Block { labels: vec!["a".into(), "b".into()], values: dmatrix![100.0, 0.0; -50.0, 10.0] };
/// assert!(finite_column_block("value-added change", &shocks, 2).is_ok());
/// assert!(matches!(
///     finite_column_block("value-added change", &shocks, 3),
///     Err(IoError::DimensionMismatch { expected: 3, found: 2, .. })
/// ));
/// ```
pub fn finite_column_block(
    what: &'static str,
    block: &Block,
    n_sectors: usize,
) -> Result<(), IoError> {
    if block.values.nrows() != n_sectors {
        return Err(IoError::DimensionMismatch {
            what,
            expected: n_sectors,
            found: block.values.nrows(),
        });
    }
    if block.labels.len() != block.values.ncols() {
        return Err(IoError::LabelMismatch {
            what,
            detail: format!(
                "{} labels for {} columns",
                block.labels.len(),
                block.values.ncols()
            ),
        });
    }
    finite_matrix(what, &block.values)
}

/// A vector over the sectors (a satellite account's coefficients, a final demand) has one
/// entry per sector, all finite.
///
/// # Errors
///
/// [`IoError::DimensionMismatch`] if `v` does not have `n_sectors` entries;
/// [`IoError::NonFinite`] naming the first non-finite entry (as row, column 0). Each names
/// `what`.
///
/// # Examples
///
/// ```
/// use chainsim_io::{IoError, finite_sector_vector};
/// use nalgebra::dvector;
///
/// // Miller & Blair (2009), section 2.3.1: labour input coefficients [0.30, 0.25].
/// assert!(finite_sector_vector("satellite account", &dvector![0.30, 0.25], 2).is_ok());
/// assert!(matches!(
///     finite_sector_vector("satellite account", &dvector![0.30, f64::NAN], 2),
///     Err(IoError::NonFinite { row: 1, col: 0, .. })
/// ));
/// ```
pub fn finite_sector_vector(
    what: &'static str,
    v: &DVector<f64>,
    n_sectors: usize,
) -> Result<(), IoError> {
    vector_len(what, v, n_sectors)?;
    finite_vector(what, v)
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
