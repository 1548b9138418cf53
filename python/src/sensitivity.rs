//! Sobol indices of a Python function: the Saltelli design of chainsim-sensitivity mapped
//! through the inputs' marginals (and, when asked, a Gaussian copula), and its estimators.

use chainsim_sensitivity::{Bootstrap, SaltelliDesign, sobol_indices};
use chainsim_stats::marginal::{LogNormal, Normal, Triangular, TruncatedNormal, Uniform};
use chainsim_stats::{CorrelationMatrix, Marginal, std_normal_quantile};
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A group of inputs as Python hands it over: `(name, member names)`.
type Group = (String, Vec<String>);

fn value_error(err: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(err.to_string())
}

fn design(names: Vec<String>, n: usize, seed: u64, groups: Vec<Group>) -> PyResult<SaltelliDesign> {
    let mut design = SaltelliDesign::new(names, n, seed).map_err(value_error)?;
    for (name, members) in &groups {
        let members: Vec<&str> = members.iter().map(String::as_str).collect();
        design = design.with_group(name, &members).map_err(value_error)?;
    }
    Ok(design)
}

/// The marginal SALib's `dists` entry `dist` with `bounds` names (SALib's conventions:
/// `unif` [a, b], `triang` [a, b, peak as a fraction of b − a], `norm` [mean, sd],
/// `truncnorm` [a, b, mean, sd], `lognorm` [mean, sd] of the logarithm).
fn marginal(name: &str, dist: &str, bounds: &[f64]) -> PyResult<Marginal> {
    let wrong = |expected: usize| {
        PyValueError::new_err(format!(
            "problem: bounds of {name:?} ({dist}): expected {expected} numbers, got {}",
            bounds.len()
        ))
    };
    let law = |result: Result<Marginal, chainsim_stats::MarginalError>| {
        result.map_err(|e| PyValueError::new_err(format!("problem: {name:?} ({dist}): {e}")))
    };
    match dist {
        "unif" => match bounds {
            &[a, b] => law(Uniform::new(a, b).map(Marginal::Uniform)),
            _ => Err(wrong(2)),
        },
        "triang" => match bounds {
            &[a, b, c] => law(Triangular::new(a, a + c * (b - a), b).map(Marginal::Triangular)),
            _ => Err(wrong(3)),
        },
        "norm" => match bounds {
            &[mean, sd] => law(Normal::new(mean, sd).map(Marginal::Normal)),
            _ => Err(wrong(2)),
        },
        "truncnorm" => match bounds {
            &[a, b, mean, sd] => {
                law(TruncatedNormal::new(mean, sd, a, b).map(Marginal::TruncatedNormal))
            }
            _ => Err(wrong(4)),
        },
        "lognorm" => match bounds {
            &[mu, sigma] => law(LogNormal::new(mu, sigma).map(Marginal::LogNormal)),
            _ => Err(wrong(2)),
        },
        other => Err(PyValueError::new_err(format!(
            "problem: dists of {name:?}: expected one of unif, triang, norm, truncnorm, lognorm, got {other:?}"
        ))),
    }
}

/// The design's points, one row per model run in chainsim's order (per base row: A, B, then
/// A with each factor's columns from B), each input through its marginal. With
/// `correlation`, the independent uniforms become normals Φ⁻¹(u), are correlated by the
/// Cholesky factor of R (a Gaussian copula) and mapped through the marginals.
#[pyfunction]
#[pyo3(signature = (names, n, seed, groups, dists, bounds, correlation=None))]
#[allow(clippy::too_many_arguments)]
fn saltelli_sample<'py>(
    py: Python<'py>,
    names: Vec<String>,
    n: usize,
    seed: u64,
    groups: Vec<Group>,
    dists: Vec<String>,
    bounds: Vec<Vec<f64>>,
    correlation: Option<PyReadonlyArray2<'_, f64>>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let d = names.len();
    if dists.len() != d || bounds.len() != d {
        return Err(PyValueError::new_err(format!(
            "problem: {d} names but {} dists and {} bounds",
            dists.len(),
            bounds.len()
        )));
    }
    let marginals = names
        .iter()
        .zip(&dists)
        .zip(&bounds)
        .map(|((name, dist), b)| marginal(name, dist, b))
        .collect::<PyResult<Vec<_>>>()?;
    let copula = correlation
        .map(|r| {
            let view = r.as_array();
            let (rows, cols) = view.dim();
            let matrix = nalgebra::DMatrix::from_fn(rows, cols, |i, j| view[[i, j]]);
            CorrelationMatrix::new(names.clone(), matrix)
                .map_err(|e| PyValueError::new_err(format!("correlation: {e}")))
        })
        .transpose()?;
    let design = design(names, n, seed, groups)?;
    let runs = design.runs();
    let mut unit = vec![0.0; d];
    let (mut z, mut correlated) = (vec![0.0; d], vec![0.0; d]);
    let mut out = Array2::<f64>::zeros((runs, d));
    for run in 0..runs {
        design.point(run, &mut unit);
        match &copula {
            None => {
                for (i, m) in marginals.iter().enumerate() {
                    out[[run, i]] = m.quantile(unit[i]);
                }
            }
            Some(r) => {
                for (zi, u) in z.iter_mut().zip(&unit) {
                    *zi = std_normal_quantile(*u);
                }
                r.correlate(&z, &mut correlated);
                for (i, m) in marginals.iter().enumerate() {
                    out[[run, i]] = m.from_std_normal(correlated[i]);
                }
            }
        }
    }
    Ok(out.into_pyarray(py))
}

/// First-order and total indices of every factor (inputs, then groups) from the outputs on
/// the design's runs, with bootstrap intervals: one dict per factor, plus the variance.
#[pyfunction]
#[pyo3(signature = (names, n, seed, groups, outputs, resamples))]
fn sobol_analyze<'py>(
    py: Python<'py>,
    names: Vec<String>,
    n: usize,
    seed: u64,
    groups: Vec<Group>,
    outputs: PyReadonlyArray1<'_, f64>,
    resamples: usize,
) -> PyResult<(Vec<Bound<'py, PyDict>>, f64)> {
    let design = design(names, n, seed, groups)?;
    let outputs = outputs.as_slice().map_err(value_error)?.to_vec();
    let bootstrap = Bootstrap { resamples, seed };
    let indices = py
        .detach(|| sobol_indices(&design, &outputs, bootstrap))
        .map_err(value_error)?;
    let mut rows = Vec::with_capacity(indices.factors.len());
    for factor in &indices.factors {
        let row = PyDict::new(py);
        row.set_item("name", &factor.name)?;
        row.set_item("members", &factor.members)?;
        row.set_item("S1", factor.first_order)?;
        row.set_item("S1_low", factor.first_order_interval.map(|i| i.0))?;
        row.set_item("S1_high", factor.first_order_interval.map(|i| i.1))?;
        row.set_item("ST", factor.total)?;
        row.set_item("ST_low", factor.total_interval.map(|i| i.0))?;
        row.set_item("ST_high", factor.total_interval.map(|i| i.1))?;
        rows.push(row);
    }
    Ok((rows, indices.variance))
}

/// Adds the sensitivity functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(saltelli_sample, m)?)?;
    m.add_function(wrap_pyfunction!(sobol_analyze, m)?)?;
    Ok(())
}
