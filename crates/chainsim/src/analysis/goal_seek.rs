//! Goal seek: the growth at which a target reaches a given probability.
//!
//! Treats the engine as a function of one parameter — a location shift of one sector's
//! growth laws in every year — and bisects on it with common random numbers (the same seed,
//! so the same inputs, at every evaluation). The probability is then a deterministic step
//! function of the shift, and the answer is reproducible.

use serde::Serialize;

use crate::engine::{EngineError, RunOptions, Silent, simulate};
use crate::model::Model;
use crate::model::targets::Direction;
use crate::stats::{Z_95, wilson_interval};

/// The parameter goal seek varies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parameter {
    /// Shift of a sector's growth rate in every simulated year (for a lognormal law, of the
    /// mean of ln(1 + g)).
    Growth {
        /// Sector index.
        sector_idx: usize,
    },
}

impl Parameter {
    /// Parses `growth:<sector id>`.
    ///
    /// # Errors
    /// [`ParameterError`] naming what is accepted.
    pub fn parse(model: &Model, text: &str) -> Result<Parameter, ParameterError> {
        match text.split_once(':') {
            Some(("growth", sector)) => model
                .sector_idx(sector)
                .map(|sector_idx| Parameter::Growth { sector_idx })
                .ok_or_else(|| ParameterError::UnknownSector {
                    sector: sector.to_string(),
                    text: text.to_string(),
                    known: model
                        .sectors()
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }),
            _ => Err(ParameterError::Unsupported {
                text: text.to_string(),
                example: model.sectors()[0].id.clone(),
            }),
        }
    }

    fn apply(&self, model: &Model, shift: f64) -> Model {
        match *self {
            Parameter::Growth { sector_idx } => model.with_growth_shift(sector_idx, shift),
        }
    }
}

/// Why a `--vary` parameter could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParameterError {
    /// `growth:<sector>` names no sector of the model.
    #[error(
        "unknown sector \"{sector}\" in \"{text}\"; expected growth:<sector> with one of: {known}"
    )]
    UnknownSector {
        /// The sector id given.
        sector: String,
        /// The whole parameter text.
        text: String,
        /// The model's sector ids, comma-separated.
        known: String,
    },
    /// Not a parameter goal seek can vary.
    #[error("cannot vary \"{text}\"; expected growth:<sector id>, e.g. growth:{example}")]
    Unsupported {
        /// The parameter text.
        text: String,
        /// A sector id to show in the example.
        example: String,
    },
}

/// What to seek.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalSeekRequest {
    /// Index of the target.
    pub target_idx: usize,
    /// Probability to reach, in (0, 1).
    pub probability: f64,
    /// Parameter to vary.
    pub parameter: Parameter,
    /// Search range of the shift.
    pub range: (f64, f64),
    /// Bisection stops when the bracket is narrower than this.
    pub tolerance: f64,
}

/// Mean growth rate of one year at the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearGrowth {
    /// Year.
    pub year: i32,
    /// Mean growth rate before the shift.
    pub baseline: f64,
    /// Mean growth rate at the answer.
    pub needed: f64,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalSeekResult {
    /// Target id.
    pub target: String,
    /// Probability sought.
    pub probability: f64,
    /// Sector whose growth was varied.
    pub sector: String,
    /// The smallest shift (for an at-least target; largest for at-most) whose estimated
    /// probability reaches the goal.
    pub shift: f64,
    /// Shift at which the 95% interval's upper end first reaches the goal.
    pub shift_low: f64,
    /// Shift at which the 95% interval's lower end first reaches the goal.
    pub shift_high: f64,
    /// Probability estimated at `shift`.
    pub achieved_probability: f64,
    /// Mean growth by year, before and at the answer.
    pub growth: Vec<YearGrowth>,
    /// Simulations made.
    pub evaluations: u32,
    /// Runs per simulation.
    pub runs: u64,
}

/// Why goal seek failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GoalSeekError {
    /// The request is malformed.
    #[error("{0}")]
    Invalid(String),
    /// Even the end of the range does not reach the probability.
    #[error(
        "the target reaches at most {best:.1}% within shifts {low:+.3}..{high:+.3}; widen the range or lower the probability"
    )]
    Unreachable {
        /// Best probability found.
        best: f64,
        /// Range low end.
        low: f64,
        /// Range high end.
        high: f64,
    },
    /// A simulation failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// Finds the shift of `request.parameter` at which the target's probability reaches
/// `request.probability`, by bisection with common random numbers.
///
/// # Errors
/// [`GoalSeekError`] for a bad request, an unreachable goal or a failed simulation.
pub fn goal_seek(
    model: &Model,
    options: &RunOptions,
    request: &GoalSeekRequest,
) -> Result<GoalSeekResult, GoalSeekError> {
    let target = model.targets().get(request.target_idx).ok_or_else(|| {
        GoalSeekError::Invalid(format!("no target number {}", request.target_idx))
    })?;
    let p = request.probability;
    if !(p > 0.0 && p < 1.0) {
        return Err(GoalSeekError::Invalid(format!(
            "probability must be in (0, 1), got {p}"
        )));
    }
    let (low, high) = request.range;
    if !(low < high && low.is_finite() && high.is_finite()) || request.tolerance <= 0.0 {
        return Err(GoalSeekError::Invalid(
            "the range must be finite with low < high, and the tolerance positive".into(),
        ));
    }
    let options = RunOptions {
        precision: None,
        ..*options
    };
    let mut evaluations = 0;
    // The three bisections share their first midpoints; remember every evaluation.
    let mut seen: Vec<(f64, (f64, f64, f64))> = Vec::new();
    let mut evaluate = |shift: f64| -> Result<(f64, f64, f64), GoalSeekError> {
        if let Some(&(_, probs)) = seen.iter().find(|(s, _)| s.to_bits() == shift.to_bits()) {
            return Ok(probs);
        }
        evaluations += 1;
        let summary = simulate(
            &request.parameter.apply(model, shift),
            &options,
            &mut Silent,
        )?;
        let tally = summary.target(request.target_idx);
        let n = summary.accepted();
        let (ci_low, ci_high) = wilson_interval(tally.met, n, Z_95);
        let probs = (tally.met as f64 / n as f64, ci_low, ci_high);
        seen.push((shift, probs));
        Ok(probs)
    };
    // Raising growth raises every output (the Leontief inverse is non-negative), so an
    // at-least target's probability rises with the shift and an at-most target's falls.
    // Working on s = ±shift makes the probability non-decreasing in s.
    let sign = match target.direction {
        Direction::AtLeast => 1.0,
        Direction::AtMost => -1.0,
    };
    let (s_low, s_high) = if sign > 0.0 {
        (low, high)
    } else {
        (-high, -low)
    };
    let at_end = evaluate(sign * s_high)?;
    if at_end.0 < p {
        return Err(GoalSeekError::Unreachable {
            best: 100.0 * at_end.0,
            low,
            high,
        });
    }
    // The smallest s in [s_low, s_high] for which `reaches` holds, by bisection.
    let mut bisect = |pick: usize| -> Result<f64, GoalSeekError> {
        let reaches = |probs: (f64, f64, f64)| match pick {
            0 => probs.0 >= p,
            1 => probs.2 >= p,
            _ => probs.1 >= p,
        };
        if reaches(evaluate(sign * s_low)?) {
            return Ok(s_low);
        }
        let (mut lo, mut hi) = (s_low, s_high);
        if !reaches(evaluate(sign * hi)?) {
            return Ok(hi);
        }
        while hi - lo > request.tolerance {
            let mid = 0.5 * (lo + hi);
            if reaches(evaluate(sign * mid)?) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    };
    let s_answer = bisect(0)?;
    let s_ci_high_reaches = bisect(1)?;
    let s_ci_low_reaches = bisect(2)?;
    let shift = sign * s_answer;
    let (mut shift_low, mut shift_high) = (sign * s_ci_high_reaches, sign * s_ci_low_reaches);
    if shift_low > shift_high {
        std::mem::swap(&mut shift_low, &mut shift_high);
    }
    let achieved = evaluate(shift)?.0;
    let Parameter::Growth { sector_idx } = request.parameter;
    let shifted = request.parameter.apply(model, shift);
    let growth = (0..model.n_years())
        .map(|year_idx| YearGrowth {
            year: model.base_year() + 1 + year_idx as i32,
            baseline: model.growth(year_idx, sector_idx).mean_rate(),
            needed: shifted.growth(year_idx, sector_idx).mean_rate(),
        })
        .collect();
    Ok(GoalSeekResult {
        target: target.id.clone(),
        probability: p,
        sector: model.sectors()[sector_idx].id.clone(),
        shift,
        shift_low,
        shift_high,
        achieved_probability: achieved,
        growth,
        evaluations,
        runs: options.runs,
    })
}
