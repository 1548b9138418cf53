//! Shards of a simulation, written as part files and merged, equal the simulation of one
//! process to the bit, for every sampler and shard count.

use std::collections::BTreeMap;

use chainsim::engine::{CHUNK_RUNS, simulate_chunks};
use chainsim::scenario::SamplerKind;
use chainsim::summary::part::{
    MergeError, Part, PartError, PartHeader, Shard, check_parts, merge_summaries,
};
use chainsim::summary::{ChunkRange, Summary};
use chainsim::{Model, Report, RunOptions, Silent, simulate};

fn small() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/small.toml"
    ))
    .unwrap();
    Model::from_toml_str(&text).unwrap()
}

/// 7 full chunks and 13 runs: 8 chunks, the last one short.
const RUNS: u64 = 7 * CHUNK_RUNS + 13;
const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn options(sampler: SamplerKind, threads: usize) -> RunOptions {
    RunOptions {
        runs: RUNS,
        seed: 11,
        threads: Some(threads),
        sampler,
        ..RunOptions::default()
    }
}

fn header(options: &RunOptions, shard: Shard, chunks: ChunkRange) -> PartHeader {
    PartHeader {
        command: "simulate".into(),
        engine: PartHeader::ENGINE.into(),
        scenario_sha256: HASH.into(),
        repair_correlation: false,
        seed: options.seed,
        runs: options.runs,
        sampler: options.sampler,
        chunk_runs: CHUNK_RUNS,
        shard,
        chunks,
        settings: BTreeMap::new(),
    }
}

/// The part files of `count` shards, written and read back.
fn parts(model: &Model, options: &RunOptions, count: u64) -> Vec<Part<Summary>> {
    let n_chunks = options.runs.div_ceil(CHUNK_RUNS);
    (0..count)
        .map(|index| {
            let chunks = ChunkRange::of_shard(index, count, n_chunks);
            let body = simulate_chunks(model, options, chunks, &mut Silent).unwrap();
            let part = Part {
                header: header(options, Shard { index, count }, chunks),
                body,
            };
            Part::from_text(&part.to_text()).unwrap()
        })
        .collect()
}

fn merged(model: &Model, parts: &[Part<Summary>]) -> Result<Summary, MergeError> {
    let headers: Vec<&PartHeader> = parts.iter().map(|p| &p.header).collect();
    check_parts(HASH, false, &headers)?;
    merge_summaries(model, parts)
}

#[test]
fn merged_parts_equal_one_process_for_every_sampler_and_shard_count() {
    let model = small();
    for sampler in [
        SamplerKind::MonteCarlo,
        SamplerKind::Sobol,
        SamplerKind::LatinHypercube,
    ] {
        let whole = simulate(&model, &options(sampler, 2), &mut Silent).unwrap();
        let report =
            serde_json::to_string(&Report::new(&model, &options(sampler, 2), &whole)).unwrap();
        // 3 does not divide the 8 chunks; 8 is one chunk a shard.
        for count in [1, 2, 3, 7, 8] {
            let mut parts = parts(&model, &options(sampler, 1), count);
            // The merge does not depend on the order the parts come in.
            parts.reverse();
            let total = merged(&model, &parts).unwrap();
            assert!(total == whole, "{sampler:?}, {count} shards");
            let merged_report =
                serde_json::to_string(&Report::new(&model, &options(sampler, 1), &total)).unwrap();
            assert_eq!(merged_report, report, "{sampler:?}, {count} shards");
        }
    }
}

#[test]
fn more_shards_than_chunks_leave_some_empty_and_still_cover_the_job() {
    let model = small();
    let options = options(SamplerKind::MonteCarlo, 1);
    let parts = parts(&model, &options, 11);
    let empty = parts.iter().filter(|p| p.header.chunks.is_empty()).count();
    assert_eq!(empty, 3);
    let whole = simulate(&model, &options, &mut Silent).unwrap();
    assert!(merged(&model, &parts).unwrap() == whole);
}

#[test]
fn missing_duplicated_and_mismatched_parts_are_refused_by_name() {
    let model = small();
    let options = options(SamplerKind::MonteCarlo, 1);
    let parts = parts(&model, &options, 4);
    // Shard 1/4 holds chunks 2–3.
    let without: Vec<_> = [0, 2, 3].iter().map(|&k| parts[k].clone()).collect();
    assert_eq!(
        merged(&model, &without).unwrap_err().to_string(),
        "chunks 2–3 of 8 are in no part"
    );
    let twice: Vec<_> = [0, 1, 2, 1, 3].iter().map(|&k| parts[k].clone()).collect();
    match merged(&model, &twice).unwrap_err() {
        MergeError::Duplicate {
            part,
            other,
            chunks,
        } => {
            assert_eq!(
                (part, other, chunks),
                (3, 1, ChunkRange { start: 2, end: 4 })
            );
        }
        other => panic!("{other}"),
    }
    let mut reseeded = parts.clone();
    reseeded[2].header.seed = 12;
    match merged(&model, &reseeded).unwrap_err() {
        MergeError::Differs { part: 2, what } => assert_eq!(what, "seed 12, not 11"),
        other => panic!("{other}"),
    }
    let mut foreign = parts.clone();
    foreign[3].header.scenario_sha256 = "f".repeat(64);
    assert!(matches!(
        merged(&model, &foreign).unwrap_err(),
        MergeError::Foreign { part: 3, .. }
    ));
    let mut older = parts.clone();
    older[0].header.engine = "0.0.1".into();
    assert!(matches!(
        merged(&model, &older).unwrap_err(),
        MergeError::Foreign { part: 0, .. }
    ));
    // The same release with an engine whose numbers differ (version 2's sums, say).
    let mut older_engine = parts.clone();
    older_engine[2].header.engine = env!("CARGO_PKG_VERSION").into();
    assert!(matches!(
        merged(&model, &older_engine).unwrap_err(),
        MergeError::Foreign { part: 2, .. }
    ));
    // A header that claims other chunks than its summary holds.
    let mut relabelled = parts.clone();
    relabelled.swap(0, 1);
    let (a, b) = (relabelled[0].header.chunks, relabelled[1].header.chunks);
    relabelled[0].header.chunks = b;
    relabelled[1].header.chunks = a;
    assert!(matches!(
        merged(&model, &relabelled).unwrap_err(),
        MergeError::Body { part: 0, .. }
    ));
}

#[test]
fn damaged_part_files_are_refused_before_they_are_read() {
    let model = small();
    let options = options(SamplerKind::MonteCarlo, 1);
    let text = parts(&model, &options, 2)[0].to_text();
    // One digit of a count changed: valid JSON, wrong checksum.
    let at = text.find("\"accepted\":").unwrap() + "\"accepted\":".len();
    let mut damaged = text.clone().into_bytes();
    damaged[at] = if damaged[at] == b'1' { b'2' } else { b'1' };
    let damaged = String::from_utf8(damaged).unwrap();
    assert!(matches!(
        Part::<Summary>::from_text(&damaged),
        Err(PartError::Checksum { .. })
    ));
    // Cut short.
    assert!(matches!(
        Part::<Summary>::from_text(&text[..text.len() / 2]),
        Err(PartError::NotAPart(_))
    ));
    let future = text.replacen("\"version\":1", "\"version\":2", 1);
    assert_eq!(
        Part::<Summary>::from_text(&future).unwrap_err().to_string(),
        "part format version 2; this chainsim reads version 1"
    );
}

#[test]
fn a_sensitivity_run_matrix_evaluated_by_shards_gives_the_same_report() {
    use chainsim::analysis::sensitivity::{SensitivityPlan, SensitivityRequest, sensitivity};
    let model = small();
    let request = SensitivityRequest {
        target_idx: 0,
        n_base: 32,
        resamples: 20,
        rank_runs: 300,
        seed: 5,
        extra_groups: Vec::new(),
    };
    let whole = sensitivity(&model, &request).unwrap();
    let plan = SensitivityPlan::new(&model, &request).unwrap();
    let n_chunks = plan.all_chunks().end;
    assert!(n_chunks >= 3, "{n_chunks}");
    let outputs: Vec<f64> = (0..3)
        .flat_map(|k| plan.evaluate(ChunkRange::of_shard(k, 3, n_chunks)).unwrap())
        .collect();
    assert_eq!(outputs.len() as u64, plan.runs());
    assert!(plan.finish(&outputs).unwrap() == whole);
    assert!(plan.finish(&outputs[1..]).is_err());
}

/// Part files name the engine version of their numbers: a bump of `ENGINE_VERSION` without
/// `PartHeader::ENGINE` would let parts of two versions merge.
#[test]
fn part_headers_carry_the_engine_version() {
    assert_eq!(
        PartHeader::ENGINE,
        format!(
            "{} (engine {})",
            env!("CARGO_PKG_VERSION"),
            chainsim::engine::ENGINE_VERSION
        )
    );
}
