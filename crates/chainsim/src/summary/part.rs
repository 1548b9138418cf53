//! Part files: what one shard of a sharded job hands to the merge.
//!
//! A job of `runs` runs is cut into chunks of `chunk_runs` runs; shard K of N runs the chunks
//! [`ChunkRange::of_shard`] gives it and writes a part: a [`PartHeader`] saying which job
//! (scenario content hash, compile options, seed, runs, sampler, engine version, settings)
//! and which chunks, and a body (a [`Summary`] for `simulate`). The text is one JSON object
//!
//! ```text
//! {"format":"chainsim-part","version":1,"sha256":"<hex>","part":{"header":{…},"body":{…}}}
//! ```
//!
//! whose `sha256` is the SHA-256 of the exact bytes of the `part` value, so a damaged or cut
//! file is refused before it is read. [`check_parts`] checks that parts are of one job and
//! cover every chunk exactly once; [`merge_summaries`] then merges their summaries, exactly,
//! into the summary one process would have made.
//!
//! # Examples
//! ```
//! use chainsim::summary::part::{ContentHash, Part};
//! let mut hash = ContentHash::new();
//! hash.add("scenario.toml", b"[scenario]\n");
//! assert_eq!(hash.finish().len(), 64);
//! assert!(Part::<u32>::from_text("{}").is_err());
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::{ChunkRange, ChunkSet, Summary, SummaryError};
use crate::model::Model;
use crate::scenario::SamplerKind;

/// The `format` field of every part file.
pub const FORMAT: &str = "chainsim-part";
/// The version of the part format this chainsim writes and reads.
pub const VERSION: u32 = 1;

/// SHA-256 over named pieces of content (a scenario file and every file it reads), each
/// prefixed by its name's and its own length, so that no two different lists hash alike.
#[derive(Debug, Clone, Default)]
pub struct ContentHash(Sha256);

impl ContentHash {
    /// An empty hash.
    pub fn new() -> ContentHash {
        ContentHash::default()
    }

    /// Adds one named piece of content.
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.0.update((name.len() as u64).to_le_bytes());
        self.0.update(name.as_bytes());
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The hash in lowercase hex.
    pub fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Shard `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    /// Which shard, from 0.
    pub index: u64,
    /// How many shards the job was cut into.
    pub count: u64,
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Which job a part belongs to and which of its chunks it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartHeader {
    /// The command that wrote it: `simulate` or `sensitivity`.
    pub command: String,
    /// The chainsim and engine versions that wrote it ([`PartHeader::ENGINE`]); only parts
    /// of these versions merge.
    pub engine: String,
    /// [`ContentHash`] of the scenario file and every file it read.
    pub scenario_sha256: String,
    /// Whether the scenario was compiled with its correlation matrix repaired.
    pub repair_correlation: bool,
    /// Master seed.
    pub seed: u64,
    /// Runs of the whole job.
    pub runs: u64,
    /// Sampler of the runs.
    pub sampler: SamplerKind,
    /// Runs per chunk.
    pub chunk_runs: u64,
    /// This part's shard.
    pub shard: Shard,
    /// The chunks this part holds.
    pub chunks: ChunkRange,
    /// The command's own settings, which must be equal in every part of a job.
    pub settings: BTreeMap<String, String>,
}

impl PartHeader {
    /// The chainsim version parts are written with, and the version of its engine's numbers
    /// ([`crate::engine::ENGINE_VERSION`], which a test keeps equal): parts of two engines
    /// that give different numbers for one seed do not merge, even within one release.
    pub const ENGINE: &'static str = concat!(env!("CARGO_PKG_VERSION"), " (engine 5)");

    /// Chunks of the whole job.
    pub fn n_chunks(&self) -> u64 {
        self.runs.div_ceil(self.chunk_runs.max(1))
    }

    /// How `self` differs from `first` as a part of the same job, in words, if it does.
    fn differs_from(&self, first: &PartHeader) -> Option<String> {
        let field =
            |name: &str, a: String, b: String| (a != b).then(|| format!("{name} {a}, not {b}"));
        field("command", self.command.clone(), first.command.clone())
            .or_else(|| field("seed", self.seed.to_string(), first.seed.to_string()))
            .or_else(|| field("runs", self.runs.to_string(), first.runs.to_string()))
            .or_else(|| {
                field(
                    "sampler",
                    self.sampler.name().into(),
                    first.sampler.name().into(),
                )
            })
            .or_else(|| {
                field(
                    "chunk runs",
                    self.chunk_runs.to_string(),
                    first.chunk_runs.to_string(),
                )
            })
            .or_else(|| {
                let keys = self.settings.keys().chain(first.settings.keys());
                keys.filter_map(|key| {
                    let show = |s: &PartHeader| {
                        s.settings
                            .get(key)
                            .map_or("(none)".to_string(), |v| format!("\"{v}\""))
                    };
                    field(key, show(self), show(first))
                })
                .next()
            })
    }
}

/// One part: its header and its body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part<B> {
    /// Which job and which chunks.
    pub header: PartHeader,
    /// What the shard computed.
    pub body: B,
}

/// The envelope around a part's bytes, as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    format: String,
    version: u32,
    sha256: String,
    #[serde(borrow)]
    part: &'a RawValue,
}

/// Why a part file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PartError {
    /// Not a part file at all.
    #[error("not a chainsim part file ({0})")]
    NotAPart(String),
    /// A part of another format version.
    #[error("part format version {0}; this chainsim reads version {VERSION}")]
    Version(u32),
    /// The content does not match its checksum.
    #[error(
        "checksum mismatch: the file is damaged (sha256 {found} of the content, {written} written)"
    )]
    Checksum {
        /// The checksum in the file.
        written: String,
        /// The checksum of the content read.
        found: String,
    },
    /// The content is well-formed but does not describe a valid part.
    #[error("invalid part: {0}")]
    Invalid(String),
}

impl<B: Serialize> Part<B> {
    /// The part file's text (one line).
    pub fn to_text(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        let part = serde_json::to_string(self).unwrap_or_default();
        let sha256 = hex(&Sha256::digest(part.as_bytes()));
        format!(
            "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"sha256\":\"{sha256}\",\"part\":{part}}}\n"
        )
    }
}

impl<B: DeserializeOwned> Part<B> {
    /// Reads a part file's text, checking its format, version and checksum first.
    ///
    /// # Errors
    /// [`PartError`].
    pub fn from_text(text: &str) -> Result<Part<B>, PartError> {
        let envelope: Envelope<'_> =
            serde_json::from_str(text).map_err(|e| PartError::NotAPart(e.to_string()))?;
        if envelope.format != FORMAT {
            return Err(PartError::NotAPart(format!(
                "format \"{}\"",
                envelope.format
            )));
        }
        if envelope.version != VERSION {
            return Err(PartError::Version(envelope.version));
        }
        let found = hex(&Sha256::digest(envelope.part.get().as_bytes()));
        if found != envelope.sha256 {
            return Err(PartError::Checksum {
                written: envelope.sha256,
                found,
            });
        }
        let part: Part<B> = serde_json::from_str(envelope.part.get())
            .map_err(|e| PartError::Invalid(e.to_string()))?;
        let header = &part.header;
        if header.chunk_runs == 0
            || header.runs == 0
            || header.chunks.end > header.n_chunks()
            || header.shard.index >= header.shard.count
        {
            return Err(PartError::Invalid(format!(
                "shard {} with chunks {} of {} runs",
                header.shard, header.chunks, header.runs
            )));
        }
        Ok(part)
    }
}

/// Why a set of parts does not make one job.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// No part was given.
    #[error("no part given")]
    NoParts,
    /// Part `part` is of another scenario or chainsim version than the merge.
    #[error("{what}")]
    Foreign {
        /// Index of the part.
        part: usize,
        /// How it differs.
        what: String,
    },
    /// Part `part` differs from the first part.
    #[error("{what}")]
    Differs {
        /// Index of the part.
        part: usize,
        /// How it differs, e.g. "seed 7, not 8".
        what: String,
    },
    /// Parts `part` and `other` both hold these chunks.
    #[error("chunks {chunks} are also in another part")]
    Duplicate {
        /// Index of the later part.
        part: usize,
        /// Index of the earlier part.
        other: usize,
        /// The chunks both hold.
        chunks: ChunkRange,
    },
    /// No part holds these chunks.
    #[error("chunks {chunks} of {n_chunks} are in no part")]
    Missing {
        /// The first missing range.
        chunks: ChunkRange,
        /// Chunks of the job.
        n_chunks: u64,
    },
    /// Part `part` holds another number of outputs than its chunks have runs.
    #[error("{got} outputs for the {want} runs of chunks {chunks}")]
    Outputs {
        /// Index of the part.
        part: usize,
        /// Outputs it holds.
        got: usize,
        /// Runs of its chunks.
        want: u64,
        /// Its chunks.
        chunks: ChunkRange,
    },
    /// Part `part`'s body disagrees with its header or the model.
    #[error("{source}")]
    Body {
        /// Index of the part.
        part: usize,
        /// Cause.
        source: SummaryError,
    },
}

/// Checks that `headers` are parts of one job of the scenario hashed `scenario_sha256`
/// (compiled with `repair_correlation`) written by this chainsim, and that together they hold
/// every chunk exactly once.
///
/// # Errors
/// [`MergeError`] naming the first part that does not fit, or the first missing chunks.
pub fn check_parts(
    scenario_sha256: &str,
    repair_correlation: bool,
    headers: &[&PartHeader],
) -> Result<(), MergeError> {
    let mut check = PartCheck::new(scenario_sha256, repair_correlation);
    for header in headers {
        check.add(header)?;
    }
    check.finish()
}

/// [`check_parts`] one header at a time, so that parts can be read one at a time.
#[derive(Debug, Clone)]
pub struct PartCheck {
    scenario_sha256: String,
    repair_correlation: bool,
    first: Option<PartHeader>,
    covered: ChunkSet,
    /// Each part's chunks, in the order given.
    owners: Vec<ChunkRange>,
}

impl PartCheck {
    /// A check of parts of the scenario hashed `scenario_sha256`.
    pub fn new(scenario_sha256: &str, repair_correlation: bool) -> PartCheck {
        PartCheck {
            scenario_sha256: scenario_sha256.to_string(),
            repair_correlation,
            first: None,
            covered: ChunkSet::default(),
            owners: Vec::new(),
        }
    }

    /// Checks the next part's header: of this scenario and chainsim, of the first part's
    /// job, and holding no chunk an earlier part holds.
    ///
    /// # Errors
    /// [`MergeError::Foreign`], [`MergeError::Differs`] or [`MergeError::Duplicate`].
    pub fn add(&mut self, header: &PartHeader) -> Result<(), MergeError> {
        let part = self.owners.len();
        let foreign = if header.scenario_sha256 != self.scenario_sha256 {
            Some(format!(
                "written for another scenario (content sha256 {}…, the given scenario's {}…)",
                header
                    .scenario_sha256
                    .get(..12)
                    .unwrap_or(&header.scenario_sha256),
                self.scenario_sha256
                    .get(..12)
                    .unwrap_or(&self.scenario_sha256),
            ))
        } else if header.engine != PartHeader::ENGINE {
            Some(format!(
                "written by chainsim {}, this is {}",
                header.engine,
                PartHeader::ENGINE
            ))
        } else if header.repair_correlation != self.repair_correlation {
            let with = |on: bool| if on { "with" } else { "without" };
            Some(format!(
                "written {} --repair-correlation, merged {} it",
                with(header.repair_correlation),
                with(self.repair_correlation),
            ))
        } else {
            None
        };
        if let Some(what) = foreign {
            return Err(MergeError::Foreign { part, what });
        }
        let first = self.first.get_or_insert_with(|| header.clone());
        if let Some(what) = header.differs_from(first) {
            return Err(MergeError::Differs { part, what });
        }
        if let Err(chunks) = self.covered.insert(header.chunks) {
            let other = self
                .owners
                .iter()
                .position(|range| range.start < chunks.end && chunks.start < range.end)
                .unwrap_or(0);
            return Err(MergeError::Duplicate {
                part,
                other,
                chunks,
            });
        }
        self.owners.push(header.chunks);
        Ok(())
    }

    /// Checks that the parts added hold every chunk of the job.
    ///
    /// # Errors
    /// [`MergeError::NoParts`] or [`MergeError::Missing`] with the first missing chunks.
    pub fn finish(&self) -> Result<(), MergeError> {
        let first = self.first.as_ref().ok_or(MergeError::NoParts)?;
        let n_chunks = first.n_chunks();
        if self.covered.is(ChunkRange::all(n_chunks)) {
            return Ok(());
        }
        let mut next = 0;
        let mut missing = ChunkRange::all(n_chunks);
        for range in self.covered.ranges() {
            if range.start > next {
                missing = ChunkRange {
                    start: next,
                    end: range.start,
                };
                break;
            }
            next = range.end;
            missing.start = next;
        }
        Err(MergeError::Missing {
            chunks: missing,
            n_chunks,
        })
    }
}

/// Merges the summaries of `parts` (already [checked](check_parts) to make one job) for
/// `model`, after checking each against its header and the model: the result equals, to the
/// bit, the summary of the whole job run in one process.
///
/// # Errors
/// [`MergeError::Body`] for a summary of another shape, of other chunks than its header
/// says, or of another number of runs.
pub fn merge_summaries(model: &Model, parts: &[Part<Summary>]) -> Result<Summary, MergeError> {
    let mut total = Summary::new(model);
    for (part, each) in parts.iter().enumerate() {
        add_summary(model, &mut total, part, each)?;
    }
    Ok(total)
}

/// Adds part number `part`'s summary to `total`, after checking it against its header and
/// `model` (see [`merge_summaries`]), so that parts can be merged as they are read.
///
/// # Errors
/// [`MergeError::Body`].
pub fn add_summary(
    model: &Model,
    total: &mut Summary,
    part: usize,
    Part { header, body }: &Part<Summary>,
) -> Result<(), MergeError> {
    let at = |source| MergeError::Body { part, source };
    body.check_shape(model).map_err(at)?;
    let runs = header.chunks.runs(header.runs, header.chunk_runs);
    if !body.chunks().is(header.chunks) || body.runs() != runs {
        return Err(at(SummaryError::Counts(format!(
            "the summary holds {} runs, the header's chunks {} have {runs}",
            body.runs(),
            header.chunks
        ))));
    }
    total.try_merge(body).map_err(at)
}

/// Puts together the per-run outputs of `parts` (already [checked](check_parts) to make one
/// job) in run order, after checking that each holds one output per run of its chunks.
///
/// # Errors
/// [`MergeError::Outputs`] for a part of another length.
pub fn merge_outputs(parts: &[Part<Vec<f64>>]) -> Result<Vec<f64>, MergeError> {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&part| parts[part].header.chunks.start);
    let mut outputs = Vec::new();
    for part in order {
        let Part { header, body } = &parts[part];
        let want = header.chunks.runs(header.runs, header.chunk_runs);
        if body.len() as u64 != want {
            return Err(MergeError::Outputs {
                part,
                got: body.len(),
                want,
                chunks: header.chunks,
            });
        }
        outputs.extend_from_slice(body);
    }
    Ok(outputs)
}
