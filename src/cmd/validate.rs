//! `chainsim validate`: check a scenario and say what it would simulate.

use crate::guard::Estimate;
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
    let mut text = format!(
        "{}: valid\n{}",
        args.model.file.display(),
        chainsim_report::describe::describe(&model)
    );
    // What `simulate` with the scenario's own runs would cost here.
    let options = chainsim::RunOptions::from_model(&model);
    if let Some(estimate) = Estimate::measure(&model, &options, false) {
        text.push_str(&estimate.describe(options.runs));
        text.push('\n');
    }
    print_table(&text, super::labels(&model))
}
