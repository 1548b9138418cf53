//! `[coefficient_table]`: coefficients from a table in value terms, aggregated by output and
//! converted to the scenario's units. The fixture is tests/data/table/scenario.toml with
//! city.csv (coefficients and total output) and city-flows.csv (the same table as flows);
//! every expected number is worked by hand below from the CSV cells.
//!
//! The table (value terms), with total output x:
//!
//! ```text
//!             chemicals fibres lodging culture mining |  x
//! chemicals      0.20    0.30   0.05    0.02   0.10  | 1000
//! fibres         0.01    0.10   0       0      0     |  100
//! lodging        0.02    0.03   0.10    0.04   0.01  |  300
//! culture        0.01    0.02   0.06    0.08   0     |  100
//! mining         0.05    0      0       0      0.10  |  200
//! ```
//!
//! Scenario sectors: chemicals ← chemicals (price 1), carbon_fibre ← fibres (t, 0.002 per t),
//! ice_snow ← lodging + culture (万人次, 0.2 per 万人次), pets not in the table; mining is
//! not mapped and drops out. Within ice_snow the weights are 300 / 400 = 0.75 and
//! 100 / 400 = 0.25.

use std::path::Path;

use approx::assert_relative_eq;
use chainsim::{Model, Scenario};

use crate::tolerance::REL_1E12;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/table");

/// The fixture compiled, its files read from `tests/data/table/` after `edit` rewrote its
/// text.
fn compile(edit: impl Fn(&str) -> String) -> Model {
    let text = std::fs::read_to_string(Path::new(DIR).join("scenario.toml")).unwrap();
    let mut scenario = Scenario::from_toml_str(&edit(&text)).unwrap();
    scenario
        .resolve_files(|file| {
            std::fs::read_to_string(Path::new(DIR).join(file)).map_err(|e| e.to_string())
        })
        .unwrap();
    Model::compile(&scenario).unwrap()
}

/// Index pairs by sector id.
fn a(model: &Model, from: &str, to: &str) -> f64 {
    let i = model.sector_idx(from).unwrap();
    let j = model.sector_idx(to).unwrap();
    model.coefficients()[(i, j)]
}

/// The coefficients in the scenario's units, a_st = a_st^value · p_t / p_s, each worked from
/// the table by hand.
fn expected() -> [(&'static str, &'static str, f64); 10] {
    [
        // Explicit [[coefficients]] entry 0.22 replaces the table's 0.20.
        ("chemicals", "chemicals", 0.22),
        // 0.30 (亿元 per 亿元 of fibre) × 0.002 / 1 = 0.0006 亿元 per t.
        ("chemicals", "carbon_fibre", 0.0006),
        // Output-weighted over the ice_snow columns: 0.05 × 0.75 + 0.02 × 0.25 = 0.0425,
        // × 0.2 / 1 = 0.0085 亿元 per 万人次.
        ("chemicals", "ice_snow", 0.0085),
        // Explicit: pets are not in the table.
        ("chemicals", "pets", 0.1),
        // 0.01 × 1 / 0.002 = 5 t per 亿元 of chemicals.
        ("carbon_fibre", "chemicals", 5.0),
        // Same unit both sides: 0.10 t per t.
        ("carbon_fibre", "carbon_fibre", 0.10),
        // Rows summed: 0.02 + 0.01 = 0.03, × 1 / 0.2 = 0.15 万人次 per 亿元.
        ("ice_snow", "chemicals", 0.15),
        // Rows summed: 0.03 + 0.02 = 0.05, × 0.002 / 0.2 = 0.0005 万人次 per t.
        ("ice_snow", "carbon_fibre", 0.0005),
        // Both aggregated: (0.10 × 0.75 + 0.04 × 0.25) + (0.06 × 0.75 + 0.08 × 0.25)
        // = 0.085 + 0.065 = 0.15, same unit both sides.
        ("ice_snow", "ice_snow", 0.15),
        // fibres sells nothing to lodging or culture.
        ("carbon_fibre", "ice_snow", 0.0),
    ]
}

#[test]
fn table_coefficients_are_aggregated_by_output_and_converted_to_units() {
    let model = compile(str::to_string);
    for (from, to, want) in expected() {
        let got = a(&model, from, to);
        assert_relative_eq!(got, want, max_relative = REL_1E12, epsilon = 1e-15);
    }
    // Nothing into or out of pets except the explicit entry, and mining drops out.
    assert_eq!(
        model
            .coefficients()
            .iter()
            .filter(|&&value| value > 0.0)
            .count(),
        9
    );
    // Base-year final demand (I − A) x₀ by hand: chemicals 1000 − (0.22 × 1000 + 0.0006 ×
    // 50,000 + 0.0085 × 1000 + 0.1 × 10) = 1000 − 259.5 = 740.5; carbon_fibre 50,000 −
    // (5 × 1000 + 0.1 × 50,000) = 40,000 t; ice_snow 1000 − (150 + 25 + 150) = 675 万人次.
    let f = model.base_final_demand();
    assert_relative_eq!(f[0], 740.5, max_relative = REL_1E12);
    assert_relative_eq!(f[1], 40_000.0, max_relative = REL_1E12);
    assert_relative_eq!(f[2], 675.0, max_relative = REL_1E12);
}

#[test]
fn table_entries_are_uncertain_with_the_table_spread_and_explicit_ones_with_their_own() {
    let model = compile(str::to_string);
    // Lognormal with relative sd c: σ² = ln(1 + c²). The table's 7 entries have c = 0.2
    // (σ² = ln 1.04); the two explicit entries take [coefficient_uncertainty]'s 0.1
    // (σ² = ln 1.01), the overridden chemicals → chemicals included.
    let uncertain = model.uncertain_coefficients();
    assert_eq!(uncertain.len(), 9);
    let chemicals = model.sector_idx("chemicals").unwrap();
    for u in uncertain {
        let explicit = u.from == chemicals && [0, 3].contains(&u.to);
        let want = if explicit { 1.01_f64 } else { 1.04 }.ln().sqrt();
        assert_relative_eq!(u.log_sd, want, max_relative = REL_1E12);
        // The draw's mean exp(μ + σ²/2) is the coefficient itself.
        let mean = (u.log_mean + u.log_sd * u.log_sd / 2.0).exp();
        assert_relative_eq!(
            mean,
            model.coefficients()[(u.from, u.to)],
            max_relative = 1e-12
        );
    }
}

#[test]
fn a_flows_table_gives_the_same_coefficients() {
    // city-flows.csv holds z_ij = a_ij x_j (e.g. chemicals → fibres 0.30 × 100 = 30), so
    // A = Z x̂⁻¹ is city.csv's table and the compiled coefficients are the same.
    let model = compile(|text| {
        text.replace("file = \"city.csv\"", "file = \"city-flows.csv\"")
            .replace("form = \"coefficients\"", "form = \"flows\"")
    });
    for (from, to, want) in expected() {
        assert_relative_eq!(
            a(&model, from, to),
            want,
            max_relative = REL_1E12,
            epsilon = 1e-15
        );
    }
}

#[test]
fn a_chain_supplier_replaces_the_table_entry_for_its_pair() {
    // A chain ending in carbon_fibre whose first stage is bought from chemicals at 0.0002
    // per t with R = 2: the chain sets a(chemicals, carbon_fibre) = 2 × 0.0002 = 0.0004
    // instead of the table's 0.0006, and that entry is no longer drawn as a table entry.
    let chain = r#"
[[chains]]
id = "cf"
name = "precursor → fibre"
sector = "carbon_fibre"
assumption = "test chain"

[[chains.stages]]
id = "precursor"
unit = "t"
ratio = 2.0
capacity = 200000.0
supplier = "chemicals"
price = 0.0002

[[chains.stages]]
id = "fibre"
unit = "t"
capacity = 60000.0
"#;
    let model = compile(|text| format!("{text}{chain}"));
    assert_relative_eq!(
        a(&model, "chemicals", "carbon_fibre"),
        0.0004,
        max_relative = REL_1E12
    );
    assert_eq!(model.uncertain_coefficients().len(), 8);
}

#[test]
fn value_terms_give_back_the_table_in_value() {
    // Part A's rule undoes the conversion: a_st · p_s / p_t is the aggregated value
    // coefficient, e.g. ice_snow → carbon_fibre 0.0005 × 0.2 / 0.002 = 0.05.
    let model = compile(str::to_string);
    let value = model.value_terms().coefficients;
    let (ice, fibre) = (
        model.sector_idx("ice_snow").unwrap(),
        model.sector_idx("carbon_fibre").unwrap(),
    );
    assert_relative_eq!(value[(ice, fibre)], 0.05, max_relative = REL_1E12);
    assert_relative_eq!(value[(fibre, ice)], 0.0, epsilon = 1e-15);
}
