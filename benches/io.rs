//! Benchmarks of the input–output kernels: the Leontief factorisation, solve
//! and inverse at n = 10, 100, 1000 and 3000, and the full multiplier report
//! on a 48-sector table.
//!
//! Run with `cargo bench --bench io`; one group per kernel, inputs built
//! outside the timed closures from a fixed seed by chainsim's `SplitMix64`, so
//! they are the same on every run without a dependency on rand's stream
//! stability.

use std::hint::black_box;

use chainsim::io::{
    Households, IoModel, Label, Leontief, MultiplierInputs, SatelliteAccount, multipliers,
};
use chainsim::stats::SplitMix64;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use nalgebra::{DMatrix, DVector};

const SIZES: [usize; 4] = [10, 100, 1000, 3000];

/// A dense productive A: uniform entries, each column scaled to sum to a
/// value in [0.3, 0.9), so ρ(A) < 0.9.
fn productive_a(n: usize, seed: u64) -> DMatrix<f64> {
    let mut rng = SplitMix64::new(seed);
    let mut a = DMatrix::from_fn(n, n, |_, _| rng.next_f64());
    for mut col in a.column_iter_mut() {
        let target = 0.3 + 0.6 * rng.next_f64();
        let sum = col.sum();
        col *= target / sum;
    }
    a
}

fn demand(n: usize, seed: u64) -> DVector<f64> {
    let mut rng = SplitMix64::new(seed);
    DVector::from_fn(n, |_, _| 100.0 + 900.0 * rng.next_f64())
}

fn factor(c: &mut Criterion) {
    let mut group = c.benchmark_group("leontief_factor");
    for n in SIZES {
        let a = productive_a(n, 1);
        if n >= 1000 {
            group.sample_size(10);
        }
        group.throughput(Throughput::Elements((n * n) as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &a, |b, a| {
            b.iter(|| Leontief::new(black_box(a)).unwrap())
        });
    }
    group.finish();
}

fn solve(c: &mut Criterion) {
    let mut group = c.benchmark_group("leontief_solve");
    for n in SIZES {
        let leontief = Leontief::new(&productive_a(n, 2)).unwrap();
        let f = demand(n, 3);
        let mut x = f.clone();
        group.throughput(Throughput::Elements((n * n) as u64));
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                x.copy_from(black_box(&f));
                leontief.solve_in_place(&mut x);
                black_box(x[0])
            })
        });
    }
    group.finish();
}

fn inverse(c: &mut Criterion) {
    let mut group = c.benchmark_group("leontief_inverse");
    for n in SIZES {
        let leontief = Leontief::new(&productive_a(n, 4)).unwrap();
        if n >= 1000 {
            group.sample_size(10);
        }
        group.throughput(Throughput::Elements((n * n) as u64));
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| black_box(&leontief).inverse())
        });
    }
    group.finish();
}

/// Factorisation plus inverse, the same work as numpy's `np.linalg.inv(I - A)`.
fn factor_and_inverse(c: &mut Criterion) {
    let mut group = c.benchmark_group("leontief_factor_inverse");
    for n in [1000, 3000] {
        let a = productive_a(n, 5);
        group.sample_size(10);
        group.throughput(Throughput::Elements((n * n) as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &a, |b, a| {
            b.iter(|| Leontief::new(black_box(a)).unwrap().inverse())
        });
    }
    group.finish();
}

/// The full multiplier report (Type I and II output and income multipliers,
/// three satellite accounts) on a synthetic 48-sector table.
fn multiplier_report(c: &mut Criterion) {
    const N: usize = 48;
    let mut group = c.benchmark_group("multipliers");
    let a = productive_a(N, 6);
    // Households take at most 10% of each sector's output as income and spend
    // 80% of it, keeping the closed model productive.
    let mut rng = SplitMix64::new(7);
    let income = DVector::from_fn(N, |j, _| {
        (1.0 - a.column(j).sum()) * (0.05 + 0.05 * rng.next_f64())
    });
    let consumption = {
        let raw = DVector::from_fn(N, |_, _| rng.next_f64());
        raw.scale(0.8 / raw.sum())
    };
    let inputs = MultiplierInputs {
        households: Some(Households {
            income,
            consumption: Some(consumption),
            own_purchases: 0.0,
        }),
        satellites: ["employment", "energy", "co2"]
            .iter()
            .map(|name| SatelliteAccount::new(*name, DVector::from_fn(N, |_, _| rng.next_f64())))
            .collect(),
    };
    let sectors: Vec<Label> = (0..N)
        .map(|i| Label::sector(format!("sector {i:02}")))
        .collect();
    let model = IoModel::from_coefficients(sectors.clone(), a.clone()).unwrap();
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("report_48", |b| {
        b.iter(|| multipliers(black_box(&model), black_box(&inputs)).unwrap())
    });
    group.bench_function("model_and_report_48", |b| {
        b.iter(|| {
            let model = IoModel::from_coefficients(sectors.clone(), black_box(&a).clone()).unwrap();
            multipliers(&model, black_box(&inputs)).unwrap()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    factor,
    solve,
    inverse,
    factor_and_inverse,
    multiplier_report
);
criterion_main!(benches);
