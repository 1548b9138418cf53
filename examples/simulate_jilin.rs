//! Simulate the shipped Jilin scenario from the library and print each target's probability,
//! each project's chance of being online by the horizon and how often each chain stage binds.
//!
//! Run with `cargo run --release --example simulate_jilin [RUNS]`.

use chainsim::{Model, Report, RunOptions, Silent, simulate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/jilin-2030.toml");
    let dir = std::path::Path::new(path).parent().ok_or("a folder")?;
    let model = Model::from_toml_str_with_files(&std::fs::read_to_string(path)?, |file| {
        std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())
    })?;
    let runs = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => model.default_runs(),
    };
    let options = RunOptions {
        runs,
        seed: model.default_seed(),
        threads: None,
        ..RunOptions::default()
    };
    let summary = simulate(&model, &options, &mut Silent)?;
    let report = Report::new(&model, &options, &summary);
    for target in &report.targets {
        println!(
            "{:<16} {:>6.1}%  [{:.1}%, {:.1}%]  {}",
            target.id,
            100.0 * target.probability,
            100.0 * target.ci_low,
            100.0 * target.ci_high,
            target.label
        );
    }
    for project in &report.projects {
        if let Some(last) = project.online_by.last() {
            println!(
                "project {:<22} online by {}: {:.1}%",
                project.id,
                last.year,
                100.0 * last.probability
            );
        }
    }
    for chain in &report.chains {
        for stage in &chain.stages {
            if let Some(last) = stage.binding.last() {
                println!(
                    "chain {} stage {:<14} binds in {}: {:.1}%",
                    chain.id,
                    stage.id,
                    last.year,
                    100.0 * last.probability
                );
            }
        }
    }
    Ok(())
}
