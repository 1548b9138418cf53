//! `chainsim compare`: several scenarios' target probabilities side by side.

use std::path::PathBuf;

use crate::common::{chainsim, stderr, stdout};

/// A fresh empty directory under the target directory for one test's outputs.
fn scratch(name: &str) -> PathBuf {
    let dir = crate::common::scratch(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SMALL_TARGETS: [&str; 2] = ["chem-2028", "fibre-2026"];
/// The shipped scenario's name and target ids, in file order, as the library reads them.
fn jilin() -> (String, Vec<String>) {
    let model = chainsim::Model::from_toml_str_with_files(
        &std::fs::read_to_string("scenarios/jilin-2030.toml").unwrap(),
        |file| std::fs::read_to_string(format!("scenarios/{file}")).map_err(|e| e.to_string()),
    )
    .unwrap();
    let ids = model.targets().iter().map(|t| t.id.clone()).collect();
    (model.name().to_string(), ids)
}

#[test]
fn table_has_both_scenarios_and_every_target() {
    let output = chainsim(&[
        "compare",
        "tests/data/small.toml",
        "scenarios/jilin-2030.toml",
        "--runs",
        "500",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (jilin_name, _) = jilin();
    // The shipped scenario's name is longer than a column name may be: the column takes the
    // file stem and the heading names the scenario in full.
    assert!(jilin_name.chars().count() > chainsim::analysis::compare::MAX_COLUMN_NAME);
    insta::assert_snapshot!("compare-small-jilin-2030-500-runs", stdout(&output));
}

#[test]
fn json_has_one_row_per_target_in_first_seen_order() {
    let output = chainsim(&[
        "compare",
        "tests/data/small.toml",
        "scenarios/jilin-2030.toml",
        "--runs",
        "300",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let names: Vec<&str> = value["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let (_, jilin_targets) = jilin();
    assert_eq!(names, ["small", "jilin-2030"]);
    let ids: Vec<&str> = value["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = SMALL_TARGETS
        .iter()
        .copied()
        .chain(jilin_targets.iter().map(String::as_str))
        .collect();
    assert_eq!(ids, expected);
    assert!(value["targets"][0]["results"][1].is_null());
    let p = value["targets"][0]["results"][0]["probability"]
        .as_f64()
        .unwrap();
    assert!((0.0..=1.0).contains(&p));
}

#[test]
fn same_names_fall_back_to_file_stems_and_out_writes_csv() {
    let dir = scratch("compare-stems");
    let copy = dir.join("small-copy.toml");
    std::fs::copy("tests/data/small.toml", &copy).unwrap();
    let csv = dir.join("comparison.csv");
    let output = chainsim(&[
        "compare",
        "tests/data/small.toml",
        copy.to_str().unwrap(),
        "--runs",
        "200",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    insta::assert_snapshot!(
        "compare-small-and-copy",
        stdout(&output).replace(dir.to_str().unwrap(), "<scratch>")
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "target,label,small probability,small ci_low,small ci_high,\
         small-copy probability,small-copy ci_low,small-copy ci_high"
    );
    assert_eq!(lines.len(), 3);
    // Same seed, same runs, same file: the same numbers in both columns.
    let fields: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(fields[2..5], fields[5..8]);
}

#[test]
fn a_bad_scenario_names_its_file_and_writes_nothing() {
    let dir = scratch("compare-bad");
    let csv = dir.join("comparison.csv");
    let output = chainsim(&[
        "compare",
        "tests/data/small.toml",
        "tests/data/bad/nan-spread.toml",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    insta::assert_snapshot!("compare-bad-nan-spread", message);
    assert!(stdout(&output).is_empty());
    assert!(!csv.exists());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}
