//! How numbers are printed for people: the one rule the tables, the charts and the HTML
//! report share.
//!
//! A quantile comes from a DDSketch that holds it to within 1/257 ≈ 0.39% of its value, so a
//! level is printed to three significant figures (a step of at most 0.5%) and never with more
//! decimals than that: 1264.4 prints as `1260`, 92.41 as `92.4`, 0.01234 as `0.0123`.
//! Probabilities and shares (fractions of 1) are printed as percentages with one decimal;
//! growth rates as signed percentages with one decimal; a difference of shares or rates in
//! percentage points. A value that is not a finite number prints as `—`, never as NaN.
//! CSV and JSON files keep every bit (shortest round-trip form); this rule is for reading.
//!
//! # Examples
//! ```
//! use chainsim_report::numbers::{percent, significant};
//! assert_eq!(significant(1264.4), "1260");
//! assert_eq!(significant(92.41), "92.4");
//! assert_eq!(significant(0.012345), "0.0123");
//! assert_eq!(percent(0.4641), "46.4%");
//! assert_eq!(percent(f64::NAN), "—");
//! ```

use chainsim::model::targets::TargetKind;

/// Significant figures of a printed level.
pub const SIGNIFICANT_FIGURES: i32 = 3;

/// The unit of a series that is a share (a fraction of 1, such as `energy.clean_share`).
pub const SHARE_UNIT: &str = "share";

/// What a value that is not a finite number prints as.
pub const MISSING: &str = "—";

/// A level to [`SIGNIFICANT_FIGURES`] significant figures: no decimals past the third
/// significant digit, and digits past it (in numbers of 1000 and more) rounded to zero.
pub fn significant(value: f64) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let scale = 10f64.powi(SIGNIFICANT_FIGURES - 1 - libm::log10(value.abs()).floor() as i32);
    let rounded = (value * scale).round() / scale;
    // Rounding may carry into a new digit (9.996 → 10.0): the decimals follow the result.
    let magnitude = libm::log10(rounded.abs()).floor() as i32;
    let decimals = (SIGNIFICANT_FIGURES - 1 - magnitude).max(0) as usize;
    let text = format!("{rounded:.decimals$}");
    text
}

/// A probability or share as a percentage with one decimal.
pub fn percent(p: f64) -> String {
    if p.is_finite() {
        format!("{:.1}%", 100.0 * p)
    } else {
        MISSING.to_string()
    }
}

/// A rate of change as a signed percentage with one decimal.
pub fn signed_percent(rate: f64) -> String {
    if rate.is_finite() {
        format!("{:+.1}%", 100.0 * rate)
    } else {
        MISSING.to_string()
    }
}

/// A difference of two shares or rates in percentage points.
pub fn points(difference: f64) -> String {
    if difference.is_finite() {
        format!("{:.1} pp", 100.0 * difference)
    } else {
        MISSING.to_string()
    }
}

/// A probability's interval, `62.0–73.0%`.
pub fn interval(low: f64, high: f64) -> String {
    if low.is_finite() && high.is_finite() {
        format!("{:.1}–{:.1}%", 100.0 * low, 100.0 * high)
    } else {
        MISSING.to_string()
    }
}

/// A target's metric: a level in its unit (a share in percent), a ratio with `×`, a growth
/// rate in percent.
pub fn metric(kind: TargetKind, unit: &str, value: f64) -> String {
    match kind {
        TargetKind::Level if unit == SHARE_UNIT => percent(value),
        TargetKind::Level => significant(value),
        TargetKind::Ratio => format!("{}×", significant(value)),
        TargetKind::Growth | TargetKind::AverageGrowth => signed_percent(value),
    }
}

/// How far a target's metric falls short: in the unit of a level, in points of a share or a
/// rate.
pub fn shortfall(kind: TargetKind, unit: &str, value: f64) -> String {
    match kind {
        TargetKind::Level if unit == SHARE_UNIT => points(value),
        TargetKind::Level => significant(value),
        TargetKind::Ratio => format!("{}×", significant(value)),
        TargetKind::Growth | TargetKind::AverageGrowth => points(value),
    }
}

/// A value of a series in `unit`: a share in percent, anything else to three significant
/// figures.
pub fn in_unit(unit: &str, value: f64) -> String {
    if unit == SHARE_UNIT {
        percent(value)
    } else {
        significant(value)
    }
}

/// A plain-words line on the 95% interval printed beside a probability.
pub const INTERVAL_NOTE: &str = "95% CI is the Monte Carlo error of P(met) only: the range in which the probability would lie with unlimited runs of this same scenario (more runs narrow it). It is not the uncertainty of the forecast; that is what P(met) itself expresses.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_keep_three_significant_figures() {
        let cases = [
            (1264.4, "1260"),
            (1265.0, "1270"),
            (56_123.0, "56100"),
            (999.7, "1000"),
            (100.0, "100"),
            (92.41, "92.4"),
            (9.996, "10.0"),
            (1.2345, "1.23"),
            (0.46412, "0.464"),
            (0.012345, "0.0123"),
            (-3.456, "-3.46"),
            (-0.0004, "-0.000400"),
            (0.0, "0"),
        ];
        for (value, text) in cases {
            assert_eq!(significant(value), text, "{value}");
        }
    }

    #[test]
    fn shares_and_rates_are_percentages() {
        assert_eq!(metric(TargetKind::Level, SHARE_UNIT, 0.5021), "50.2%");
        assert_eq!(shortfall(TargetKind::Level, SHARE_UNIT, 0.0234), "2.3 pp");
        assert_eq!(metric(TargetKind::Growth, "t", 0.0712), "+7.1%");
        assert_eq!(metric(TargetKind::Ratio, "t", 2.0456), "2.05×");
        assert_eq!(interval(0.62, 0.7349), "62.0–73.5%");
    }

    #[test]
    fn nothing_prints_as_nan() {
        for f in [significant, percent, signed_percent, points] {
            assert_eq!(f(f64::NAN), MISSING);
            assert_eq!(f(f64::INFINITY), MISSING);
        }
    }
}
