//! Precision control and the samplers, end to end through the engine.

use chainsim::engine::CHUNK_RUNS;
use chainsim::scenario::SamplerKind;
use chainsim::stats::{Z_95, wilson_interval};
use chainsim::{Model, RunOptions, Silent, Summary, simulate};

fn small() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/small.toml"
    ))
    .unwrap();
    Model::from_toml_str(&text).unwrap()
}

fn half_widths(summary: &Summary) -> Vec<f64> {
    (0..summary.n_targets())
        .map(|idx| {
            let (lo, hi) = wilson_interval(summary.target(idx).met, summary.accepted(), Z_95);
            (hi - lo) / 2.0
        })
        .collect()
}

/// The run stops at the first chunk whose Wilson half-widths all meet the bound, and equals
/// a fixed-run simulation with that many runs.
#[test]
fn precision_control_stops_at_the_first_precise_chunk_and_equals_a_fixed_run() {
    let model = small();
    let precision = 0.015;
    for threads in [1, 2] {
        let options = RunOptions {
            runs: 1_000_000,
            seed: 3,
            threads: Some(threads),
            precision: Some(precision),
            ..RunOptions::default()
        };
        let adaptive = simulate(&model, &options, &mut Silent).unwrap();
        let used = adaptive.runs();
        assert!(
            used < options.runs && used.is_multiple_of(CHUNK_RUNS),
            "{used}"
        );
        assert!(half_widths(&adaptive).iter().all(|&h| h <= precision));

        let fixed = |runs| {
            let options = RunOptions {
                runs,
                seed: 3,
                threads: Some(threads),
                ..RunOptions::default()
            };
            simulate(&model, &options, &mut Silent).unwrap()
        };
        assert_eq!(adaptive, fixed(used));
        // One chunk fewer was not yet precise enough.
        let before = fixed(used - CHUNK_RUNS);
        assert!(half_widths(&before).iter().any(|&h| h > precision));
    }
}

/// Every sampler gives the same summary on one and two threads.
#[test]
fn every_sampler_is_independent_of_threads() {
    let model = small();
    for sampler in [
        SamplerKind::MonteCarlo,
        SamplerKind::LatinHypercube,
        SamplerKind::Sobol,
    ] {
        let run = |threads| {
            let options = RunOptions {
                runs: 2_000,
                seed: 8,
                threads: Some(threads),
                sampler,
                ..RunOptions::default()
            };
            simulate(&model, &options, &mut Silent).unwrap()
        };
        assert_eq!(run(1), run(2), "{sampler:?}");
    }
}

/// Quasi-random sampling estimates a probability with less error than plain Monte Carlo:
/// with 4,096 runs, Sobol lands closer to a 200,000-run reference on average over seeds.
#[test]
fn sobol_beats_monte_carlo_on_a_smooth_target() {
    let model = small();
    let probability = |sampler, runs, seed| {
        let options = RunOptions {
            runs,
            seed,
            sampler,
            ..RunOptions::default()
        };
        let summary = simulate(&model, &options, &mut Silent).unwrap();
        summary.target(0).metric.mean().unwrap()
    };
    let reference = probability(SamplerKind::MonteCarlo, 200_000, 1_000);
    let error = |sampler| -> f64 {
        (0..8)
            .map(|seed| (probability(sampler, 4_096, seed) - reference).abs())
            .sum::<f64>()
            / 8.0
    };
    let (sobol, mc) = (error(SamplerKind::Sobol), error(SamplerKind::MonteCarlo));
    assert!(sobol < mc, "sobol error {sobol}, monte carlo error {mc}");
}
