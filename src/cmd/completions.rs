//! `chainsim completions`: a shell's completion script for every subcommand and option.

use clap::CommandFactory;
use clap_complete::Shell;

/// Arguments of `chainsim completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to write the script for; e.g. `chainsim completions bash >
    /// ~/.local/share/bash-completion/completions/chainsim`.
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script on standard output.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut command = crate::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "chainsim", &mut script);
    crate::output::print(&String::from_utf8_lossy(&script))
}
