//! The package's exceptions and how library errors become them.

use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    chainsim,
    ScenarioError,
    PyException,
    "A scenario that cannot be read or compiled; `line`, `column` (1-based) and `path` (the field path, e.g. `targets[2].sector`) say where, each None when unknown, and `file` names the scenario file (None for TOML text)."
);

pyo3::create_exception!(
    chainsim,
    IoError,
    PyException,
    "An input–output table or analysis that chainsim rejects (not square, negative flows, not productive, unknown label, …)."
);

/// A `ScenarioError` carrying `err`'s location and field path. `message` is the one line
/// the CLI prints after `error: `.
pub fn scenario_error(
    py: Python<'_>,
    message: String,
    err: Option<&chainsim::ScenarioError>,
    file: Option<&str>,
) -> PyErr {
    let location = err.and_then(chainsim::ScenarioError::location);
    let path = err.and_then(|err| match err {
        chainsim::ScenarioError::Invalid { path, .. } => Some(path.clone()),
        _ => None,
    });
    let exc = ScenarioError::new_err(message);
    let value = exc.value(py);
    // Setting an attribute on a fresh exception instance cannot fail.
    let _ = value.setattr("line", location.map(|l| l.line));
    let _ = value.setattr("column", location.map(|l| l.column));
    let _ = value.setattr("path", path);
    let _ = value.setattr("file", file.map(str::to_owned));
    exc
}

/// A `chainsim.IoError` with the library's message.
pub fn io_error(err: impl std::fmt::Display) -> PyErr {
    IoError::new_err(err.to_string())
}
