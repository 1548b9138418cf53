//! Where each run's standard-normal inputs come from.

use rand::RngExt;
use rand_distr::StandardNormal;

use crate::stats::run_rng;

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
