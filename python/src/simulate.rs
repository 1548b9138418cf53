//! `simulate`: a scenario's Monte Carlo run, returning the three files the CLI writes.

use std::cell::RefCell;
use std::path::Path;

use chainsim::scenario::SamplerKind;
use chainsim::{CompileOptions, EngineError, Model, Observer, Report, RunOptions, Scenario};
use chainsim_report::simulation;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::scenario_error;

/// Stops the engine when Python has a pending signal (Ctrl-C): the engine asks on the
/// calling thread, which is the Python thread that called `simulate`, so the signal
/// handlers run there and `KeyboardInterrupt` is kept to be raised once the engine returns.
struct SignalObserver {
    raised: RefCell<Option<PyErr>>,
}

impl Observer for SignalObserver {
    fn cancelled(&self) -> bool {
        if self.raised.borrow().is_some() {
            return true;
        }
        match Python::attach(|py| py.check_signals()) {
            Ok(()) => false,
            Err(err) => {
                *self.raised.borrow_mut() = Some(err);
                true
            }
        }
    }
}

/// The sampler named `name` (the CLI's spelling, or the scenario file's).
fn sampler_kind(name: &str) -> PyResult<SamplerKind> {
    match name {
        "monte-carlo" | "monte_carlo" => Ok(SamplerKind::MonteCarlo),
        "latin-hypercube" | "latin_hypercube" => Ok(SamplerKind::LatinHypercube),
        "sobol" => Ok(SamplerKind::Sobol),
        other => Err(PyValueError::new_err(format!(
            "sampler: expected one of monte-carlo, latin-hypercube, sobol, got {other:?}"
        ))),
    }
}

/// Reads and compiles a scenario as `chainsim simulate` does (`load_model_with` in the
/// CLI): from a file, whose files are read relative to its folder, or from TOML text,
/// whose files are read relative to the working directory. Messages are the CLI's.
fn load(py: Python<'_>, scenario: &str, is_path: bool) -> PyResult<Model> {
    let (text, file, dir) = if is_path {
        let path = Path::new(scenario);
        let text = std::fs::read_to_string(path).map_err(|e| {
            scenario_error(
                py,
                format!("cannot read scenario file {scenario}: {e}"),
                None,
                Some(scenario),
            )
        })?;
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        (text, Some(scenario), dir)
    } else {
        (scenario.to_owned(), None, Path::new("").to_path_buf())
    };
    let located = |err: chainsim::ScenarioError| {
        let message = match file {
            Some(file) => {
                let separator = if err.location().is_some() { ":" } else { ": " };
                format!("{file}{separator}{err}")
            }
            None => err.to_string(),
        };
        scenario_error(py, message, Some(&err), file)
    };
    let mut parsed = Scenario::from_toml_str(&text).map_err(located)?;
    parsed
        .resolve_files(|name| read_scenario_file(&dir.join(name)))
        .map_err(located)?;
    Model::compile_with(&parsed, &CompileOptions::default()).map_err(located)
}

/// The text of a file a scenario names, as the CLI reads it: a `[coefficient_table]` in
/// another table format (pymrio, EXIOBASE, OECD ICIO, Eurostat, a spreadsheet) is read with
/// chainsim-tables and handed over as chainsim's CSV of flows; any other file as it is.
fn read_scenario_file(path: &Path) -> Result<String, String> {
    use chainsim_report::io::{IoText, TableReport};
    use chainsim_tables::{Format, ReadOptions};
    match Format::detect(path) {
        Ok(format) if format != Format::Chainsim => {
            let table = chainsim_tables::read(path, format, &ReadOptions::default())
                .map_err(|e| e.to_string())?;
            Ok(TableReport::new(&table).csv())
        }
        _ => std::fs::read_to_string(path).map_err(|e| e.to_string()),
    }
}

/// Runs the scenario and returns `(targets.csv, trajectories.csv, summary.json)`, the
/// text `chainsim simulate` writes into `--out`.
#[pyfunction]
#[pyo3(signature = (scenario, is_path, runs=None, seed=None, threads=None, sampler=None))]
pub fn simulate(
    py: Python<'_>,
    scenario: &str,
    is_path: bool,
    runs: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    sampler: Option<&str>,
) -> PyResult<(String, String, String)> {
    if runs == Some(0) {
        return Err(PyValueError::new_err("runs: must be at least 1, got 0"));
    }
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads: must be at least 1, got 0"));
    }
    if let Some(threads) = threads.filter(|&t| t > chainsim::engine::MAX_THREADS) {
        return Err(PyValueError::new_err(format!(
            "threads: must be at most {}, got {threads}",
            chainsim::engine::MAX_THREADS
        )));
    }
    let sampler = sampler.map(sampler_kind).transpose()?;
    let model = load(py, scenario, is_path)?;
    let options = RunOptions {
        runs: runs.unwrap_or(model.default_runs()),
        seed: seed.unwrap_or(model.default_seed()),
        threads,
        sampler: sampler.unwrap_or(model.default_sampler()),
        precision: None,
    };
    let mut observer = SignalObserver {
        raised: RefCell::new(None),
    };
    let result = py.detach(|| chainsim::simulate(&model, &options, &mut observer));
    let summary = match result {
        Ok(summary) => summary,
        Err(EngineError::Cancelled) => {
            return Err(observer
                .raised
                .into_inner()
                .unwrap_or_else(|| pyo3::exceptions::PyKeyboardInterrupt::new_err(())));
        }
        Err(err) => {
            let message = if is_path {
                format!("{scenario}: {err}")
            } else {
                err.to_string()
            };
            return Err(scenario_error(
                py,
                message,
                None,
                is_path.then_some(scenario),
            ));
        }
    };
    let report = Report::new(&model, &options, &summary);
    Ok((
        simulation::targets_csv(&report),
        simulation::trajectories_csv(&report),
        simulation::summary_json(&report),
    ))
}
