//! Criterion benchmarks of sensitivity analysis and of the point samplers.
//!
//! - `sobol_indices/ishigami/16384`: the whole job SALib's `benches/compare/salib_ishigami.py`
//!   does: Saltelli design from a scrambled Sobol sequence, N = 2¹⁴ base samples, the
//!   Ishigami function on all N·(3 + 2) rows, first and total indices with 100 bootstrap
//!   resamples. Throughput in model runs.
//! - `samplers/{sobol,lhs,monte_carlo}/40`: 4,096 points of a 40-dimensional sampler, each
//!   computed on its own (random access); `samplers/sobol_fill/40` the same Sobol points in
//!   one consecutive block. Throughput in points.

use std::hint::black_box;

use chainsim_sensitivity::{Bootstrap, Ishigami, SaltelliDesign, analyze};
use chainsim_stats::{LatinHypercube, MonteCarlo, PointSampler, SobolSequence};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn sobol_indices(c: &mut Criterion) {
    let mut group = c.benchmark_group("sobol_indices");
    let f = Ishigami::STANDARD;
    let inputs: Vec<String> = ["x1", "x2", "x3"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    for n_base in [1usize << 12, 1 << 14] {
        group.throughput(Throughput::Elements((n_base * 5) as u64));
        group.bench_with_input(BenchmarkId::new("ishigami", n_base), &n_base, |b, &n| {
            b.iter(|| {
                let design = SaltelliDesign::new(inputs.clone(), n, 1).expect("valid design");
                let result = analyze(
                    &design,
                    |u| f.evaluate_unit(u),
                    Bootstrap {
                        resamples: 100,
                        seed: 2,
                    },
                )
                .expect("ishigami has variance");
                black_box(result)
            });
        });
    }
    group.finish();
}

fn samplers(c: &mut Criterion) {
    const POINTS: u64 = 4096;
    let mut group = c.benchmark_group("samplers");
    group.throughput(Throughput::Elements(POINTS));
    for dims in [40usize] {
        let sobol = SobolSequence::new(dims, 1).expect("valid sampler");
        let lhs = LatinHypercube::new(1 << 20, dims, 1).expect("valid sampler");
        let mc = MonteCarlo::new(dims, 1).expect("valid sampler");
        let cases: [(&str, &dyn PointSampler); 3] =
            [("sobol", &sobol), ("lhs", &lhs), ("monte_carlo", &mc)];
        for (name, sampler) in cases {
            group.bench_with_input(BenchmarkId::new(name, dims), &dims, |b, &d| {
                let mut x = vec![0.0; d];
                b.iter(|| {
                    for i in 0..POINTS {
                        sampler.point(black_box(1000 + i), &mut x);
                    }
                    black_box(&x);
                });
            });
        }
        group.bench_with_input(BenchmarkId::new("sobol_fill", dims), &dims, |b, &d| {
            let mut block = vec![0.0; d * POINTS as usize];
            b.iter(|| {
                sobol.fill(black_box(1000), &mut block);
                black_box(&block);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, sobol_indices, samplers);
criterion_main!(benches);
