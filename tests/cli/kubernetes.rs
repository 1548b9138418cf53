//! `examples/kubernetes/`: the manifests are YAML Kubernetes would take, and their command
//! lines are ones chainsim runs: every index of the Indexed Job, then the merge Job, run
//! here through the real binary (at a small RUNS, the volumes mapped to local folders), give
//! the files of one process.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml_ng::Value;

use crate::common::{chainsim, scratch, stderr};

/// The YAML documents of a manifest file.
fn documents(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/kubernetes")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml_ng::Deserializer::from_str(&text)
        .map(|doc| {
            <Value as serde::Deserialize>::deserialize(doc)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect()
}

fn str_list(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The one Job of `docs` (with `Indexed` completion or not) and its one container.
fn job(docs: &[Value], indexed: bool) -> (&Value, &Value) {
    let job = docs
        .iter()
        .find(|d| {
            d["kind"] == "Job"
                && (d["spec"]["completionMode"].as_str() == Some("Indexed")) == indexed
        })
        .expect("a Job");
    assert_eq!(job["apiVersion"], "batch/v1");
    let containers = job["spec"]["template"]["spec"]["containers"]
        .as_sequence()
        .unwrap();
    assert_eq!(containers.len(), 1);
    (job, &containers[0])
}

/// Container paths mapped to folders here: the parts volume to `parts`, the scenario
/// ConfigMap to the repository's `scenarios/`.
fn mounts(job: &Value, container: &Value, parts: &Path) -> Vec<(String, String)> {
    let volumes = job["spec"]["template"]["spec"]["volumes"]
        .as_sequence()
        .unwrap();
    container["volumeMounts"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|mount| {
            let volume = volumes
                .iter()
                .find(|v| v["name"] == mount["name"])
                .expect("a mounted volume is declared");
            let local = if volume.get("persistentVolumeClaim").is_some() {
                parts.to_str().unwrap().to_string()
            } else {
                assert!(volume.get("configMap").is_some());
                concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios").to_string()
            };
            (mount["mountPath"].as_str().unwrap().to_string(), local)
        })
        .collect()
}

/// `text` with `$(NAME)` expanded from `env` (as Kubernetes expands args) and container
/// paths mapped to local ones.
fn expand(text: &str, env: &BTreeMap<String, String>, mounts: &[(String, String)]) -> String {
    let mut text = text.to_string();
    for (name, value) in env {
        text = text.replace(&format!("$({name})"), value);
    }
    for (inside, local) in mounts {
        text = text.replace(&format!("{inside}/"), &format!("{local}/"));
    }
    text
}

#[test]
fn the_indexed_job_and_the_merge_run_as_chainsim_commands_and_merge_to_one_process() {
    let root = scratch("kubernetes");
    let parts = root.join("parts");
    std::fs::create_dir_all(&parts).unwrap();
    let shard_docs = documents("shards.yaml");
    assert!(
        shard_docs
            .iter()
            .any(|d| d["kind"] == "PersistentVolumeClaim")
    );
    let (shards, container) = job(&shard_docs, true);
    assert_eq!(shards["spec"]["completions"], shards["spec"]["parallelism"]);
    assert_eq!(container["command"], Value::from(vec!["chainsim"]));
    let mut env: BTreeMap<String, String> = container["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().into(),
                e["value"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        env["SHARDS"],
        shards["spec"]["completions"].as_u64().unwrap().to_string(),
        "SHARDS must equal completions"
    );
    // A small job here: 8 chunks over 3 shards.
    let (runs, count) = ("1892", 3);
    env.insert("RUNS".into(), runs.into());
    env.insert("SHARDS".into(), count.to_string());
    let shard_mounts = mounts(shards, container, &parts);
    let mut scenario = None;
    for index in 0..count {
        env.insert("JOB_COMPLETION_INDEX".into(), index.to_string());
        let args: Vec<String> = str_list(&container["args"])
            .iter()
            .map(|a| expand(a, &env, &shard_mounts))
            .collect();
        scenario = Some(args[1].clone());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = chainsim(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(parts.join(format!("shard-{index}/part.json")).is_file());
    }

    let merge_docs = documents("merge.yaml");
    let (merge, container) = job(&merge_docs, false);
    assert_eq!(container["command"], Value::from(vec!["sh", "-c"]));
    let line = expand(
        &str_list(&container["args"])[0],
        &BTreeMap::new(),
        &mounts(merge, container, &parts),
    );
    let line = line.replacen(
        " chainsim ",
        &format!(" {} ", env!("CARGO_BIN_EXE_chainsim")),
        1,
    );
    let output = std::process::Command::new("sh")
        .args(["-c", &line])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{line}: {}", stderr(&output));

    let whole = root.join("whole");
    let scenario = scenario.unwrap();
    let output = chainsim(&[
        "simulate",
        &scenario,
        "--runs",
        runs,
        "--out",
        whole.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for name in ["targets.csv", "trajectories.csv", "summary.json"] {
        let same = std::fs::read(whole.join(name)).unwrap()
            == std::fs::read(parts.join("merged").join(name)).unwrap();
        assert!(same, "{name} differs from one process");
    }
}
