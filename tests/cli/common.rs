//! What every CLI test module needs: run the binary, read its output, a scratch directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `chainsim` binary from the repository root.
pub fn chainsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh, not yet existing directory under the target directory for one test's outputs.
/// The modules' tests run in parallel in one binary: each name must be unique to its test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
