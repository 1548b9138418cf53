//! `chainsim schema`: the JSON Schema of the scenario file, for editors.

/// Arguments of `chainsim schema`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the schema (the same text as docs/scenario.schema.json).
pub fn run(_args: Args) -> anyhow::Result<()> {
    crate::output::print(&chainsim::scenario::json_schema())
}
