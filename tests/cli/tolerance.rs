//! The tolerances of the CLI tests, named once.

/// For numbers printed with six decimals (M&B's multipliers and inverses, the repair line).
pub const PRINTED_6DP: f64 = 5e-7;
/// For numbers printed with two decimals (M&B's outputs).
pub const PRINTED_2DP: f64 = 5e-3;
/// Sums of small integers, exact in floating point up to rounding of the printout.
pub const EXACT: f64 = 1e-9;
/// For numbers printed with three decimals (M&B Table 2.4's Leontief inverse).
pub const PRINTED_3DP: f64 = 5e-4;
/// Relative agreement with a peer tool or an independent inversion through the JSON output,
/// which prints every digit.
pub const PEER_RELATIVE: f64 = 1e-12;

/// Asserts `got` is within `relative` of `want`, relative to |want| (absolute below 1).
pub fn assert_close(got: f64, want: f64, relative: f64) {
    let scale = want.abs().max(1.0);
    assert!(
        (got - want).abs() <= relative * scale,
        "{got} is not within {relative:e} (relative) of {want}"
    );
}
