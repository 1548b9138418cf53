//! Criterion benchmarks of the statistics kernels under the engine: quantile-sketch insert
//! and merge, and the mapping of a standard-normal shock through each growth law.

use std::hint::black_box;

use chainsim::engine::sampling::fill_standard_normals;
use chainsim::stats::{Marginal, QuantileSketch};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// Values spread like a sector's output over runs: lognormal around 1000 with 20% spread.
fn values(n: usize) -> Vec<f64> {
    let mut z = vec![0.0; n];
    fill_standard_normals(7, 0, &mut z);
    z.iter().map(|z| 1000.0 * (0.2 * z).exp()).collect()
}

fn sketch(c: &mut Criterion) {
    let mut group = c.benchmark_group("sketch_insert");
    for n in [1_000_usize, 100_000] {
        let data = values(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &data, |b, data| {
            b.iter(|| {
                let mut sketch = QuantileSketch::new();
                for &v in data {
                    sketch.insert(black_box(v));
                }
                sketch
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("sketch_merge");
    for n in [1_000_usize, 100_000] {
        let (mut a, mut b) = (QuantileSketch::new(), QuantileSketch::new());
        for (k, v) in values(2 * n).into_iter().enumerate() {
            if k % 2 == 0 { a.insert(v) } else { b.insert(v) }
        }
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::from_parameter(n), &(a, b), |bench, (a, b)| {
            bench.iter(|| {
                let mut merged = a.clone();
                merged.merge(black_box(b));
                merged
            })
        });
    }
    group.finish();
}

fn growth_laws(c: &mut Criterion) {
    let laws = [
        ("normal", Marginal::normal(0.05, 0.02)),
        ("lognormal", Marginal::lognormal(0.08, 0.06)),
        (
            "truncated_normal",
            Marginal::truncated_normal(0.12, 0.08, -0.2, 0.4),
        ),
        ("triangular", Marginal::triangular(-0.05, 0.12, 0.30)),
        ("pert", Marginal::pert(-0.10, 0.12, 0.35)),
    ];
    let mut z = vec![0.0; 1_000];
    fill_standard_normals(3, 0, &mut z);
    let mut group = c.benchmark_group("growth_law");
    group.throughput(Throughput::Elements(z.len() as u64));
    for (name, law) in laws {
        let law = law.expect("valid parameters");
        group.bench_function(name, |b| {
            b.iter(|| {
                z.iter()
                    .map(|&z| law.from_std_normal(black_box(z)))
                    .sum::<f64>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, sketch, growth_laws);
criterion_main!(benches);
