//! `chainsim io` end to end: the real binary on CSV tables and a scenario, numbers checked
//! against Miller & Blair (2009) ("M&B") and closed forms derived in the comments.

use std::path::{Path, PathBuf};

use crate::common::{chainsim, stderr};
use crate::tolerance::{EXACT, PRINTED_2DP, PRINTED_6DP};

pub(crate) const MB: &str = "tests/data/io/miller-blair.csv";
pub(crate) const MB_JOBS: &str = "tests/data/io/miller-blair-employment.csv";
const MB_HOUSEHOLDS: &str = "tests/data/io/miller-blair-households.csv";
const MB_COEFFICIENTS: &str = "tests/data/io/miller-blair-coefficients.csv";
const TWO_REGION: &str = "tests/data/io/two-region.csv";

/// Runs a command that must succeed and returns its standard output.
pub(crate) fn ok(args: &[&str]) -> String {
    let output = chainsim(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// A fresh, not yet existing directory under the target directory.
pub(crate) fn scratch(name: &str) -> PathBuf {
    crate::common::scratch(&format!("io-{name}"))
}

/// `text` with the scratch directory `dir` written as `<scratch>`, for snapshots.
pub(crate) fn redact(text: &str, dir: &Path) -> String {
    text.replace(dir.to_str().unwrap(), "<scratch>")
}

/// CSV text as header-keyed rows (the fixtures' labels hold no commas or quotes).
pub(crate) fn csv_rows(text: &str) -> Vec<Vec<(String, String)>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), header.len(), "ragged CSV line {line:?}");
            header
                .iter()
                .zip(cells)
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

pub(crate) fn cell<'a>(row: &'a [(String, String)], column: &str) -> &'a str {
    &row.iter()
        .find(|(h, _)| h == column)
        .unwrap_or_else(|| panic!("no column {column:?}"))
        .1
}

pub(crate) fn number(row: &[(String, String)], column: &str) -> f64 {
    cell(row, column).parse().expect("a number")
}

/// The CSV row whose `sector` (and `scenario`, when given) match.
pub(crate) fn row_of<'a>(
    rows: &'a [Vec<(String, String)>],
    scenario: Option<&str>,
    sector: &str,
) -> &'a [(String, String)] {
    rows.iter()
        .find(|r| cell(r, "sector") == sector && scenario.is_none_or(|s| cell(r, "scenario") == s))
        .unwrap_or_else(|| panic!("no row for {sector}"))
}

pub(crate) fn assert_close(found: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (found - expected).abs() <= tol,
        "{what}: found {found}, expected {expected} ± {tol}"
    );
}

// M&B §6.2: simple output multipliers of Table 2.3, the column sums of L.
#[test]
fn multipliers_of_miller_blair_table_2_3() {
    insta::assert_snapshot!("multipliers-miller-blair", ok(&["io", "multipliers", MB]));

    let rows = csv_rows(&ok(&["io", "multipliers", MB, "--format", "csv"]));
    assert_eq!(rows.len(), 2);
    let expected = [("agriculture", 1.518152), ("manufacturing", 1.452145)];
    for (sector, m) in expected {
        assert_close(
            number(row_of(&rows, None, sector), "output_type_i"),
            m,
            PRINTED_6DP,
            sector,
        );
    }
    // The same table given as coefficients A with its total output.
    let rows = csv_rows(&ok(&[
        "io",
        "multipliers",
        "--coefficients",
        MB_COEFFICIENTS,
        "--format",
        "csv",
    ]));
    for (sector, m) in expected {
        assert_close(
            number(row_of(&rows, None, sector), "output_type_i"),
            m,
            PRINTED_6DP,
            sector,
        );
    }
}

// M&B §6.2 with labour coefficients [0.30, 0.25] (jobs [300, 500] over x = [1000, 2000]):
// employment multipliers e'L = [0.30·1.254125 + 0.25·0.264026, 0.30·0.330033 + 0.25·1.122112].
// Type II: Table 2.3 closed with wages [300, 500] and household spending [90, 50]; the
// numbers are docs/input-output.md's worked example, derived by hand (Schur complement) in
// crates/chainsim-io/tests/type_ii.rs.
#[test]
fn employment_and_type_ii_multipliers() {
    let rows = csv_rows(&ok(&[
        "io",
        "multipliers",
        MB_HOUSEHOLDS,
        "--households-row",
        "wages",
        "--households-col",
        "households",
        "--satellites",
        MB_JOBS,
        "--format",
        "csv",
    ]));
    let agriculture = row_of(&rows, None, "agriculture");
    let manufacturing = row_of(&rows, None, "manufacturing");
    assert_close(
        number(agriculture, "employment_total"),
        0.30 * 1.254125 + 0.25 * 0.264026,
        2.0 * PRINTED_6DP,
        "jobs",
    );
    assert_close(
        number(manufacturing, "employment_total"),
        0.30 * 0.330033 + 0.25 * 1.122112,
        2.0 * PRINTED_6DP,
        "jobs",
    );
    assert_close(
        number(agriculture, "output_type_ii"),
        1.642994,
        PRINTED_6DP,
        "II",
    );
    assert_close(
        number(manufacturing, "output_type_ii"),
        1.559286,
        PRINTED_6DP,
        "II",
    );
    assert_close(
        number(agriculture, "income_type_ii"),
        1.591047,
        PRINTED_6DP,
        "II",
    );
    assert_close(
        number(manufacturing, "income_type_ii"),
        1.638541,
        PRINTED_6DP,
        "II",
    );
}

// M&B ch. 12: G = (I − B)⁻¹ for Table 2.3.
#[test]
fn ghosh_inverse_of_miller_blair() {
    insta::assert_snapshot!("ghosh-miller-blair", ok(&["io", "ghosh", MB]));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["io", "ghosh", MB, "--format", "json"])).unwrap();
    assert_eq!(json["sectors"][1]["sector"], "manufacturing");
    let expected = [[1.254125, 0.660066], [0.132013, 1.122112]];
    for (i, row) in expected.iter().enumerate() {
        for (j, g) in row.iter().enumerate() {
            assert_close(
                json["inverse"][i][j].as_f64().unwrap(),
                *g,
                PRINTED_6DP,
                "G",
            );
        }
    }
    let rows = csv_rows(&ok(&["io", "ghosh", MB, "--format", "csv"]));
    let g12 = rows
        .iter()
        .find(|r| cell(r, "matrix") == "ghosh_inverse" && cell(r, "sector") == "agriculture")
        .unwrap();
    assert_close(number(g12, "manufacturing"), 0.660066, PRINTED_6DP, "g12");
}

// M&B §2.3.1: final demand from [350, 1700] to [600, 1500] gives x = [1247.52, 1841.58],
// and labour 0.30·x₁ = 374.26, 0.25·x₂ = 460.40 (from 300 and 500 jobs).
#[test]
fn demand_shock_of_miller_blair() {
    let args = [
        "io",
        "shock",
        MB,
        "--demand",
        "agriculture=+250",
        "--demand",
        "manufacturing=-200",
        "--satellites",
        MB_JOBS,
    ];
    insta::assert_snapshot!("shock-miller-blair", ok(&args));
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let rows = csv_rows(&ok(&csv_args));
    let expected = [
        ("agriculture", 247.52, 1247.52, 374.26 - 300.0),
        ("manufacturing", -158.42, 1841.58, 460.40 - 500.0),
    ];
    for (sector, dx, x, jobs) in expected {
        let row = row_of(&rows, Some("shock"), sector);
        assert_close(number(row, "output_change"), dx, PRINTED_2DP, sector);
        assert_close(number(row, "new_output"), x, PRINTED_2DP, sector);
        assert_close(number(row, "employment_change"), jobs, PRINTED_2DP, sector);
    }

    // The same change from a file, next to a second shock whose Δy = [0, −100] gives
    // Δx = −100 · (l₁₂, l₂₂) = −100 · (0.330033, 1.122112).
    let rows = csv_rows(&ok(&[
        "io",
        "shock",
        MB,
        "--demand-file",
        "tests/data/io/shock.csv",
        "--format",
        "csv",
    ]));
    assert_eq!(rows.len(), 4);
    let row = row_of(&rows, Some("new demand"), "manufacturing");
    assert_close(number(row, "output_change"), -158.42, PRINTED_2DP, "file");
    let row = row_of(&rows, Some("export loss"), "agriculture");
    assert_close(number(row, "output_change"), -33.0033, 1e-4, "l12");
    let row = row_of(&rows, Some("export loss"), "manufacturing");
    assert_close(number(row, "output_change"), -112.2112, 1e-4, "l22");
}

// M&B ch. 12: x' = v'G, so adding the base-year value added [650, 1400] once more adds the
// base-year output [1000, 2000].
#[test]
fn supply_shock_of_base_value_added_doubles_output() {
    let rows = csv_rows(&ok(&[
        "io",
        "shock",
        MB,
        "--supply",
        "agriculture=650",
        "--supply",
        "manufacturing=1400",
        "--format",
        "csv",
    ]));
    assert_close(
        number(row_of(&rows, None, "agriculture"), "output_change"),
        1000.0,
        EXACT,
        "x1",
    );
    assert_close(
        number(row_of(&rows, None, "manufacturing"), "new_output"),
        4000.0,
        EXACT,
        "x2",
    );
    assert!(rows[0].iter().any(|(h, _)| h == "value_added_change"));
}

// Linkages: the power of dispersion is n·mⱼ / Σ m with M&B's multipliers,
// 2·1.518152 / 2.970297 = 1.022222; with Ghosh forward linkages (row sums of G,
// 1.914191 and 1.254125) agriculture is a key sector and manufacturing weak.
#[test]
fn linkages_classify_miller_blair() {
    let rows = csv_rows(&ok(&["io", "linkages", MB, "--format", "csv"]));
    let agriculture = row_of(&rows, None, "agriculture");
    assert_close(
        number(agriculture, "backward"),
        2.0 * 1.518152 / (1.518152 + 1.452145),
        2.0 * PRINTED_6DP,
        "BL",
    );
    assert_close(
        number(agriculture, "forward_ghosh_total"),
        1.254125 + 0.660066,
        2.0 * PRINTED_6DP,
        "FL",
    );
    assert_eq!(cell(agriculture, "class"), "key");
    assert_eq!(cell(row_of(&rows, None, "manufacturing"), "class"), "weak");
}

// Extraction of agriculture's purchases, by hand: with column 1 of A zero and f = [350, 1700],
// x̄₂ = 1700/0.95 and x̄₁ = 350 + 0.25·x̄₂, so the loss is 3000 − x̄₁ − x̄₂.
#[test]
fn extraction_of_miller_blair() {
    let rows = csv_rows(&ok(&["io", "extraction", MB, "--format", "csv"]));
    let x2 = 1700.0 / 0.95;
    assert_close(
        number(row_of(&rows, None, "agriculture"), "purchases"),
        3000.0 - (350.0 + 0.25 * x2) - x2,
        EXACT,
        "purchases",
    );
    // Both extracted: agriculture serves only its own final demand (x₁ = 350) and
    // manufacturing buys nothing from it: x₂ = 1700/0.95.
    assert_close(
        number(row_of(&rows, None, "agriculture"), "both"),
        3000.0 - 350.0 - x2,
        EXACT,
        "both",
    );
}

// RAS of a uniform 2 × 2 prior: the result is the outer product of the margins over the
// total, [[3·4, 3·6], [7·4, 7·6]] / 10 (it keeps the cross-product ratio 1).
#[test]
fn ras_of_a_uniform_prior() {
    let dir = scratch("ras");
    let out = dir.join("updated.csv");
    let table = ok(&[
        "io",
        "ras",
        "tests/data/io/ras-prior.csv",
        "--rows",
        "tests/data/io/ras-rows.csv",
        "--cols",
        "tests/data/io/ras-cols.csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    insta::assert_snapshot!("ras-uniform-prior", redact(&table, &dir));
    let written = std::fs::read_to_string(&out).unwrap();
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some(",a,b"));
    let expected = [("a", [1.2, 1.8]), ("b", [2.8, 4.2])];
    for ((label, values), line) in expected.iter().zip(lines) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], *label);
        for (cell, v) in cells[1..].iter().zip(values) {
            assert_close(cell.parse().unwrap(), *v, EXACT, label);
        }
    }
}

// Merging each region's two sectors: flows S Z Sᵀ, output S x, final demand S Y, value
// added V Sᵀ, summed by hand from tests/data/io/two-region.csv.
#[test]
fn aggregate_keeps_region_labels() {
    let dir = scratch("aggregate");
    let out = dir.join("regions.csv");
    let table = ok(&[
        "io",
        "aggregate",
        TWO_REGION,
        "--region-separator",
        "/",
        "--map",
        "tests/data/io/two-region-map.csv",
        "--satellites",
        "tests/data/io/two-region-jobs.csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    insta::assert_snapshot!("aggregate-two-region", redact(&table, &dir));
    let sheet = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        sheet,
        "\
,Jilin City/goods,rest of China/goods,households,other final demand,total output
Jilin City/goods,135,50,140,75,400
rest of China/goods,85,1650,1900,865,4500
value added,180,2800,,,
"
    );
    let jobs = std::fs::read_to_string(dir.join("regions.satellites.csv")).unwrap();
    assert_eq!(jobs, ",Jilin City/goods,rest of China/goods\njobs,50,250\n");

    // The aggregated sheet reads back with its (region, sector) labels.
    let rows = csv_rows(&ok(&[
        "io",
        "multipliers",
        out.to_str().unwrap(),
        "--region-separator",
        "/",
        "--format",
        "csv",
    ]));
    assert_eq!(cell(&rows[0], "region"), "Jilin City");
    assert_eq!(cell(&rows[0], "sector"), "goods");
    assert_eq!(cell(&rows[1], "region"), "rest of China");

    // JSON keeps the pair too.
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "io",
        "aggregate",
        TWO_REGION,
        "--region-separator",
        "/",
        "--map",
        "tests/data/io/two-region-map.csv",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["sectors"][1]["region"], "rest of China");
    assert_eq!(json["sectors"][1]["sector"], "goods");
    assert_eq!(json["output"][0].as_f64(), Some(400.0));
}

#[test]
fn multi_region_reports_carry_region_and_sector() {
    insta::assert_snapshot!(
        "linkages-two-region",
        ok(&["io", "linkages", TWO_REGION, "--region-separator", "/"])
    );
    let rows = csv_rows(&ok(&[
        "io",
        "multipliers",
        TWO_REGION,
        "--region-separator",
        "/",
        "--format",
        "csv",
    ]));
    let regions: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (cell(r, "region"), cell(r, "sector")))
        .collect();
    assert_eq!(
        regions,
        [
            ("Jilin City", "agriculture"),
            ("Jilin City", "manufacturing"),
            ("rest of China", "agriculture"),
            ("rest of China", "manufacturing")
        ]
    );
}

#[test]
fn out_file_is_json_or_csv_by_extension() {
    let dir = scratch("out");
    let json_path = dir.join("m.json");
    let csv_path = dir.join("m.csv");
    for path in [&json_path, &csv_path] {
        ok(&["io", "multipliers", MB, "--out", path.to_str().unwrap()]);
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(json["sectors"][0]["sector"], "agriculture");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("region,sector,output_type_i,"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn shipped_scenario_is_an_input() {
    insta::assert_snapshot!(
        "multipliers-jilin-2030",
        ok(&["io", "multipliers", "scenarios/jilin-2030.toml"])
    );
    // Base-year output is known, so the supply side works too.
    ok(&["io", "ghosh", "scenarios/jilin-2030.toml"]);
    ok(&[
        "io",
        "shock",
        "scenarios/jilin-2030.toml",
        "--demand",
        "carbon_fibre=+10",
    ]);
}

/// Runs `chainsim io <args> --out <scratch>/report.csv` on a bad input: exit 1, one line on
/// stderr that starts with the file or argument at fault and says what is wrong (the
/// snapshot `bad-<name>`), nothing on stdout and no output file.
pub(crate) fn check_error(name: &str, args: &[&str]) {
    let dir = scratch(&format!("bad-{name}"));
    let out = dir.join("report.csv");
    let mut full = vec!["io"];
    full.extend_from_slice(args);
    full.extend(["--out", out.to_str().unwrap()]);
    let output = chainsim(&full);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
    assert_eq!(
        message.lines().count(),
        1,
        "{args:?}: not one line: {message}"
    );
    assert!(message.starts_with("error: "), "{args:?}: {message}");
    assert!(output.stdout.is_empty(), "{args:?}: printed to stdout");
    assert!(!dir.exists(), "{args:?}: wrote output despite the error");
    insta::with_settings!({
        description => format!("chainsim io {} --out <scratch>/report.csv", args.join(" ")),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("bad-{name}"), message);
    });
}

#[test]
fn bad_ragged() {
    check_error("ragged", &["multipliers", "tests/data/io/bad/ragged.csv"]);
}

#[test]
fn bad_labels_out_of_order() {
    check_error(
        "labels-out-of-order",
        &["multipliers", "tests/data/io/bad/labels-out-of-order.csv"],
    );
}

#[test]
fn bad_negative_flow() {
    check_error(
        "negative-flow",
        &["multipliers", "tests/data/io/bad/negative-flow.csv"],
    );
}

#[test]
fn bad_zero_output() {
    check_error(
        "zero-output",
        &["multipliers", "tests/data/io/bad/zero-output.csv"],
    );
}

#[test]
fn bad_not_productive() {
    check_error(
        "not-productive",
        &["linkages", "tests/data/io/bad/not-productive.csv"],
    );
}

#[test]
fn bad_singular() {
    check_error(
        "singular",
        &["shock", "tests/data/io/bad/singular.csv", "--demand", "a=1"],
    );
}

#[test]
fn bad_nan() {
    check_error("nan", &["multipliers", "tests/data/io/bad/nan.csv"]);
}

#[test]
fn bad_infinite() {
    check_error("infinite", &["ghosh", "tests/data/io/bad/infinite.csv"]);
}

#[test]
fn bad_not_a_number() {
    check_error(
        "not-a-number",
        &["multipliers", "tests/data/io/bad/not-a-number.csv"],
    );
}

#[test]
fn bad_non_square_coefficients() {
    check_error(
        "non-square-coefficients",
        &[
            "multipliers",
            "--coefficients",
            "tests/data/io/bad/non-square-coefficients.csv",
        ],
    );
}

#[test]
fn bad_negative_coefficient() {
    check_error(
        "negative-coefficient",
        &[
            "linkages",
            "--coefficients",
            "tests/data/io/bad/negative-coefficient.csv",
        ],
    );
}

#[test]
fn bad_satellites_wrong_sectors() {
    check_error(
        "satellites-wrong-sectors",
        &[
            "multipliers",
            MB,
            "--satellites",
            "tests/data/io/bad/satellites-wrong-sectors.csv",
        ],
    );
}

#[test]
fn bad_ras_cols_inconsistent() {
    check_error(
        "ras-cols-inconsistent",
        &[
            "ras",
            "tests/data/io/ras-prior.csv",
            "--rows",
            "tests/data/io/ras-rows.csv",
            "--cols",
            "tests/data/io/bad/ras-cols-inconsistent.csv",
        ],
    );
}

#[test]
fn bad_map_unknown_sector() {
    check_error(
        "map-unknown-sector",
        &[
            "aggregate",
            MB,
            "--map",
            "tests/data/io/bad/map-unknown-sector.csv",
        ],
    );
}

#[test]
fn bad_map_missing_sector() {
    check_error(
        "map-missing-sector",
        &[
            "aggregate",
            MB,
            "--map",
            "tests/data/io/bad/map-missing-sector.csv",
        ],
    );
}

#[test]
fn bad_shock_unknown_sector() {
    check_error(
        "shock-unknown-sector",
        &[
            "shock",
            MB,
            "--demand-file",
            "tests/data/io/bad/shock-unknown-sector.csv",
        ],
    );
}

#[test]
fn bad_demand_unknown_sector() {
    check_error(
        "demand-unknown-sector",
        &["shock", MB, "--demand", "mining=+3"],
    );
}

#[test]
fn bad_supply_not_finite() {
    check_error(
        "supply-not-finite",
        &["shock", MB, "--supply", "agriculture=NaN"],
    );
}

#[test]
fn bad_coefficients_only() {
    check_error(
        "coefficients-only",
        &[
            "ghosh",
            "--coefficients",
            "tests/data/io/bad/coefficients-only.csv",
        ],
    );
}

#[test]
fn bad_no_such_table() {
    check_error(
        "no-such-table",
        &["multipliers", "tests/data/io/no-such-table.csv"],
    );
}
