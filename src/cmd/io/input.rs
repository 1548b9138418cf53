//! The arguments every table report shares: where the table comes from and where the
//! report goes. They are resolved here, once, into the toolkit's types.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chainsim::io::{IoModel, IoTable, Label, SatelliteAccount, TableLayout};
use chainsim::model::ValueTerms;
use chainsim_report::io::IoText;
use chainsim_tables::{EurostatSelection, Format as TableFormat, ReadOptions, SheetSelection};

use crate::cmd::format::Format;
use crate::cmd::model_args::CompileArgs;
use crate::output::{OutputFile, print, print_table, split_file_path};

/// Where the input–output data comes from.
#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// Input–output table: chainsim's wide CSV (sectors across and down, final-demand columns,
    /// value-added rows, a `total output` column), a table in another format (see
    /// --input-format), or a chainsim scenario (.toml): its mean coefficients and base-year
    /// output in value terms at base-year prices (sectors with a price converted; the report
    /// says which).
    pub file: PathBuf,
    /// Format of FILE: chainsim (wide CSV), pymrio (a pymrio folder or zip), exiobase
    /// (IOT_<year>_<pxp|ixi> zip or folder), oecd-icio (OECD ICIO CSV), eurostat (naio_10_*
    /// TSV or SDMX-CSV), xlsx (a workbook sheet); detected from its name and first cell when
    /// omitted. See docs/input-output.md, "Formats".
    #[arg(long, value_name = "FORMAT", value_parser = parse_input_format)]
    pub input_format: Option<TableFormat>,
    /// pymrio and EXIOBASE: read only this extension (its folder name or name); repeatable
    /// [default: every extension].
    #[arg(
        long = "extension",
        value_name = "NAME",
        help_heading = "pymrio and EXIOBASE"
    )]
    pub extensions: Vec<String>,
    /// Eurostat: the country (geo), e.g. DE, when the file holds several.
    #[arg(long, value_name = "CODE", help_heading = "Eurostat tables")]
    pub geo: Option<String>,
    /// Eurostat: the year (TIME_PERIOD), when the file holds several.
    #[arg(long, value_name = "YEAR", help_heading = "Eurostat tables")]
    pub year: Option<String>,
    /// Eurostat: the unit, e.g. MIO_EUR, when the file holds several.
    #[arg(long, value_name = "UNIT", help_heading = "Eurostat tables")]
    pub unit: Option<String>,
    /// Eurostat: TOTAL (domestic and imported flows) or DOM (domestic), when the file holds both.
    #[arg(long, value_name = "STK_FLOW", help_heading = "Eurostat tables")]
    pub stk_flow: Option<String>,
    /// Eurostat: read not-available cells (`:`) inside the table as 0 instead of refusing it.
    #[arg(long, help_heading = "Eurostat tables")]
    pub missing_as_zero: bool,
    /// Eurostat: read confidential cells (flag c) as 0 instead of refusing the table.
    #[arg(long, help_heading = "Eurostat tables")]
    pub confidential_as_zero: bool,
    /// Spreadsheets: the sheet's name [default: the first sheet].
    #[arg(long, value_name = "NAME", help_heading = "Spreadsheets")]
    pub sheet: Option<String>,
    /// Spreadsheets: the cells of the table's numbers, e.g. C4:G6, with column labels in the
    /// row above and row labels in the column to the left [default: found by its header row].
    #[arg(long, value_name = "RANGE", help_heading = "Spreadsheets")]
    pub range: Option<String>,
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
    /// How a scenario's physical sectors were put in value terms, for the report to say;
    /// `None` for a table, or a scenario whose sectors are all measured in value.
    pub value_terms: Option<ValueTermsNote>,
}

/// What a report on a hybrid-unit scenario says about its value terms.
pub struct ValueTermsNote {
    /// One line for people, e.g. `value terms at base-year prices: carbon_fibre (t × 0.001643), in 亿元`.
    pub line: String,
    /// The same as a JSON object: the line, the value unit and each converted sector's unit and price.
    pub json: serde_json::Value,
}

impl ValueTermsNote {
    /// The note for `terms`, or `None` when no sector was converted.
    fn new(terms: &ValueTerms) -> Option<ValueTermsNote> {
        if terms.conversions.is_empty() {
            return None;
        }
        let sectors: Vec<String> = terms
            .conversions
            .iter()
            .map(|c| format!("{} ({} × {})", c.id, c.unit, c.price))
            .collect();
        let line = format!(
            "value terms at base-year prices: {}, in {}",
            sectors.join(", "),
            terms.value_unit
        );
        let converted: Vec<serde_json::Value> = terms
            .conversions
            .iter()
            .map(|c| serde_json::json!({ "sector": c.id, "unit": c.unit, "price": c.price }))
            .collect();
        let json = serde_json::json!({
            "note": line,
            "value_unit": terms.value_unit,
            "sectors": converted,
        });
        Some(ValueTermsNote { line, json })
    }

    /// A report's pretty JSON object `json` with a last field `"value_terms"`: the note's JSON.
    fn add_to_json(&self, json: &str) -> String {
        let nested = serde_json::to_string_pretty(&self.json)
            .expect("a JSON value serialises")
            .replace('\n', "\n  ");
        let body = json.trim_end();
        match body.strip_suffix('}').map(str::trim_end) {
            Some("{") => format!("{{\n  \"value_terms\": {nested}\n}}\n"),
            Some(fields) => format!("{fields},\n  \"value_terms\": {nested}\n}}\n"),
            None => json.to_string(),
        }
    }
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
        let (model, table, value_terms) = if file.extension().is_some_and(|e| e == "toml") {
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
            // Sectors measured in tonnes or visits make a column add unlike units; the
            // reports read the system in value terms at base-year prices.
            let terms = scenario.value_terms();
            let model = IoModel::from_coefficients(sectors, terms.coefficients.clone())
                .and_then(|m| m.with_output(terms.output.clone()))
                .with_context(|| file.display().to_string())?;
            let table = IoTable::from_model(&model).with_context(|| file.display().to_string())?;
            (model, Some(table), ValueTermsNote::new(&terms))
        } else if self.coefficients {
            let bytes = read(file)?;
            let (model, table) = IoModel::from_csv(bytes.as_slice(), &self.layout())
                .and_then(|model| {
                    let table = match model.output() {
                        Some(_) => Some(IoTable::from_model(&model)?),
                        None => None,
                    };
                    Ok((model, table))
                })
                .with_context(|| file.display().to_string())?;
            (model, table, None)
        } else {
            let format = match self.input_format {
                Some(format) => format,
                None => {
                    let format = TableFormat::detect(file)?;
                    if format != TableFormat::Chainsim {
                        eprintln!(
                            "note: reading {} in the {format} format (detected; --input-format chooses)",
                            file.display()
                        );
                    }
                    format
                }
            };
            let options = ReadOptions {
                layout: self.layout(),
                eurostat: EurostatSelection {
                    geo: self.geo.clone(),
                    year: self.year.clone(),
                    unit: self.unit.clone(),
                    stk_flow: self.stk_flow.clone(),
                    missing_as_zero: self.missing_as_zero,
                    confidential_as_zero: self.confidential_as_zero,
                },
                sheet: SheetSelection {
                    sheet: self.sheet.clone(),
                    range: self.range.clone(),
                },
                extensions: (!self.extensions.is_empty()).then(|| self.extensions.clone()),
            };
            let table = chainsim_tables::read(file, format, &options)?;
            let model = table.model().with_context(|| file.display().to_string())?;
            (model, Some(table), None)
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
            value_terms,
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
    /// CSV), then prints the report. A `note` on value terms heads the table, goes to standard
    /// error beside CSV (which stays machine-readable) and is a `value_terms` field of JSON.
    pub fn emit(
        &self,
        note: Option<&ValueTermsNote>,
        report: &impl IoText,
        companions: &[(&str, String)],
    ) -> anyhow::Result<()> {
        let json = || match note {
            Some(note) => note.add_to_json(&report.json()),
            None => report.json(),
        };
        if let Some(path) = &self.out {
            let (dir, name) = split_file_path("--out", path)?;
            let is_json = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let main = if is_json { json() } else { report.csv() };
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
        let line = note.map(|note| crate::terminal::escape_line(&note.line).into_owned());
        match self.format {
            Format::Table => match line {
                Some(line) => print_table(&format!("{line}\n{}", report.table()), []),
                None => print_table(&report.table(), []),
            },
            Format::Csv => {
                if let Some(line) = line {
                    eprintln!("{line}");
                }
                print(&report.csv())
            }
            Format::Json => print(&json()),
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
