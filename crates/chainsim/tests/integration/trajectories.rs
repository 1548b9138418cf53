//! `[trajectories]` keeps some series' distributions: each kept one is, to the bit, what the
//! same simulation keeps without the section; the rest are absent; targets, rejections and
//! the report's project and chain tables do not change; and shards of it merge exactly.

use std::collections::BTreeMap;
use std::path::Path;

use chainsim::engine::{CHUNK_RUNS, simulate_chunks};
use chainsim::summary::part::{Part, PartHeader, Shard, merge_summaries};
use chainsim::summary::{ChunkRange, Summary};
use chainsim::{Model, Report, RunOptions, Silent, simulate};

/// The shipped scenario, with `extra` appended to its text.
fn shipped_with(extra: &str) -> Model {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/jilin-2030.toml");
    let text = std::fs::read_to_string(&file).unwrap() + extra;
    let dir = file.parent().unwrap().to_path_buf();
    Model::from_toml_str_with_files(&text, |name| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())
    })
    .unwrap()
}

fn options(runs: u64) -> RunOptions {
    RunOptions {
        runs,
        seed: 5,
        threads: Some(2),
        ..RunOptions::default()
    }
}

const KEPT: &str = "\n[trajectories]\nseries = [\"*.output\", \"energy.*\", \"gdp.value\"]\n";

#[test]
fn kept_series_are_the_whole_runs_and_the_rest_are_absent() {
    let (all, kept) = (shipped_with(""), shipped_with(KEPT));
    let options = options(3 * CHUNK_RUNS + 7);
    let whole = simulate(&all, &options, &mut Silent).unwrap();
    let some = simulate(&kept, &options, &mut Silent).unwrap();
    assert_eq!(
        (some.accepted(), some.rejected()),
        (whole.accepted(), whole.rejected())
    );
    let mut n_kept = 0;
    for (s, def) in all.series().iter().enumerate() {
        let name = def.name();
        let named = def.measure == "output" || def.item == "energy" || name == "gdp.value";
        let read_by_report = ["online", "binding", "unmet_demand"].contains(&def.measure);
        assert_eq!(kept.keeps_trajectory(s), named || read_by_report, "{name}");
        for point in 0..=all.n_years() {
            if kept.keeps_trajectory(s) {
                assert_eq!(some.series(s, point), whole.series(s, point), "{name}");
            } else {
                assert_eq!(some.series(s, point), None, "{name}");
            }
        }
        n_kept += usize::from(kept.keeps_trajectory(s));
    }
    assert!(n_kept > 13 && n_kept < all.series().len() / 2, "{n_kept}");
    for t in 0..all.targets().len() {
        assert_eq!(some.target(t), whole.target(t));
    }
    let (a, b) = (
        Report::new(&all, &options, &whole),
        Report::new(&kept, &options, &some),
    );
    assert_eq!(
        serde_json::to_string(&a.targets).unwrap(),
        serde_json::to_string(&b.targets).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&(&a.projects, &a.chains)).unwrap(),
        serde_json::to_string(&(&b.projects, &b.chains)).unwrap()
    );
    let rows = |r: &Report| {
        r.trajectories
            .iter()
            .map(|row| serde_json::to_string(row).unwrap())
            .collect::<Vec<_>>()
    };
    let kept_rows: Vec<String> = rows(&a)
        .into_iter()
        .zip(&a.trajectories)
        .filter(|(_, row)| {
            let s = all.series_idx(&format!("{}.{}", row.item, row.measure));
            kept.keeps_trajectory(s.unwrap())
        })
        .map(|(text, _)| text)
        .collect();
    assert_eq!(rows(&b), kept_rows);
}

#[test]
fn shards_of_kept_series_merge_to_one_process_and_refuse_other_shapes() {
    let (all, kept) = (shipped_with(""), shipped_with(KEPT));
    let options = options(4 * CHUNK_RUNS);
    let part = |model: &Model, index: u64| {
        let chunks = ChunkRange::of_shard(index, 2, 4);
        let header = PartHeader {
            command: "simulate".into(),
            engine: PartHeader::ENGINE.into(),
            scenario_sha256: "0".repeat(64),
            repair_correlation: false,
            seed: options.seed,
            runs: options.runs,
            sampler: options.sampler,
            chunk_runs: CHUNK_RUNS,
            shard: Shard { index, count: 2 },
            chunks,
            settings: BTreeMap::new(),
        };
        let body = simulate_chunks(model, &options, chunks, &mut Silent).unwrap();
        Part::<Summary>::from_text(&Part { header, body }.to_text()).unwrap()
    };
    let parts = [part(&kept, 1), part(&kept, 0)];
    let one = simulate(&kept, &options, &mut Silent).unwrap();
    assert_eq!(merge_summaries(&kept, &parts).unwrap(), one);
    // A part of the scenario without the section holds other series.
    let err = merge_summaries(&kept, &[part(&kept, 0), part(&all, 1)]).unwrap_err();
    assert!(err.to_string().contains("[trajectories]"), "{err}");
}
