//! The tolerances of the toolkit's tests, named once.

/// Tables in Miller & Blair (2009) print six to eight significant digits.
pub const PRINTED_6DP: f64 = 5e-7;
/// For values the book prints to two decimals.
pub const PRINTED_2DP: f64 = 5e-3;
/// Published tables print 6–8 significant digits.
pub const TABLE_TOL: f64 = 1e-8;
/// For closed forms evaluated in floating point.
pub const CLOSED_FORM: f64 = 1e-12;
/// Absolute error of hand arithmetic on the small example tables: a 2 × 2 solve, sums of
/// a few products of values in the thousands.
pub const ABS_1E9: f64 = 1e-9;
/// How closely the capacity solver must agree with the reference, relative to each
/// value's scale.
pub const AGREEMENT: f64 = 1e-10;
/// How far rounding may carry a balance, an output over its capacity or unmet demand below
/// zero, relative to the values involved.
pub const ROUNDING: f64 = 1e-9;
/// Absolute margin error of a RAS run at its default relative tolerance 10⁻¹⁰ on margins in
/// the tens to hundreds.
pub const RAS_MARGIN: f64 = 1e-8;
