//! Technical (input) and allocation (output) coefficients from flows.

use nalgebra::{DMatrix, DVector};

use crate::error::IoError;
use crate::label::Label;
use crate::validate;

/// Technical coefficients A = Z x̂⁻¹: `a[(i, j)]` is what sector j buys
/// from sector i per unit of its own output (Miller & Blair 2009, section 2.2).
///
/// A sector with zero output and no inputs gets a zero column (it is inert);
/// one with zero output but positive inputs is an error.
///
/// # Errors
///
/// [`IoError::NotSquare`], [`IoError::DimensionMismatch`] (x has the wrong
/// length), [`IoError::NonFinite`], [`IoError::Negative`] (negative flow or
/// output), [`IoError::ZeroOutputWithInputs`].
///
/// # Examples
///
/// ```
/// use chainsim_io::technical_coefficients;
/// use nalgebra::{dmatrix, dvector};
///
/// // Miller & Blair (2009), Table 2.3.
/// let a = technical_coefficients(&dmatrix![150.0, 500.0; 200.0, 100.0], &dvector![1000.0, 2000.0])?;
/// assert!((a[(0, 1)] - 0.25).abs() < 1e-15);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
pub fn technical_coefficients(z: &DMatrix<f64>, x: &DVector<f64>) -> Result<DMatrix<f64>, IoError> {
    validate_flows(z, x)?;
    let mut a = z.clone();
    for (j, mut col) in a.column_iter_mut().enumerate() {
        if x[j] > 0.0 {
            col /= x[j];
        } else {
            let inputs = col.sum();
            if inputs > 0.0 {
                return Err(IoError::ZeroOutputWithInputs {
                    sector: j,
                    label: format!("#{j}"),
                    inputs,
                });
            }
        }
    }
    Ok(a)
}

/// Allocation coefficients B = x̂⁻¹ Z: `b[(i, j)]` is the share of sector
/// i's output sold to sector j (Miller & Blair 2009, ch. 12, the Ghosh
/// model's orientation; pymrio has no Ghosh matrices).
///
/// A sector with zero output and no sales gets a zero row; one with zero
/// output but positive sales is an error.
///
/// # Errors
///
/// As [`technical_coefficients`], with [`IoError::ZeroOutputWithSales`] for
/// the zero-output case.
pub fn allocation_coefficients(
    z: &DMatrix<f64>,
    x: &DVector<f64>,
) -> Result<DMatrix<f64>, IoError> {
    validate_flows(z, x)?;
    let mut b = z.clone();
    for (i, mut row) in b.row_iter_mut().enumerate() {
        if x[i] > 0.0 {
            row /= x[i];
        } else {
            let sales = row.sum();
            if sales > 0.0 {
                return Err(IoError::ZeroOutputWithSales {
                    sector: i,
                    label: format!("#{i}"),
                    sales,
                });
            }
        }
    }
    Ok(b)
}

/// Replaces the positional label in a zero-output error by the sector's name.
pub(crate) fn name_sector(err: IoError, sectors: &[Label]) -> IoError {
    match err {
        IoError::ZeroOutputWithInputs { sector, inputs, .. } => IoError::ZeroOutputWithInputs {
            sector,
            label: sectors[sector].to_string(),
            inputs,
        },
        IoError::ZeroOutputWithSales { sector, sales, .. } => IoError::ZeroOutputWithSales {
            sector,
            label: sectors[sector].to_string(),
            sales,
        },
        other => other,
    }
}

fn validate_flows(z: &DMatrix<f64>, x: &DVector<f64>) -> Result<(), IoError> {
    validate::square("flow matrix", z)?;
    validate::vector_len("total output", x, z.nrows())?;
    validate::non_negative_matrix("flow matrix", z)?;
    validate::non_negative_vector("total output", x)
}
