//! The tolerances of the CLI tests, named once.

/// For numbers printed with six decimals (M&B's multipliers and inverses, the repair line).
pub const PRINTED_6DP: f64 = 5e-7;
/// For numbers printed with two decimals (M&B's outputs).
pub const PRINTED_2DP: f64 = 5e-3;
/// Sums of small integers, exact in floating point up to rounding of the printout.
pub const EXACT: f64 = 1e-9;
/// For numbers printed with three decimals (M&B Table 2.4's Leontief inverse).
pub const PRINTED_3DP: f64 = 5e-4;
