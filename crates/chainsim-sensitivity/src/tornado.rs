//! Tornado tables: one input at a time from its P10 to its P90, the others at their medians.
//!
//! The model here takes input values in their own units (not points of the unit cube): the
//! tornado evaluates it 2d + 1 times, at the vector of medians and at each input's P10 and P90
//! with the others held at their medians. Bars are sorted by swing |f(P90) − f(P10)|, largest
//! first, ties in input order.

use chainsim_stats::Marginal;
use serde::Serialize;
use thiserror::Error;

/// The low end of a bar, as a probability.
pub const LOW_PROBABILITY: f64 = 0.1;

/// The high end of a bar, as a probability.
pub const HIGH_PROBABILITY: f64 = 0.9;

/// Why a tornado table could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum TornadoError {
    /// Names and marginals differ in number.
    #[error("{names} names but {marginals} marginals")]
    LengthMismatch {
        /// Names given.
        names: usize,
        /// Marginals (or quantile functions) given.
        marginals: usize,
    },
    /// A quantile is NaN or infinite.
    #[error("the {probability} quantile of \"{input}\" is {value}")]
    BadQuantile {
        /// The input.
        input: String,
        /// The probability.
        probability: f64,
        /// The quantile returned.
        value: f64,
    },
    /// The model returned NaN or an infinity.
    #[error("the model output is {value} with \"{input}\" at its {probability} quantile")]
    BadOutput {
        /// The input moved ("median" for the base case).
        input: String,
        /// Its probability level.
        probability: f64,
        /// The output.
        value: f64,
    },
}

/// One bar of a tornado table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The input's name.
    pub name: String,
    /// The input at its P10.
    pub low_input: f64,
    /// The input at its P90.
    pub high_input: f64,
    /// The output with this input at its P10.
    pub low_output: f64,
    /// The output with this input at its P90.
    pub high_output: f64,
    /// |high_output − low_output|.
    pub swing: f64,
}

/// A tornado table: the base output and the bars, largest swing first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tornado {
    /// The output with every input at its median.
    pub base_output: f64,
    /// One bar per input, sorted by swing, largest first.
    pub bars: Vec<TornadoBar>,
}

/// The tornado table of `model` over inputs with the given marginals.
///
/// # Errors
///
/// As [`tornado_from_quantiles`].
///
/// # Examples
///
/// ```
/// use chainsim_sensitivity::tornado;
/// use chainsim_stats::Marginal;
///
/// let names = vec!["price".to_string(), "volume".to_string()];
/// let marginals = [Marginal::uniform(9.0, 11.0)?, Marginal::uniform(50.0, 150.0)?];
/// let table = tornado(&names, &marginals, |x| x[0] * x[1])?;
/// assert_eq!(table.bars[0].name, "volume");
/// assert!((table.base_output - 1000.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn tornado<F>(
    names: &[String],
    marginals: &[Marginal],
    model: F,
) -> Result<Tornado, TornadoError>
where
    F: Fn(&[f64]) -> f64,
{
    let quantiles: Vec<_> = marginals.iter().map(|m| move |p| m.quantile(p)).collect();
    tornado_from_quantiles(names, &quantiles, model)
}

/// The tornado table of `model` over inputs given by their quantile functions.
///
/// # Errors
///
/// [`TornadoError::LengthMismatch`], [`TornadoError::BadQuantile`] if a P10, median or P90 is
/// not finite, and [`TornadoError::BadOutput`] if the model returns a non-finite value.
pub fn tornado_from_quantiles<Q, F>(
    names: &[String],
    quantiles: &[Q],
    model: F,
) -> Result<Tornado, TornadoError>
where
    Q: Fn(f64) -> f64,
    F: Fn(&[f64]) -> f64,
{
    if names.len() != quantiles.len() {
        return Err(TornadoError::LengthMismatch {
            names: names.len(),
            marginals: quantiles.len(),
        });
    }
    let at = |i: usize, probability: f64| -> Result<f64, TornadoError> {
        let value = quantiles[i](probability);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(TornadoError::BadQuantile {
                input: names[i].clone(),
                probability,
                value,
            })
        }
    };
    let run = |x: &[f64], input: &str, probability: f64| -> Result<f64, TornadoError> {
        let value = model(x);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(TornadoError::BadOutput {
                input: input.to_string(),
                probability,
                value,
            })
        }
    };
    let medians = (0..names.len())
        .map(|i| at(i, 0.5))
        .collect::<Result<Vec<f64>, _>>()?;
    let base_output = run(&medians, "median", 0.5)?;
    let mut x = medians.clone();
    let mut bars = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let (low_input, high_input) = (at(i, LOW_PROBABILITY)?, at(i, HIGH_PROBABILITY)?);
        x[i] = low_input;
        let low_output = run(&x, name, LOW_PROBABILITY)?;
        x[i] = high_input;
        let high_output = run(&x, name, HIGH_PROBABILITY)?;
        x[i] = medians[i];
        bars.push(TornadoBar {
            name: name.clone(),
            low_input,
            high_input,
            low_output,
            high_output,
            swing: (high_output - low_output).abs(),
        });
    }
    // A stable sort keeps input order among equal swings.
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(Tornado { base_output, bars })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn linear_model_bars_follow_the_quantiles() {
        // Y = 2·X₁ − 3·X₂ + X₃ with X₁ ~ U(0, 1), X₂ ~ N(0, 1), X₃ fixed at 4. The normal's P90
        // is z = 1.281 551 565 544 600 5 (Abramowitz & Stegun, Table 26.5), so the bars are
        // X₂: swing 6z ≈ 7.689 and X₁: swing 2·0.8 = 1.6, and X₃ none; base 2·0.5 + 4 = 5.
        let z90 = 1.281_551_565_544_600_5;
        let marginals = [
            Marginal::uniform(0.0, 1.0).unwrap(),
            Marginal::normal(0.0, 1.0).unwrap(),
            Marginal::fixed(4.0).unwrap(),
        ];
        let t = tornado(&names(&["x1", "x2", "x3"]), &marginals, |x| {
            2.0 * x[0] - 3.0 * x[1] + x[2]
        })
        .unwrap();
        assert_relative_eq!(t.base_output, 5.0, epsilon = 1e-12);
        let order: Vec<&str> = t.bars.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(order, ["x2", "x1", "x3"]);
        assert_relative_eq!(t.bars[0].swing, 6.0 * z90, max_relative = 1e-12);
        assert_relative_eq!(t.bars[0].low_output, 5.0 + 3.0 * z90, max_relative = 1e-12);
        assert_relative_eq!(t.bars[0].high_input, z90, max_relative = 1e-12);
        assert_relative_eq!(t.bars[1].swing, 1.6, max_relative = 1e-12);
        assert_relative_eq!(t.bars[1].low_input, 0.1, max_relative = 1e-12);
        assert!(t.bars[2].swing.abs() < 1e-12);
    }

    #[test]
    fn quantile_closures_work_too() {
        let q: [fn(f64) -> f64; 2] = [|p| 10.0 * p, |p| -p];
        let t = tornado_from_quantiles(&names(&["a", "b"]), &q, |x| x[0] + x[1]).unwrap();
        assert_eq!(t.bars[0].name, "a");
        assert_relative_eq!(t.bars[0].swing, 8.0, max_relative = 1e-12);
    }

    #[test]
    fn errors_name_the_input() {
        let q: [fn(f64) -> f64; 2] = [|p| p, |p| if p > 0.5 { f64::NAN } else { p }];
        assert_eq!(
            tornado_from_quantiles(&names(&["a", "b"]), &q, |x| x[0])
                .unwrap_err()
                .to_string(),
            "the 0.9 quantile of \"b\" is NaN"
        );
        let q = [|p: f64| p];
        assert_eq!(
            tornado_from_quantiles(&names(&["a"]), &q, |x| 1.0 / (x[0] - 0.1))
                .unwrap_err()
                .to_string(),
            "the model output is inf with \"a\" at its 0.1 quantile"
        );
        assert_eq!(
            tornado(&names(&["a"]), &[], |_| 0.0)
                .unwrap_err()
                .to_string(),
            "1 names but 0 marginals"
        );
    }
}
