//! `chainsim simulate --shard K/N` and `chainsim merge`: the merged files are the bytes of
//! one process, for any shard count; a missing, duplicated, damaged or foreign part is
//! refused in one line naming it, with nothing written.

use std::path::{Path, PathBuf};

use crate::common::{chainsim, scratch, stderr};

const SCENARIO: &str = "scenarios/jilin-2030.toml";
/// 7 full chunks of 256 runs and 100 more: 8 chunks, the last one short.
const RUNS: &str = "1892";

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

/// Runs `simulate` (with `extra` arguments) into `dir`, expecting success.
fn simulate(dir: &Path, extra: &[&str]) {
    let mut args = vec!["simulate", SCENARIO, "--runs", RUNS, "--out", path(dir)];
    args.extend_from_slice(extra);
    let output = chainsim(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The shards' output folders of `count` shards, run in `root`.
fn shards(root: &Path, count: u64, extra: &[&str]) -> Vec<PathBuf> {
    (0..count)
        .map(|k| {
            let dir = root.join(format!("shard-{k}"));
            let shard = format!("{k}/{count}");
            let mut args = vec!["--shard", shard.as_str(), "--threads", "1"];
            args.extend_from_slice(extra);
            simulate(&dir, &args);
            assert!(dir.join("part.json").is_file());
            dir
        })
        .collect()
}

fn merge(out: &Path, parts: &[PathBuf], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["merge", SCENARIO];
    args.extend(parts.iter().map(|p| path(p)));
    args.extend_from_slice(&["--out", path(out)]);
    args.extend_from_slice(extra);
    chainsim(&args)
}

fn assert_same_files(a: &Path, b: &Path) {
    let names = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(a), names(b));
    for name in names(a) {
        let same = std::fs::read(a.join(&name)).unwrap() == std::fs::read(b.join(&name)).unwrap();
        assert!(
            same,
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn merged_shards_are_the_bytes_of_one_process_for_any_shard_count() {
    let root = scratch("shard-identity");
    let whole = root.join("whole");
    simulate(&whole, &["--threads", "2"]);
    // 3 and 7 do not divide the 8 chunks; 8 is one chunk a shard.
    for count in [1, 2, 3, 7, 8] {
        let parts = shards(&root.join(format!("n{count}")), count, &[]);
        let merged = root.join(format!("merged-{count}"));
        let output = merge(&merged, &parts, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_same_files(&whole, &merged);
    }
}

#[test]
fn quasi_random_samplers_and_charts_merge_to_the_same_bytes() {
    let root = scratch("shard-samplers");
    for sampler in ["sobol", "latin-hypercube"] {
        let whole = root.join(format!("whole-{sampler}"));
        simulate(&whole, &["--sampler", sampler, "--charts"]);
        let parts = shards(&root.join(sampler), 3, &["--sampler", sampler]);
        let merged = root.join(format!("merged-{sampler}"));
        // The parts are given in another order than the shards'.
        let reordered = [parts[2].clone(), parts[0].clone(), parts[1].clone()];
        let output = merge(&merged, &reordered, &["--charts"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_same_files(&whole, &merged);
    }
}

/// `merge` fails with one line that contains `expected`, and writes nothing.
fn check_refused(out: &Path, parts: &[PathBuf], expected: &str) {
    let output = merge(out, parts, &[]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains(expected), "{message}");
    assert!(!out.exists(), "{message}");
}

#[test]
fn missing_duplicated_damaged_and_foreign_parts_are_refused_by_name() {
    let root = scratch("shard-refused");
    let parts = shards(&root, 4, &[]);
    let out = root.join("merged");
    let part = |k: usize| parts[k].join("part.json").display().to_string();
    // Shard 1 of 4 holds chunks 2–3 of the 8.
    check_refused(
        &out,
        &[parts[0].clone(), parts[2].clone(), parts[3].clone()],
        "chunks 2–3 of 8 are in no part given (shard 1/4 missing)",
    );
    let mut twice = parts.clone();
    twice.push(parts[1].clone());
    check_refused(
        &out,
        &twice,
        &format!("{}: chunks 2–3 are also in {}", part(1), part(1)),
    );
    // One byte of the content changed.
    let damaged = root.join("damaged.json");
    let text = std::fs::read_to_string(parts[2].join("part.json")).unwrap();
    std::fs::write(
        &damaged,
        text.replacen("\"accepted\":", "\"accepted\":1", 1),
    )
    .unwrap();
    let mut with_damaged = parts.clone();
    with_damaged[2] = damaged.clone();
    check_refused(
        &out,
        &with_damaged,
        &format!("{}: checksum mismatch", damaged.display()),
    );
    // Another seed.
    let reseeded = root.join("reseeded");
    simulate(&reseeded, &["--shard", "3/4", "--seed", "5"]);
    let mut with_reseeded = parts.clone();
    with_reseeded[3] = reseeded.clone();
    check_refused(
        &out,
        &with_reseeded,
        &format!(
            "{}: seed 5, not 20260127 as in {}",
            reseeded.join("part.json").display(),
            part(0)
        ),
    );
    // Another scenario.
    let output = chainsim(&[
        "merge",
        "scenarios/jilin-2030-price-slump.toml",
        path(&parts[0]),
        "--out",
        path(&out),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("written for another scenario"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}

#[test]
fn shards_that_would_be_empty_and_precision_control_are_refused() {
    let out = scratch("shard-empty");
    for (args, expected) in [
        (
            vec!["--shard", "8/9"],
            "--shard 8/9: 1892 runs are 8 chunks of 256 runs, fewer than 9 shards",
        ),
        (
            vec!["--shard", "0/2", "--precision", "0.01"],
            "--shard: --precision decides where to stop",
        ),
    ] {
        let mut all = vec!["simulate", SCENARIO, "--runs", RUNS, "--out", path(&out)];
        all.extend_from_slice(&args);
        let output = chainsim(&all);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.contains(expected), "{message}");
        assert!(!out.exists());
    }
}

/// `sensitivity --shard` over the run matrix (the Saltelli design's runs, then the rank
/// correlations'), merged: the same indices, intervals, tornado, rank correlations and
/// chart as one process, for shard counts that do and do not divide the chunks.
#[test]
fn sharded_sensitivity_merges_to_the_same_analysis() {
    let root = scratch("shard-sensitivity");
    let analysis = [
        "tests/data/small.toml",
        "--target",
        "fibre-2026",
        "--base-samples",
        "64",
        "--rank-runs",
        "300",
        "--group",
        "fibre chain=growth.fibre,coefficient",
    ];
    let run = |args: &[&str]| {
        let output = chainsim(args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        output
    };
    let whole_chart = root.join("whole.svg");
    let mut args = vec!["sensitivity"];
    args.extend_from_slice(&analysis);
    let whole_table = run(&args).stdout;
    args.extend_from_slice(&["--format", "json", "--chart", path(&whole_chart)]);
    let whole_json = run(&args).stdout;
    for count in [1u64, 3, 4] {
        let parts: Vec<PathBuf> = (0..count)
            .map(|k| {
                let dir = root.join(format!("n{count}-{k}"));
                let shard = format!("{k}/{count}");
                let mut args = vec!["sensitivity"];
                args.extend_from_slice(&analysis);
                args.extend_from_slice(&["--shard", &shard, "--out", path(&dir)]);
                assert!(run(&args).stdout.is_empty());
                dir
            })
            .collect();
        let chart = root.join(format!("merged-{count}.svg"));
        let mut args = vec!["merge", "tests/data/small.toml"];
        args.extend(parts.iter().map(|p| path(p)));
        let table = run(&args).stdout;
        assert_eq!(
            String::from_utf8_lossy(&table),
            String::from_utf8_lossy(&whole_table)
        );
        args.extend_from_slice(&["--format", "json", "--chart", path(&chart)]);
        let json = run(&args).stdout;
        assert_eq!(
            String::from_utf8_lossy(&json),
            String::from_utf8_lossy(&whole_json)
        );
        assert_eq!(
            std::fs::read(&chart).unwrap(),
            std::fs::read(&whole_chart).unwrap()
        );
    }
    // A part of another analysis of the same scenario: one line naming it.
    let other = root.join("other-resamples");
    let mut args = vec!["sensitivity"];
    args.extend_from_slice(&analysis);
    args.extend_from_slice(&["--resamples", "50", "--shard", "1/3", "--out", path(&other)]);
    run(&args);
    let output = chainsim(&[
        "merge",
        "tests/data/small.toml",
        path(&root.join("n3-0")),
        path(&other),
        path(&root.join("n3-2")),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).trim_end(),
        format!(
            "error: {}: resamples \"50\", not \"100\" as in {}",
            other.join("part.json").display(),
            root.join("n3-0").join("part.json").display()
        )
    );
}

/// The resource guard estimates a shard's share of the runs, not the whole job's.
#[test]
fn the_guard_estimates_the_shards_share() {
    let out = scratch("shard-guard");
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "10000000000000",
        "--shard",
        "1/4",
        "--out",
        path(&out),
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    // Shard 1 of 4 holds chunks ⌊C/4⌋ … ⌊C/2⌋ − 1 of C = ⌈10^13/256⌉ = 39,062,500,000: 9,765,625,000
    // chunks of 256 runs.
    assert!(message.contains("2500000000000 runs ≈"), "{message}");
    assert!(message.contains("past the budget"), "{message}");
    assert!(!out.exists());
}
