//! Reports as one self-contained HTML file to hand around: inline CSS and SVG, no script, no
//! network, no fonts to fetch; it opens from disk and prints on A4.
//!
//! - [`simulation`]: a simulation — the targets' questions and probabilities, fan charts,
//!   projects, chains, the energy balance, the targets resting on assumed bases, every source
//!   and assumption of the scenario, and what reproduces the run;
//! - [`sensitivity`]: a target's sensitivity analysis with the tornado chart;
//! - [`comparison`]: several scenarios' target probabilities side by side.
//!
//! Numbers follow [`crate::numbers`]. Nothing reads a clock: the same inputs give the same
//! bytes.

mod analyses;
mod page;
mod simulation;

pub use analyses::{ComparedRun, comparison, sensitivity};
pub use simulation::{SECTIONS, SimulationPage, simulation};

/// What reproduces a run: printed in every report's last section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The scenario file as given on the command line.
    pub scenario_file: String,
    /// SHA-256 over the scenario's bytes and every file it names (the content hash of a
    /// sharded job's part file).
    pub scenario_sha256: String,
    /// The command line that reproduces the report.
    pub command: String,
}
