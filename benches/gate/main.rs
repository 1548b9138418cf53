//! Instruction-count benchmarks of chainsim's kernels, for the CI regression gate.
//!
//! Each benchmark runs once under Callgrind (through gungraun), so its count of executed
//! instructions is the same on every run of the same binary however loaded the machine is.
//! `chainsim-gate` (crates/chainsim-gate) runs this file, compares the counts with
//! `benches/baseline/instructions.json` and fails on a regression; see docs/benchmarks.md.
//!
//! Workloads are small on purpose: Callgrind is about 50× slower than native.
//! Inputs are built in `setup` functions, which gungraun keeps out of the counts.

// gungraun's macros generate undocumented modules.
#![allow(missing_docs)]

mod inputs;

use std::hint::black_box;

use chainsim::engine::LANES;
use chainsim::engine::run::{RunBatch, RunState, simulate_run};
use chainsim::engine::sampling::{InputSampler, fill_standard_normals};
use chainsim::io::Leontief;
use chainsim::scenario::SamplerKind;
use chainsim::stats::{
    LatinHypercube, Marginal, MonteCarlo, PointSampler, QuantileSketch, SobolSequence,
};
use chainsim::{Model, Summary};
use gungraun::{
    Callgrind, LibraryBenchmarkConfig, library_benchmark, library_benchmark_group, main,
};
use nalgebra::{DMatrix, DVector};

use inputs::{
    EngineInput, RunInput, coefficient_matrix, jilin, jilin_full, plain, plain_outputs,
    sketch_values, synthetic,
};

/// Runs of the four-base model per engine benchmark: one engine chunk.
const ENGINE_RUNS: u64 = 256;

/// Runs of the full shipped scenario (chains, capacity, energy) per engine benchmark.
const FULL_RUNS: u64 = 64;

fn engine_input(runs: u64) -> EngineInput {
    engine_input_for(jilin(), runs)
}

fn engine_input_full(runs: u64) -> EngineInput {
    engine_input_for(jilin_full(), runs)
}

fn engine_input_plain(runs: u64) -> EngineInput {
    engine_input_for(plain(), runs)
}

fn engine_input_plain_outputs(runs: u64) -> EngineInput {
    engine_input_for(plain_outputs(), runs)
}

fn engine_input_for(model: Model, runs: u64) -> EngineInput {
    let sampler = InputSampler::new(SamplerKind::MonteCarlo, model.n_inputs(), runs, 1)
        .expect("plain Monte Carlo takes any number of inputs");
    EngineInput {
        sampler,
        batch: RunBatch::new(&model, LANES),
        point: vec![0.0; model.n_inputs()],
        summary: Summary::new(&model),
        metrics: vec![0.0; LANES * model.targets().len()],
        runs,
        model,
    }
}

// gungraun rejects doc attributes on benchmark functions, hence plain comments.
//
// One engine chunk on the calling thread, as a worker runs it: each batch of runs side by
// side draws its inputs, is simulated and is recorded in the summary. The plain model of
// issue 14 (keeping every series, and its outputs only) and the four-base model take 256 runs; the full shipped scenario, whose runs
// also solve the capacity-limited mixed model, the chain, the projects and the energy
// balance, a quarter chunk.
#[library_benchmark]
#[bench::plain_256(args = (ENGINE_RUNS), setup = engine_input_plain)]
#[bench::plain_outputs_256(args = (ENGINE_RUNS), setup = engine_input_plain_outputs)]
#[bench::jilin_256(args = (ENGINE_RUNS), setup = engine_input)]
#[bench::jilin_full_64(args = (FULL_RUNS), setup = engine_input_full)]
fn engine(mut input: EngineInput) -> Summary {
    let lanes = input.batch.lanes();
    let n_targets = input.model.targets().len();
    let mut run = 0;
    while run < input.runs {
        let width = (input.runs - run).min(lanes as u64) as usize;
        let inputs = input.batch.inputs_mut();
        input
            .sampler
            .fill_lanes(run, width, lanes, inputs, &mut input.point);
        input.batch.simulate(&input.model, width);
        input.summary.record_lanes(
            &input.model,
            input.batch.values(),
            lanes,
            input.batch.status(),
            &mut input.metrics[..width * n_targets],
        );
        run += width as u64;
    }
    black_box(input.summary)
}

fn run_input(n_sectors: usize) -> RunInput {
    let model = synthetic(n_sectors);
    let mut inputs = vec![0.0; model.n_inputs()];
    fill_standard_normals(1, 0, &mut inputs);
    RunInput {
        state: RunState::new(&model),
        inputs,
        model,
    }
}

// One run (5 years, correlated shocks, uncertain coefficients) of an n-sector model.
#[library_benchmark]
#[bench::n5(args = (5), setup = run_input)]
#[bench::n20(args = (20), setup = run_input)]
#[bench::n100(args = (100), setup = run_input)]
fn run_step(mut input: RunInput) -> RunState {
    let outcome = simulate_run(&input.model, black_box(&input.inputs), &mut input.state);
    black_box(outcome.is_ok());
    input.state
}

fn normals_buffer(len: usize) -> Vec<f64> {
    vec![0.0; len]
}

// Standard-normal draws of one run (Philox2x64-10 and the ziggurat).
#[library_benchmark]
#[bench::draws_1000(args = (1000), setup = normals_buffer)]
fn normals(mut buffer: Vec<f64>) -> Vec<f64> {
    fill_standard_normals(black_box(7), black_box(3), &mut buffer);
    buffer
}

fn leontief_input(n: usize) -> (Leontief, DVector<f64>) {
    let leontief = Leontief::new(&coefficient_matrix(n)).expect("the test matrix is productive");
    (leontief, DVector::from_fn(n, |i, _| 1.0 + i as f64))
}

// LU factorisation of I − A with the productivity check.
#[library_benchmark]
#[bench::n10(args = (10), setup = coefficient_matrix)]
#[bench::n100(args = (100), setup = coefficient_matrix)]
fn leontief_factor(a: DMatrix<f64>) -> Leontief {
    Leontief::new(black_box(&a)).expect("the test matrix is productive")
}

// x = (I − A)⁻¹ f from the factorisation.
#[library_benchmark]
#[bench::n10(args = (10), setup = leontief_input)]
#[bench::n100(args = (100), setup = leontief_input)]
fn leontief_solve((leontief, mut f): (Leontief, DVector<f64>)) -> DVector<f64> {
    leontief.solve_in_place(black_box(&mut f));
    f
}

// The explicit Leontief inverse L = (I − A)⁻¹.
#[library_benchmark]
#[bench::n10(args = (10), setup = leontief_input)]
#[bench::n100(args = (100), setup = leontief_input)]
fn leontief_inverse((leontief, _): (Leontief, DVector<f64>)) -> DMatrix<f64> {
    black_box(&leontief).inverse()
}

// DDSketch inserts of lognormal-like values, one at a time.
//
// With the `gate-slowdown` feature (set only by benches/gate/prove.sh) every fourth value
// is inserted twice: a deliberate regression (+25% inserts, about +18% instructions with the
// sketch's allocations) that the gate must catch.
#[library_benchmark]
#[bench::values_10000(args = (10_000), setup = sketch_values)]
fn sketch_insert(values: Vec<f64>) -> QuantileSketch {
    let mut sketch = QuantileSketch::new();
    for &v in black_box(&values) {
        sketch.insert(v);
    }
    #[cfg(feature = "gate-slowdown")]
    for &v in values.iter().step_by(4) {
        sketch.insert(v);
    }
    sketch
}

// The same values inserted as a slice (the engine records a batch's runs of a series so).
#[library_benchmark]
#[bench::values_10000(args = (10_000), setup = sketch_values)]
fn sketch_insert_slice(values: Vec<f64>) -> QuantileSketch {
    let mut sketch = QuantileSketch::new();
    for batch in black_box(&values).chunks(LANES) {
        sketch.insert_slice(batch);
    }
    sketch
}

fn two_sketches(len: usize) -> (QuantileSketch, QuantileSketch) {
    let values = sketch_values(2 * len);
    let (mut a, mut b) = (QuantileSketch::new(), QuantileSketch::new());
    for (k, &v) in values.iter().enumerate() {
        if k % 2 == 0 {
            a.insert(v)
        } else {
            b.insert(1.5 * v)
        }
    }
    (a, b)
}

// Merging two sketches of 5000 values each.
#[library_benchmark]
#[bench::values_5000(args = (5000), setup = two_sketches)]
fn sketch_merge((mut a, b): (QuantileSketch, QuantileSketch)) -> QuantileSketch {
    a.merge(black_box(&b));
    a
}

/// Dimensions of every sampler benchmark: the shipped scenario's inputs (5 sectors × 5 years
/// of shocks and 14 uncertain coefficients).
const SAMPLER_DIMS: usize = 39;
/// Points drawn per sampler benchmark.
const SAMPLER_POINTS: u64 = 64;

fn sampler(kind: &str) -> (Box<dyn PointSampler>, Vec<f64>) {
    let sampler: Box<dyn PointSampler> = match kind {
        "monte_carlo" => Box::new(MonteCarlo::new(SAMPLER_DIMS, 1).expect("valid sampler")),
        "sobol" => Box::new(SobolSequence::new(SAMPLER_DIMS, 1).expect("valid sampler")),
        "latin_hypercube" => {
            Box::new(LatinHypercube::new(SAMPLER_POINTS, SAMPLER_DIMS, 1).expect("valid sampler"))
        }
        other => panic!("no sampler {other}"),
    };
    (sampler, vec![0.0; SAMPLER_DIMS])
}

// 64 points of 39 standard normals (uniforms mapped through Φ⁻¹) from each sampler.
#[library_benchmark]
#[bench::monte_carlo(args = ("monte_carlo"), setup = sampler)]
#[bench::sobol(args = ("sobol"), setup = sampler)]
#[bench::latin_hypercube(args = ("latin_hypercube"), setup = sampler)]
fn samplers((sampler, mut point): (Box<dyn PointSampler>, Vec<f64>)) -> f64 {
    let mut total = 0.0;
    for index in 0..SAMPLER_POINTS {
        sampler.std_normal_point(black_box(index), &mut point);
        total += point[0];
    }
    total
}

fn marginal(kind: &str) -> (Marginal, Vec<f64>) {
    let marginal = match kind {
        "normal" => Marginal::normal(0.05, 0.02),
        "lognormal" => Marginal::lognormal(0.09, 0.07),
        "triangular" => Marginal::triangular(-0.05, 0.12, 0.30),
        "pert" => Marginal::pert(-0.10, 0.12, 0.35),
        other => panic!("no marginal {other}"),
    }
    .expect("valid marginal");
    let mut z = vec![0.0; 1000];
    fill_standard_normals(5, 0, &mut z);
    (marginal, z)
}

// The Gaussian-copula map z ↦ F⁻¹(Φ(z)) of each growth law, 1000 draws.
#[library_benchmark]
#[bench::normal(args = ("normal"), setup = marginal)]
#[bench::lognormal(args = ("lognormal"), setup = marginal)]
#[bench::triangular(args = ("triangular"), setup = marginal)]
#[bench::pert(args = ("pert"), setup = marginal)]
fn copula_map((marginal, z): (Marginal, Vec<f64>)) -> f64 {
    black_box(&z)
        .iter()
        .map(|&z| marginal.from_std_normal(z))
        .sum()
}

library_benchmark_group!(
    name = engine_group;
    benchmarks = engine, run_step, normals
);

library_benchmark_group!(
    name = io_group;
    benchmarks = leontief_factor, leontief_solve, leontief_inverse
);

library_benchmark_group!(
    name = stats_group;
    benchmarks = sketch_insert, sketch_insert_slice, sketch_merge, samplers, copula_map
);

main!(
    // Only instruction counts are gated, so the slower cache simulation stays off.
    config = LibraryBenchmarkConfig::default().tool(Callgrind::with_args(["--cache-sim=no"]));
    library_benchmark_groups = engine_group, io_group, stats_group
);
