//! The hybrid-format mechanisms against hand computation and closed forms: chains with a
//! supplier under the mixed input–output model, project completion and delays, price ×
//! quantity, the energy balance, and mixture growth.

use approx::assert_relative_eq;
use chainsim::engine::run::{RunState, simulate_run};
use chainsim::stats::{QuantileSketch, std_normal_cdf};
use chainsim::{Model, Report, RunOptions, Silent, Summary, simulate};

use crate::tolerance::{MC_SIGMAS, assert_probability};

/// Deterministic paths are compared to hand arithmetic up to floating-point error (an LU
/// solve of a 2×2 system and a few products).
const EXACT: f64 = 1e-9;

/// Runs for the probability checks: one standard error of p = 0.5 is 0.0035.
const RUNS: u64 = 20_000;

fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= EXACT * want.abs().max(1.0),
        "{what}: got {got}, hand computation {want}"
    );
}

fn run(model: &Model, runs: u64, seed: u64) -> (Summary, Report) {
    let options = RunOptions {
        runs,
        seed,
        ..RunOptions::default()
    };
    let summary = simulate(model, &options, &mut Silent).unwrap();
    let report = Report::new(model, &options, &summary);
    (summary, report)
}

fn series(model: &Model, name: &str) -> usize {
    model
        .series_idx(name)
        .unwrap_or_else(|| panic!("no series {name}"))
}

// ---------------------------------------------------------------------------------------
// a. Chain arithmetic end to end.
// ---------------------------------------------------------------------------------------

/// Chemicals (a value sector) and fibre (tonnes, price 0.05 rising 2% a year) at the end of
/// the chain an → precursor → fibre. 1.5 t of AN per t of precursor and 2 t of precursor per
/// t of fibre give R = (3, 2, 1). AN is bought from chemicals at 0.01 a tonne, which adds
/// a(chemicals, fibre) = R_an × price = 3 × 0.01 = 0.03; chemicals in turn use 0.01 t of fibre
/// per unit, so A = [[0, 0.03], [0.01, 0]] (rows and columns: chemicals, fibre).
const CHAIN: &str = r#"
[scenario]
name = "chain by hand"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2029

[provenance]
sectors = { assumption = "test" }
growth = { assumption = "test" }
prices = { assumption = "test" }
coefficients = { assumption = "test" }
chains = { assumption = "test" }
projects = { assumption = "test" }

[[sectors]]
id = "chemicals"
name = "Chemicals"
base = 1000.0

[[sectors]]
id = "fibre"
name = "Carbon fibre"
unit = "t"
base = 100.0
price = 0.05

[[growth]]
sector = "chemicals"
distribution = "fixed"
value = 0.0

[[growth]]
sector = "fibre"
distribution = "fixed"
value = 0.2

[[price_growth]]
sector = "fibre"
distribution = "fixed"
value = 0.02

[[coefficients]]
from = "fibre"
to = "chemicals"
value = 0.01

[[chains]]
id = "cf"
name = "AN → precursor → fibre"
sector = "fibre"

[[chains.stages]]
id = "an"
unit = "t"
ratio = 1.5
capacity = 540.0
supplier = "chemicals"
price = 0.01

[[chains.stages]]
id = "precursor"
unit = "t"
ratio = 2.0
capacity = 260.0

[[chains.stages]]
id = "fibre"
unit = "t"
capacity = 160.0

[[projects]]
id = "precursor-line"
name = "Precursor line"
stage = "cf.precursor"
capacity = 120.0
year = 2028
probability = 1.0

[[projects]]
id = "fibre-line"
name = "Fibre line"
stage = "cf.fibre"
capacity = 50.0
year = 2029
probability = 1.0
"#;

/// Every recorded quantity of the chain scenario, 2025–2029, by hand.
///
/// Base year: f₀ = x₀ − A x₀ gives chemicals 1000 − 0.03·100 = 997 and fibre
/// 100 − 0.01·1000 = 90. Chemicals' final demand stays 997; fibre's grows 20%:
/// 90, 108, 129.6, 155.52, 186.624.
///
/// Stage capacities (AN, precursor, fibre) and what they allow (÷ R = 3, 2, 1):
///   2025–2027: 540, 260, 160 → 180, 130, 160: precursor limits at 130;
///   2028:      540, 380, 160 → 180, 190, 160: fibre limits at 160 (precursor line online);
///   2029:      540, 380, 210 → 180, 190, 210: AN limits at 180 (fibre line online).
///
/// Demand-driven output, det(I − A) = 1 − 0.03·0.01 = 0.9997:
///   x_fibre = (f_fibre + 0.01·997) / 0.9997, x_chem = (997 + 0.03·f_fibre) / 0.9997;
///   2026: x_fibre = 117.97 / 0.9997 = 118.005 < 130: no stage binds.
///   2027: 139.57 / 0.9997 = 139.61 > 130; 2028: 165.54 > 160; 2029: 196.65 > 180.
/// Capped years (mixed model, fibre fixed at its capacity c, chemicals free):
///   x_chem = 997 + 0.03·c, and fibre left for final use = c − 0.01·x_chem, so
///   2027: c = 130, x_chem = 1000.9, unmet = 129.6 − (130 − 10.009) = 9.609;
///   2028: c = 160, x_chem = 1001.8, unmet = 155.52 − (160 − 10.018) = 5.538;
///   2029: c = 180, x_chem = 1002.4, unmet = 186.624 − (180 − 10.024) = 16.648.
/// Stage production is R_k × x_fibre, e.g. 2027: 390, 260, 130 t; 2029's AN makes
/// 3 × 180 = 540 t, its whole capacity.
struct ChainYear {
    fibre_demand: f64,
    fibre_output: f64,
    chemicals_output: f64,
    unmet: f64,
    capacity: f64,
    stage_capacity: [f64; 3],
    binding: Option<usize>,
}

fn chain_by_hand() -> Vec<ChainYear> {
    let f_chem = 997.0;
    let det = 1.0 - 0.03 * 0.01;
    let caps = [
        [540.0, 260.0, 160.0],
        [540.0, 260.0, 160.0],
        [540.0, 260.0, 160.0],
        [540.0, 380.0, 160.0],
        [540.0, 380.0, 210.0],
    ];
    // (capacity limit, binding stage) per year, from the table above.
    let limits = [
        (130.0, None),
        (130.0, None),
        (130.0, Some(1)),
        (160.0, Some(2)),
        (180.0, Some(0)),
    ];
    (0..5)
        .map(|t| {
            let f_fibre = 90.0 * 1.2_f64.powi(t as i32);
            let (limit, binding) = limits[t];
            let (fibre_output, chemicals_output, unmet) = if binding.is_some() {
                let x_chem = f_chem + 0.03 * limit;
                (limit, x_chem, f_fibre - (limit - 0.01 * x_chem))
            } else if t == 0 {
                (100.0, 1000.0, 0.0)
            } else {
                (
                    (f_fibre + 0.01 * f_chem) / det,
                    (f_chem + 0.03 * f_fibre) / det,
                    0.0,
                )
            };
            ChainYear {
                fibre_demand: f_fibre,
                fibre_output,
                chemicals_output,
                unmet,
                capacity: limit,
                stage_capacity: caps[t],
                binding,
            }
        })
        .collect()
}

#[test]
fn chain_hand_computation_holds_in_every_run_and_year() {
    let model = Model::from_toml_str(CHAIN).unwrap();
    // The supplier stage's coefficient: R_an × price = 1.5 × 2 × 0.01.
    assert_close(model.coefficients()[(0, 1)], 0.03, "a(chemicals, fibre)");
    let expected = chain_by_hand();
    // The hand-computed numbers quoted in the comments, as a check on the helper itself.
    assert_close(expected[1].fibre_output, 118.005_401_620_486, "2026 fibre");
    assert_close(expected[2].unmet, 9.609, "2027 unmet");
    assert_close(expected[3].unmet, 5.538, "2028 unmet");
    assert_close(expected[4].unmet, 16.648, "2029 unmet");

    let stages = ["an", "precursor", "fibre"];
    let per_final = [3.0, 2.0, 1.0];
    let check = |values: &dyn Fn(&str) -> Vec<f64>, label: &str| {
        for (t, year) in expected.iter().enumerate() {
            let at = |name: &str| values(name)[t];
            let what = |name: &str| format!("{label}: {name} in {}", 2025 + t);
            let price = 0.05 * 1.02_f64.powi(t as i32);
            assert_close(at("fibre.output"), year.fibre_output, &what("fibre.output"));
            assert_close(
                at("fibre.final_demand"),
                year.fibre_demand,
                &what("fibre.final_demand"),
            );
            assert_close(at("fibre.price"), price, &what("fibre.price"));
            assert_close(
                at("fibre.value"),
                year.fibre_output * price,
                &what("fibre.value"),
            );
            assert_close(at("fibre.capacity"), year.capacity, &what("fibre.capacity"));
            assert_close(at("fibre.unmet_demand"), year.unmet, &what("unmet"));
            // Fibre delivered to chemicals: 0.01 t per unit of chemicals.
            assert_close(
                at("fibre.intermediate"),
                0.01 * year.chemicals_output,
                &what("fibre.intermediate"),
            );
            assert_close(
                at("chemicals.output"),
                year.chemicals_output,
                &what("chemicals.output"),
            );
            // Chemicals' sales to the chain: 0.03 per tonne of fibre made.
            assert_close(
                at("chemicals.intermediate"),
                0.03 * year.fibre_output,
                &what("chemicals.intermediate"),
            );
            for (k, stage) in stages.iter().enumerate() {
                let name = |measure: &str| format!("cf.{stage}.{measure}");
                assert_close(
                    at(&name("production")),
                    per_final[k] * year.fibre_output,
                    &what(&name("production")),
                );
                assert_close(
                    at(&name("capacity")),
                    year.stage_capacity[k],
                    &what(&name("capacity")),
                );
                let binds = if year.binding == Some(k) { 1.0 } else { 0.0 };
                assert_close(at(&name("binding")), binds, &what(&name("binding")));
            }
        }
    };

    // Each run, whatever its inputs: nothing in the scenario is uncertain.
    let mut state = RunState::new(&model);
    for r in 0..10 {
        let inputs: Vec<f64> = (0..model.n_inputs())
            .map(|i| ((r * 7 + i * 3) % 13) as f64 * 0.5 - 3.0)
            .collect();
        simulate_run(&model, &inputs, &mut state).unwrap();
        check(
            &|name| state.series(series(&model, name)).to_vec(),
            &format!("run {r}"),
        );
    }

    // The engine's summaries over 1 and 10 runs: means equal the single path.
    for runs in [1, 10] {
        let (summary, report) = run(&model, runs, 7);
        check(
            &|name| {
                let s = series(&model, name);
                (0..5)
                    .map(|t| summary.series(s, t).unwrap().mean().unwrap())
                    .collect()
            },
            &format!("{runs} runs"),
        );
        let chain = &report.chains[0];
        for (k, stage) in chain.stages.iter().enumerate() {
            for (by, year) in stage.binding.iter().zip(&expected[1..]) {
                let binds = if year.binding == Some(k) { 1.0 } else { 0.0 };
                assert_close(
                    by.probability,
                    binds,
                    &format!("{} binding {}", stage.id, by.year),
                );
            }
        }
        for (got, year) in chain.mean_unmet_demand.iter().zip(&expected[1..]) {
            assert_close(*got, year.unmet, "report mean unmet demand");
        }
    }
}

// ---------------------------------------------------------------------------------------
// b. Project completion and delays.
// ---------------------------------------------------------------------------------------

const PROJECTS: &str = r#"
[scenario]
name = "projects"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2030

[provenance]
sectors = { assumption = "test" }
growth = { assumption = "test" }
projects = { assumption = "test" }

[[sectors]]
id = "plant"
name = "Plant"
base = 100.0
capacity = 200.0

[[growth]]
sector = "plant"
distribution = "fixed"
value = 0.0

[[projects]]
id = "sure-date"
name = "Completes with p = 0.3, on time"
sector = "plant"
capacity = 10.0
year = 2027
probability = 0.3

[[projects]]
id = "may-slip"
name = "Completes with p = 0.8, slipping 0, 1 or 2 years"
sector = "plant"
capacity = 20.0
year = 2027
probability = 0.8
delays = [0, 1, 2]
delay_probabilities = [0.5, 0.3, 0.2]
"#;

/// Online by year y is P(completed) × P(delay ≤ y − planned year): for p = 0.3 without
/// delay, 0 before 2027 and 0.3 from 2027; for p = 0.8 with delays 0/1/2 at 0.5/0.3/0.2,
/// 0.8 × 0.5 = 0.4 in 2027, 0.8 × 0.8 = 0.64 in 2028 and 0.8 from 2029.
#[test]
fn projects_come_online_with_their_completion_and_delay_probabilities() {
    let model = Model::from_toml_str(PROJECTS).unwrap();
    let (summary, report) = run(&model, RUNS, 2027);
    let exact: [(&str, [f64; 5]); 2] = [
        ("sure-date", [0.0, 0.3, 0.3, 0.3, 0.3]),
        ("may-slip", [0.0, 0.4, 0.64, 0.8, 0.8]),
    ];
    for (project, (id, by_year)) in report.projects.iter().zip(exact) {
        assert_eq!(project.id, id);
        assert_eq!(project.planned, 2027);
        let years: Vec<i32> = project.online_by.iter().map(|b| b.year).collect();
        assert_eq!(years, [2026, 2027, 2028, 2029, 2030]);
        for (by, p) in project.online_by.iter().zip(by_year) {
            if p == 0.0 {
                assert!(by.probability.abs() < EXACT, "{id} online in {}", by.year);
            } else {
                assert_probability(by.probability, p, RUNS, &format!("{id} by {}", by.year));
            }
        }
    }
    // Capacity adds the projects online: mean capacity = 200 + 10·P(first) + 20·P(second).
    let capacity = series(&model, "plant.capacity");
    for (point, (a, b)) in report.projects[0]
        .online_by
        .iter()
        .zip(&report.projects[1].online_by)
        .enumerate()
    {
        let mean = summary.series(capacity, point + 1).unwrap().mean().unwrap();
        assert_relative_eq!(
            mean,
            200.0 + 10.0 * a.probability + 20.0 * b.probability,
            max_relative = 1e-9
        );
    }
}

// ---------------------------------------------------------------------------------------
// c. Price × quantity.
// ---------------------------------------------------------------------------------------

fn priced(thresholds: &[f64]) -> String {
    let mut text = String::from(
        r#"
[scenario]
name = "price times quantity"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2030

[provenance]
sectors = { assumption = "test" }
growth = { assumption = "test" }
prices = { assumption = "test" }
targets = { assumption = "test" }

[[sectors]]
id = "fibre"
name = "Fibre"
unit = "t"
base = 50.0
price = 2.0

[[growth]]
sector = "fibre"
distribution = "fixed"
value = 0.04

[[price_growth]]
sector = "fibre"
distribution = "lognormal"
log_mean = 0.01
log_sd = 0.1
"#,
    );
    for (k, threshold) in thresholds.iter().enumerate() {
        text.push_str(&format!(
            "\n[[targets]]\nid = \"value-{k}\"\nlabel = \"value at least {threshold}\"\nsector = \"fibre\"\nkind = \"level\"\nyear = 2030\nat_least = {threshold}\n"
        ));
    }
    text
}

/// Quantity Q_T = 50 × 1.04⁵ = 60.833 t is fixed; the price is 2 × exp(Σ of five independent
/// N(0.01, 0.1²)), so ln value_T ~ N(ln(60.833 × 2) + 0.05, 0.1² × 5) and
/// P(value ≥ K) = Φ((ln(Q_T P₀) + T m − ln K) / (s √T)); the median is Q_T P₀ e^{0.05} = 127.90.
/// Thresholds 100, 128 and 160: probabilities ≈ 0.864, 0.499 and 0.158.
#[test]
fn value_is_quantity_times_a_lognormal_price() {
    let (m, s, years) = (0.01, 0.1, 5.0_f64);
    let q_t = 50.0 * 1.04_f64.powi(5);
    let p0 = 2.0;
    let thresholds = [100.0, 128.0, 160.0];
    let model = Model::from_toml_str(&priced(&thresholds)).unwrap();
    let (summary, report) = run(&model, RUNS, 2030);
    for (target, k) in report.targets.iter().zip(thresholds) {
        let exact = std_normal_cdf(((q_t * p0).ln() + years * m - k.ln()) / (s * years.sqrt()));
        assert_probability(target.probability, exact, RUNS, &format!("K = {k}"));
    }
    // Sample median of a normal ln(value): sd √(π/2)·s√T/√n, plus the sketch's error.
    let median = summary
        .series(series(&model, "fibre.value"), 5)
        .unwrap()
        .quantile(0.5)
        .unwrap();
    let exact_median = q_t * p0 * (years * m).exp();
    assert_relative_eq!(exact_median, 127.90, max_relative = 1e-4);
    let mc = (std::f64::consts::PI / 2.0).sqrt() * s * years.sqrt() / (RUNS as f64).sqrt();
    assert_relative_eq!(
        median,
        exact_median,
        max_relative = QuantileSketch::RELATIVE_ACCURACY + MC_SIGMAS * mc
    );
    // The quantity itself carries no uncertainty.
    let output = summary.series(series(&model, "fibre.output"), 5).unwrap();
    assert_relative_eq!(output.mean().unwrap(), q_t, max_relative = EXACT);
}

// ---------------------------------------------------------------------------------------
// d. Energy.
// ---------------------------------------------------------------------------------------

const ENERGY: &str = r#"
[scenario]
name = "energy by hand"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2028

[provenance]
sectors = { assumption = "test" }
growth = { assumption = "test" }
projects = { assumption = "test" }
energy = { assumption = "test" }

[[sectors]]
id = "industry"
name = "Industry"
base = 1000.0

[[growth]]
sector = "industry"
distribution = "fixed"
value = 0.05

[energy]

[[energy.technologies]]
id = "hydro"
name = "Hydro"
clean = true
capacity = 1000.0
capacity_factor = { distribution = "fixed", value = 0.4 }

[[energy.technologies]]
id = "thermal"
name = "Thermal"
clean = false
capacity = 2000.0
capacity_factor = { distribution = "fixed", value = 0.5 }

[[energy.technologies]]
id = "wind"
name = "Wind"
clean = true
capacity = 500.0
capacity_growth = 0.1
capacity_factor = { distribution = "fixed", value = 0.25 }

[[energy.technologies]]
id = "storage"
name = "Pumped storage"
clean = true
capacity = 100.0
capacity_factor = { distribution = "fixed", value = 0.2 }
consumption = 1.34

[[energy.intensities]]
sector = "industry"
value = 2.0

[[projects]]
id = "wind-farm"
name = "Wind farm"
technology = "wind"
capacity = 300.0
year = 2027
probability = 1.0
"#;

/// GWh = MW × capacity factor × 8.76. Hydro 1000 × 0.4 × 8.76 = 3504; thermal
/// 2000 × 0.5 × 8.76 = 8760; storage 100 × 0.2 × 8.76 = 175.2, pumping 1.34 × 175.2 = 234.768;
/// wind capacity 500 × 1.1^t plus the 300 MW farm from 2027: 500, 550, 905, 965.5 MW, at
/// 0.25 × 8.76 = 2.19 GWh per MW: 1095, 1204.5, 1981.95, 2114.445. Demand: 2 GWh per unit of
/// industry, 1000 × 1.05^t, plus pumping. E.g. 2027: generation 3504 + 8760 + 1981.95 + 175.2
/// = 14421.15, clean 5661.15 (share 0.39256), demand 2 × 1102.5 + 234.768 = 2439.768.
#[test]
fn energy_balance_by_hand() {
    let model = Model::from_toml_str(ENERGY).unwrap();
    let wind_capacity = [500.0, 550.0, 905.0, 965.5];
    let mut state = RunState::new(&model);
    for r in 0..3 {
        let inputs: Vec<f64> = (0..model.n_inputs())
            .map(|i| (r as f64 - 1.0) * (1.0 + i as f64 * 0.1))
            .collect();
        simulate_run(&model, &inputs, &mut state).unwrap();
        let at = |name: &str, t: usize| state.series(series(&model, name))[t];
        for (t, &wind_mw) in wind_capacity.iter().enumerate() {
            let what = |name: &str| format!("run {r}: {name} in {}", 2025 + t);
            let wind = wind_mw * 0.25 * 8.76;
            let generation = 3504.0 + 8760.0 + wind + 175.2;
            let clean = 3504.0 + wind + 175.2;
            let demand = 2.0 * 1000.0 * 1.05_f64.powi(t as i32) + 1.34 * 175.2;
            assert_close(at("energy.wind.capacity", t), wind_mw, &what("wind MW"));
            assert_close(at("energy.wind.generation", t), wind, &what("wind GWh"));
            assert_close(at("energy.hydro.generation", t), 3504.0, &what("hydro GWh"));
            assert_close(at("energy.thermal.generation", t), 8760.0, &what("thermal"));
            assert_close(at("energy.storage.generation", t), 175.2, &what("storage"));
            assert_close(at("energy.generation", t), generation, &what("generation"));
            assert_close(at("energy.clean_generation", t), clean, &what("clean"));
            assert_close(
                at("energy.clean_share", t),
                clean / generation,
                &what("clean share"),
            );
            assert_close(at("energy.demand", t), demand, &what("demand"));
            assert_close(
                at("energy.balance", t),
                generation - demand,
                &what("balance"),
            );
        }
        assert_close(at("energy.generation", 2), 14_421.15, "2027 generation");
        assert_close(at("energy.demand", 2), 2_439.768, "2027 demand");
        assert_relative_eq!(at("energy.clean_share", 2), 0.39256, max_relative = 1e-4);
    }
}

// ---------------------------------------------------------------------------------------
// e. Mixture growth.
// ---------------------------------------------------------------------------------------

const MIXTURE: &str = r#"
[scenario]
name = "season mixture"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2026

[provenance]
sectors = { assumption = "test" }
growth = { assumption = "test" }
targets = { assumption = "test" }

[[sectors]]
id = "ice_snow"
name = "Ice and snow"
base = 100.0

[[growth]]
sector = "ice_snow"
distribution = "mixture"
weights = [0.8, 0.2]
means = [0.10, -0.08]
sds = [0.03, 0.05]

[[targets]]
id = "not-shrinking"
label = "growth at least 0"
sector = "ice_snow"
kind = "growth"
year = 2026
at_least = 0.0

[[targets]]
id = "good-season"
label = "growth at least 12%"
sector = "ice_snow"
kind = "growth"
year = 2026
at_least = 0.12

[[targets]]
id = "bad-season"
label = "growth at most -5%"
sector = "ice_snow"
kind = "growth"
year = 2026
at_most = -0.05
"#;

/// g is N(0.10, 0.03²) with probability 0.8 and N(−0.08, 0.05²) with probability 0.2:
/// P(g ≥ 0)     = 0.8 (1 − Φ(−0.10/0.03)) + 0.2 (1 − Φ(0.08/0.05))  ≈ 0.7997 + 0.0110 = 0.8106;
/// P(g ≥ 0.12)  = 0.8 (1 − Φ(0.02/0.03))  + 0.2 (1 − Φ(0.20/0.05))  ≈ 0.2019 + 0.0000 = 0.2019;
/// P(g ≤ −0.05) = 0.8 Φ(−0.15/0.03)       + 0.2 Φ(0.03/0.05)        ≈ 0.0000 + 0.1451 = 0.1451.
#[test]
fn mixture_growth_matches_the_regime_weighted_normals() {
    let model = Model::from_toml_str(MIXTURE).unwrap();
    let (_, report) = run(&model, RUNS, 2026);
    let above = |x: f64, mean: f64, sd: f64| 1.0 - std_normal_cdf((x - mean) / sd);
    let exact = [
        0.8 * above(0.0, 0.10, 0.03) + 0.2 * above(0.0, -0.08, 0.05),
        0.8 * above(0.12, 0.10, 0.03) + 0.2 * above(0.12, -0.08, 0.05),
        0.8 * (1.0 - above(-0.05, 0.10, 0.03)) + 0.2 * (1.0 - above(-0.05, -0.08, 0.05)),
    ];
    for (value, hand) in exact.iter().zip([0.8106, 0.2019, 0.1451]) {
        assert_relative_eq!(*value, hand, max_relative = 1e-3);
    }
    for (target, p) in report.targets.iter().zip(exact) {
        assert_probability(target.probability, p, RUNS, &target.id);
    }
}

/// A price law read from a CSV column (`distribution = "empirical"` with `file`): the file is
/// resolved like a growth law's. With observed yearly changes of +4% and +6%, the law's mean is
/// +5% and after one year every run's price lies in [2 × 1.04, 2 × 1.06].
#[test]
fn price_growth_reads_its_rates_from_a_file() {
    let text = priced(&[]).replace(
        "distribution = \"lognormal\"\nlog_mean = 0.01\nlog_sd = 0.1",
        "distribution = \"empirical\"\nfile = \"prices.csv\"\ncolumn = \"fibre\"",
    );
    let mut scenario = chainsim::Scenario::from_toml_str(&text).unwrap();
    scenario
        .resolve_files(|path| {
            assert_eq!(path, "prices.csv");
            Ok("year,fibre\n2023,0.04\n2024,0.06\n".to_string())
        })
        .unwrap();
    let model = Model::compile(&scenario).unwrap();
    assert_close(
        model.price_growth(0, 0).mean_rate(),
        0.05,
        "mean price change",
    );
    let (summary, _) = run(&model, 200, 1);
    let year_one = summary.series(series(&model, "fibre.price"), 1).unwrap();
    let (low, high) = (
        year_one.quantile(0.0).unwrap(),
        year_one.quantile(1.0).unwrap(),
    );
    assert!(
        low >= 2.08 - 1e-12 && high <= 2.12 + 1e-12,
        "[{low}, {high}]"
    );
}

/// A growth target over a year whose level can be zero: solar's capacity factor is 0 or 0.4
/// with equal odds each year, so generation growth into 2027 is undefined when 2026 drew 0
/// (half the runs), met when both years drew 0.4 (a quarter: growth 0 ≥ 0) and missed at
/// −100% when 2026 drew 0.4 and 2027 drew 0 (a quarter, shortfall exactly 1).
#[test]
fn a_growth_over_a_zero_level_is_undefined_and_counts_as_missed() {
    let text = r#"
[scenario]
name = "solar on and off"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2027

[provenance]
sectors = { assumption = "test" }
growth = { assumption = "test" }
energy = { assumption = "test" }
targets = { assumption = "test" }

[[sectors]]
id = "industry"
name = "Industry"
base = 100.0

[[growth]]
sector = "industry"
distribution = "fixed"
value = 0.0

[energy]

[[energy.technologies]]
id = "solar"
name = "Solar"
clean = true
capacity = 100.0
capacity_factor = { distribution = "discrete", values = [0.0, 0.4], probabilities = [0.5, 0.5] }

[[targets]]
id = "solar-growth"
label = "Solar generation does not fall in 2027"
series = "energy.solar.generation"
kind = "growth"
year = 2027
at_least = 0.0
"#;
    let model = Model::from_toml_str(text).unwrap();
    let (_, report) = run(&model, RUNS, 9);
    let target = &report.targets[0];
    let undefined = target.undefined_runs as f64 / RUNS as f64;
    assert_probability(undefined, 0.5, RUNS, "share of undefined runs");
    assert_probability(target.probability, 0.25, RUNS, "P(met)");
    assert_close(
        target.expected_shortfall.unwrap(),
        1.0,
        "shortfall of the defined misses",
    );
}
