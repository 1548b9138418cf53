//! The guards before heavy work: sizes range-checked, a job past the budget refused with its
//! estimate in one line, nothing written.

use crate::common::{chainsim, stderr};

const SMALL: &str = "tests/data/small.toml";

fn refused_in_one_line(args: &[&str], expected: &str) {
    let output = chainsim(args);
    assert_eq!(output.status.code(), Some(1), "{args:?}");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(expected), "{err}");
}

#[test]
fn a_quadrillion_runs_are_refused_with_the_estimate() {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("guard-quadrillion");
    let _ = std::fs::remove_dir_all(&out);
    let out_arg = out.to_str().unwrap();
    refused_in_one_line(
        &[
            "simulate",
            SMALL,
            "--runs",
            "1000000000000000",
            "--out",
            out_arg,
        ],
        "past the budget",
    );
    assert!(!out.exists(), "{} was written", out.display());
    let parent = out.parent().unwrap();
    let strays: Vec<_> = std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains("guard-quadrillion")
        })
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

#[test]
fn a_hundred_thousand_threads_are_refused() {
    refused_in_one_line(
        &["simulate", SMALL, "--threads", "100000"],
        "--threads: must be at most 1024, got 100000",
    );
}

#[test]
fn a_design_too_large_to_hold_is_refused_before_allocating() {
    refused_in_one_line(
        &[
            "sensitivity",
            SMALL,
            "--target",
            "chem-2028",
            "--base-samples",
            "1000000000000000",
        ],
        "exceed 536870912 runs",
    );
}

#[test]
fn validate_prints_the_estimate() {
    let output = chainsim(&["validate", SMALL]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("estimate: "))
        .unwrap_or_else(|| panic!("no estimate in\n{text}"));
    assert!(
        line.contains("a run;") && line.contains("memory ≈"),
        "{line}"
    );
}

#[test]
fn the_analyses_that_simulate_many_times_are_guarded_too() {
    // bases makes 1 + 2 per assumed base simulations, goal seek one a halving, compare one a
    // file: each estimate covers them all.
    for args in [
        &["bases", SMALL, "--runs", "1000000000000000"][..],
        &["compare", SMALL, SMALL, "--runs", "1000000000000000"][..],
        &[
            "goal-seek",
            SMALL,
            "--target",
            "chem-2028",
            "--vary",
            "growth:chemicals",
            "--probability",
            "0.5",
            "--runs",
            "1000000000000000",
        ][..],
    ] {
        refused_in_one_line(args, "past the budget");
    }
}
