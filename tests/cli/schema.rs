//! The JSON Schema of scenario files: `chainsim schema` prints what docs/scenario.schema.json
//! holds, every shipped and fixture scenario validates against it (checked with the
//! `jsonschema` crate, an implementation independent of the schema's generator), and the bad
//! fixtures that are a matter of shape (an unknown field, a wrong type, an unknown name) fail
//! it while those that need the compiler (ids, productivity, ranges) pass it.

use std::path::{Path, PathBuf};

use crate::common::{chainsim, stderr, stdout};

const SCHEMA_FILE: &str = "docs/scenario.schema.json";

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_FILE).unwrap()).unwrap();
    jsonschema::draft7::new(&schema).expect("the schema is a valid draft-07 schema")
}

/// The scenario at `path` as JSON, or `None` when it is not TOML at all.
fn as_json(path: &Path) -> Option<serde_json::Value> {
    let value: toml::Table = std::fs::read_to_string(path).unwrap().parse().ok()?;
    Some(serde_json::to_value(value).unwrap())
}

fn tomls(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let out = chainsim(&["schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let checked_in = std::fs::read_to_string(SCHEMA_FILE).unwrap();
    assert!(
        stdout(&out) == checked_in,
        "{SCHEMA_FILE} is stale: run `cargo run -- schema > {SCHEMA_FILE}`"
    );
    let schema: serde_json::Value = serde_json::from_str(&checked_in).unwrap();
    let defs = &schema["definitions"];
    // The names the compiler knows, as enums an editor completes.
    let growth = &defs["GrowthSpec"]["properties"]["distribution"]["enum"];
    assert_eq!(growth.as_array().unwrap().len(), 10);
    assert!(
        growth
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d == "truncated_normal")
    );
    let kinds = &defs["TargetSpec"]["properties"]["kind"]["enum"];
    assert_eq!(
        kinds,
        &serde_json::json!(["level", "ratio", "growth", "average_growth"])
    );
    let samplers = serde_json::to_string(&defs["SamplerKind"]).unwrap();
    for sampler in ["monte_carlo", "latin_hypercube", "sobol"] {
        assert!(samplers.contains(sampler), "{samplers}");
    }
    // Descriptions come from the doc comments.
    assert!(
        defs["SectorSpec"]["properties"]["base"]["description"]
            .as_str()
            .unwrap()
            .contains("Gross output in the base year")
    );
}

#[test]
fn every_shipped_and_fixture_scenario_validates() {
    let validator = validator();
    let mut files = tomls("scenarios");
    for dir in ["tests/data", "tests/data/table", "benches/data", "examples"] {
        if Path::new(dir).is_dir() {
            files.extend(tomls(dir));
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    for file in &files {
        let json = as_json(file).unwrap_or_else(|| panic!("{} is not TOML", file.display()));
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn shipped_scenarios_name_the_schema_for_editors() {
    for file in tomls("scenarios") {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("#:schema ../docs/scenario.schema.json"),
            "{} lacks the Taplo schema directive on its first line",
            file.display()
        );
    }
}

#[test]
fn bad_fixtures_of_shape_fail_the_schema_and_the_rest_need_the_compiler() {
    let validator = validator();
    // An unknown field, zero runs, a correlation outside [−1, 1], a probability above one:
    // the schema says so. Unknown ids, non-productive coefficients, spans of years and the
    // like need the compiler. TOML that does not parse never reaches the schema.
    let shape = [
        "correlation-out-of-range.toml",
        "project-probability-above-one.toml",
        "runs-zero.toml",
        "unknown-field.toml",
    ];
    let mut failing = Vec::new();
    for file in tomls("tests/data/bad") {
        let Some(json) = as_json(&file) else {
            assert!(
                file.ends_with("toml-syntax.toml"),
                "{} is not TOML",
                file.display()
            );
            continue;
        };
        if !validator.is_valid(&json) {
            failing.push(file.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert_eq!(failing, shape);
}
