//! Issue 5: empirical and discrete growth laws, Spearman correlation targets and the repaired
//! correlation matrix, end to end through the compiler and the engine.

use chainsim::compile::{CompileOptions, copula_correlation_for_spearman};
use chainsim::scenario::SamplerKind;
use chainsim::stats::{RELATIVE_ACCURACY, repair_correlation, spearman};
use chainsim::{Model, Observer, RunOptions, RunRecord, Scenario, ScenarioError, Silent, simulate};
use nalgebra::DMatrix;

use crate::tolerance::MC_SIGMAS;

/// A one- or two-sector scenario without coefficients, so final demand is gross output and
/// a `growth` target on final demand reads the drawn rate g back exactly.
fn scenario(body: &str) -> String {
    format!(
        r#"
[scenario]
name = "laws"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2026

[provenance]
sectors = {{ assumption = "test level" }}
growth = {{ assumption = "test law" }}
correlations = {{ assumption = "test correlation" }}
targets = {{ assumption = "test target" }}

[[sectors]]
id = "a"
name = "A"
base = 100.0

{body}
"#
    )
}

const GROWTH_TARGET_A: &str = r#"
[[targets]]
id = "growth-a"
label = "growth of A"
sector = "a"
measure = "final_demand"
kind = "growth"
year = 2026
at_least = 0.05
"#;

fn compile(text: &str) -> Result<Model, ScenarioError> {
    Model::from_toml_str(text)
}

/// Hyndman & Fan (1996), definition 7 (R's default `quantile` type): with the sample sorted
/// as x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)p, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋). For the
/// values below, sorted: −0.020, 0.012, 0.031, 0.045, 0.064, so h = 4p and, by hand,
/// Q(0.10) = −0.020 + 0.4·0.032 = −0.0072, Q(0.25) = 0.012, Q(0.50) = 0.031,
/// Q(0.75) = 0.045, Q(0.90) = 0.045 + 0.6·0.019 = 0.0564.
const TYPE_7: [(f64, f64); 5] = [
    (0.10, -0.0072),
    (0.25, 0.012),
    (0.50, 0.031),
    (0.75, 0.045),
    (0.90, 0.0564),
];

#[test]
fn empirical_law_reproduces_the_type_7_quantiles_of_its_values() {
    let text = scenario(&format!(
        r#"
[[growth]]
sector = "a"
distribution = "empirical"
values = [0.031, 0.064, -0.02, 0.045, 0.012]
{GROWTH_TARGET_A}"#
    ));
    let model = compile(&text).unwrap();
    let runs = 20_000;
    // A Latin hypercube puts exactly one run in each 1/runs stratum of the shock, so the
    // sample quantiles of g differ from the law's only by the sketch's error.
    let options = RunOptions {
        runs,
        seed: 5,
        threads: Some(2),
        sampler: SamplerKind::LatinHypercube,
        ..RunOptions::default()
    };
    let summary = simulate(&model, &options, &mut Silent).unwrap();
    let metric = &summary.target(0).metric;
    // The steepest piece of the quantile function rises 0.032 over probability 1/4; a
    // stratum (or an off-by-one rank) moves the quantile by at most that slope / runs.
    let stratum = 2.0 * (0.032 / 0.25) / runs as f64;
    for (p, expected) in TYPE_7 {
        let got = metric.quantile(p).unwrap();
        let tol = RELATIVE_ACCURACY * expected.abs() + stratum;
        assert!(
            (got - expected).abs() <= tol,
            "Q({p}) = {got}, type 7 gives {expected} (tolerance {tol})"
        );
    }
}

#[test]
fn discrete_law_gives_its_probabilities() {
    let text = scenario(&format!(
        r#"
[[growth]]
sector = "a"
distribution = "discrete"
values = [-0.05, 0.10]
probabilities = [0.2, 0.8]
{GROWTH_TARGET_A}"#
    ));
    let model = compile(&text).unwrap();
    let runs = 20_000u64;
    let options = RunOptions {
        runs,
        seed: 9,
        threads: Some(2),
        ..RunOptions::default()
    };
    let summary = simulate(&model, &options, &mut Silent).unwrap();
    // The threshold 0.05 lies between the two values, so "met" is exactly g = 0.10 (and
    // no rounding of the level ratio can move a draw across it). Binomial: P = 0.8,
    // standard error √(0.8·0.2/runs).
    let p = summary.target(0).met as f64 / summary.accepted() as f64;
    let se = (0.8f64 * 0.2 / runs as f64).sqrt();
    assert!((p - 0.8).abs() < MC_SIGMAS * se, "P(g ≥ 0.10) = {p}");
}

#[test]
fn bad_discrete_and_empirical_laws_name_the_field() {
    for (law, fragments) in [
        (
            "distribution = \"discrete\"\nvalues = [0.0, 0.1]\nprobabilities = [0.5, 0.4]",
            &["growth[0].probabilities", "sum"][..],
        ),
        (
            "distribution = \"empirical\"\nvalues = [0.03]",
            &["growth[0].values", "2"][..],
        ),
        (
            "distribution = \"discrete\"\nvalues = [-1.5, 0.1]\nprobabilities = [0.5, 0.5]",
            &["growth[0]", "-100%"][..],
        ),
        (
            "distribution = \"empirical\"\nvalues = [0.01, 0.02]\nprobabilities = [0.5, 0.5]",
            &["growth[0].probabilities", "takes no"][..],
        ),
        (
            "distribution = \"empirical\"\nfile = \"h.csv\"\ncolumn = \"a\"",
            &["growth[0].file", "resolve_files"][..],
        ),
    ] {
        let text = scenario(&format!("[[growth]]\nsector = \"a\"\n{law}\n"));
        let message = compile(&text).unwrap_err().to_string();
        for fragment in fragments {
            assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
        }
    }
}

#[test]
fn empirical_law_reads_a_csv_column_through_the_callers_loader() {
    let text = scenario(
        "[[growth]]\nsector = \"a\"\ndistribution = \"empirical\"\nfile = \"history.csv\"\ncolumn = \"chemicals\"\n",
    );
    let csv =
        "year, chemicals, fibre\n2021, 0.05, 0.2\n2022, , 0.1\n2023, 0.01, 0.3\n2024, 0.03, 0.0\n";
    let mut scenario = Scenario::from_toml_str(&text).unwrap();
    scenario
        .resolve_files(|path| {
            assert_eq!(path, "history.csv");
            Ok(csv.to_string())
        })
        .unwrap();
    let model = Model::compile(&scenario).unwrap();
    // The empty 2022 cell is a missing year: the law is over {0.05, 0.01, 0.03}, whose
    // type-7 median is 0.03 and whose mean under the interpolated law is the trapezoid
    // (0.01/2 + 0.03 + 0.05/2)/2 = 0.03.
    let law = &model.growth(0, 0).marginal;
    assert!((law.quantile(0.5) - 0.03).abs() < 1e-15);
    assert!((law.quantile(0.0) - 0.01).abs() < 1e-15);
    assert!((law.mean() - 0.03).abs() < 1e-15);

    let mut missing_column =
        Scenario::from_toml_str(&text.replace("\"chemicals\"", "\"chem\"")).unwrap();
    let err = missing_column
        .resolve_files(|_| Ok(csv.to_string()))
        .unwrap_err();
    let message = err.to_string();
    // `[[growth]]` opens line 19 of the text `scenario` builds.
    assert!(message.starts_with("19:1: growth[0].column"), "{message}");
    assert!(message.contains("no column \"chem\""), "{message}");
    assert!(message.contains("year, chemicals, fibre"), "{message}");

    let mut missing_file = Scenario::from_toml_str(&text).unwrap();
    let message = missing_file
        .resolve_files(|_| Err("No such file or directory".into()))
        .unwrap_err()
        .to_string();
    assert!(message.starts_with("19:1: growth[0].file"), "{message}");
    assert!(message.contains("\"history.csv\""), "{message}");
}

/// Collects every run's target metrics.
struct Collect(Vec<Vec<f64>>);

impl Observer for Collect {
    fn wants_runs(&self) -> bool {
        true
    }
    fn run(&mut self, record: RunRecord<'_>) {
        self.0.push(record.target_metrics.unwrap().to_vec());
    }
}

#[test]
fn spearman_kind_gives_the_requested_rank_correlation() {
    let text = scenario(
        r#"
[[sectors]]
id = "b"
name = "B"
base = 50.0

[[growth]]
sector = "a"
distribution = "pert"
min = -0.05
mode = 0.04
max = 0.20

[[growth]]
sector = "b"
distribution = "lognormal"
log_mean = 0.05
log_sd = 0.15

[[correlations]]
between = ["a", "b"]
kind = "spearman"
value = 0.7

[[targets]]
id = "ga"
label = "growth of A"
sector = "a"
measure = "final_demand"
kind = "growth"
year = 2026
at_least = 0.0

[[targets]]
id = "gb"
label = "growth of B"
sector = "b"
measure = "final_demand"
kind = "growth"
year = 2026
at_least = 0.0
"#,
    );
    let model = compile(&text).unwrap();
    // Kruskal (1958): for a bivariate normal with correlation ρ, Spearman's ρ_s =
    // (6/π) asin(ρ/2); ρ_s = 0.7 needs ρ = 2 sin(0.7π/6) = 0.716736…
    let rho = model.correlation().unwrap().matrix()[(0, 1)];
    assert!((rho - 0.716_735_899_090_600_5).abs() < 1e-12, "ρ = {rho}");
    let options = RunOptions {
        runs: 20_000,
        seed: 21,
        threads: Some(2),
        ..RunOptions::default()
    };
    let mut runs = Collect(Vec::new());
    simulate(&model, &options, &mut runs).unwrap();
    let a: Vec<f64> = runs.0.iter().map(|m| m[0]).collect();
    let b: Vec<f64> = runs.0.iter().map(|m| m[1]).collect();
    let rho_s = spearman(&a, &b).unwrap();
    assert!((rho_s - 0.7).abs() < 0.02, "sample Spearman {rho_s}");
}

#[test]
fn spearman_conversion_is_exact_at_the_ends_and_zero() {
    // ρ = 2 sin(πρ_s/6): sin(π/6) = 1/2 gives ±1 at ρ_s = ±1, and 0 at 0.
    assert!((copula_correlation_for_spearman(1.0) - 1.0).abs() < 1e-15);
    assert!((copula_correlation_for_spearman(-1.0) + 1.0).abs() < 1e-15);
    assert_eq!(
        copula_correlation_for_spearman(0.0).to_bits(),
        0.0_f64.to_bits()
    );
}

#[test]
fn repair_gives_a_positive_definite_matrix_at_repair_correlations_distance() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/bad/correlation-not-positive-definite.toml"
    ))
    .unwrap();
    let scenario = Scenario::from_toml_str(&text).unwrap();
    assert!(Model::compile(&scenario).is_err());
    let model = Model::compile_with(
        &scenario,
        &CompileOptions {
            repair_correlation: true,
        },
    )
    .unwrap();
    let repaired = model.correlation().unwrap().matrix().clone();
    assert!(repaired.clone().cholesky().is_some());
    let min_eigen = repaired.symmetric_eigenvalues().min();
    assert!(min_eigen > 0.0, "smallest eigenvalue {min_eigen}");

    // The fixture's matrix over (chemicals, fibre, energy), which is also the model order.
    let requested = DMatrix::from_row_slice(3, 3, &[1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0]);
    let labels: Vec<String> = ["chemicals", "fibre", "energy"].map(String::from).to_vec();
    let direct = repair_correlation(labels, requested.clone()).unwrap();
    let report = model.correlation_repair().unwrap();
    // Bit-identical: the model must use repair_correlation's result as it is.
    assert_eq!(report.distance.to_bits(), direct.distance.to_bits());
    assert!(((&repaired - &requested).norm() - report.distance).abs() < 1e-12);
    assert_eq!(&repaired, direct.matrix.matrix());
    // A valid matrix compiles unchanged and reports no repair.
    let fine = Model::compile_with(
        &Scenario::from_toml_str(&text.replace("-0.9", "0.8")).unwrap(),
        &CompileOptions {
            repair_correlation: true,
        },
    )
    .unwrap();
    assert!(fine.correlation_repair().is_none());
}
