//! The rule a newcomer can check (ARCHITECTURE.md): the stages of `crates/chainsim/src` form
//! a line, and no module imports one further down it. A stage may use the stages before it
//! and the crates below the core (`crate::io`, `crate::stats`); tests inside a file
//! (after `#[cfg(test)]`) may use anything.

use std::fs;
use std::path::Path;

/// The stages in import order: each may use only those before it.
const STAGES: [&str; 8] = [
    "error", "scenario", "model", "compile", "summary", "engine", "report", "analysis",
];

/// Every `crate::<name>` a file's non-test code names.
fn crate_paths(text: &str) -> Vec<String> {
    // Comments and doc links may mention any stage; only code imports.
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let code = code.as_str();
    let mut found = Vec::new();
    for (idx, _) in code.match_indices("crate::") {
        let rest = &code[idx + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::Model` (a root re-export) is not a stage; only lowercase module names are.
        let preceded_by_ident = code[..idx]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !preceded_by_ident && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            found.push(name);
        }
    }
    found
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_stage_imports_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut checked = 0;
    for (rank, stage) in STAGES.iter().enumerate() {
        let mut paths = Vec::new();
        let dir = src.join(stage);
        if dir.is_dir() {
            files(&dir, &mut paths);
        } else {
            paths.push(src.join(format!("{stage}.rs")));
        }
        for path in paths {
            let text = fs::read_to_string(&path).unwrap();
            checked += 1;
            for name in crate_paths(&text) {
                let allowed = matches!(name.as_str(), "io" | "stats")
                    || STAGES[..=rank].contains(&name.as_str());
                if !allowed {
                    violations.push(format!("{}: crate::{name}", path.display()));
                }
            }
        }
    }
    assert!(
        checked >= 30,
        "only {checked} files found under {}",
        src.display()
    );
    assert!(
        violations.is_empty(),
        "imports up the flow:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_rule_sees_an_upward_import() {
    // The checker itself: code naming the engine is caught; comments, root re-exports and
    // test code are not.
    let text = "//! built by [`crate::compile`]\nuse crate::engine::RunState;\nuse crate::Model;\n#[cfg(test)]\nuse crate::analysis::x;";
    assert_eq!(crate_paths(text), ["engine"]);
}
