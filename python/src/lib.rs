//! `chainsim._native`: the Rust half of the `chainsim` Python package.
//!
//! Each function takes plain Python values and numpy arrays, calls the chainsim library
//! once and returns plain values, arrays or the text the CLI would write (CSV, JSON); the
//! Python half (`chainsim/*.py`) turns those into pandas objects. Errors of bad input are
//! raised as `chainsim.ScenarioError`, `chainsim.IoError` or `ValueError` with the CLI's
//! one-line message; nothing panics across the boundary (pyo3 would turn a panic into
//! `PanicException`, and no code path here is expected to panic).

mod errors;
mod io;
mod sensitivity;
mod simulate;

use pyo3::prelude::*;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ScenarioError", py.get_type::<errors::ScenarioError>())?;
    m.add("IoError", py.get_type::<errors::IoError>())?;
    m.add_function(wrap_pyfunction!(simulate::simulate, m)?)?;
    io::register(m)?;
    sensitivity::register(m)?;
    Ok(())
}
