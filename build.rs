//! Records the git commit the `chainsim` binary is built from, for `--version`.
//! Without git or outside a repository (a crates.io tarball) the commit reads `unknown`.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    let dirty = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .is_some_and(|out| !out.stdout.is_empty());
    let suffix = if dirty && commit != "unknown" {
        "-modified"
    } else {
        ""
    };
    println!("cargo:rustc-env=CHAINSIM_GIT_COMMIT={commit}{suffix}");
    // Rebuild when HEAD moves (a commit or checkout); `git rev-parse --git-path` finds the
    // files in a worktree too.
    for path in ["HEAD", "index"] {
        if let Some(file) = Command::new("git")
            .args(["rev-parse", "--git-path", path])
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
        {
            println!("cargo:rerun-if-changed={}", file.trim());
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
