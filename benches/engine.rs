//! Criterion benchmarks of the simulation engine.
//!
//! - `engine/plain`: whole simulations of issue 14's plain model (`benches/data/plain.toml`:
//!   5 sectors, fixed A, correlated normal growth, 5 years, 2 level targets), the model
//!   `benches/compare/plain_numpy.py` simulates, throughput in runs; `engine/plain-outputs`
//!   the same keeping its outputs' trajectories only (`[trajectories]`).
//! - `engine/jilin-2030`: whole simulations of the four-base Jilin model
//!   (`benches/data/jilin-2030-four-bases.toml`), throughput in runs.
//! - `engine/jilin-2030-full`: the shipped scenario with its chain, capacities, projects and
//!   energy base, at 10⁴ runs.
//! - `run_step/<n>`: one run (5 years, correlated shocks, uncertain coefficients) of a
//!   synthetic n-sector model.

use std::hint::black_box;

use chainsim::engine::run::{RunState, simulate_run};
use chainsim::engine::sampling::fill_standard_normals;
use chainsim::{RunOptions, Silent, simulate};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

// The gate's benchmark inputs: the shipped scenario and the synthetic n-sector model are the
// same models the criterion suite measures. The gate uses items this bench does not.
#[allow(dead_code)]
#[path = "gate/inputs.rs"]
mod inputs;

use inputs::{jilin, jilin_full, plain, plain_outputs, synthetic};

fn engine(c: &mut Criterion) {
    engine_group(c, "engine/plain", &plain(), &[100_000, 1_000_000]);
    engine_group(c, "engine/plain-outputs", &plain_outputs(), &[1_000_000]);
    engine_group(c, "engine/jilin-2030", &jilin(), &[10_000, 100_000]);
    // The full shipped scenario: chain, capacity-limited mixed model, projects, energy.
    engine_group(c, "engine/jilin-2030-full", &jilin_full(), &[10_000]);
}

/// Whole simulations of `model` at each run count, on 1 and 2 threads.
fn engine_group(c: &mut Criterion, name: &str, model: &chainsim::Model, run_counts: &[u64]) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    for &runs in run_counts {
        for threads in [1_usize, 2] {
            group.throughput(Throughput::Elements(runs));
            let options = RunOptions {
                runs,
                seed: 1,
                threads: Some(threads),
                ..RunOptions::default()
            };
            group.bench_with_input(
                BenchmarkId::new(format!("threads-{threads}"), runs),
                &options,
                |b, options| b.iter(|| simulate(model, black_box(options), &mut Silent)),
            );
        }
    }
    group.finish();
}

fn run_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("run_step");
    for n in [5_usize, 20, 100] {
        let model = synthetic(n);
        let mut state = RunState::new(&model);
        let mut inputs = vec![0.0; model.n_inputs()];
        fill_standard_normals(1, 0, &mut inputs);
        group.throughput(Throughput::Elements(1));
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| simulate_run(&model, black_box(&inputs), &mut state))
        });
    }
    group.finish();
}

criterion_group!(benches, engine, run_step);
criterion_main!(benches);
