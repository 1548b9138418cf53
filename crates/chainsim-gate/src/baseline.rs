//! The committed baseline: instruction counts per kernel and the compiler that produced them.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// Instruction counts of every tracked kernel, measured with one compiler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// `rustc --version` of the compiler that built the measured binary.
    pub rustc: String,
    /// What was counted, for people reading the file.
    pub metric: String,
    /// Instructions executed (Callgrind's `Ir`) per kernel, keyed `function/bench-id`.
    pub kernels: BTreeMap<String, u64>,
}

/// The metric every count in this crate is.
pub const METRIC: &str = "instructions executed (Callgrind Ir), gungraun 0.20.0, --cache-sim=no";

impl Counts {
    /// Counts measured now with `rustc`.
    pub fn new(rustc: impl Into<String>, kernels: BTreeMap<String, u64>) -> Counts {
        Counts {
            rustc: rustc.into(),
            metric: METRIC.to_string(),
            kernels,
        }
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// If the file cannot be read or is not a baseline.
    pub fn read(path: &Path) -> anyhow::Result<Counts> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    /// Writes the baseline file (pretty JSON, one kernel a line, sorted).
    ///
    /// # Errors
    /// If the file cannot be written.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("counts serialise");
        text.push('\n');
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
    }
}
