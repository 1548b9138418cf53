//! One module per subcommand.

pub mod compare;
pub mod goal_seek;
pub mod io;
pub mod sensitivity;
pub mod simulate;
pub mod validate;

use std::path::Path;

use anyhow::Context;
use chainsim::Model;

/// Reads and compiles a scenario file; errors name the file and, where known, line:column.
pub fn load_model(path: &Path) -> anyhow::Result<Model> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read scenario file {}", path.display()))?;
    Model::from_toml_str(&text).map_err(|err| {
        let separator = if err.location().is_some() { ":" } else { ": " };
        anyhow::anyhow!("{}{separator}{err}", path.display())
    })
}
