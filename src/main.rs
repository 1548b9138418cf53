//! The `chainsim` command-line tool: parses arguments, calls the library, writes files.
//!
//! Exit codes: 0 on success (and on a closed output pipe), 1 for bad input or a failed
//! write, 2 for an internal error, 130 when interrupted (SIGINT or SIGTERM).

mod cmd;
mod guard;
mod interrupt;
mod output;
mod progress;
mod terminal;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `--version`: the package version and the git commit the binary was built from (`unknown`
/// when the build could not ask git; see build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("CHAINSIM_GIT_COMMIT"),
    ")"
);

/// chainsim: how likely is each plan target, by when, and by how much is it missed?
#[derive(Debug, Parser)]
#[command(name = "chainsim", version = VERSION, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a Monte Carlo simulation of a scenario and score its targets.
    Simulate(cmd::simulate::Args),
    /// Merge the part files of `simulate --shard` runs into the files of one process.
    Merge(cmd::merge::Args),
    /// Check a scenario file and print what it would simulate.
    Validate(cmd::validate::Args),
    /// Find the growth at which a target reaches a given probability.
    GoalSeek(cmd::goal_seek::Args),
    /// Rank the uncertain inputs by how much they drive a target: Sobol indices, tornado,
    /// rank correlations.
    Sensitivity(cmd::sensitivity::Args),
    /// Simulate several scenarios and print their target probabilities side by side.
    Compare(cmd::compare::Args),
    /// How each target's probability moves when the assumed base level it rests on is
    /// 10% (or --change) lower or higher.
    Bases(cmd::bases::Args),
    /// Input–output reports: multipliers, linkages, Ghosh, extraction, shocks, RAS, aggregation.
    Io(Box<cmd::io::Args>),
    /// Print the JSON Schema of scenario files (for editors; docs/scenario.schema.json).
    Schema(cmd::schema::Args),
    /// Print a shell's completion script (bash, zsh, fish, powershell, elvish).
    Completions(cmd::completions::Args),
    /// Print the manual page, or write one per command with --out.
    Man(cmd::man::Args),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::GoalSeek(args) => cmd::goal_seek::run(args),
        Command::Sensitivity(args) => cmd::sensitivity::run(args),
        Command::Compare(args) => cmd::compare::run(args),
        Command::Bases(args) => cmd::bases::run(args),
        Command::Io(args) => cmd::io::run(*args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(err) = interrupt::install() {
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error: cannot catch interrupts: {err:#}"
        );
        return ExitCode::from(2);
    }
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        // A command stopped by a signal unwinds through its guards, which remove its
        // temporary files; whatever error that took is not the story.
        Ok(Err(_)) | Err(_) if interrupt::interrupted() => {
            let _ = writeln!(std::io::stderr(), "{}", interrupt::Interrupted::now());
            ExitCode::from(interrupt::EXIT_CODE)
        }
        Ok(Err(err)) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            let message = format!("{err:#}");
            let _ = writeln!(
                std::io::stderr(),
                "error: {}",
                terminal::escape_line(&message)
            );
            ExitCode::from(1)
        }
        Err(_) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: internal error (a bug in chainsim); please report it with the scenario file"
            );
            ExitCode::from(2)
        }
    }
}
