//! Where each run's standard-normal inputs come from: plain Monte Carlo, Latin hypercube or
//! scrambled Sobol points.
//!
//! Every sampler is random-access: run r's inputs depend on (seed, r) — and for the Latin
//! hypercube, the total run count — alone, so a run is the same on any thread.

use crate::scenario::SamplerKind;
use crate::stats::{
    LatinHypercube, PointSampler, SamplerError, SobolSequence, philox_normal_pair,
    philox_normal_pairs,
};

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

    /// Fills the inputs of runs `first..first + width` side by side: input k of run
    /// `first + l` at `inputs[k * lanes + l]` (the layout of
    /// [`RunBatch::inputs_mut`](super::run::RunBatch::inputs_mut)); `point` is scratch of one
    /// run's length.
    pub fn fill_lanes(
        &self,
        first: u64,
        width: usize,
        lanes: usize,
        inputs: &mut [f64],
        point: &mut [f64],
    ) {
        match &self.design {
            None => {
                // Draws 2j and 2j + 1 of a run come from one Philox block.
                for (pair, columns) in inputs.chunks_mut(2 * lanes).enumerate() {
                    let (even, odd) = columns.split_at_mut(lanes);
                    let odd = odd.get_mut(..width).unwrap_or_default();
                    philox_normal_pairs(self.seed, first, pair as u64, &mut even[..width], odd);
                }
            }
            Some(design) => {
                for (lane, run) in (first..first + width as u64).enumerate() {
                    design.std_normal_point(run, point);
                    for (k, &z) in point.iter().enumerate() {
                        inputs[k * lanes + lane] = z;
                    }
                }
            }
        }
    }
}

/// Fills `inputs` with independent standard normals: input k of run `run` is
/// [`philox_normal`](crate::stats::philox_normal)`(seed, run, k)`.
///
/// The draws depend on nothing else, so a run gives the same numbers on any thread, in any
/// order and in any batch, and adding inputs at the end leaves the earlier ones unchanged.
pub fn fill_standard_normals(seed: u64, run: u64, inputs: &mut [f64]) {
    for (pair, values) in inputs.chunks_mut(2).enumerate() {
        let draws = philox_normal_pair(seed, run, pair as u64);
        values.copy_from_slice(&draws[..values.len()]);
    }
}
