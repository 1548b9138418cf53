//! `--format`: what a command prints on standard output, one enum for every command.

use clap::ValueEnum;
use clap::builder::{PossibleValuesParser, TypedValueParser};

/// What to print on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for people.
    Table,
    /// CSV.
    Csv,
    /// JSON.
    Json,
}

impl Format {
    /// A parser accepting only `allowed`, for a command that cannot print every format.
    pub fn parser(allowed: &'static [Format]) -> impl TypedValueParser<Value = Format> {
        PossibleValuesParser::new(allowed.iter().filter_map(Format::to_possible_value))
            .map(|name| Format::from_str(&name, false).expect("a possible value parses"))
    }
}

/// `--format table|json` of the commands that print a table or JSON, with `--json`, its
/// old spelling, kept hidden for one release.
#[derive(Debug, clap::Args)]
pub struct TableOrJson {
    /// Output on the terminal.
    #[arg(long, default_value = "table", value_parser = Format::parser(&[Format::Table, Format::Json]))]
    format: Format,
    /// The same as `--format json` (deprecated).
    #[arg(long, hide = true, conflicts_with = "format")]
    json: bool,
}

impl TableOrJson {
    /// The format asked for.
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}
