//! `chainsim validate`: check a scenario and say what it would simulate.

use crate::output::print_table;

use super::model_args::ModelArgs;

/// Arguments of `chainsim validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario and how it compiles.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<()> {
    let model = args.model.load()?;
    let text = format!(
        "{}: valid\n{}",
        args.model.file.display(),
        chainsim_report::describe::describe(&model)
    );
    print_table(&text, super::labels(&model))
}
