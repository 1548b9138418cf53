//! The error type shared by the input–output computations.

use thiserror::Error;

/// What can go wrong when building or using an input–output model.
///
/// Every variant says what is wrong and what would have been allowed, so a
/// message can be shown to a researcher as it is.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum IoError {
    /// A matrix that must be square (sectors × sectors) is not.
    #[error(
        "the {what} is not square: it has {rows} rows and {cols} columns (it must be sectors × sectors)"
    )]
    NotSquare {
        /// Which matrix, e.g. "coefficient matrix".
        what: &'static str,
        /// Number of rows found.
        rows: usize,
        /// Number of columns found.
        cols: usize,
    },

    /// A matrix or vector has the wrong number of rows or entries for the table.
    #[error(
        "the {what} has {found} entries along its sector dimension but the table has {expected} sectors"
    )]
    DimensionMismatch {
        /// Which input, e.g. "final demand".
        what: &'static str,
        /// The number of sectors the table has.
        expected: usize,
        /// The number found in the input.
        found: usize,
    },

    /// A table row has a different number of cells from the header.
    #[error(
        "row {row} of the {what} has {found} cells but the header has {expected} (tables must be rectangular)"
    )]
    Ragged {
        /// Which table.
        what: &'static str,
        /// One-based row number within the table body.
        row: usize,
        /// Number of cells the header implies.
        expected: usize,
        /// Number of cells found.
        found: usize,
    },

    /// A value is NaN or infinite.
    #[error(
        "the {what} has a non-finite value {value} at row {row}, column {col} (all values must be finite numbers)"
    )]
    NonFinite {
        /// Which matrix or vector.
        what: &'static str,
        /// Zero-based row.
        row: usize,
        /// Zero-based column.
        col: usize,
        /// The offending value.
        value: f64,
    },

    /// A technical coefficient is negative.
    #[error(
        "the coefficient matrix has a negative entry {value} at row {row}, column {col} (coefficients must be non-negative)"
    )]
    NegativeCoefficient {
        /// Zero-based row (selling sector).
        row: usize,
        /// Zero-based column (buying sector).
        col: usize,
        /// The offending value.
        value: f64,
    },

    /// A flow, output or other quantity that must be non-negative is negative.
    #[error(
        "the {what} has a negative value {value} at row {row}, column {col} (values must be non-negative)"
    )]
    Negative {
        /// Which matrix or vector.
        what: &'static str,
        /// Zero-based row.
        row: usize,
        /// Zero-based column.
        col: usize,
        /// The offending value.
        value: f64,
    },

    /// A sector produces nothing yet buys inputs, so its coefficients are undefined.
    #[error(
        "sector {sector} ({label}) has zero total output but buys {inputs} of inputs (a sector with inputs must have positive output)"
    )]
    ZeroOutputWithInputs {
        /// Zero-based sector index.
        sector: usize,
        /// The sector's label.
        label: String,
        /// The sum of its column of intermediate flows.
        inputs: f64,
    },

    /// A sector produces nothing yet sells to other sectors, so its
    /// supply-side (Ghosh) allocation coefficients are undefined.
    #[error(
        "sector {sector} ({label}) has zero total output but sells {sales} to other sectors (a sector with sales must have positive output)"
    )]
    ZeroOutputWithSales {
        /// Zero-based sector index.
        sector: usize,
        /// The sector's label.
        label: String,
        /// The sum of its row of intermediate flows.
        sales: f64,
    },

    /// The coefficient matrix has spectral radius at least one, so no
    /// non-negative output meets every non-negative final demand.
    #[error(
        "the coefficient matrix is not productive: spectral radius {spectral_radius:.4} (must be below 1)"
    )]
    NotProductive {
        /// The spectral radius found, computed only when this error is built.
        spectral_radius: f64,
    },

    /// A computation needs base-year total output but the model has none.
    #[error(
        "{what} needs the base-year total output, but the model was built from coefficients alone (build it from a flow table or add the output)"
    )]
    MissingOutput {
        /// What needed it.
        what: &'static str,
    },

    /// A linear system has no unique solution.
    #[error("the {what} is singular (it must be invertible)")]
    Singular {
        /// Which matrix, e.g. "matrix I − A".
        what: &'static str,
    },

    /// Two sets of labels that must agree do not.
    #[error("the {what} labels do not match the table's sector labels: {detail}")]
    LabelMismatch {
        /// Which labels, e.g. "final demand row".
        what: &'static str,
        /// What differs.
        detail: String,
    },

    /// A label appears twice where labels must be unique.
    #[error("the label {label} appears more than once among the {what} (labels must be unique)")]
    DuplicateLabel {
        /// Which set of labels.
        what: &'static str,
        /// The repeated label.
        label: String,
    },

    /// A sector index is out of range.
    #[error("sector index {index} is out of range (the table has {n_sectors} sectors)")]
    SectorOutOfRange {
        /// The index given.
        index: usize,
        /// The number of sectors.
        n_sectors: usize,
    },

    /// The row and column targets of a RAS update have different totals.
    #[error(
        "the RAS margins are inconsistent: row targets sum to {row_total} but column targets sum to {col_total} (they must agree within a relative {tolerance:e})"
    )]
    InconsistentMargins {
        /// Sum of the row targets.
        row_total: f64,
        /// Sum of the column targets.
        col_total: f64,
        /// The relative tolerance used.
        tolerance: f64,
    },

    /// A RAS target cannot be met because the prior has an all-zero row or column.
    #[error(
        "the RAS {which} {index} has target {target} but the prior matrix is zero there (a zero row or column can only have target 0)"
    )]
    InfeasibleMargin {
        /// "row" or "column".
        which: &'static str,
        /// Zero-based index.
        index: usize,
        /// The target that cannot be met.
        target: f64,
    },

    /// RAS did not reach its tolerance within the iteration cap.
    #[error(
        "RAS did not converge in {iterations} iterations: largest relative margin error {max_error:e} (tolerance {tolerance:e})"
    )]
    NotConverged {
        /// Iterations performed.
        iterations: usize,
        /// The largest relative margin error at the end.
        max_error: f64,
        /// The tolerance asked for.
        tolerance: f64,
    },

    /// A size measure (output or employment) that location quotients divide
    /// by sums to zero.
    #[error("the {what} sums to {total} (location quotients need a positive total)")]
    ZeroTotal {
        /// Which measure, e.g. "regional output".
        what: String,
        /// The sum found.
        total: f64,
    },

    /// A region has some of a sector that the nation has none of.
    #[error(
        "sector {sector} ({label}) has regional {measure} {regional} but national {measure} 0 (a region can only have the sectors of its nation)"
    )]
    AbsentNationally {
        /// Zero-based sector index.
        sector: usize,
        /// The sector's label.
        label: String,
        /// The measure, e.g. "output" or "employment".
        measure: String,
        /// The regional value.
        regional: f64,
    },

    /// The region is larger than its nation, so Flegg's λ is undefined.
    #[error(
        "the regional {measure} totals {regional_total} but the national {measure} only {national_total} (a region must not exceed its nation)"
    )]
    RegionExceedsNation {
        /// The measure, e.g. "output" or "employment".
        measure: String,
        /// The regional total.
        regional_total: f64,
        /// The national total.
        national_total: f64,
    },

    /// Flegg's δ is outside [0, 1).
    #[error("the FLQ exponent δ = {delta} is outside [0, 1) (0.3 is the usual value)")]
    DeltaOutOfRange {
        /// The δ given.
        delta: f64,
    },

    /// A price that must be positive is not.
    #[error(
        "the price of sector {sector} ({label}) is {price} (prices must be positive and finite)"
    )]
    InvalidPrice {
        /// Zero-based sector index.
        sector: usize,
        /// The sector's label.
        label: String,
        /// The price given.
        price: f64,
    },

    /// A parameter is outside its allowed range.
    #[error("invalid {what}: {detail}")]
    InvalidParameter {
        /// Which parameter.
        what: &'static str,
        /// Why it is invalid and what is allowed.
        detail: String,
    },

    /// A table could not be parsed.
    #[error("cannot read the {what}: {detail}")]
    Parse {
        /// Which table.
        what: &'static str,
        /// What went wrong, with a row and column where known.
        detail: String,
    },
}
