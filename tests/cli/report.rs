//! `--report FILE.html`: one self-contained page, its numbers those of the files the same
//! run wrote, the same bytes on any thread count; and the page in a real browser (headless
//! Chromium through tests/browser/check_report.py): no console errors, every section and
//! target present, no two text boxes of a chart overlapping.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{chainsim, scratch, stderr};

/// The sections a simulation's page of the shipped scenario holds, in order.
const SECTIONS: [&str; 8] = [
    "targets",
    "fan-charts",
    "projects",
    "chains",
    "energy",
    "assumed-bases",
    "sources",
    "reproduce",
];

fn simulate_with_report(scenario: &str, runs: &str, threads: &str, dir: &Path) -> PathBuf {
    simulate_with_report_and(scenario, runs, threads, dir, &[])
}

/// [`simulate_with_report`] with `extra` arguments.
fn simulate_with_report_and(
    scenario: &str,
    runs: &str,
    threads: &str,
    dir: &Path,
    extra: &[&str],
) -> PathBuf {
    let report = dir.join("report.html");
    let mut args = vec![
        "simulate",
        scenario,
        "--runs",
        runs,
        "--threads",
        threads,
        "--out",
        dir.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ];
    args.extend(extra);
    let output = chainsim(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    report
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

/// A probability printed as the report's rule says, from the number in summary.json.
fn percent(p: &serde_json::Value) -> String {
    format!("{:.1}%", 100.0 * p.as_f64().unwrap())
}

#[test]
fn report_holds_every_target_with_the_probability_of_summary_json() {
    let dir = scratch("report-small");
    let html = std::fs::read_to_string(simulate_with_report(
        "tests/data/small.toml",
        "600",
        "2",
        &dir,
    ))
    .unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("NaN") && !html.contains("<script"));
    // Self-contained: nothing loaded from elsewhere.
    assert!(!html.contains(" src=") && !html.contains("<link") && !html.contains("url("));
    let summary = summary(&dir);
    for target in summary["targets"].as_array().unwrap() {
        let id = target["id"].as_str().unwrap();
        let exact = format!("data-target=\"{id}\">{id}</code>");
        assert!(html.contains(&exact), "{id} missing");
        let shown = format!(
            "data-probability=\"{}\">{}</span>",
            target["probability"],
            percent(&target["probability"])
        );
        assert!(html.contains(&shown), "{id}: {shown} missing");
    }
    let sha = format!("{}", summary["seed"]);
    assert!(
        html.contains(&format!("<code>{sha}</code>")),
        "the seed is printed"
    );
    assert!(html.contains(&format!("<code>{}</code>", summary["engine_version"])));
    let hash = html
        .split("<code class=\"sha256\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the scenario hash is printed");
    assert_eq!(hash.len(), 64);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    // Every note of the scenario file is in the appendix.
    let scenario = std::fs::read_to_string("tests/data/small.toml").unwrap();
    for line in scenario.lines() {
        for key in ["source = \"", "assumption = \""] {
            if let Some(rest) = line.split(key).nth(1) {
                let text = rest.split('"').next().unwrap();
                assert!(html.contains(text), "{text} missing from the appendix");
            }
        }
    }
}

#[test]
fn report_is_the_same_bytes_on_any_thread_count() {
    let one = scratch("report-threads-1");
    let two = scratch("report-threads-2");
    let a = std::fs::read(simulate_with_report(
        "tests/data/small.toml",
        "300",
        "1",
        &one,
    ))
    .unwrap();
    let b = std::fs::read(simulate_with_report(
        "tests/data/small.toml",
        "300",
        "2",
        &two,
    ))
    .unwrap();
    // The pages differ only in the --out folder named in them: nowhere.
    assert_eq!(a, b);
}

#[test]
fn report_path_that_is_not_html_writes_nothing() {
    let dir = scratch("report-bad");
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "100",
        "--out",
        dir.to_str().unwrap(),
        "--report",
        dir.join("report.txt").to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output).trim(),
        format!(
            "error: --report {}: give a file name ending in .html that simulate does not write itself",
            dir.join("report.txt").display()
        )
    );
    assert!(!dir.exists(), "nothing written");
}

/// The `data-probability` of the moved-base span of `target` (`lower` or `higher`).
fn moved(html: &str, which: &str, target: &str) -> Option<f64> {
    let key = format!("data-moved=\"{which}\" data-of=\"{target}\" data-probability=\"");
    let rest = html.split(&key).nth(1)?;
    rest.split('"').next()?.parse().ok()
}

#[test]
fn bases_in_the_report_equal_what_chainsim_bases_prints() {
    let dir = scratch("report-bases");
    let report = dir.join("report.html");
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "700",
        "--seed",
        "4",
        "--out",
        dir.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--bases",
        "0.2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    // One line on the cost: both sectors of small.toml are assumed and read by a target.
    let err = stderr(&output);
    let warned: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("--bases:"))
        .map(str::trim)
        .collect::<Vec<_>>();
    assert_eq!(
        warned,
        [
            "--bases: 4 more simulations of 700 runs each after this one (2 assumed base levels, each lowered and raised by 20.0%)"
        ]
    );
    let html = std::fs::read_to_string(&report).unwrap();
    let output = chainsim(&[
        "bases",
        "tests/data/small.toml",
        "--runs",
        "700",
        "--seed",
        "4",
        "--change",
        "0.2",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let check: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = check["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        let id = row["id"].as_str().unwrap();
        for which in ["lower", "higher"] {
            let expected = &row[which]["probability"];
            assert_eq!(moved(&html, which, id), expected.as_f64(), "{id} {which}");
            let shown = format!(
                "data-probability=\"{}\">{}</span>",
                moved(&html, which, id).unwrap(),
                percent(expected)
            );
            assert!(html.contains(&shown), "{id} {which}: {shown} missing");
        }
    }
    // The simulated probability beside them is chainsim bases' own base run's.
    for (row, target) in rows
        .iter()
        .zip(summary(&dir)["targets"].as_array().unwrap())
    {
        assert_eq!(row["base"]["probability"], target["probability"]);
    }
    assert!(html.contains("P(met), base −20.0%") && html.contains("P(met), base +20.0%"));
    assert!(
        html.contains("--bases 0.2</code>"),
        "the command reproduces it"
    );
}

#[test]
fn without_bases_the_section_names_chainsim_bases_and_bases_needs_a_report() {
    let dir = scratch("report-no-bases");
    let html = std::fs::read_to_string(simulate_with_report(
        "tests/data/small.toml",
        "200",
        "1",
        &dir,
    ))
    .unwrap();
    assert!(html.contains("<section id=\"assumed-bases\">"));
    assert!(html.contains("`chainsim bases`") && !html.contains("data-moved="));
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "100",
        "--bases",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--report <FILE.html>"),
        "{}",
        stderr(&output)
    );
    let bad = dir.with_extension("bad.html");
    let output = chainsim(&[
        "simulate",
        "tests/data/small.toml",
        "--runs",
        "100",
        "--out",
        dir.with_extension("bad").to_str().unwrap(),
        "--report",
        bad.to_str().unwrap(),
        "--bases=1.5",
    ]);
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output).trim(),
        "error: --bases: the change must lie in (0, 1), got 1.5"
    );
    assert!(
        !bad.exists() && !dir.with_extension("bad").exists(),
        "nothing written"
    );
}

/// The browser and the script, or why the browser test cannot run.
fn browser() -> Result<(), String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| which("chromium"));
    if chromium.is_none() {
        return Err("no chromium on PATH".to_string());
    }
    if which("python3").is_none() {
        return Err("no python3 on PATH".to_string());
    }
    Ok(())
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

/// Opens `report` in headless Chromium; the checker's JSON.
fn open_in_browser(report: &Path, png: Option<&Path>, pdf: Option<&Path>) -> serde_json::Value {
    let mut command = Command::new("python3");
    command
        .arg("tests/browser/check_report.py")
        .arg(report)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(png) = png {
        command.arg("--png").arg(png).args(["--png-height", "1600"]);
    }
    if let Some(pdf) = pdf {
        command.arg("--pdf").arg(pdf);
    }
    let output = command.output().expect("python3 runs");
    assert!(
        output.status.success(),
        "check_report.py: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the checker prints JSON")
}

/// Whether the browser test must run: CHAINSIM_BROWSER_TEST=1 (as .ci/run sets) turns a
/// missing browser into a failure.
fn browser_or_skip(test: &str) -> bool {
    match browser() {
        Ok(()) => true,
        Err(why) if std::env::var("CHAINSIM_BROWSER_TEST").as_deref() == Ok("1") => {
            panic!("{test}: CHAINSIM_BROWSER_TEST=1 but {why}")
        }
        Err(why) => {
            eprintln!(
                "skipped {test}: {why} (install chromium, or set CHAINSIM_BROWSER_TEST=1 to fail instead)"
            );
            false
        }
    }
}

fn assert_reads_well(page: &serde_json::Value) {
    assert_eq!(page["console_errors"], serde_json::json!([]), "{page:#}");
    assert_eq!(page["overlaps"], serde_json::json!([]), "overlapping text");
    assert_eq!(
        page["outside"],
        serde_json::json!([]),
        "text outside its chart"
    );
}

#[test]
fn shipped_scenario_report_reads_well_in_chromium() {
    if !browser_or_skip("shipped_scenario_report_reads_well_in_chromium") {
        return;
    }
    let dir = scratch("report-browser-jilin");
    // With the assumed bases moved, so the widest table of the page is the one checked.
    let report =
        simulate_with_report_and("scenarios/jilin-2030.toml", "2000", "2", &dir, &["--bases"]);
    let png = dir.with_extension("png");
    let pdf = dir.with_extension("pdf");
    let page = open_in_browser(&report, Some(&png), Some(&pdf));
    assert_reads_well(&page);
    let sections: Vec<&str> = page["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(sections, SECTIONS);
    let summary = summary(&dir);
    let targets = summary["targets"].as_array().unwrap();
    let shown = page["targets"].as_array().unwrap();
    assert_eq!(shown.len(), targets.len());
    for (target, seen) in targets.iter().zip(shown) {
        assert_eq!(seen["id"], target["id"]);
        assert_eq!(
            seen["probability"].as_str(),
            Some(percent(&target["probability"]).as_str())
        );
    }
    // A fan chart per sector of the scenario, and text in them to check.
    let scenario = std::fs::read_to_string("scenarios/jilin-2030.toml").unwrap();
    assert_eq!(
        page["charts"].as_u64(),
        Some(scenario.matches("[[sectors]]").count() as u64)
    );
    assert!(page["text_boxes"].as_u64().unwrap() > 100);
    assert_eq!(
        page["page_width"].as_u64(),
        Some(1000),
        "nothing wider than the page"
    );
    // --bases: each target on an assumed base shows its probability at base −10% and +10%.
    let assumed = targets.iter().filter(|t| t["assumed_base"] == true).count();
    assert!(assumed > 0);
    assert_eq!(page["moved"].as_u64(), Some(2 * assumed as u64));
    assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn sensitivity_and_compare_write_their_pages_and_excel_csv_has_a_bom() {
    let dir = scratch("report-analyses");
    std::fs::create_dir_all(&dir).unwrap();
    let sens = dir.join("sens.html");
    let output = chainsim(&[
        "sensitivity",
        "tests/data/small.toml",
        "--target",
        "chem-2028",
        "--base-samples",
        "64",
        "--rank-runs",
        "200",
        "--report",
        sens.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(&sens).unwrap();
    for id in [
        "sobol",
        "tornado",
        "rank-correlations",
        "sources",
        "reproduce",
    ] {
        assert!(page.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    let (html, csv) = (dir.join("cmp.html"), dir.join("cmp.csv"));
    let output = chainsim(&[
        "compare",
        "tests/data/small.toml",
        "tests/data/small.toml",
        "--runs",
        "200",
        "--report",
        html.to_str().unwrap(),
        "--out",
        csv.to_str().unwrap(),
        "--excel",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::read(&csv)
            .unwrap()
            .starts_with(b"\xEF\xBB\xBFtarget")
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("data-target=\"chem-2028\""));
}

#[test]
fn out_holding_another_scenarios_run_is_refused_without_force() {
    let dir = scratch("report-other-run");
    let run = |file: &str, force: bool| {
        let mut args = vec![
            "simulate",
            file,
            "--runs",
            "100",
            "--out",
            dir.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        chainsim(&args)
    };
    assert!(run("tests/data/small.toml", false).status.success());
    let refused = run("tests/data/share-target.toml", false);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("holds a run of another scenario (\"small\"); give another --out, or --force to replace it"),
        "{}",
        stderr(&refused)
    );
    assert!(run("tests/data/share-target.toml", true).status.success());
}
