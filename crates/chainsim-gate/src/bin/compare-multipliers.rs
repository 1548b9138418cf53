//! `compare-multipliers`: chainsim's side of benches/compare/pymrio_multipliers.py.
//!
//! Reads an input–output system exported as JSON (`sectors` as [region, sector] pairs, flows
//! `Z`, output `x`, satellite totals `F` by account), then times the whole multipliers report
//! from the table: coefficients, the Leontief factorisation and its productivity check, output
//! multipliers and every satellite's total multipliers. Writes the report and the median time
//! per report as JSON.
//!
//! ```text
//! compare-multipliers SYSTEM.json RESULT.json [REPEATS]
//! ```

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use anyhow::{Context, bail};
use chainsim::io::{
    IoTable, Label, MultiplierInputs, MultiplierReport, SatelliteAccount, multipliers,
};
use nalgebra::{DMatrix, DVector};
use serde::Deserialize;

#[derive(Deserialize)]
struct System {
    sectors: Vec<(String, String)>,
    #[serde(rename = "Z")]
    z: Vec<Vec<f64>>,
    x: Vec<f64>,
    #[serde(rename = "F")]
    f: BTreeMap<String, Vec<f64>>,
}

fn report(system: &System) -> anyhow::Result<MultiplierReport> {
    let n = system.x.len();
    let labels = system
        .sectors
        .iter()
        .map(|(region, sector)| Label::regional(region.clone(), sector.clone()))
        .collect();
    let flows = DMatrix::from_fn(n, n, |i, j| system.z[i][j]);
    let accounts: Vec<String> = system.f.keys().cloned().collect();
    let satellites = DMatrix::from_fn(accounts.len(), n, |k, j| system.f[&accounts[k]][j]);
    let table = IoTable::new(labels, flows, DVector::from_vec(system.x.clone()))?
        .with_satellites(accounts, satellites)?;
    let model = table.model()?;
    let inputs = MultiplierInputs {
        households: None,
        satellites: SatelliteAccount::from_table(&table),
    };
    Ok(multipliers(&model, &inputs)?)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        bail!("usage: compare-multipliers SYSTEM.json RESULT.json [REPEATS]");
    }
    let repeats: usize = match args.get(3) {
        Some(r) => r.parse().context("REPEATS")?,
        None => 1000,
    };
    let text = std::fs::read_to_string(&args[1]).with_context(|| args[1].clone())?;
    let system: System = serde_json::from_str(&text).context("parsing the system")?;

    let result = report(&system)?;
    let mut times = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let start = Instant::now();
        black_box(report(black_box(&system))?);
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];

    let mut satellite_totals: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for row in &result.satellites {
        satellite_totals
            .entry(row.account.as_str())
            .or_default()
            .push(row.total);
    }
    let out = serde_json::json!({
        "seconds_median": median,
        "seconds_min": times[0],
        "repeats": repeats,
        "output_multipliers": result.sectors.iter().map(|r| r.output_type_i).collect::<Vec<_>>(),
        "satellite_totals": satellite_totals,
    });
    std::fs::write(&args[2], serde_json::to_string_pretty(&out)? + "\n")
        .with_context(|| args[2].clone())?;
    eprintln!(
        "chainsim multipliers report: median {:.1} µs over {repeats} repeats",
        median * 1e6
    );
    Ok(())
}
