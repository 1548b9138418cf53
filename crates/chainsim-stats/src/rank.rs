//! Rank correlations of a Monte Carlo run: Spearman's ρ and partial rank correlation (PRCC).
//!
//! Both are computed on average ranks (ties share the mean of their positions), so they
//! measure monotone rather than linear association. PRCC (Iman & Conover 1980; Marino et al.
//! 2008) is the correlation between input j and the output after the linear effect of the
//! other inputs' ranks is removed from both; it is computed from the inverse P of the rank
//! correlation matrix of (inputs, output) as −P_jy / √(P_jj·P_yy), which equals the
//! correlation of the regression residuals exactly (Whittaker 1990, §5.7).

use nalgebra::DMatrix;
use thiserror::Error;

/// Why a rank correlation could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RankError {
    /// Two series to correlate have different lengths.
    #[error("series have different lengths: {first} and {second}")]
    LengthMismatch {
        /// Length of the first series (or rows of the inputs).
        first: usize,
        /// Length of the second series (or the output).
        second: usize,
    },
    /// Too few observations for the statistic.
    #[error("{needed} observations are needed, got {got}")]
    TooFewObservations {
        /// Observations needed.
        needed: usize,
        /// Observations given.
        got: usize,
    },
    /// A value is NaN, which has no rank.
    #[error("value {index} of series {series} is NaN")]
    NotANumber {
        /// The series: input column number, or the number of inputs for the output.
        series: usize,
        /// Position of the value.
        index: usize,
    },
    /// A series is constant, so its rank correlation is undefined.
    #[error("series {series} is constant")]
    Constant {
        /// The series: input column number, or the number of inputs for the output.
        series: usize,
    },
    /// The ranks of the inputs are linearly dependent, so partial correlations are undefined.
    #[error(
        "the ranks of the inputs and output are linearly dependent; partial correlations are undefined"
    )]
    Singular,
}

/// The average ranks (1-based) of `values`: ties get the mean of the positions they occupy.
///
/// # Errors
///
/// [`RankError::NotANumber`] for a NaN (reported as series 0).
///
/// # Examples
///
/// ```
/// use chainsim_stats::ranks;
///
/// assert_eq!(ranks(&[10.0, 30.0, 20.0, 20.0])?, vec![1.0, 4.0, 2.5, 2.5]);
/// # Ok::<(), chainsim_stats::RankError>(())
/// ```
pub fn ranks(values: &[f64]) -> Result<Vec<f64>, RankError> {
    ranks_of(values, 0)
}

fn ranks_of(values: &[f64], series: usize) -> Result<Vec<f64>, RankError> {
    if let Some(index) = values.iter().position(|v| v.is_nan()) {
        return Err(RankError::NotANumber { series, index });
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        // -0.0 and 0.0 are one value; compare with == rather than total_cmp.
        #[allow(clippy::float_cmp)]
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start+1 ..= end share their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            out[i] = rank;
        }
        start = end;
    }
    Ok(out)
}

/// Pearson's correlation of two equally long series, with a two-pass mean for accuracy.
fn pearson(x: &[f64], y: &[f64], series: (usize, usize)) -> Result<f64, RankError> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 {
        return Err(RankError::Constant { series: series.0 });
    }
    if syy == 0.0 {
        return Err(RankError::Constant { series: series.1 });
    }
    Ok((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation: Pearson's correlation of the average ranks of `x` and `y`.
///
/// # Errors
///
/// [`RankError::LengthMismatch`], [`RankError::TooFewObservations`] below 2,
/// [`RankError::NotANumber`] and [`RankError::Constant`] (series 0 is `x`, 1 is `y`).
///
/// # Examples
///
/// ```
/// use chainsim_stats::spearman;
///
/// let x = [1.0, 2.0, 3.0, 4.0];
/// let y = x.map(f64::exp);
/// assert!((spearman(&x, &y)? - 1.0).abs() < 1e-15);
/// # Ok::<(), chainsim_stats::RankError>(())
/// ```
pub fn spearman(x: &[f64], y: &[f64]) -> Result<f64, RankError> {
    if x.len() != y.len() {
        return Err(RankError::LengthMismatch {
            first: x.len(),
            second: y.len(),
        });
    }
    if x.len() < 2 {
        return Err(RankError::TooFewObservations {
            needed: 2,
            got: x.len(),
        });
    }
    pearson(&ranks_of(x, 0)?, &ranks_of(y, 1)?, (0, 1))
}

/// The Spearman correlation matrix of the columns of `samples` (n × d).
///
/// # Errors
///
/// [`RankError::TooFewObservations`] below 2 rows, [`RankError::NotANumber`] and
/// [`RankError::Constant`] naming the column.
pub fn spearman_matrix(samples: &DMatrix<f64>) -> Result<DMatrix<f64>, RankError> {
    let (n, d) = samples.shape();
    if n < 2 {
        return Err(RankError::TooFewObservations { needed: 2, got: n });
    }
    let ranked: Vec<Vec<f64>> = (0..d)
        .map(|j| ranks_of(samples.column(j).as_slice(), j))
        .collect::<Result<_, _>>()?;
    let mut out = DMatrix::identity(d, d);
    for i in 0..d {
        for k in i + 1..d {
            let r = pearson(&ranked[i], &ranked[k], (i, k))?;
            out[(i, k)] = r;
            out[(k, i)] = r;
        }
    }
    Ok(out)
}

/// Partial rank correlation coefficients (PRCC) of each input column with the output.
///
/// `inputs` is n × d (one row per run), `output` has n values. Entry j is the correlation of
/// the ranks of input j and of the output once both are adjusted linearly for the ranks of the
/// other d − 1 inputs.
///
/// # Errors
///
/// [`RankError::LengthMismatch`] if `output` does not have one value per row,
/// [`RankError::TooFewObservations`] unless n ≥ d + 3 (two residual degrees of freedom),
/// [`RankError::NotANumber`], [`RankError::Constant`] (series d is the output), and
/// [`RankError::Singular`] if an input's ranks are a linear combination of the others', or the
/// output's ranks are a linear combination of the inputs' (an output that is a monotone
/// function of one input alone, for instance).
///
/// # Examples
///
/// ```
/// use chainsim_stats::partial_rank_correlation;
/// use nalgebra::DMatrix;
///
/// // The output rises with both inputs, more steeply with the first.
/// let inputs: DMatrix<f64> = DMatrix::from_row_slice(6, 2, &[
///     1.0, 3.0, 2.0, 1.0, 3.0, 6.0, 4.0, 2.0, 5.0, 5.0, 6.0, 4.0,
/// ]);
/// let output: Vec<f64> = inputs.row_iter().map(|r| r[0].powi(3) + 8.0 * r[1]).collect();
/// let prcc = partial_rank_correlation(&inputs, &output)?;
/// assert!(prcc[0] > prcc[1] && prcc[1] > 0.0);
/// # Ok::<(), chainsim_stats::RankError>(())
/// ```
pub fn partial_rank_correlation(
    inputs: &DMatrix<f64>,
    output: &[f64],
) -> Result<Vec<f64>, RankError> {
    let (n, d) = inputs.shape();
    if output.len() != n {
        return Err(RankError::LengthMismatch {
            first: n,
            second: output.len(),
        });
    }
    if n < d + 3 {
        return Err(RankError::TooFewObservations {
            needed: d + 3,
            got: n,
        });
    }
    let mut all = DMatrix::zeros(n, d + 1);
    for j in 0..d {
        all.set_column(j, &inputs.column(j));
    }
    all.set_column(d, &nalgebra::DVector::from_column_slice(output));
    let corr = spearman_matrix(&all)?;
    let precision = corr.try_inverse().ok_or(RankError::Singular)?;
    (0..d)
        .map(|j| {
            let denom = precision[(j, j)] * precision[(d, d)];
            if denom.is_finite() && denom > 0.0 {
                Ok((-precision[(j, d)] / denom.sqrt()).clamp(-1.0, 1.0))
            } else {
                Err(RankError::Singular)
            }
        })
        .collect()
}

#[cfg(test)]
// The tests index several parallel arrays by input number.
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;
    use crate::stream::run_rng;
    use approx::assert_relative_eq;
    use rand::RngExt;
    use rand_distr::StandardNormal;

    #[test]
    fn spearman_matches_the_textbook_iq_example() {
        // IQ against hours of TV per week, the worked example of Spearman's ρ on Wikipedia
        // ("Spearman's rank correlation coefficient"): Σd² = 194, ρ = 1 − 6·194/(10·99)
        // = −29/165 ≈ −0.175 757 575.
        let iq = [
            106.0, 86.0, 100.0, 101.0, 99.0, 103.0, 97.0, 113.0, 112.0, 110.0,
        ];
        let tv = [7.0, 0.0, 27.0, 50.0, 28.0, 29.0, 20.0, 12.0, 6.0, 17.0];
        assert_relative_eq!(spearman(&iq, &tv).unwrap(), -29.0 / 165.0, epsilon = 1e-15);
    }

    #[test]
    fn spearman_matches_the_ice_cream_example() {
        // Temperature against ice cream sales over 12 days (a common teaching example):
        // Σd² = 14, ρ = 1 − 6·14/(12·143) = 0.951 048 951.
        let temp = [
            14.2, 16.4, 11.9, 15.2, 18.5, 22.1, 19.4, 25.1, 23.4, 18.1, 22.6, 17.2,
        ];
        let sales = [
            215.0, 325.0, 185.0, 332.0, 406.0, 522.0, 412.0, 614.0, 544.0, 421.0, 445.0, 408.0,
        ];
        assert_relative_eq!(
            spearman(&temp, &sales).unwrap(),
            1.0 - 84.0 / 1716.0,
            epsilon = 1e-15
        );
    }

    #[test]
    fn monotone_transforms_have_spearman_one() {
        let x: Vec<f64> = (0..50).map(|i| (f64::from(i) * 0.37).sin()).collect();
        let up: Vec<f64> = x.iter().map(|v| (3.0 * v).exp()).collect();
        let down: Vec<f64> = x.iter().map(|v| -v.powi(3)).collect();
        assert_relative_eq!(spearman(&x, &up).unwrap(), 1.0, epsilon = 1e-15);
        assert_relative_eq!(spearman(&x, &down).unwrap(), -1.0, epsilon = 1e-15);
    }

    #[test]
    fn ties_get_average_ranks() {
        assert_eq!(
            ranks(&[3.0, 1.0, 3.0, 3.0, 0.0, -0.0]).unwrap(),
            vec![5.0, 3.0, 5.0, 5.0, 1.5, 1.5]
        );
    }

    #[test]
    fn prcc_matches_the_gaussian_closed_form() {
        // X₁, X₂, X₃ iid N(0, 1), Y = 2X₁ − X₂ + ½X₃ + ε with ε ~ N(0, 1): sd(Y) = 2.5, so
        // corr(X_j, Y) = c_j/2.5. For jointly normal variables Spearman's ρ is
        // (6/π)·asin(r/2) (Pearson 1907; Kruskal 1958, eq. 5.5), and PRCC is the partial
        // correlation of that rank correlation matrix: −P_jy/√(P_jj·P_yy) with P its inverse.
        let coef: [f64; 3] = [2.0, -1.0, 0.5];
        let sd_y = 2.5;
        let mut r = DMatrix::identity(4, 4);
        for (j, c) in coef.iter().enumerate() {
            let rho = c / sd_y;
            let s = 6.0 / std::f64::consts::PI * (rho / 2.0).asin();
            r[(j, 3)] = s;
            r[(3, j)] = s;
        }
        for i in 0..3 {
            for k in 0..3 {
                if i != k {
                    r[(i, k)] = 0.0;
                }
            }
        }
        let p = r.try_inverse().unwrap();
        let expected: Vec<f64> = (0..3)
            .map(|j| -p[(j, 3)] / (p[(j, j)] * p[(3, 3)]).sqrt())
            .collect();

        let n = 20_000;
        let mut rng = run_rng(8, 0);
        let mut inputs = DMatrix::zeros(n, 3);
        let mut output = vec![0.0; n];
        for i in 0..n {
            let mut y: f64 = rng.sample(StandardNormal);
            for (j, c) in coef.iter().enumerate() {
                let x: f64 = rng.sample(StandardNormal);
                inputs[(i, j)] = x;
                y += c * x;
            }
            output[i] = y;
        }
        let prcc = partial_rank_correlation(&inputs, &output).unwrap();
        // The sampling sd of a partial correlation is about (1 − ρ²)/√n < 0.007.
        for j in 0..3 {
            assert!(
                (prcc[j] - expected[j]).abs() < 0.02,
                "input {j}: {} vs {}",
                prcc[j],
                expected[j]
            );
        }
        // The model is additive: every PRCC exceeds the plain Spearman in magnitude.
        for j in 0..3 {
            let s = spearman(inputs.column(j).as_slice(), &output).unwrap();
            assert!(prcc[j].abs() > s.abs());
        }
    }

    #[test]
    fn prcc_equals_the_correlation_of_regression_residuals() {
        // The definition: regress the ranks of x_j and of y on the other inputs' ranks (with an
        // intercept) by least squares, correlate the residuals.
        let n = 200;
        let mut rng = run_rng(3, 1);
        let mut inputs = DMatrix::zeros(n, 3);
        let mut output = vec![0.0; n];
        for i in 0..n {
            let u: [f64; 3] = [rng.random(), rng.random(), rng.random()];
            for j in 0..3 {
                inputs[(i, j)] = u[j];
            }
            output[i] = (u[0] + 0.3 * u[1] * u[1]).exp() + 0.2 * rng.random::<f64>();
        }
        let prcc = partial_rank_correlation(&inputs, &output).unwrap();
        let ry = DMatrix::from_column_slice(n, 1, &ranks(&output).unwrap());
        for j in 0..3 {
            let rx = DMatrix::from_column_slice(n, 1, &ranks(inputs.column(j).as_slice()).unwrap());
            let mut design = DMatrix::from_element(n, 1, 1.0);
            for k in (0..3).filter(|&k| k != j) {
                let rk = ranks(inputs.column(k).as_slice()).unwrap();
                let last = design.ncols();
                design = design.insert_column(last, 0.0);
                design.set_column(last, &nalgebra::DVector::from_vec(rk));
            }
            let qr = design.clone().qr();
            let resid = |v: &DMatrix<f64>| {
                let beta = qr
                    .r()
                    .solve_upper_triangular(&(qr.q().transpose() * v))
                    .unwrap();
                v - &design * beta
            };
            let (ex, ey) = (resid(&rx), resid(&ry));
            let direct = ex.dot(&ey) / (ex.norm() * ey.norm());
            assert_relative_eq!(prcc[j], direct, epsilon = 1e-10);
        }
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(
            spearman(&[1.0, 2.0], &[1.0]).unwrap_err().to_string(),
            "series have different lengths: 2 and 1"
        );
        assert_eq!(
            spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0])
                .unwrap_err()
                .to_string(),
            "series 1 is constant"
        );
        assert_eq!(
            spearman(&[1.0, f64::NAN], &[1.0, 2.0])
                .unwrap_err()
                .to_string(),
            "value 1 of series 0 is NaN"
        );
        let inputs = DMatrix::from_row_slice(4, 2, &[1.0, 2.0, 2.0, 1.0, 3.0, 4.0, 4.0, 3.0]);
        assert_eq!(
            partial_rank_correlation(&inputs, &[1.0, 2.0, 3.0, 4.0])
                .unwrap_err()
                .to_string(),
            "5 observations are needed, got 4"
        );
        // Two identical columns make the rank correlation matrix singular.
        let twins = DMatrix::from_row_slice(
            6,
            2,
            &[1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0],
        );
        assert_eq!(
            partial_rank_correlation(&twins, &[3.0, 1.0, 2.0, 6.0, 5.0, 4.0]).unwrap_err(),
            RankError::Singular
        );
    }
}
