//! One module per subcommand.

pub mod bases;
pub mod compare;
pub mod completions;
pub mod format;
pub mod goal_seek;
pub mod io;
pub mod man;
pub mod merge;
pub mod model_args;
pub mod run_args;
pub mod schema;
pub mod sensitivity;
pub mod shard;
pub mod simulate;
pub mod validate;

use std::path::Path;

use anyhow::Context;
use chainsim::summary::part::ContentHash;
use chainsim::{CompileOptions, Model, Scenario, ScenarioError};

/// Reads and compiles a scenario file; errors name the file and, where known, line:column.
/// Files the scenario refers to are read relative to its directory. A repaired correlation
/// matrix is reported on one line of stderr.
pub fn load_model_with(path: &Path, options: &CompileOptions) -> anyhow::Result<Model> {
    load_model_hashed(path, options).map(|(model, _)| model)
}

/// [`load_model_with`], and the [`ContentHash`] of what it read: the scenario's bytes and
/// those of every file it refers to, under the names the scenario gives them (not their
/// paths on this machine, so the same files hash alike wherever they lie).
pub fn load_model_hashed(path: &Path, options: &CompileOptions) -> anyhow::Result<(Model, String)> {
    load(path, options).map(|loaded| (loaded.model, loaded.sha256))
}

/// A scenario file as read and compiled.
pub struct Loaded {
    /// The scenario as written (its sources and assumptions, for a report's appendix).
    pub scenario: Scenario,
    /// The compiled model.
    pub model: Model,
    /// The [`ContentHash`] of the scenario and the files it names.
    pub sha256: String,
}

/// [`load_model_hashed`], keeping the scenario as written.
pub fn load(path: &Path, options: &CompileOptions) -> anyhow::Result<Loaded> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read scenario file {}", path.display()))?;
    let located = |err: ScenarioError| {
        let separator = if err.location().is_some() { ":" } else { ": " };
        anyhow::anyhow!("{}{separator}{err}", path.display())
    };
    let mut hash = ContentHash::new();
    hash.add("", text.as_bytes());
    let mut scenario = Scenario::from_toml_str(&text).map_err(located)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    scenario
        .resolve_files(|file| {
            let text = read_scenario_file(&dir.join(file))?;
            hash.add(file, text.as_bytes());
            Ok(text)
        })
        .map_err(located)?;
    let model = Model::compile_with(&scenario, options).map_err(located)?;
    if let Some(repair) = model.correlation_repair() {
        let line = format!(
            "correlation matrix repaired: moved by {:.6} (largest change {}–{} {:.4} → {:.4})",
            repair.distance, repair.pair.0, repair.pair.1, repair.old, repair.new
        );
        eprintln!("{}", crate::terminal::escape_line(&line));
    }
    Ok(Loaded {
        scenario,
        model,
        sha256: hash.finish(),
    })
}

/// The text of a file a scenario names. A `[coefficient_table]` in another table format (a
/// pymrio folder, EXIOBASE, the OECD ICIO CSV, Eurostat, a spreadsheet — detected as
/// `chainsim io` detects them) is read with chainsim-tables and handed to the library as
/// chainsim's wide CSV of flows (labels `region/sector`), so the scenario's `form` is
/// `"flows"`; every other file is read as it is.
fn read_scenario_file(path: &Path) -> Result<String, String> {
    use chainsim_report::io::{IoText, TableReport};
    use chainsim_tables::{Format, ReadOptions};
    match Format::detect(path) {
        Ok(format) if format != Format::Chainsim => {
            let table = chainsim_tables::read(path, format, &ReadOptions::default())
                .map_err(|e| e.to_string())?;
            Ok(TableReport::new(&table).csv())
        }
        _ => std::fs::read_to_string(path).map_err(|e| e.to_string()),
    }
}

/// The index of the target `id`, or an error listing the scenario's target ids.
pub fn target_index(model: &Model, id: &str) -> anyhow::Result<usize> {
    model
        .targets()
        .iter()
        .position(|t| t.id == id)
        .with_context(|| {
            let ids: Vec<&str> = model.targets().iter().map(|t| t.id.as_str()).collect();
            format!(
                "--target: unknown target \"{id}\"; expected one of: {}",
                ids.join(", ")
            )
        })
}

/// The scenario's names, ids and labels, whose control characters a table shows escaped.
pub fn labels(model: &Model) -> Vec<&str> {
    let mut labels = vec![model.name(), model.description(), model.value_unit()];
    for sector in model.sectors() {
        labels.extend([
            sector.id.as_str(),
            sector.name.as_str(),
            sector.unit.as_str(),
        ]);
    }
    for target in model.targets() {
        labels.extend([target.id.as_str(), target.label.as_str()]);
    }
    labels.extend(model.factor_names().iter().map(String::as_str));
    labels
}
