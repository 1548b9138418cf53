//! `chainsim man`: manual pages (roff) for chainsim and each subcommand.

use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

use crate::output::{OutputFile, print};

/// Arguments of `chainsim man`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write one page per command (chainsim.1, chainsim-simulate.1, chainsim-io-multipliers.1,
    /// …) into DIR instead of printing chainsim.1; e.g. `chainsim man --out
    /// ~/.local/share/man/man1`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Prints the top-level page, or writes every page into `--out`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let command = crate::Cli::command();
    let Some(dir) = args.out else {
        return print(&render(&command)?);
    };
    let mut pages = Vec::new();
    collect(&command, "chainsim", &mut pages)?;
    // Every page is written beside its target first and renamed into place only when all
    // were written, so a failure leaves DIR as it was; other files in DIR are kept.
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut files = Vec::with_capacity(pages.len());
    for (name, page) in &pages {
        let file = OutputFile::prepare("--out", &dir.join(name))?;
        file.write(page.as_bytes())?;
        files.push(file);
    }
    for file in files {
        file.commit()?;
    }
    eprintln!("wrote {} manual pages into {}", pages.len(), dir.display());
    Ok(())
}

/// One page per command and subcommand, named like git's (`chainsim-io-ras.1`).
fn collect(
    command: &clap::Command,
    name: &str,
    pages: &mut Vec<(String, String)>,
) -> anyhow::Result<()> {
    let command = command.clone().name(name.to_owned());
    pages.push((format!("{name}.1"), render(&command)?));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        collect(sub, &format!("{name}-{}", sub.get_name()), pages)?;
    }
    Ok(())
}

fn render(command: &clap::Command) -> anyhow::Result<String> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .context("cannot render the manual page")?;
    String::from_utf8(page).context("the manual page is not UTF-8")
}
