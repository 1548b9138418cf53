//! What every CLI test crate needs: run the binary, read its output.
// Each test crate compiles this module on its own and uses part of it.
#![allow(dead_code)]

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
