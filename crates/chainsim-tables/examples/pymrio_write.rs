//! Reads a table in any format chainsim-tables knows and writes it as a
//! pymrio folder, for checking with pymrio itself
//! (`tests/data/tables/pymrio/expected.py --check DIR`).
//!
//!     cargo run -p chainsim-tables --example pymrio_write -- IN OUT [UNIT]

use std::path::PathBuf;
use std::process::ExitCode;

use chainsim_tables::{Format, PymrioWriteOptions, ReadOptions, read, write_pymrio};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, rest @ ..] = args.as_slice() else {
        eprintln!("usage: pymrio_write IN OUT [UNIT]");
        return ExitCode::from(2);
    };
    let unit = rest.first().map_or("unknown", String::as_str);
    let (input, output) = (PathBuf::from(input), PathBuf::from(output));
    let result = Format::detect(&input)
        .and_then(|format| read(&input, format, &ReadOptions::default()))
        .and_then(|table| write_pymrio(&table, &output, &PymrioWriteOptions::new(unit)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
