//! Outputs are one transaction: a bad path writes nothing, a folder never mixes two runs,
//! and an interrupt leaves the earlier output as it was and no temporary file anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{chainsim, stderr, stdout};

const SMALL: &str = "tests/data/small.toml";

/// A fresh empty directory under the target directory for one test's outputs.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("output-transaction")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every path under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(root).unwrap().display().to_string());
            if path.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .filter(|name| dir.join(name).is_file())
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

fn no_temporaries(dir: &Path) {
    let left: Vec<String> = tree(dir)
        .into_iter()
        .filter(|name| name.ends_with(".tmp") || name.ends_with(".old"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Fails with exit 1 and one line of stderr that contains `expected`.
fn fails_with_one_line(args: &[&str], expected: &str) {
    let output = chainsim(args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message:?}");
    assert!(message.contains(expected), "{message:?}");
}

#[test]
fn a_folder_as_draws_fails_before_the_runs_and_writes_nothing() {
    let dir = scratch("draws-folder");
    let folder = dir.join("draws");
    std::fs::create_dir(&folder).unwrap();
    let out = dir.join("out");
    fails_with_one_line(
        &["simulate", SMALL, "--out", s(&out), "--draws", s(&folder)],
        "is a folder, not a file",
    );
    assert_eq!(tree(&dir), ["draws"]);
}

#[test]
fn draws_in_a_missing_place_writes_nothing() {
    let dir = scratch("draws-under-file");
    std::fs::write(dir.join("plain"), "x").unwrap();
    let out = dir.join("out");
    let draws = dir.join("plain").join("draws.csv");
    fails_with_one_line(
        &["simulate", SMALL, "--out", s(&out), "--draws", s(&draws)],
        "is a file, not a folder",
    );
    assert_eq!(tree(&dir), ["plain"]);
}

#[test]
fn a_folder_as_chart_fails_before_the_analysis_and_writes_nothing() {
    let dir = scratch("chart-folder");
    let folder = dir.join("chart");
    std::fs::create_dir(&folder).unwrap();
    fails_with_one_line(
        &[
            "sensitivity",
            SMALL,
            "--target",
            "chem-2028",
            "--chart",
            s(&folder),
        ],
        "is a folder, not a file",
    );
    assert_eq!(tree(&dir), ["chart"]);
}

#[test]
fn a_folder_as_compare_or_io_out_writes_nothing() {
    let dir = scratch("out-folder");
    let folder = dir.join("report");
    std::fs::create_dir(&folder).unwrap();
    fails_with_one_line(
        &["compare", SMALL, "--runs", "100", "--out", s(&folder)],
        "is a folder, not a file",
    );
    fails_with_one_line(
        &["io", "multipliers", SMALL, "--out", s(&folder)],
        "is a folder, not a file",
    );
    assert_eq!(tree(&dir), ["report"]);
}

#[test]
fn a_file_as_simulate_out_is_left_alone() {
    let dir = scratch("out-file");
    let file = dir.join("out");
    std::fs::write(&file, "mine").unwrap();
    fails_with_one_line(
        &["simulate", SMALL, "--runs", "100", "--out", s(&file)],
        "is a file, not a folder",
    );
    assert_eq!(tree(&dir), ["out"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn a_folder_holding_other_files_is_not_replaced() {
    let dir = scratch("foreign");
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    fails_with_one_line(
        &["simulate", SMALL, "--runs", "100", "--out", s(&out)],
        "notes.txt",
    );
    assert_eq!(tree(&dir), ["out", "out/notes.txt"]);
}

#[test]
fn a_second_run_without_charts_or_draws_leaves_nothing_of_the_first() {
    let dir = scratch("second-run");
    let out = dir.join("out");
    let draws = out.join("draws.csv");
    let first = chainsim(&[
        "simulate",
        SMALL,
        "--runs",
        "300",
        "--charts",
        "--out",
        s(&out),
        "--draws",
        s(&draws),
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(tree(&out).iter().any(|name| name.ends_with(".svg")));
    assert!(draws.exists());
    let second = chainsim(&["simulate", SMALL, "--runs", "200", "--out", s(&out)]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        tree(&out),
        ["summary.json", "targets.csv", "trajectories.csv"]
    );
    assert_eq!(
        tree(&dir),
        [
            "out",
            "out/summary.json",
            "out/targets.csv",
            "out/trajectories.csv"
        ]
    );
}

#[test]
fn control_characters_in_labels_are_escaped_on_the_terminal_only() {
    let dir = scratch("control");
    let text = std::fs::read_to_string(SMALL)
        .unwrap()
        .replace("name = \"small\"", "name = \"sm\\u001b[31mall\"")
        .replace(
            "label = \"Chemicals above 1050 by 2028\"",
            "label = \"Chemicals\\nabove\\u0000 1050\"",
        );
    let file = dir.join("control.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.join("out");
    let output = chainsim(&["simulate", s(&file), "--runs", "200", "--out", s(&out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(!table.contains(['\u{1b}', '\0']), "{table:?}");
    assert!(table.contains("sm\\u{1b}[31mall"), "{table:?}");
    assert!(table.contains("Chemicals\\nabove\\u{0} 1050"), "{table:?}");
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["scenario"].as_str(), Some("sm\u{1b}[31mall"));
    let printed = chainsim(&["validate", s(&file)]);
    assert!(!stdout(&printed).contains('\u{1b}'));
}

/// A real SIGINT: exit 130 with one line, the earlier output byte for byte, no temporaries.
#[test]
fn sigint_stops_the_runs_and_leaves_the_earlier_output_intact() {
    let dir = scratch("sigint");
    let out = dir.join("out");
    let draws = dir.join("draws.csv");
    let first = chainsim(&[
        "simulate",
        SMALL,
        "--runs",
        "300",
        "--charts",
        "--out",
        s(&out),
        "--draws",
        s(&draws),
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&dir);

    let mut child = Command::new(env!("CARGO_BIN_EXE_chainsim"))
        .args([
            "simulate",
            SMALL,
            "--runs",
            "1000000000",
            "--threads",
            "2",
            "--out",
            s(&out),
            "--draws",
            s(&draws),
            // A billion runs with draws is past the resource guard's budget by design.
            "--force",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The staging folder appears once the handler is installed and the outputs prepared.
    let stage = dir.join(format!(".out.{}.tmp", child.id()));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !stage.exists() {
        assert!(Instant::now() < deadline, "the run never started");
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not stop after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    // The resource guard's note on the forced billion runs comes first; then one line.
    let message = stderr(&output);
    let message: String = message
        .lines()
        .filter(|l| !l.starts_with("note: estimate: "))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(message.trim().lines().count(), 1, "{message:?}");
    assert!(
        message.contains("interrupted; nothing written") && message.contains("unchanged"),
        "{message:?}"
    );
    assert!(output.stdout.is_empty());
    no_temporaries(&dir);
    assert_eq!(snapshot(&dir), before);
}
