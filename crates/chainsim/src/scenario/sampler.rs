//! `[sampling] method`: which point set drives the runs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which point set drives the runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SamplerKind {
    /// Independent pseudo-random normals per run (input k of run r from the Philox2x64-10
    /// counter (r, k) under the seed, ziggurat).
    #[default]
    MonteCarlo,
    /// A Latin hypercube over all runs: each input's marginal stratified exactly.
    LatinHypercube,
    /// An Owen-scrambled Sobol sequence (quasi-Monte Carlo).
    Sobol,
}

impl SamplerKind {
    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SamplerKind::MonteCarlo => "monte_carlo",
            SamplerKind::LatinHypercube => "latin_hypercube",
            SamplerKind::Sobol => "sobol",
        }
    }

    /// Whether more runs can be appended without changing earlier ones (needed for
    /// precision control).
    pub fn is_extensible(self) -> bool {
        !matches!(self, SamplerKind::LatinHypercube)
    }
}
