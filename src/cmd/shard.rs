//! `--shard K/N` and the part files: what `simulate` and `sensitivity` share with `merge`.
//!
//! Shard K of N runs the contiguous chunks [`ChunkRange::of_shard`] gives it (chunks of
//! [`CHUNK_RUNS`] runs) and writes them, with the job's identity, to `part.json` in its
//! output folder. `chainsim merge` reads the parts back, checks that they are of one job and
//! cover every chunk once, and writes what one process would have written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::RunOptions;
use chainsim::engine::CHUNK_RUNS;
use chainsim::summary::ChunkRange;
use chainsim::summary::part::{MergeError, Part, PartHeader, Shard};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The name of a shard's part file in its output folder.
pub const PART_NAME: &str = "part.json";

/// Shard `index` of `count`, as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardArg(pub Shard);

impl std::str::FromStr for ShardArg {
    type Err = String;

    fn from_str(text: &str) -> Result<ShardArg, String> {
        let parsed = text.split_once('/').and_then(|(k, n)| {
            Some((k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?))
        });
        match parsed {
            Some((index, count)) if index < count => Ok(ShardArg(Shard { index, count })),
            Some((index, count)) => Err(format!(
                "shard {index} of {count}: shards are numbered 0 to {}",
                count.saturating_sub(1)
            )),
            None => Err(format!("expected K/N such as 0/4, got \"{text}\"")),
        }
    }
}

/// The chunks of `shard` in a job of `runs` runs, refused when some shards would be empty.
pub fn chunks_of(shard: Shard, runs: u64) -> anyhow::Result<ChunkRange> {
    let n_chunks = runs.div_ceil(CHUNK_RUNS);
    if shard.count > n_chunks {
        anyhow::bail!(
            "--shard {shard}: {runs} runs are {n_chunks} chunk{} of {CHUNK_RUNS} runs, fewer than {} shards, so some shards would be empty; use at most {n_chunks} shards or more runs",
            if n_chunks == 1 { "" } else { "s" },
            shard.count
        );
    }
    Ok(ChunkRange::of_shard(shard.index, shard.count, n_chunks))
}

/// The header of a part of `command`'s job.
pub fn header(
    command: &str,
    scenario_sha256: String,
    repair_correlation: bool,
    options: &RunOptions,
    shard: Shard,
    chunks: ChunkRange,
    settings: BTreeMap<String, String>,
) -> PartHeader {
    PartHeader {
        command: command.into(),
        engine: PartHeader::ENGINE.into(),
        scenario_sha256,
        repair_correlation,
        seed: options.seed,
        runs: options.runs,
        sampler: options.sampler,
        chunk_runs: CHUNK_RUNS,
        shard,
        chunks,
        settings,
    }
}

/// The text of a part.
pub fn part_text<B: Serialize>(header: PartHeader, body: B) -> String {
    Part { header, body }.to_text()
}

/// Where a part given on the command line is: the file itself, or `part.json` in a folder.
fn part_path(given: &Path) -> PathBuf {
    if given.is_dir() {
        given.join(PART_NAME)
    } else {
        given.to_path_buf()
    }
}

/// The parts given, read and checked (format, version, checksum), each with its path.
pub fn read_parts<B: DeserializeOwned>(
    given: &[PathBuf],
) -> anyhow::Result<(Vec<PathBuf>, Vec<Part<B>>)> {
    given.iter().map(|given| read_part(given)).collect()
}

/// One part given (a file, or a shard's folder), read and checked (format, version,
/// checksum), with its path.
pub fn read_part<B: DeserializeOwned>(given: &Path) -> anyhow::Result<(PathBuf, Part<B>)> {
    let path = part_path(given);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read part {}", path.display()))?;
    let part = Part::<B>::from_text(&text).with_context(|| format!("{}", path.display()))?;
    Ok((path, part))
}

/// The command whose part `given` (a file or a folder) is, read from its header.
pub fn command_of(given: &Path) -> anyhow::Result<String> {
    let path = part_path(given);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read part {}", path.display()))?;
    let part = Part::<serde::de::IgnoredAny>::from_text(&text)
        .with_context(|| format!("{}", path.display()))?;
    Ok(part.header.command)
}

/// A merge error in one line naming the part file it is about.
pub fn explain(err: MergeError, paths: &[PathBuf], headers: &[&PartHeader]) -> anyhow::Error {
    let file = |part: usize| {
        paths
            .get(part)
            .map_or(String::new(), |p| p.display().to_string())
    };
    match err {
        MergeError::Foreign { part, what } => anyhow::anyhow!("{}: {what}", file(part)),
        MergeError::Differs { part, what } => {
            anyhow::anyhow!("{}: {what} as in {}", file(part), file(0))
        }
        MergeError::Duplicate {
            part,
            other,
            chunks,
        } => anyhow::anyhow!(
            "{}: chunks {chunks} are also in {} (a part given twice, or of another shard count)",
            file(part),
            file(other)
        ),
        MergeError::Missing { chunks, n_chunks } => {
            // Name the shards that would hold them when every part has one shard count.
            let counts: Vec<u64> = headers.iter().map(|h| h.shard.count).collect();
            let shards = match counts.first() {
                Some(&count) if counts.iter().all(|&c| c == count) => {
                    let missing: Vec<String> = (0..count)
                        .filter(|&k| {
                            let r = ChunkRange::of_shard(k, count, n_chunks);
                            r.start < chunks.end && chunks.start < r.end
                        })
                        .map(|k| format!("{k}/{count}"))
                        .collect();
                    format!(" (shard {} missing)", missing.join(", "))
                }
                _ => String::new(),
            };
            anyhow::anyhow!("chunks {chunks} of {n_chunks} are in no part given{shards}")
        }
        MergeError::Body { part, source } => anyhow::anyhow!("{}: {source}", file(part)),
        err @ MergeError::Outputs { part, .. } => anyhow::anyhow!("{}: {err}", file(part)),
        other => anyhow::anyhow!("{other}"),
    }
}

/// The options a job's parts were run with.
pub fn options_of(header: &PartHeader) -> RunOptions {
    RunOptions {
        runs: header.runs,
        seed: header.seed,
        sampler: header.sampler,
        ..RunOptions::default()
    }
}
