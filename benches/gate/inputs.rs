//! Inputs of the gate benchmarks, built outside the measured code.

use std::fmt::Write as _;

use chainsim::engine::run::{RunBatch, RunState};
use chainsim::engine::sampling::InputSampler;
use chainsim::{Model, Summary};
use nalgebra::DMatrix;

/// Everything one engine chunk needs, allocated before measuring.
pub struct EngineInput {
    pub model: Model,
    pub sampler: InputSampler,
    pub batch: RunBatch,
    /// One run's inputs, for samplers that make a point at a time.
    pub point: Vec<f64>,
    pub summary: Summary,
    /// A batch's target metrics, run-major.
    pub metrics: Vec<f64>,
    pub runs: u64,
}

/// A model, its state buffers and one run's inputs.
pub struct RunInput {
    pub model: Model,
    pub inputs: Vec<f64>,
    pub state: RunState,
}

/// The four-base Jilin value model (the shipped scenario as of the core simulator, pinned so
/// instruction counts and the numpy comparison keep measuring the same model).
pub fn jilin() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/data/jilin-2030-four-bases.toml"
    ))
    .expect("the shipped scenario exists");
    Model::from_toml_str(&text).expect("the shipped scenario is valid")
}

/// Issue 14's plain model (`benches/data/plain.toml`): five sectors, fixed coefficients,
/// normal growth with one correlation, five years, two level targets — the numpy peer's
/// model in `benches/compare/plain_numpy.py`.
pub fn plain() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/data/plain.toml"
    ))
    .expect("the plain model exists");
    Model::from_toml_str(&text).expect("the plain model is valid")
}

/// [`plain`] keeping the trajectories of its five outputs only (`[trajectories]`): what the
/// minimal numpy program keeps.
pub fn plain_outputs() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/data/plain.toml"
    ))
    .expect("the plain model exists");
    Model::from_toml_str(&(text + "\n[trajectories]\nseries = [\"*.output\"]\n"))
        .expect("the plain model is valid")
}

/// The shipped scenario with its mechanisms: the carbon-fibre chain with capacities and
/// projects, prices, the energy base and GDP.
pub fn jilin_full() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/jilin-2030.toml"
    ))
    .expect("the shipped scenario exists");
    let scenarios = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    Model::from_toml_str_with_files(&text, |file| {
        std::fs::read_to_string(std::path::Path::new(scenarios).join(file))
            .map_err(|e| e.to_string())
    })
    .expect("the shipped scenario is valid")
}

/// An n-sector scenario: every sector buys 0.3/n from every other, growth is normal,
/// neighbours are correlated 0.3, coefficients vary by 10% (as in benches/engine.rs).
pub fn synthetic(n: usize) -> Model {
    let mut text = String::from(
        "[scenario]\nname = \"synthetic\"\nvalue_unit = \"unit\"\nbase_year = 2025\nhorizon = 2030\n\
         [provenance]\nsectors = { assumption = \"benchmark\" }\ngrowth = { assumption = \"benchmark\" }\n\
         coefficients = { assumption = \"benchmark\" }\ncorrelations = { assumption = \"benchmark\" }\n\
         targets = { assumption = \"benchmark\" }\n[coefficient_uncertainty]\nrelative_sd = 0.1\n",
    );
    for i in 0..n {
        let _ = write!(
            text,
            "[[sectors]]\nid = \"s{i}\"\nname = \"S{i}\"\nbase = {}\n\
             [[growth]]\nsector = \"s{i}\"\ndistribution = \"normal\"\nmean = 0.05\nsd = 0.02\n\
             [[targets]]\nid = \"t{i}\"\nlabel = \"t{i}\"\nsector = \"s{i}\"\nkind = \"level\"\nyear = 2030\nat_least = {}\n",
            100.0 + i as f64,
            125.0 + i as f64
        );
        for j in 0..n {
            let _ = write!(
                text,
                "[[coefficients]]\nfrom = \"s{i}\"\nto = \"s{j}\"\nvalue = {}\n",
                0.3 / n as f64
            );
        }
        if i + 1 < n {
            let _ = write!(
                text,
                "[[correlations]]\nbetween = [\"s{i}\", \"s{}\"]\nvalue = 0.3\n",
                i + 1
            );
        }
    }
    Model::from_toml_str(&text).expect("the synthetic scenario is valid")
}

/// A dense productive n × n coefficient matrix: column sums between 0.3 and 0.6.
pub fn coefficient_matrix(n: usize) -> DMatrix<f64> {
    DMatrix::from_fn(n, n, |i, j| {
        let k = (i * 7 + j * 13) % 10;
        (0.3 + 0.03 * k as f64) / n as f64
    })
}

/// `len` positive values spread over three decades, deterministic.
pub fn sketch_values(len: usize) -> Vec<f64> {
    let mut z = vec![0.0; len];
    chainsim::engine::sampling::fill_standard_normals(3, 0, &mut z);
    z.into_iter().map(|z| 100.0 * (0.8 * z).exp()).collect()
}
