//! `--out-format pymrio`: a command that makes a table (aggregate, regionalize) writes it as a
//! pymrio folder, so an aggregated or regionalised table goes back to pymrio.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::io::IoTable;
use chainsim_report::io::IoText;
use chainsim_tables::{PymrioWriteOptions, write_pymrio};

use super::input::{OutputArgs, ValueTermsNote};

/// The layouts `--out` can take for a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// chainsim's wide CSV (or JSON when --out ends in .json).
    Chainsim,
    /// A pymrio folder (file_parameters.json, Z.txt, Y.txt, x.txt, unit.txt, an extension per
    /// satellite group) that pymrio.load_all reads; --out names the folder.
    Pymrio,
}

/// How a table goes to `--out`.
#[derive(Debug, clap::Args)]
pub struct TableOutArgs {
    /// The layout of --out.
    #[arg(long, value_enum, default_value_t = OutFormat::Chainsim)]
    pub out_format: OutFormat,
    /// pymrio: the unit of the flows, written to unit.txt (e.g. M.EUR, 万元).
    #[arg(long, value_name = "UNIT", default_value = "unknown")]
    pub flow_unit: String,
    /// pymrio: the region a single-region table is written as (pymrio's accounts need a
    /// (region, sector) index).
    #[arg(long, value_name = "NAME", default_value = "region")]
    pub region_name: String,
}

impl TableOutArgs {
    /// Whether --out is a pymrio folder rather than a report file.
    pub fn is_pymrio(&self) -> bool {
        self.out_format == OutFormat::Pymrio
    }

    /// Writes `table` as a pymrio folder at `dir`: staged beside it and renamed into place,
    /// so a failure leaves `dir` as it was. An existing `dir` is replaced only when it is
    /// itself a pymrio folder (it holds `file_parameters.json`) or empty.
    pub fn write_pymrio(&self, table: &IoTable, dir: &Path) -> anyhow::Result<()> {
        if dir.exists() {
            let replaceable = dir.is_dir()
                && (dir.join("file_parameters.json").is_file()
                    || std::fs::read_dir(dir)
                        .map(|mut d| d.next().is_none())
                        .unwrap_or(false));
            if !replaceable {
                anyhow::bail!(
                    "--out: {} exists and is not a pymrio folder (no file_parameters.json); choose another folder",
                    dir.display()
                );
            }
        }
        let staged = sibling(dir, "staged")?;
        let options = PymrioWriteOptions {
            region: self.region_name.clone(),
            ..PymrioWriteOptions::new(self.flow_unit.clone())
        };
        if let Err(err) = write_pymrio(table, &staged, &options) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(err.into());
        }
        let old = sibling(dir, "old")?;
        let had_old = dir.exists();
        if had_old {
            std::fs::rename(dir, &old)
                .with_context(|| format!("cannot replace {}", dir.display()))?;
        }
        if let Err(err) = std::fs::rename(&staged, dir) {
            if had_old {
                let _ = std::fs::rename(&old, dir);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(err).with_context(|| format!("cannot write {}", dir.display()));
        }
        if had_old {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove the old {}", old.display()))?;
        }
        Ok(())
    }
}

/// A temporary folder name next to `dir`, unique to this process.
fn sibling(dir: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = dir
        .file_name()
        .with_context(|| format!("--out: {} names no folder", dir.display()))?;
    let mut sibling = name.to_os_string();
    sibling.push(format!(".chainsim-{what}-{}", std::process::id()));
    Ok(dir.with_file_name(sibling))
}

/// Writes `--out` as `table_out` says — a pymrio folder of `table`, or the report file (and
/// its companions) — and prints the report.
pub fn emit_table(
    output: &OutputArgs,
    table_out: &TableOutArgs,
    note: Option<&ValueTermsNote>,
    report: &impl IoText,
    companions: &[(&str, String)],
    table: &IoTable,
) -> anyhow::Result<()> {
    if !table_out.is_pymrio() {
        return output.emit(note, report, companions);
    }
    let dir = output
        .out
        .as_deref()
        .context("--out-format pymrio needs --out DIR, the folder to write")?;
    table_out.write_pymrio(table, dir)?;
    let print_only = OutputArgs {
        format: output.format,
        out: None,
    };
    print_only.emit(note, report, &[])
}
