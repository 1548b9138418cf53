//! Running the gate benchmarks and reading their counts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use serde_json::Value;

/// The `[[bench]]` target holding the gate benchmarks.
pub const BENCH_TARGET: &str = "gate";

/// How to run the gate benchmarks.
#[derive(Debug, Clone, Default)]
pub struct BenchOptions {
    /// Cargo features of the root package to enable (e.g. `gate-slowdown`).
    pub features: Vec<String>,
    /// A gungraun filter (wildcards `*`, `?`) on the benchmark's module path.
    pub filter: Option<String>,
    /// Build directory to use instead of the workspace's own.
    pub target_dir: Option<PathBuf>,
}

/// Runs `cargo bench --bench gate` in the workspace at `root` and returns each kernel's
/// instruction count. Cargo's and gungraun's progress go to standard error.
///
/// # Errors
/// If cargo fails (including when the gungraun-runner version does not match) or prints no
/// benchmark.
pub fn run_benchmarks(
    root: &Path,
    options: &BenchOptions,
) -> anyhow::Result<BTreeMap<String, u64>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["bench", "--bench", BENCH_TARGET]);
    if !options.features.is_empty() {
        command.args(["--features", &options.features.join(",")]);
    }
    if let Some(dir) = &options.target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    command.arg("--");
    if let Some(filter) = &options.filter {
        command.arg(filter);
    }
    command
        .arg("--output-format=json")
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    let output = command
        .output()
        .with_context(|| format!("running cargo bench in {}", root.display()))?;
    if !output.status.success() {
        bail!(
            "cargo bench --bench {BENCH_TARGET} in {} failed ({})",
            root.display(),
            output.status
        );
    }
    let counts = parse_summaries(&String::from_utf8_lossy(&output.stdout))?;
    if counts.is_empty() {
        bail!("cargo bench --bench {BENCH_TARGET} ran no benchmark");
    }
    Ok(counts)
}

/// Reads gungraun's `--output-format=json` lines (one summary per benchmark; summary schema
/// version 7) into `function/bench-id` → total instructions (Callgrind `Ir`). Lines that are
/// not JSON objects are ignored.
///
/// # Errors
/// If a summary lacks its name or its instruction count.
pub fn parse_summaries(stdout: &str) -> anyhow::Result<BTreeMap<String, u64>> {
    let mut counts = BTreeMap::new();
    for line in stdout.lines().map(str::trim).filter(|l| l.starts_with('{')) {
        let summary: Value = serde_json::from_str(line).context("parsing a gungraun summary")?;
        let function = summary["function_name"]
            .as_str()
            .context("gungraun summary without function_name")?;
        let kernel = match summary["id"].as_str() {
            Some(id) => format!("{function}/{id}"),
            None => function.to_string(),
        };
        let instructions = summary["profiles"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["tool"] == "Callgrind")
            .and_then(|p| p["data"]["total"]["metrics"]["Ir"]["values"]["new"].as_u64())
            .with_context(|| format!("gungraun summary of {kernel} has no Callgrind Ir count"))?;
        if counts.insert(kernel.clone(), instructions).is_some() {
            bail!("two benchmarks are named {kernel}");
        }
    }
    Ok(counts)
}

/// `rustc --version` of the compiler cargo uses (`$RUSTC` or `rustc`), run in `root` so that a
/// toolchain file there applies.
///
/// # Errors
/// If rustc cannot be run.
pub fn rustc_version(root: &Path) -> anyhow::Result<String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(&rustc)
        .current_dir(root)
        .arg("--version")
        .output()
        .with_context(|| format!("running {rustc} --version"))?;
    if !output.status.success() {
        bail!("{rustc} --version failed ({})", output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Measures the parent commit (`HEAD^`) of the repository at `root` with the current
/// compiler: a detached worktree under the build directory, benchmarked with the shared
/// build directory so that dependencies are not rebuilt, removed afterwards.
///
/// # Errors
/// If there is no parent commit or its gate benchmarks cannot be run.
pub fn measure_parent(
    root: &Path,
    options: &BenchOptions,
) -> anyhow::Result<(String, BTreeMap<String, u64>)> {
    let parent = parent_commit(root)?;
    let target_dir = options
        .target_dir
        .clone()
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
        .unwrap_or_else(|| root.join("target"));
    let worktree = target_dir.join("gate-parent");
    // A worktree left by an interrupted run would block `worktree add`.
    let _ = git(
        root,
        &["worktree", "remove", "--force", &worktree.to_string_lossy()],
    );
    let _ = git(root, &["worktree", "prune"]);
    git(
        root,
        &[
            "worktree",
            "add",
            "--detach",
            &worktree.to_string_lossy(),
            &parent,
        ],
    )?;
    let parent_options = BenchOptions {
        features: Vec::new(),
        filter: options.filter.clone(),
        target_dir: Some(target_dir),
    };
    let counts = run_benchmarks(&worktree, &parent_options)
        .with_context(|| format!("measuring the parent commit {parent}"));
    let _ = git(
        root,
        &["worktree", "remove", "--force", &worktree.to_string_lossy()],
    );
    Ok((parent, counts?))
}

/// The parent of HEAD. A shallow clone (CI's may be one commit deep) lacks it: it is deepened
/// by one commit first, which needs only the clone's own remote.
fn parent_commit(root: &Path) -> anyhow::Result<String> {
    git(root, &["rev-parse", "--verify", "HEAD^"])
        .or_else(|_| {
            git(root, &["fetch", "--deepen=1"])?;
            git(root, &["rev-parse", "--verify", "HEAD^"])
        })
        .context(
            "the parent commit is needed to re-measure with the current compiler (a shallow clone could not be deepened)",
        )
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .context("running git")?;
    if !output.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shallow_clone_is_deepened_to_find_the_parent() {
        let dir =
            std::env::temp_dir().join(format!("chainsim-gate-shallow-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let origin = dir.join("origin");
        std::fs::create_dir_all(&origin).unwrap();
        let id = [
            "-c",
            "user.name=gate",
            "-c",
            "user.email=gate@example.invalid",
        ];
        let run = |cwd: &Path, args: &[&str]| git(cwd, &[&id[..], args].concat()).unwrap();
        run(&origin, &["init", "-q"]);
        run(&origin, &["commit", "-q", "--allow-empty", "-m", "first"]);
        let first = run(&origin, &["rev-parse", "HEAD"]);
        run(&origin, &["commit", "-q", "--allow-empty", "-m", "second"]);
        let url = format!("file://{}", origin.display());
        run(&dir, &["clone", "-q", "--depth", "1", &url, "clone"]);
        let clone = dir.join("clone");
        assert!(
            git(&clone, &["rev-parse", "--verify", "HEAD^"]).is_err(),
            "not shallow"
        );
        assert_eq!(parent_commit(&clone).unwrap(), first);
        let _ = std::fs::remove_dir_all(&dir);
    }

    const LINE: &str = r#"{"baselines":[null,null],"function_name":"run_step","group":"engine_group","id":"n5","kind":"LibraryBenchmark","module_path":"gate::engine_group::run_step","profiles":[{"data":{"parts":[{"metrics":{"Ir":{"values":{"new":18950}}}}],"total":{"metrics":{"Ir":{"values":{"new":18950}}},"regressions":[]}},"tool":"Callgrind"}],"version":"7"}"#;

    #[test]
    fn reads_instruction_counts_and_skips_other_lines() {
        let text = format!("warning: something\n{LINE}\n\n");
        let counts = parse_summaries(&text).unwrap();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts["run_step/n5"], 18950);
    }

    #[test]
    fn a_summary_without_a_count_is_an_error() {
        let line = LINE.replace("\"Ir\"", "\"Dr\"");
        let err = parse_summaries(&line).unwrap_err();
        assert!(format!("{err:#}").contains("run_step/n5"), "{err:#}");
    }

    #[test]
    fn duplicate_names_are_an_error() {
        assert!(parse_summaries(&format!("{LINE}\n{LINE}")).is_err());
    }
}
