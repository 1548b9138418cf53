//! The shipped scenario's coefficients from China's 2020 table regionalised to the city
//! (scenarios/data/README.md): the checked-in city table is what `chainsim io regionalize`
//! makes of the checked-in national aggregate, and the scenario's coefficients are Flegg's
//! FLQ of that aggregate, computed here by hand from the two CSV files.

use std::collections::HashMap;

use serde_json::Value;

use crate::common::{chainsim, scratch, stderr, stdout};
use crate::tolerance::{PEER_RELATIVE, assert_close};

/// A wide CSV as label → (column label → value), read here without chainsim.
fn sheet(path: &str) -> (Vec<String>, HashMap<String, HashMap<String, f64>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let mut rows = HashMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let values = header[1..]
            .iter()
            .zip(&cells[1..])
            .filter_map(|(h, c)| c.parse().ok().map(|v| (h.clone(), v)))
            .collect();
        rows.insert(cells[0].to_owned(), values);
    }
    (header[1..].to_vec(), rows)
}

#[test]
fn the_city_table_is_the_regionalisation_of_the_national_aggregate() {
    let dir = scratch("scenario-table-build");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("jilin-city-flq.csv");
    let run = chainsim(&[
        "io",
        "regionalize",
        "scenarios/data/cn-io-2020-9.csv",
        "--regional",
        "scenarios/data/jilin-city-regional.csv",
        "--method",
        "flq",
        "--delta",
        "0.3",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    for name in ["jilin-city-flq.csv", "jilin-city-flq.quotients.csv"] {
        let built = std::fs::read(dir.join(name)).unwrap();
        let shipped = std::fs::read(format!("scenarios/data/{name}")).unwrap();
        assert!(
            built == shipped,
            "scenarios/data/{name} is stale: rerun scenarios/data/build.sh"
        );
    }
}

#[test]
fn the_shipped_scenarios_coefficients_are_flegg_quotients_of_the_national_table() {
    let (columns, national) = sheet("scenarios/data/cn-io-2020-9.csv");
    let sectors: Vec<String> = columns
        .iter()
        .filter(|c| national.contains_key(*c))
        .cloned()
        .collect();
    assert_eq!(sectors.len(), 9);
    let regional: HashMap<String, f64> =
        std::fs::read_to_string("scenarios/data/jilin-city-regional.csv")
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let (s, v) = l.split_once(',').unwrap();
                (s.to_owned(), v.parse().unwrap())
            })
            .collect();
    let x_n = |s: &str| national[s]["total output"];
    let (total_n, total_r): (f64, f64) = (
        sectors.iter().map(|s| x_n(s)).sum(),
        sectors.iter().map(|s| regional[s]).sum(),
    );
    let slq = |s: &str| (regional[s] / total_r) / (x_n(s) / total_n);
    // Flegg & Webber (1997): λ = [log₂(1 + xʳ/xⁿ)]^δ with δ = 0.3.
    let lambda = (1.0 + total_r / total_n).log2().powf(0.3);
    assert_close(lambda, 0.165923, 5e-6);
    let flq = |i: &str, j: &str| {
        let q = if i == j {
            slq(i) * lambda
        } else {
            slq(i) / slq(j) * lambda
        };
        national[i][j] / x_n(j) * q.min(1.0)
    };

    let out = chainsim(&[
        "io",
        "coefficients",
        "scenarios/jilin-2030.toml",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = report["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sector"].as_str().unwrap())
        .collect();
    let matrix = report["matrix"].as_array().unwrap();
    let mut checked = 0;
    for (i, from) in ids.iter().enumerate() {
        for (j, to) in ids.iter().enumerate() {
            if sectors.iter().any(|s| s == from) && sectors.iter().any(|s| s == to) {
                // Value terms: ice_snow's 亿元-per-万人次 coefficients converted back by its price.
                let got = matrix[i][j].as_f64().unwrap();
                assert_close(got, flq(from, to), PEER_RELATIVE);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 81);
    // One cell by hand: chemicals' own purchases, national domestic share 0.291869 (the
    // aggregate's flow over output) times SLQ 3.425835 × λ = 0.568424 (below 1).
    let chem = ids.iter().position(|s| *s == "chemicals").unwrap();
    assert_close(
        matrix[chem][chem].as_f64().unwrap(),
        0.291869 * 0.568424,
        2e-6,
    );
}
