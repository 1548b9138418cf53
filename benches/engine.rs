//! Criterion benchmarks of the simulation engine.
//!
//! - `engine/jilin-2030`: whole simulations of the shipped scenario, throughput in runs.
//! - `run_step/<n>`: one run (5 years, correlated shocks, uncertain coefficients) of a
//!   synthetic n-sector model.

use std::fmt::Write as _;
use std::hint::black_box;

use chainsim::run::{RunState, simulate_run};
use chainsim::sampling::fill_standard_normals;
use chainsim::{Model, RunOptions, Silent, simulate};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn jilin() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/jilin-2030.toml"
    ))
    .expect("the shipped scenario exists");
    Model::from_toml_str(&text).expect("the shipped scenario is valid")
}

/// An n-sector scenario: every sector buys 0.3/n from every other, growth is normal,
/// neighbours are correlated 0.3, coefficients vary by 10%.
pub fn synthetic(n: usize) -> Model {
    let mut text = String::from(
        "[scenario]\nname = \"synthetic\"\nvalue_unit = \"unit\"\nbase_year = 2025\nhorizon = 2030\n\
         [provenance]\nsectors = { assumption = \"benchmark\" }\ngrowth = { assumption = \"benchmark\" }\n\
         coefficients = { assumption = \"benchmark\" }\ncorrelations = { assumption = \"benchmark\" }\n\
         targets = { assumption = \"benchmark\" }\n[coefficient_uncertainty]\nrelative_sd = 0.1\n",
    );
    for i in 0..n {
        let _ = write!(
            text,
            "[[sectors]]\nid = \"s{i}\"\nname = \"S{i}\"\nbase = {}\n\
             [[growth]]\nsector = \"s{i}\"\ndistribution = \"normal\"\nmean = 0.05\nsd = 0.02\n\
             [[targets]]\nid = \"t{i}\"\nlabel = \"t{i}\"\nsector = \"s{i}\"\nkind = \"level\"\nyear = 2030\nat_least = {}\n",
            100.0 + i as f64,
            125.0 + i as f64
        );
        for j in 0..n {
            let _ = write!(
                text,
                "[[coefficients]]\nfrom = \"s{i}\"\nto = \"s{j}\"\nvalue = {}\n",
                0.3 / n as f64
            );
        }
        if i + 1 < n {
            let _ = write!(
                text,
                "[[correlations]]\nbetween = [\"s{i}\", \"s{}\"]\nvalue = 0.3\n",
                i + 1
            );
        }
    }
    Model::from_toml_str(&text).expect("the synthetic scenario is valid")
}

fn engine(c: &mut Criterion) {
    let model = jilin();
    let mut group = c.benchmark_group("engine/jilin-2030");
    group.sample_size(10);
    for runs in [10_000_u64, 100_000] {
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
                |b, options| b.iter(|| simulate(&model, black_box(options), &mut Silent)),
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
