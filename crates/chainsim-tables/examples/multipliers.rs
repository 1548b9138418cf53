//! Reads a table with chainsim-tables and computes its multipliers with
//! `chainsim_io::multipliers` (output multipliers and M = S L for every
//! satellite row), timing the two steps: the chainsim side of
//! `benches/compare/pymrio_tables.py`.
//!
//!     cargo run --release -p chainsim-tables --example multipliers -- PATH [OUT.json]
//!
//! Prints the timings; with OUT.json also writes the multipliers there.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chainsim_io::{MultiplierInputs, SatelliteAccount, multipliers};
use chainsim_tables::{Format, ReadOptions, read};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first().map(PathBuf::from) else {
        eprintln!("usage: multipliers PATH [OUT.json]");
        return ExitCode::from(2);
    };
    match run(&path, args.get(1).map(PathBuf::from)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &std::path::Path, out: Option<PathBuf>) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let table = read(path, Format::detect(path)?, &ReadOptions::default())?;
    let read_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let inputs = MultiplierInputs {
        households: None,
        satellites: SatelliteAccount::from_table(&table),
    };
    let report = multipliers(&table.model()?, &inputs)?;
    let multipliers_seconds = start.elapsed().as_secs_f64();
    let mut totals = std::collections::BTreeMap::<&str, Vec<f64>>::new();
    for row in &report.satellites {
        totals.entry(&row.account).or_default().push(row.total);
    }
    let summary = serde_json::json!({
        "n_sectors": table.n_sectors(),
        "n_satellite_rows": inputs.satellites.len(),
        "read_seconds": read_seconds,
        "multipliers_seconds": multipliers_seconds,
    });
    println!("{summary}");
    if let Some(out) = out {
        let output: Vec<f64> = report.sectors.iter().map(|r| r.output_type_i).collect();
        let result = serde_json::json!({
            "summary": summary,
            "output_multipliers": output,
            "satellite_multipliers": totals,
        });
        std::fs::write(out, result.to_string())?;
    }
    Ok(())
}
