//! The accounting identities a published table satisfies, checked on reading:
//! a row's total output equals its intermediate and final uses, a column's
//! equals its intermediate inputs and primary inputs.

use std::path::Path;

use nalgebra::{DMatrix, DVector};

use crate::error::TableError;

/// How far apart a published total and the sum of its parts may be, relative
/// to the larger of the two (and never below one unit of the table). The OECD
/// and Eurostat publish balanced tables, rounded to a few decimals; one part
/// in a thousand passes their rounding and catches a missing or shifted row.
pub(crate) const RELATIVE_TOLERANCE: f64 = 1e-3;

/// Whether a published total and the sum of its parts agree within
/// [`RELATIVE_TOLERANCE`].
pub(crate) fn balances(published: f64, sum: f64) -> bool {
    let scale = published.abs().max(sum.abs()).max(1.0);
    (published - sum).abs() <= RELATIVE_TOLERANCE * scale
}

/// The sentence for a total that does not balance: `what` names the total
/// and where it is, `parts` what was added up.
fn imbalance(what: &str, published: f64, parts: &str, sum: f64) -> String {
    format!(
        "{what} is {published} but {parts} sum to {sum} (they must agree within {}%)",
        RELATIVE_TOLERANCE * 100.0
    )
}

/// Checks each row: `output[i]` against its intermediate and final uses;
/// `what(i)` names the row's total in the error.
pub(crate) fn check_uses(
    path: &Path,
    output: &DVector<f64>,
    flows: &DMatrix<f64>,
    final_demand: &DMatrix<f64>,
    what: impl Fn(usize) -> String,
) -> Result<(), TableError> {
    for i in 0..output.len() {
        let uses = flows.row(i).sum() + final_demand.row(i).sum();
        if !balances(output[i], uses) {
            return Err(TableError::layout(
                path,
                imbalance(&what(i), output[i], "its intermediate and final uses", uses),
            ));
        }
    }
    Ok(())
}

/// Checks each column: `output[j]` against its intermediate inputs and the
/// primary-input rows (`parts` names them); `what(j)` names the total.
pub(crate) fn check_inputs(
    path: &Path,
    output: &DVector<f64>,
    flows: &DMatrix<f64>,
    primary: &DMatrix<f64>,
    parts: &str,
    what: impl Fn(usize) -> String,
) -> Result<(), TableError> {
    for j in 0..output.len() {
        let inputs = flows.column(j).sum() + primary.column(j).sum();
        if !balances(output[j], inputs) {
            return Err(TableError::layout(
                path,
                imbalance(
                    &what(j),
                    output[j],
                    &format!("its intermediate inputs and {parts}"),
                    inputs,
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_passes_and_a_missing_part_does_not() {
        // 1000 published, parts rounded to one decimal summing to 999.8.
        assert!(balances(1000.0, 999.8));
        // A missing part of 150 out of 1000.
        assert!(!balances(1000.0, 850.0));
        // Tiny totals are compared to one unit of the table.
        assert!(balances(0.0, 0.0004));
    }
}
