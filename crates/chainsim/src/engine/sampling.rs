//! Where each run's standard-normal inputs come from: plain Monte Carlo, Latin hypercube or
//! scrambled Sobol points.
//!
//! Every sampler is random-access: run r's inputs depend on (seed, r) — and for the Latin
//! hypercube, the total run count — alone, so a run is the same on any thread.

use crate::scenario::SamplerKind;
use crate::stats::{LatinHypercube, PointSampler, SamplerError, SobolSequence, run_rng};
use rand::RngExt;
use rand_distr::StandardNormal;

/// A built sampler for one simulation.
pub struct InputSampler {
    seed: u64,
    design: Option<Box<dyn PointSampler>>,
}

impl std::fmt::Debug for InputSampler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InputSampler")
            .field("seed", &self.seed)
            .field("quasi_random", &self.design.is_some())
            .finish()
    }
}

impl InputSampler {
    /// A sampler of `dims` inputs for `runs` runs.
    ///
    /// # Errors
    /// [`SamplerError`] when the design cannot hold that many dimensions or runs.
    pub fn new(
        kind: SamplerKind,
        dims: usize,
        runs: u64,
        seed: u64,
    ) -> Result<InputSampler, SamplerError> {
        let design: Option<Box<dyn PointSampler>> = match kind {
            SamplerKind::MonteCarlo => None,
            SamplerKind::LatinHypercube => Some(Box::new(LatinHypercube::new(runs, dims, seed)?)),
            SamplerKind::Sobol => Some(Box::new(SobolSequence::new(dims, seed)?)),
        };
        Ok(InputSampler { seed, design })
    }

    /// Fills `inputs` with run `run`'s standard normals.
    pub fn fill(&self, run: u64, inputs: &mut [f64]) {
        match &self.design {
            None => fill_standard_normals(self.seed, run, inputs),
            Some(design) => design.std_normal_point(run, inputs),
        }
    }
}

/// Fills `inputs` with independent standard normals from the stream of (`seed`, `run`).
///
/// The draws depend on nothing else, so a run gives the same numbers on any thread,
/// in any order, and adding inputs at the end leaves the earlier ones unchanged.
pub fn fill_standard_normals(seed: u64, run: u64, inputs: &mut [f64]) {
    let mut rng = run_rng(seed, run);
    for value in inputs {
        *value = rng.sample(StandardNormal);
    }
}
