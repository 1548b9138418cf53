//! `chainsim io` on hybrid-unit scenarios: the reports read the system in value terms at
//! base-year prices (a_ij · p_i / p_j, x_i · p_i) and say so. The expected numbers are
//! computed here from the scenario text itself (read with the `toml` crate, converted by
//! hand and inverted with nalgebra), or in closed form, never through chainsim.

use nalgebra::DMatrix;

use crate::common::{chainsim, stderr, stdout};
use crate::tolerance::{EXACT, PRINTED_6DP};

const JILIN: &str = "scenarios/jilin-2030.toml";
const HYBRID: &str = "tests/data/hybrid.toml";
const SMALL: &str = "tests/data/small.toml";

/// Runs a command that must succeed; returns (stdout, stderr).
fn ok(args: &[&str]) -> (String, String) {
    let output = chainsim(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    (stdout(&output), stderr(&output))
}

/// The `output_type_i` of `sector` in `chainsim io multipliers FILE --format json`.
fn printed_multiplier(file: &str, sector: &str) -> (f64, serde_json::Value) {
    let (out, _) = ok(&["io", "multipliers", file, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON output");
    let row = json["sectors"]
        .as_array()
        .expect("a sectors array")
        .iter()
        .find(|row| row["sector"] == sector)
        .unwrap_or_else(|| panic!("no row for {sector}"))
        .clone();
    (row["output_type_i"].as_f64().expect("a number"), json)
}

/// Column sums of L = (I − A^value)⁻¹ for a scenario's TOML, every step done here: the
/// `[[coefficients]]` entries, the `[coefficient_table]`'s (a flows table, z_ij / x_j, each
/// scenario sector mapped to one label, converted to the scenario's units by p_j / p_i), plus
/// each chain stage bought from a supplier (a_{supplier,
/// sector} += R_k · price_k, R_k the product of the ratios from stage k to the end, as
/// docs/scenario-format.md defines it), then a_ij · p_i / p_j with p = 1 for sectors without
/// a price.
fn value_terms_multipliers(path: &str) -> (Vec<String>, Vec<f64>) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let sectors = doc["sectors"].as_array().unwrap();
    let ids: Vec<String> = sectors
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let price: Vec<f64> = sectors
        .iter()
        .map(|s| s.get("price").map_or(1.0, |p| p.as_float().unwrap()))
        .collect();
    let idx = |id: &str| ids.iter().position(|s| s == id).unwrap();
    let n = ids.len();
    let mut a = DMatrix::<f64>::zeros(n, n);
    for c in doc["coefficients"].as_array().unwrap() {
        let (i, j) = (
            idx(c["from"].as_str().unwrap()),
            idx(c["to"].as_str().unwrap()),
        );
        a[(i, j)] += c["value"].as_float().unwrap();
    }
    if let Some(table) = doc.get("coefficient_table") {
        assert_eq!(table["form"].as_str(), Some("flows"));
        let dir = std::path::Path::new(path).parent().unwrap();
        let csv = std::fs::read_to_string(dir.join(table["file"].as_str().unwrap())).unwrap();
        let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
        let col = |label: &str| rows[0].iter().position(|c| *c == label).unwrap();
        let row = |label: &str| rows.iter().position(|r| r[0] == label).unwrap();
        let output = col("total output");
        let mapped: Vec<(usize, &str)> = table["sectors"]
            .as_table()
            .unwrap()
            .iter()
            .map(|(id, labels)| {
                let labels = labels.as_array().unwrap();
                assert_eq!(labels.len(), 1, "{id}: one label each");
                (idx(id), labels[0].as_str().unwrap())
            })
            .collect();
        for &(i, from) in &mapped {
            for &(j, to) in &mapped {
                let z: f64 = rows[row(from)][col(to)].parse().unwrap();
                let x: f64 = rows[row(to)][output].parse().unwrap();
                a[(i, j)] += z / x * price[j] / price[i];
            }
        }
    }
    for chain in doc
        .get("chains")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
    {
        let j = idx(chain["sector"].as_str().unwrap());
        let stages = chain["stages"].as_array().unwrap();
        for (k, stage) in stages.iter().enumerate() {
            let Some(supplier) = stage.get("supplier") else {
                continue;
            };
            let ratio: f64 = stages[k..stages.len() - 1]
                .iter()
                .map(|s| s["ratio"].as_float().unwrap())
                .product();
            a[(idx(supplier.as_str().unwrap()), j)] += ratio * stage["price"].as_float().unwrap();
        }
    }
    let a_value = DMatrix::from_fn(n, n, |i, j| a[(i, j)] * price[i] / price[j]);
    let l = (DMatrix::identity(n, n) - a_value).try_inverse().unwrap();
    let sums = (0..n).map(|j| l.column(j).sum()).collect();
    (ids, sums)
}

#[test]
fn jilin_carbon_fibre_multiplier_is_in_value_terms() {
    let (ids, expected) = value_terms_multipliers(JILIN);
    for sector in ["carbon_fibre", "ice_snow", "chemicals"] {
        let (printed, _) = printed_multiplier(JILIN, sector);
        let want = expected[ids.iter().position(|s| s == sector).unwrap()];
        assert!(
            (printed - want).abs() <= EXACT,
            "{sector}: printed {printed}, by hand {want}"
        );
    }
    // The carbon-fibre column in value terms (亿元 per 亿元 of fibre): chemicals through the
    // acrylonitrile stage 1.0 × 1.9 × 0.00009 / 0.001643 = 0.10408, clean energy
    // 0.00012 / 0.001643 = 0.07304, services 0.000066 / 0.001643 = 0.04017, the rest
    // 0.000197 / 0.001643 = 0.11990: 0.33719 of direct inputs, so the multiplier is above
    // 1 + 0.337 (the suppliers' own local purchases, from the FLQ table, add the rest); before
    // the conversion it read 1.000825 (the sum of 亿元 per tonne).
    let (cf, _) = printed_multiplier(JILIN, "carbon_fibre");
    assert!((cf - 1.398110).abs() <= PRINTED_6DP, "{cf}");
}

#[test]
fn jilin_reports_say_they_are_in_value_terms() {
    let note = "value terms at base-year prices: carbon_fibre (t × 0.001643), ice_snow (万人次 × 0.1735), in CNY 100 million (亿元)";
    let (table, _) = ok(&["io", "linkages", JILIN]);
    assert_eq!(table.lines().next(), Some(note));
    let (csv, err) = ok(&["io", "linkages", JILIN, "--format", "csv"]);
    assert!(
        csv.starts_with("region,sector,"),
        "CSV stays machine-readable"
    );
    assert_eq!(err.trim_end(), note);
    let (_, json) = printed_multiplier(JILIN, "carbon_fibre");
    assert_eq!(json["value_terms"]["note"], note);
    assert_eq!(json["value_terms"]["sectors"][0]["sector"], "carbon_fibre");
    assert_eq!(json["value_terms"]["sectors"][1]["price"], 0.1735);
}

#[test]
fn hybrid_fixture_has_the_closed_form_multiplier() {
    // tests/data/hybrid.toml: chemicals (value) buys 0.2 of itself; fibre (t, 0.0018 per t)
    // buys chemicals only through its acrylonitrile stage, R = 1.0 × 1.9 at 0.0001 per t:
    // a = 0.00019 per t, in value 0.00019 / 0.0018 = 0.105556. With A^value =
    // [[0.2, 0.105556], [0, 0]], L = [[1/0.8, 0.105556/0.8], [0, 1]], so the column sums are
    // chemicals 1.25 and fibre 1 + 0.105556 / 0.8 = 1.131944 (in tonnes it read 1.0002375).
    let fibre = 1.0 + (1.0 * 1.9 * 0.0001 / 0.0018) / (1.0 - 0.2);
    let (printed, json) = printed_multiplier(HYBRID, "fibre");
    assert!((printed - fibre).abs() <= EXACT, "{printed} vs {fibre}");
    assert!((printed - 1.131944).abs() <= PRINTED_6DP);
    let (chemicals, _) = printed_multiplier(HYBRID, "chemicals");
    assert!((chemicals - 1.25).abs() <= EXACT);
    assert_eq!(
        json["value_terms"]["note"],
        "value terms at base-year prices: fibre (t × 0.0018), in CNY 100 million"
    );
    // Base output in value: 50,000 t × 0.0018 = 90 of fibre beside 900 of chemicals.
    let (out, _) = ok(&[
        "io",
        "shock",
        HYBRID,
        "--demand",
        "fibre=+10",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fibre_row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["sector"] == "fibre")
        .unwrap();
    assert!((fibre_row["base_output"].as_f64().unwrap() - 90.0).abs() <= EXACT);
}

#[test]
fn value_scenario_prints_no_note() {
    let (table, _) = ok(&["io", "multipliers", SMALL]);
    assert!(
        table.starts_with("Output and income multipliers"),
        "{table}"
    );
    let (_, err) = ok(&["io", "multipliers", SMALL, "--format", "csv"]);
    assert!(err.is_empty(), "{err}");
    let (_, json) = printed_multiplier(SMALL, "chemicals");
    assert!(json.get("value_terms").is_none());
}
