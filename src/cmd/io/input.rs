//! The arguments every table report shares: where the table comes from and where the
//! report goes. They are resolved here, once, into the toolkit's types.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::io::{IoModel, IoTable, Label, SatelliteAccount, TableLayout};
use chainsim_report::io::IoText;
use chainsim_tables::{Format as TableFormat, ReadOptions};

use crate::cmd::format::Format;
use crate::cmd::model_args::CompileArgs;
use crate::output::{OutputFile, print, print_table, split_file_path};

/// Where the input–output data comes from.
#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// Input–output table: chainsim's wide CSV (sectors across and down, final-demand columns,
    /// value-added rows, a `total output` column), a table in another format (see
    /// --input-format), or a chainsim scenario (.toml): its mean coefficients and base-year output.
    pub file: PathBuf,
    /// Format of FILE: chainsim (wide CSV); detected from its name and contents when omitted.
    #[arg(long, value_name = "FORMAT", value_parser = parse_input_format)]
    pub input_format: Option<TableFormat>,
    /// FILE holds technical coefficients A instead of flows Z, optionally with a
    /// `total output` column for the reports that need base-year output.
    #[arg(long)]
    pub coefficients: bool,
    /// Satellite accounts as CSV: one row per account (jobs, energy, CO₂, …) as totals,
    /// one column per sector, labelled and ordered as in FILE.
    #[arg(long, value_name = "FILE")]
    pub satellites: Option<PathBuf>,
    /// Label of the total-output column (or row) in FILE.
    #[arg(long, value_name = "LABEL", default_value = "total output")]
    pub output_label: String,
    /// A row or column of FILE to skip, such as a subtotal; repeatable.
    #[arg(long, value_name = "LABEL")]
    pub ignore: Vec<String>,
    /// Split labels into region and sector at SEP, e.g. `/` for `Jilin City/chemicals`.
    #[arg(long, value_name = "SEP")]
    pub region_separator: Option<String>,
    /// How a scenario FILE compiles.
    #[command(flatten)]
    pub compile: CompileArgs,
}

/// A loaded input: the coefficient model, and the flow table whenever base-year output is known.
pub struct Input {
    /// The table or scenario file, for messages.
    pub file: PathBuf,
    /// The coefficient model, factored.
    pub model: IoModel,
    /// The table in flows (with satellites); `None` for coefficients without output.
    pub table: Option<IoTable>,
    /// The region separator in labels.
    pub separator: Option<String>,
}

impl Input {
    /// The flow table, or an error naming what needed it.
    pub fn table(&self, what: &str) -> anyhow::Result<&IoTable> {
        self.table.as_ref().with_context(|| {
            format!(
                "{}: {what} needs base-year flows, but the file holds coefficients without a total-output column",
                self.file.display()
            )
        })
    }

    /// The satellite accounts as coefficients per unit of output.
    pub fn satellites(&self) -> Vec<SatelliteAccount> {
        self.table
            .as_ref()
            .map(SatelliteAccount::from_table)
            .unwrap_or_default()
    }

    /// The sector matching `name`, split at the region separator.
    pub fn sector_idx(&self, name: &str) -> Option<usize> {
        let label = Label::parse(name, self.separator.as_deref());
        self.model
            .sectors()
            .iter()
            .position(|s| *s == label || s.to_string() == name.trim())
    }

    /// The sector labels, comma-separated, for messages.
    pub fn sector_list(&self) -> String {
        self.model
            .sectors()
            .iter()
            .map(Label::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl TableArgs {
    /// How chainsim's wide CSV is laid out, from the arguments.
    fn layout(&self) -> TableLayout {
        TableLayout {
            output_label: self.output_label.clone(),
            ignored: self.ignore.clone(),
            region_separator: self.region_separator.clone(),
        }
    }

    /// Reads the table (or scenario) and the satellite accounts.
    pub fn load(&self) -> anyhow::Result<Input> {
        let file = &self.file;
        let (model, table) = if file.extension().is_some_and(|e| e == "toml") {
            if self.coefficients {
                anyhow::bail!(
                    "{}: --coefficients applies to CSV tables; a scenario's coefficients are read from it",
                    file.display()
                );
            }
            let scenario = crate::cmd::load_model_with(file, &self.compile.options())?;
            let sectors = scenario
                .sectors()
                .iter()
                .map(|s| Label::sector(s.id.clone()))
                .collect();
            let model = IoModel::from_coefficients(sectors, scenario.coefficients().clone())
                .and_then(|m| m.with_output(scenario.base_output().clone()))
                .with_context(|| file.display().to_string())?;
            let table = IoTable::from_model(&model).with_context(|| file.display().to_string())?;
            (model, Some(table))
        } else if self.coefficients {
            let bytes = read(file)?;
            IoModel::from_csv(bytes.as_slice(), &self.layout())
                .and_then(|model| {
                    let table = match model.output() {
                        Some(_) => Some(IoTable::from_model(&model)?),
                        None => None,
                    };
                    Ok((model, table))
                })
                .with_context(|| file.display().to_string())?
        } else {
            let format = match self.input_format {
                Some(format) => format,
                None => {
                    let format = TableFormat::detect(file)?;
                    if format != TableFormat::Chainsim {
                        eprintln!(
                            "note: reading {} as a {format} table (detected; --input-format chooses)",
                            file.display()
                        );
                    }
                    format
                }
            };
            let options = ReadOptions {
                layout: self.layout(),
            };
            let table = chainsim_tables::read(file, format, &options)?;
            let model = table.model().with_context(|| file.display().to_string())?;
            (model, Some(table))
        };
        let table = match (&self.satellites, table) {
            (Some(path), Some(table)) => Some(
                table
                    .with_satellites_csv(read(path)?.as_slice(), self.region_separator.as_deref())
                    .with_context(|| path.display().to_string())?,
            ),
            (Some(path), None) => anyhow::bail!(
                "{}: satellite totals need base-year output to become coefficients, but {} has no total-output column",
                path.display(),
                file.display()
            ),
            (None, table) => table,
        };
        Ok(Input {
            file: file.clone(),
            model,
            table,
            separator: self.region_separator.clone(),
        })
    }
}

/// Reads a whole file.
pub fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Where the report goes.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// What to print on standard output (CSV with region and sector labels).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the report to FILE: JSON if FILE ends in .json, CSV otherwise.
    /// Written all-or-nothing; a bad input writes nothing.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl OutputArgs {
    /// Writes `--out` (with `companions`, `(suffix, contents)` files named after it, when it is
    /// CSV), then prints the report.
    pub fn emit(&self, report: &impl IoText, companions: &[(&str, String)]) -> anyhow::Result<()> {
        if let Some(path) = &self.out {
            let (dir, name) = split_file_path("--out", path)?;
            let is_json = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let main = if is_json { report.json() } else { report.csv() };
            let mut files = vec![(OutputFile::prepare("--out", path)?, main)];
            if !is_json {
                let stem = name.strip_suffix(".csv").unwrap_or(name);
                for (suffix, contents) in companions {
                    let companion = dir.join(format!("{stem}.{suffix}"));
                    files.push((OutputFile::prepare("--out", &companion)?, contents.clone()));
                }
            }
            for (file, contents) in &files {
                file.write(contents.as_bytes())?;
            }
            // Each file is renamed into place in turn, after all were written.
            for (file, _) in files {
                file.commit()?;
            }
        }
        match self.format {
            Format::Table => print_table(&report.table(), []),
            Format::Csv => print(&report.csv()),
            Format::Json => print(&report.json()),
        }
    }
}

/// The context for a toolkit error about `file`: its path.
pub fn at(file: &Path) -> impl FnOnce() -> String + '_ {
    move || file.display().to_string()
}

/// Parses `--input-format`, listing the known formats when the name is not one.
fn parse_input_format(name: &str) -> Result<TableFormat, String> {
    TableFormat::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = TableFormat::ALL.iter().map(|f| f.name()).collect();
        format!("unknown table format (known: {})", known.join(", "))
    })
}
