//! The input–output toolkit on numpy arrays: a validated table (`Table`) or coefficient
//! model (`Model`) built once at the boundary, then one library call per analysis. Reports
//! come back as the CSV text `chainsim io … --format csv` prints (numbers in shortest
//! round-trip form, so parsing them gives back the same bits), matrices as arrays.

use chainsim_io::nalgebra::{DMatrix, DVector};
use chainsim_io::{
    Aggregation, Households, IoModel, IoTable, Label, MultiplierInputs, RasOptions,
    SatelliteAccount,
};
use chainsim_report::io::{GhoshReport, IoText};
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use crate::errors::io_error;

/// Two matrices of the same shape, such as B and G.
type MatrixPair<'py> = (Bound<'py, PyArray2<f64>>, Bound<'py, PyArray2<f64>>);

/// A sector label as Python hands it over: `(region or None, sector)`.
type PyLabel = (Option<String>, String);

fn labels(raw: Vec<PyLabel>) -> Vec<Label> {
    raw.into_iter()
        .map(|(region, sector)| Label { region, sector })
        .collect()
}

fn matrix(array: &PyReadonlyArray2<'_, f64>) -> DMatrix<f64> {
    let view = array.as_array();
    let (rows, cols) = view.dim();
    DMatrix::from_fn(rows, cols, |i, j| view[[i, j]])
}

fn vector(array: &PyReadonlyArray1<'_, f64>) -> DVector<f64> {
    let view = array.as_array();
    DVector::from_iterator(view.len(), view.iter().copied())
}

fn to_array<'py>(py: Python<'py>, m: &DMatrix<f64>) -> Bound<'py, PyArray2<f64>> {
    Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| m[(i, j)]).into_pyarray(py)
}

fn to_array1<'py>(py: Python<'py>, v: &DVector<f64>) -> Bound<'py, PyArray1<f64>> {
    v.as_slice().to_vec().into_pyarray(py)
}

/// A coefficient model A (with base-year output x when known): what the reports take.
#[pyclass(module = "chainsim._native", frozen)]
pub struct Model {
    model: IoModel,
}

#[pymethods]
impl Model {
    /// Checks A (square, finite, productive) and the labels.
    #[new]
    #[pyo3(signature = (labels, a, output=None))]
    fn new(
        labels: Vec<PyLabel>,
        a: PyReadonlyArray2<'_, f64>,
        output: Option<PyReadonlyArray1<'_, f64>>,
    ) -> PyResult<Model> {
        let mut model =
            IoModel::from_coefficients(self::labels(labels), matrix(&a)).map_err(io_error)?;
        if let Some(x) = output {
            model = model.with_output(vector(&x)).map_err(io_error)?;
        }
        Ok(Model { model })
    }

    /// The Leontief inverse L = (I − A)⁻¹.
    fn leontief_inverse<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        to_array(py, &self.model.leontief().inverse())
    }

    /// Output multipliers (`chainsim io multipliers` CSV), without households or
    /// satellites: a coefficient model has neither.
    fn multipliers_csv(&self) -> PyResult<String> {
        let report = chainsim_io::multipliers(&self.model, &MultiplierInputs::default())
            .map_err(io_error)?;
        Ok(report.csv())
    }

    /// Backward and forward linkages (`chainsim io linkages` CSV).
    fn linkages_csv(&self) -> PyResult<String> {
        Ok(chainsim_io::linkages(&self.model).map_err(io_error)?.csv())
    }

    /// Hypothetical extraction (`chainsim io extraction` CSV) with final demand `f`, or the
    /// base-year final demand (I − A) x when `f` is None.
    #[pyo3(signature = (final_demand=None))]
    fn extraction_csv(&self, final_demand: Option<PyReadonlyArray1<'_, f64>>) -> PyResult<String> {
        let f = match final_demand {
            Some(f) => vector(&f),
            None => self.model.base_final_demand().map_err(io_error)?,
        };
        Ok(chainsim_io::extraction(&self.model, &f)
            .map_err(io_error)?
            .csv())
    }

    /// The allocation coefficients B = x̂⁻¹Z and the Ghosh inverse G = (I − B)⁻¹.
    fn ghosh<'py>(&self, py: Python<'py>) -> PyResult<MatrixPair<'py>> {
        let report = GhoshReport::new(&self.model).map_err(io_error)?;
        let rows = |m: &[Vec<f64>]| {
            let n = m.len();
            DMatrix::from_fn(n, n, |i, j| m[i][j])
        };
        Ok((
            to_array(py, &rows(&report.allocation)),
            to_array(py, &rows(&report.inverse)),
        ))
    }
}

/// A validated table in flows: Z, x and optional final demand (sectors × categories),
/// value added (items × sectors) and satellites (accounts × sectors, totals).
#[pyclass(module = "chainsim._native", frozen)]
pub struct Table {
    table: IoTable,
}

#[pymethods]
impl Table {
    /// Checks every block as `chainsim io` does when it reads a table.
    #[new]
    #[pyo3(signature = (labels, z, x, y=None, y_labels=None, va=None, va_labels=None, f=None, f_labels=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        labels: Vec<PyLabel>,
        z: PyReadonlyArray2<'_, f64>,
        x: PyReadonlyArray1<'_, f64>,
        y: Option<PyReadonlyArray2<'_, f64>>,
        y_labels: Option<Vec<String>>,
        va: Option<PyReadonlyArray2<'_, f64>>,
        va_labels: Option<Vec<String>>,
        f: Option<PyReadonlyArray2<'_, f64>>,
        f_labels: Option<Vec<String>>,
    ) -> PyResult<Table> {
        let mut table =
            IoTable::new(self::labels(labels), matrix(&z), vector(&x)).map_err(io_error)?;
        if let Some(y) = y {
            table = table
                .with_final_demand(y_labels.unwrap_or_default(), matrix(&y))
                .map_err(io_error)?;
        }
        if let Some(va) = va {
            table = table
                .with_value_added(va_labels.unwrap_or_default(), matrix(&va))
                .map_err(io_error)?;
        }
        if let Some(f) = f {
            table = table
                .with_satellites(f_labels.unwrap_or_default(), matrix(&f))
                .map_err(io_error)?;
        }
        Ok(Table { table })
    }

    /// Technical coefficients A = Z x̂⁻¹.
    fn coefficients<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        Ok(to_array(py, &self.table.coefficients().map_err(io_error)?))
    }

    /// The table's coefficient model with its base-year output (A must be productive).
    fn model(&self) -> PyResult<Model> {
        Ok(Model {
            model: self.table.model().map_err(io_error)?,
        })
    }

    /// Output, income and satellite multipliers (`chainsim io multipliers` CSV): income and
    /// Type II multipliers when `households` names the value-added row of household income
    /// and the final-demand column of household consumption; one set of satellite
    /// multipliers per satellite row.
    #[pyo3(signature = (households=None))]
    fn multipliers_csv(&self, households: Option<(String, String)>) -> PyResult<String> {
        let model = self.table.model().map_err(io_error)?;
        let households = households
            .map(|(row, column)| Households::from_table(&self.table, &row, &column))
            .transpose()
            .map_err(io_error)?;
        let inputs = MultiplierInputs {
            households,
            satellites: SatelliteAccount::from_table(&self.table),
        };
        Ok(chainsim_io::multipliers(&model, &inputs)
            .map_err(io_error)?
            .csv())
    }

    /// The table with sector i merged into group `assignment[i]` (groups in order of first
    /// appearance): `(group labels, Z, x, Y, V, F)`.
    #[allow(clippy::type_complexity)]
    fn aggregate<'py>(
        &self,
        py: Python<'py>,
        assignment: Vec<PyLabel>,
    ) -> PyResult<(
        Vec<PyLabel>,
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray1<f64>>,
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray2<f64>>,
    )> {
        let aggregation = Aggregation::new(labels(assignment)).map_err(io_error)?;
        let out = aggregation.aggregate_table(&self.table).map_err(io_error)?;
        Ok((
            out.sectors()
                .iter()
                .map(|l| (l.region.clone(), l.sector.clone()))
                .collect(),
            to_array(py, out.flows()),
            to_array1(py, out.output()),
            to_array(py, &out.final_demand().values),
            to_array(py, &out.value_added().values),
            to_array(py, &out.satellites().values),
        ))
    }
}

/// RAS: the prior scaled biproportionally to the given row and column totals. Returns
/// `(matrix, row factors, column factors, iterations, largest remaining error)`.
#[pyfunction]
#[pyo3(signature = (prior, row_totals, column_totals, tolerance=1e-10, max_iterations=10_000))]
#[allow(clippy::type_complexity)]
fn ras<'py>(
    py: Python<'py>,
    prior: PyReadonlyArray2<'_, f64>,
    row_totals: PyReadonlyArray1<'_, f64>,
    column_totals: PyReadonlyArray1<'_, f64>,
    tolerance: f64,
    max_iterations: usize,
) -> PyResult<(
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    usize,
    f64,
)> {
    let options = RasOptions {
        tolerance,
        max_iterations,
    };
    let result = chainsim_io::ras(
        &matrix(&prior),
        &vector(&row_totals),
        &vector(&column_totals),
        options,
    )
    .map_err(io_error)?;
    Ok((
        to_array(py, &result.matrix),
        to_array1(py, &result.row_factors),
        to_array1(py, &result.col_factors),
        result.iterations,
        result.max_error,
    ))
}

/// Adds the toolkit to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Model>()?;
    m.add_class::<Table>()?;
    m.add_function(wrap_pyfunction!(ras, m)?)?;
    Ok(())
}
