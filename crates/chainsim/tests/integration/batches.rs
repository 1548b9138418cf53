//! Runs side by side are the runs alone: every recorded value and every rejection of a batch
//! equals, to the bit, what `simulate_run` gives for the same inputs, whatever the batch's
//! width — for a model recorded side by side (fixed coefficients), one settled run by run
//! (the shipped scenario: drawn coefficients, capacities, chains, projects, energy), and one
//! whose drawn matrices are too large to factor side by side.

use std::path::Path;

use chainsim::Model;
use chainsim::engine::run::{LANE_LU_MAX_SECTORS, RunBatch, RunState, simulate_run};
use chainsim::engine::sampling::fill_standard_normals;

fn read_model(path: &str) -> Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    let dir = file.parent().unwrap().to_path_buf();
    Model::from_toml_str_with_files(&text, |name| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())
    })
    .unwrap()
}

/// A model of `n` sectors with every coefficient drawn.
fn drawn(n: usize) -> Model {
    drawn_with_capacities(n, 0)
}

/// [`drawn`] with the first `limited` sectors' capacity 3% above their base level: demand
/// growing 5% a year goes over it within the horizon, so the mixed model holds them there.
fn drawn_with_capacities(n: usize, limited: usize) -> Model {
    let mut text = String::from(
        "[scenario]\nname = \"drawn\"\nvalue_unit = \"unit\"\nbase_year = 2025\nhorizon = 2028\n\
         [provenance]\nsectors = { assumption = \"test\" }\ngrowth = { assumption = \"test\" }\n\
         coefficients = { assumption = \"test\" }\n[coefficient_uncertainty]\nrelative_sd = 0.3\n",
    );
    for i in 0..n {
        let base = 100.0 + i as f64;
        text += &format!("[[sectors]]\nid = \"s{i}\"\nname = \"S{i}\"\nbase = {base}\n");
        if i < limited {
            text += &format!("capacity = {}\n", base * 1.03);
        }
        text += &format!(
            "[[growth]]\nsector = \"s{i}\"\ndistribution = \"normal\"\nmean = 0.05\nsd = 0.02\n"
        );
        for j in 0..n {
            text += &format!(
                "[[coefficients]]\nfrom = \"s{i}\"\nto = \"s{j}\"\nvalue = {}\n",
                0.6 / n as f64
            );
        }
    }
    Model::from_toml_str(&text).unwrap()
}

fn check(model: &Model, runs: usize) {
    let d = model.n_inputs();
    let inputs: Vec<Vec<f64>> = (0..runs)
        .map(|run| {
            let mut z = vec![0.0; d];
            fill_standard_normals(11, run as u64, &mut z);
            z
        })
        .collect();
    let mut alone = RunState::new(model);
    let single: Vec<_> = inputs
        .iter()
        .map(|z| simulate_run(model, z, &mut alone).map(|()| alone.values().to_vec()))
        .collect();
    assert!(single.iter().any(Result::is_ok), "some run is scored");
    for lanes in [1, 3, 64] {
        let mut batch = RunBatch::new(model, lanes);
        for start in (0..runs).step_by(lanes) {
            let width = (runs - start).min(lanes);
            let buffer = batch.inputs_mut();
            for lane in 0..width {
                for (k, &z) in inputs[start + lane].iter().enumerate() {
                    buffer[k * lanes + lane] = z;
                }
            }
            batch.simulate(model, width);
            for lane in 0..width {
                let run = start + lane;
                match (&single[run], batch.status()[lane]) {
                    (Ok(values), None) => {
                        let n_points = batch.n_points();
                        for (k, &v) in values.iter().enumerate() {
                            let (s, p) = (k / n_points, k % n_points);
                            assert_eq!(
                                batch.value(s, p, lane).to_bits(),
                                v.to_bits(),
                                "run {run}, series {s}, point {p}, {lanes} lanes"
                            );
                        }
                    }
                    (Err(alone), Some(batched)) => assert_eq!(*alone, batched, "run {run}"),
                    (alone, batched) => panic!("run {run}: alone {alone:?}, batched {batched:?}"),
                }
            }
        }
    }
}

#[test]
fn a_plain_model_side_by_side_is_its_runs_alone() {
    check(&read_model("benches/data/plain.toml"), 70);
}

#[test]
fn the_shipped_scenario_side_by_side_is_its_runs_alone() {
    check(&read_model("scenarios/jilin-2030.toml"), 70);
}

#[test]
fn drawn_matrices_small_and_large_side_by_side_are_their_runs_alone() {
    check(&drawn(4), 70);
    check(&drawn(LANE_LU_MAX_SECTORS + 3), 8);
}

#[test]
fn capped_sectors_side_by_side_are_their_runs_alone() {
    // Two sectors with a limit, so that runs hold one or both at capacity (a 1 × 1 or 2 × 2
    // block of L), on the lanes' factorisation (4 sectors) and the pivoted one (35).
    for n in [4, LANE_LU_MAX_SECTORS + 3] {
        let model = drawn_with_capacities(n, 2);
        check(&model, if n == 4 { 70 } else { 8 });
        // Some run is held at capacity in the last year, where output equals capacity to the
        // bit and the shortfall is unmet demand.
        let (output, capacity, unmet) = (
            model.series_idx("s0.output").unwrap(),
            model.series_idx("s0.capacity").unwrap(),
            model.series_idx("s0.unmet_demand").unwrap(),
        );
        let mut state = RunState::new(&model);
        let mut z = vec![0.0; model.n_inputs()];
        let capped = (0..8u64).any(|run| {
            fill_standard_normals(11, run, &mut z);
            simulate_run(&model, &z, &mut state).is_ok() && {
                let last = model.n_years();
                state.series(output)[last].to_bits() == state.series(capacity)[last].to_bits()
                    && state.series(unmet)[last] > 0.0
            }
        });
        assert!(capped, "{n} sectors: no run held s0 at capacity");
    }
}
