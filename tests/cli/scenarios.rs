//! The shipped scenarios: each one validates, and every number in it says where it comes
//! from.

use std::path::PathBuf;
use std::process::Command;

use toml::{Table, Value};

/// Every `scenarios/*.toml` file, sorted.
fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios/*.toml");
    files
}

#[test]
fn every_shipped_scenario_validates() {
    // tests/data/hybrid.toml is the valid base of the chain, project and energy bad-input
    // fixtures: each of those must fail for its one change alone.
    let base = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/hybrid.toml"
    ));
    for path in shipped().into_iter().chain([base]) {
        let output = Command::new(env!("CARGO_BIN_EXE_chainsim"))
            .arg("validate")
            .arg(&path)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("the binary runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Metadata, not data: the years, run count and seed need no citation.
const METADATA: [&str; 3] = ["scenario", "sampling", "provenance"];

/// The `[provenance.<section>]` default that covers a top-level section.
fn provenance_section(section: &str) -> &str {
    match section {
        "coefficient_uncertainty" => "coefficients",
        "correlation_matrix" => "correlations",
        "price_growth" => "prices",
        other => other,
    }
}

fn has_provenance(table: &Table) -> bool {
    ["source", "assumption"].iter().any(|key| {
        table
            .get(*key)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    })
}

/// An array of tables holds items of their own (`[[chains.stages]]`, `[[energy.technologies]]`).
fn items(value: &Value) -> Option<&Vec<Value>> {
    value
        .as_array()
        .filter(|array| !array.is_empty() && array.iter().all(Value::is_table))
}

/// Whether a value is or contains a number, not counting child items. Inline tables such
/// as a technology's `capacity_factor` or an aggregate's `weights` belong to their item.
fn holds_number(value: &Value) -> bool {
    match value {
        Value::Integer(_) | Value::Float(_) => true,
        Value::Array(array) => items(value).is_none() && array.iter().any(holds_number),
        Value::Table(table) => table.values().any(holds_number),
        _ => false,
    }
}

/// Records `path` when `table` holds a number but neither it nor what it inherits from (its
/// parent item, the section default) gives a source or an assumption; then its child items.
fn walk(path: String, table: &Table, inherited: bool, missing: &mut Vec<String>) {
    let given = inherited || has_provenance(table);
    let numeric = table
        .values()
        .any(|value| items(value).is_none() && holds_number(value));
    if numeric && !given {
        let id = ["id", "sector"]
            .iter()
            .find_map(|key| table.get(*key).and_then(Value::as_str));
        missing.push(match id {
            Some(id) => format!("{path} (\"{id}\")"),
            None => path.clone(),
        });
    }
    for (key, value) in table {
        if let Some(children) = items(value) {
            for (k, child) in children.iter().enumerate() {
                let child = child.as_table().expect("items are tables");
                walk(format!("{path}.{key}[{k}]"), child, given, missing);
            }
        }
    }
}

/// The items of a scenario text that hold a number without provenance.
fn unsourced(text: &str) -> Vec<String> {
    let doc: Table = toml::from_str(text).expect("valid TOML");
    let defaults = doc.get("provenance").and_then(Value::as_table);
    let mut missing = Vec::new();
    for (section, value) in &doc {
        if METADATA.contains(&section.as_str()) {
            continue;
        }
        let default = defaults
            .and_then(|d| d.get(provenance_section(section)))
            .and_then(Value::as_table)
            .is_some_and(has_provenance);
        match value {
            Value::Table(table) => walk(section.clone(), table, default, &mut missing),
            Value::Array(array) if items(value).is_some() => {
                for (k, item) in array.iter().enumerate() {
                    let item = item.as_table().expect("items are tables");
                    walk(format!("{section}[{k}]"), item, default, &mut missing);
                }
            }
            other if holds_number(other) && !default => missing.push(section.clone()),
            _ => {}
        }
    }
    // Table order depends on toml's `preserve_order` feature; sort for a stable message.
    missing.sort();
    missing
}

#[test]
fn every_number_in_a_shipped_scenario_has_provenance() {
    let mut failures = Vec::new();
    for path in shipped() {
        let text = std::fs::read_to_string(&path).unwrap();
        for item in unsourced(&text) {
            failures.push(format!("{}: {item}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "items holding numbers without `source` or `assumption` (own, parent's or [provenance.<section>]):\n{}",
        failures.join("\n")
    );
}

/// The walker itself finds what is missing, follows inheritance, and ignores metadata.
#[test]
fn provenance_walker_finds_unsourced_items() {
    let text = r#"
        [scenario]
        name = "walker"
        base_year = 2025
        horizon = 2030
        [sampling]
        runs = 100
        [provenance]
        growth = { assumption = "section default" }
        [[sectors]]
        id = "a"
        base = 1.0
        source = "cited"
        [[sectors]]
        id = "b"
        base = 2.0
        [[growth]]
        sector = "b"
        distribution = "fixed"
        value = 0.1
        [[chains]]
        id = "sourced"
        sector = "a"
        assumption = "whole chain"
        [[chains.stages]]
        id = "inherits"
        capacity = 1.0
        [[chains]]
        id = "unsourced"
        sector = "b"
        [[chains.stages]]
        id = "own"
        capacity = 1.0
        source = "stage"
        [[chains.stages]]
        id = "bare"
        capacity = 1.0
        [energy]
        [[energy.technologies]]
        id = "hydro"
        clean = true
        capacity_factor = { distribution = "fixed", value = 0.4 }
        [[aggregates]]
        id = "gdp"
        weights = { a = 0.5 }
        [[targets]]
        id = "t"
        sector = "a"
        year = 2030
        source = "plan"
        [[targets]]
        id = "u"
        sector = "a"
        year = 2030
    "#;
    assert_eq!(
        unsourced(text),
        [
            "aggregates[0] (\"gdp\")",
            "chains[1].stages[1] (\"bare\")",
            "energy.technologies[0] (\"hydro\")",
            "sectors[1] (\"b\")",
            "targets[1] (\"u\")",
        ]
    );
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/bad/no-provenance.toml"
    ))
    .unwrap();
    assert_eq!(unsourced(&fixture), ["sectors[1] (\"fibre\")"]);
}
