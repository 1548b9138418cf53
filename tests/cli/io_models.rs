//! `chainsim io coefficients`, `inverse`, `prices`, `mixed`, `regionalize` and `ras
//! --prior-coefficients` end to end, checked against Miller & Blair (2009) ("M&B") and
//! closed forms derived in the comments. Error lines are snapshotted as `cli__io__bad-*`
//! by `io::check_error`.

use crate::io::{
    MB, MB_JOBS, assert_close, cell, check_error, csv_rows, number, ok, redact, row_of, scratch,
};
use crate::tolerance::{EXACT, PRINTED_3DP, PRINTED_6DP};

const THREE: &str = "tests/data/io/three-sector.csv";
const THREE_REGION: &str = "tests/data/io/three-sector-region.csv";
const MB_REGION: &str = "tests/data/io/miller-blair-region.csv";
const MB_REGION_JOBS: &str = "tests/data/io/miller-blair-region-jobs.csv";

/// det(I − A) of M&B Table 2.3: 0.85·0.95 − 0.25·0.20.
const DET: f64 = 0.7575;

// M&B Table 2.3: A = Z x̂⁻¹ = [[150/1000, 500/2000], [200/1000, 100/2000]], and Table 2.4:
// L = [[1.254, 0.330], [0.264, 1.122]] to three decimals; exactly
// L = [[0.95, 0.25], [0.20, 0.85]] / 0.7575.
#[test]
fn coefficients_and_inverse_of_miller_blair() {
    insta::assert_snapshot!("coefficients-miller-blair", ok(&["io", "coefficients", MB]));
    insta::assert_snapshot!("inverse-miller-blair", ok(&["io", "inverse", MB]));

    let rows = csv_rows(&ok(&["io", "coefficients", MB, "--format", "csv"]));
    let expected_a = [
        ("agriculture", [0.15, 0.25]),
        ("manufacturing", [0.20, 0.05]),
    ];
    for (sector, a) in expected_a {
        let row = row_of(&rows, None, sector);
        assert_close(number(row, "agriculture"), a[0], EXACT, sector);
        assert_close(number(row, "manufacturing"), a[1], EXACT, sector);
    }

    let json: serde_json::Value =
        serde_json::from_str(&ok(&["io", "inverse", MB, "--format", "json"])).unwrap();
    assert_eq!(json["kind"], "leontief_inverse");
    let printed = [[1.254, 0.330], [0.264, 1.122]];
    let exact = [[0.95 / DET, 0.25 / DET], [0.20 / DET, 0.85 / DET]];
    for i in 0..2 {
        for j in 0..2 {
            let l = json["matrix"][i][j].as_f64().unwrap();
            assert_close(l, printed[i][j], PRINTED_3DP, "L (Table 2.4)");
            assert_close(l, exact[i][j], EXACT, "L (closed form)");
        }
    }
    // Column sums of L are M&B §6.2's output multipliers [1.518152, 1.452145].
    let sums = &json["column_sums"];
    assert_close(sums[0].as_f64().unwrap(), 1.518152, PRINTED_6DP, "m(o)₁");
    assert_close(sums[1].as_f64().unwrap(), 1.452145, PRINTED_6DP, "m(o)₂");
}

// The price model on M&B Table 2.3, index form (v = [0.65, 0.70], base prices 1).
// Agriculture +30%: manufacturing's price covers 0.25 of agriculture at 1.3, 0.05 of
// itself and 0.70 of value added, p₂ = (0.25·1.3 + 0.70)/0.95 = 1.025/0.95, a rise of
// 100·(1.025/0.95 − 1) = 7.894737%. Given at its base price, nothing moves.
#[test]
fn prices_of_an_agricultural_shock() {
    insta::assert_snapshot!(
        "prices-miller-blair",
        ok(&["io", "prices", MB, "--shock", "agriculture=+30%"])
    );
    for args in [
        ["--shock", "agriculture=+30%"],
        ["--price", "agriculture=1.3"],
    ] {
        let mut full = vec!["io", "prices", MB, "--format", "csv"];
        full.extend(args);
        let rows = csv_rows(&ok(&full));
        let manufacturing = row_of(&rows, None, "manufacturing");
        assert_eq!(cell(manufacturing, "given"), "false");
        assert_close(
            number(manufacturing, "price_index"),
            1.025 / 0.95,
            EXACT,
            "p₂",
        );
        assert_close(
            number(manufacturing, "change_percent"),
            7.894737,
            PRINTED_6DP,
            "Δp₂ %",
        );
        assert_close(
            number(row_of(&rows, None, "agriculture"), "price_index"),
            1.3,
            EXACT,
            "p₁",
        );
    }
    let rows = csv_rows(&ok(&[
        "io",
        "prices",
        THREE,
        "--price",
        "services=1",
        "--format",
        "csv",
    ]));
    for sector in ["crude oil", "chemicals", "services"] {
        assert_close(
            number(row_of(&rows, None, sector), "price_index"),
            1.0,
            EXACT,
            sector,
        );
    }
}

// Crude oil +30% on the three-sector table (A = [[0.10, 0.20, 0.05], [0.15, 0.10, 0.20],
// [0.05, 0.10, 0.15]], v = [0.70, 0.60, 0.60]): 0.90 p₁ − 0.10 p₂ = 0.20·1.3 + 0.60 and
// −0.20 p₁ + 0.85 p₂ = 0.05·1.3 + 0.60, determinant 0.745, so p₁ = 0.7975/0.745 and
// p₂ = 0.7705/0.745.
#[test]
fn prices_of_an_oil_shock() {
    let rows = csv_rows(&ok(&[
        "io",
        "prices",
        THREE,
        "--shock",
        "crude oil=+30%",
        "--format",
        "csv",
    ]));
    for (sector, p) in [("chemicals", 0.7975 / 0.745), ("services", 0.7705 / 0.745)] {
        assert_close(
            number(row_of(&rows, None, sector), "price_index"),
            p,
            EXACT,
            sector,
        );
    }
}

// M&B Table 2.3 with manufacturing fixed at 1500. With agriculture's final demand 600:
// x₁ = (600 + 0.25·1500)/0.85 = 975/0.85, and manufacturing's final demand is what is left,
// f₂ = 0.95·1500 − 0.20·x₁. Without --demand, agriculture keeps its base demand 350:
// x₁ = (350 + 375)/0.85 = 725/0.85.
#[test]
fn mixed_model_of_miller_blair() {
    insta::assert_snapshot!(
        "mixed-miller-blair",
        ok(&[
            "io",
            "mixed",
            MB,
            "--fixed",
            "manufacturing=1500",
            "--demand",
            "agriculture=600"
        ])
    );
    for (demand, f1) in [(Some("agriculture=600"), 600.0), (None, 350.0)] {
        let mut args = vec!["io", "mixed", MB, "--fixed", "manufacturing=1500"];
        if let Some(d) = demand {
            args.extend(["--demand", d]);
        }
        args.extend(["--format", "csv"]);
        let rows = csv_rows(&ok(&args));
        let x1 = (f1 + 0.25 * 1500.0) / 0.85;
        let agriculture = row_of(&rows, None, "agriculture");
        assert_eq!(cell(agriculture, "fixed"), "false");
        assert_close(number(agriculture, "output"), x1, EXACT, "x₁");
        assert_close(number(agriculture, "final_demand"), f1, EXACT, "f₁");
        let manufacturing = row_of(&rows, None, "manufacturing");
        assert_close(number(manufacturing, "output"), 1500.0, EXACT, "x₂");
        assert_close(
            number(manufacturing, "final_demand"),
            0.95 * 1500.0 - 0.20 * x1,
            EXACT,
            "f₂",
        );
        assert_close(
            number(manufacturing, "base_final_demand"),
            1700.0,
            EXACT,
            "base f₂",
        );
    }
}

// RAS of M&B's A₀ = [[0.15, 0.25], [0.20, 0.05]] to x₁ = [1200, 2100], u₁ = [700, 400],
// v₁ = [400, 700]. The margins force Z₁ = [[a, 700 − a], [400 − a, a]], and RAS keeps Z₀'s
// cross-product ratio a₁₁a₂₂/(a₁₂a₂₁) = 0.15: 0.85 a² + 165 a − 42000 = 0, so
// a = (−165 + √170025)/1.7. The CSV is A₁ with its total output, read back by
// `--coefficients`.
#[test]
fn ras_of_a_coefficient_prior() {
    let dir = scratch("ras-coefficients");
    let out = dir.join("a1.csv");
    let table = ok(&[
        "io",
        "ras",
        "tests/data/io/ras-prior-coefficients.csv",
        "--prior-coefficients",
        "--total-output",
        "tests/data/io/ras-total-output.csv",
        "--rows",
        "tests/data/io/ras-coefficient-rows.csv",
        "--cols",
        "tests/data/io/ras-coefficient-cols.csv",
        "--tolerance",
        "1e-13",
        "--out",
        out.to_str().unwrap(),
    ]);
    insta::assert_snapshot!("ras-coefficient-prior", redact(&table, &dir));
    let a = (-165.0 + 170025.0f64.sqrt()) / 1.7;
    let expected = [
        ("agriculture", [a / 1200.0, (700.0 - a) / 2100.0], 1200.0),
        ("manufacturing", [(400.0 - a) / 1200.0, a / 2100.0], 2100.0),
    ];
    let rows = csv_rows(
        &std::fs::read_to_string(&out)
            .unwrap()
            .replacen(',', "sector,", 1),
    );
    for (sector, coefficients, x) in expected {
        let row = row_of(&rows, None, sector);
        assert_close(number(row, "agriculture"), coefficients[0], EXACT, sector);
        assert_close(number(row, "manufacturing"), coefficients[1], EXACT, sector);
        assert_close(number(row, "total output"), x, EXACT, sector);
    }
    // Read back as a coefficient table: its flows are Z₁.
    let flows = csv_rows(&ok(&[
        "io",
        "ghosh",
        "--coefficients",
        out.to_str().unwrap(),
        "--format",
        "csv",
    ]));
    let b11 = flows
        .iter()
        .find(|r| cell(r, "matrix") == "allocation" && cell(r, "sector") == "agriculture")
        .unwrap();
    // b₁₁ = z₁₁ / x₁ = a / 1200.
    assert_close(number(b11, "agriculture"), a / 1200.0, EXACT, "b₁₁");
}

// M&B Table 2.3 as the nation (output [1000, 2000]) and a region with output [60, 40]:
// SLQ = [(60/100)/(1000/3000), (40/100)/(2000/3000)] = [1.8, 0.6], so
// Aʳ = [[0.15, 0.25], [0.12, 0.03]] and Zʳ = [[9, 10], [7.2, 1.2]]. The written table reads
// back: det(I − Aʳ) = 0.85·0.97 − 0.25·0.12 = 0.7945 and the output multipliers are
// [(0.97 + 0.12)/0.7945, (0.25 + 0.85)/0.7945].
#[test]
fn regionalize_miller_blair_by_slq() {
    let dir = scratch("regionalize-slq");
    let out = dir.join("city.csv");
    let table = ok(&[
        "io",
        "regionalize",
        MB,
        "--regional",
        MB_REGION,
        "--method",
        "slq",
        "--out",
        out.to_str().unwrap(),
    ]);
    insta::assert_snapshot!("regionalize-miller-blair-slq", redact(&table, &dir));
    let quotients = csv_rows(&std::fs::read_to_string(dir.join("city.quotients.csv")).unwrap());
    assert_close(
        number(row_of(&quotients, None, "agriculture"), "slq"),
        1.8,
        EXACT,
        "SLQ₁",
    );
    assert_close(
        number(row_of(&quotients, None, "manufacturing"), "agriculture"),
        0.6,
        EXACT,
        "q₂₁",
    );
    let rows = csv_rows(&ok(&[
        "io",
        "multipliers",
        out.to_str().unwrap(),
        "--format",
        "csv",
    ]));
    for (sector, m) in [
        ("agriculture", 1.09 / 0.7945),
        ("manufacturing", 1.1 / 0.7945),
    ] {
        assert_close(
            number(row_of(&rows, None, sector), "output_type_i"),
            m,
            EXACT,
            sector,
        );
    }
    let flows = csv_rows(
        &std::fs::read_to_string(&out)
            .unwrap()
            .replacen(',', "row,", 1),
    );
    let manufacturing = flows
        .iter()
        .find(|r| cell(r, "row") == "manufacturing")
        .unwrap();
    assert_close(number(manufacturing, "agriculture"), 7.2, EXACT, "z₂₁");
    let imports = flows.iter().find(|r| cell(r, "row") == "imports").unwrap();
    // (0.20 − 0.12)·60 and (0.05 − 0.03)·40.
    assert_close(number(imports, "agriculture"), 4.8, EXACT, "imports₁");
    assert_close(number(imports, "manufacturing"), 0.8, EXACT, "imports₂");
}

// FLQ (δ = 0.3) on the three-sector table, nation [200, 300, 500] and region [30, 15, 55]:
// SLQ = [1.5, 0.5, 1.1], xʳ/xⁿ = 0.1 and λ = [log₂ 1.1]^0.3 = 0.1375035^0.3 = 0.551435. Chemicals'
// sales to crude oil keep (0.5/1.5)·λ = 0.183812 of the national 0.15, its own use
// 0.5·λ = 0.275717; crude oil's sales to chemicals (1.5/0.5)·λ > 1 stay national.
#[test]
fn regionalize_three_sectors_by_flq() {
    let dir = scratch("regionalize-flq");
    let out = dir.join("region.json");
    ok(&[
        "io",
        "regionalize",
        THREE,
        "--regional",
        THREE_REGION,
        "--out",
        out.to_str().unwrap(),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["quotient"]["method"], "flq");
    assert_close(json["lambda"].as_f64().unwrap(), 0.551435, PRINTED_6DP, "λ");
    let factors = &json["factors"];
    assert_close(
        factors[1][0].as_f64().unwrap(),
        0.183812,
        PRINTED_6DP,
        "q₂₁",
    );
    assert_close(
        factors[1][1].as_f64().unwrap(),
        0.275717,
        PRINTED_6DP,
        "q₂₂",
    );
    assert_close(factors[0][1].as_f64().unwrap(), 1.0, EXACT, "q₁₂");
    let a = &json["coefficients"];
    assert_close(
        a[1][0].as_f64().unwrap(),
        0.15 * 0.183812,
        PRINTED_6DP,
        "aʳ₂₁",
    );
    assert_close(a[0][1].as_f64().unwrap(), 0.20, EXACT, "aʳ₁₂");
    assert!(json["table"].is_object());
}

// By employment: national jobs [300, 500] (tests/data/io/miller-blair-employment.csv) and
// regional jobs [60, 40]: SLQ = [(60/100)/(300/800), (40/100)/(500/800)] = [1.6, 0.64], so
// aʳ₂₁ = 0.64·0.20 = 0.128; with regional output [50, 30], zʳ₂₁ = 0.128·50 = 6.4.
#[test]
fn regionalize_by_employment() {
    let rows = csv_rows(
        &ok(&[
            "io",
            "regionalize",
            MB,
            "--satellites",
            MB_JOBS,
            "--regional",
            MB_REGION_JOBS,
            "--measure",
            "employment",
            "--method",
            "slq",
            "--format",
            "csv",
        ])
        .replacen(',', "row,", 1),
    );
    let manufacturing = rows
        .iter()
        .find(|r| cell(r, "row") == "manufacturing")
        .unwrap();
    assert_close(number(manufacturing, "agriculture"), 6.4, EXACT, "z₂₁");
    assert_close(number(manufacturing, "total output"), 30.0, EXACT, "x₂");
}

#[test]
fn bad_region_unknown_sector() {
    check_error(
        "region-unknown-sector",
        &[
            "regionalize",
            MB,
            "--regional",
            "tests/data/io/bad/region-unknown-sector.csv",
        ],
    );
}

#[test]
fn bad_region_exceeds_nation() {
    check_error(
        "region-exceeds-nation",
        &[
            "regionalize",
            MB,
            "--regional",
            "tests/data/io/bad/region-exceeds-nation.csv",
            "--method",
            "aflq",
        ],
    );
}

#[test]
fn bad_delta_out_of_range() {
    check_error(
        "delta-out-of-range",
        &["regionalize", MB, "--regional", MB_REGION, "--delta", "1"],
    );
}

#[test]
fn bad_measure_without_account() {
    check_error(
        "measure-without-account",
        &[
            "regionalize",
            MB,
            "--regional",
            MB_REGION_JOBS,
            "--measure",
            "employment",
        ],
    );
}

#[test]
fn bad_price_shock_not_percent() {
    check_error(
        "price-shock-not-percent",
        &["prices", MB, "--shock", "agriculture=30"],
    );
}

#[test]
fn bad_price_not_positive() {
    check_error(
        "price-not-positive",
        &["prices", MB, "--shock", "agriculture=-100%"],
    );
}

#[test]
fn bad_mixed_demand_for_fixed_sector() {
    check_error(
        "mixed-demand-for-fixed-sector",
        &[
            "mixed",
            MB,
            "--fixed",
            "manufacturing=1500",
            "--demand",
            "manufacturing=3",
        ],
    );
}

#[test]
fn bad_mixed_negative_output() {
    check_error(
        "mixed-negative-output",
        &["mixed", MB, "--fixed", "manufacturing=-1"],
    );
}

#[test]
fn bad_ras_total_output_wrong_sectors() {
    check_error(
        "ras-total-output-wrong-sectors",
        &[
            "ras",
            "tests/data/io/ras-prior.csv",
            "--prior-coefficients",
            "--total-output",
            "tests/data/io/ras-total-output.csv",
            "--rows",
            "tests/data/io/ras-rows.csv",
            "--cols",
            "tests/data/io/ras-cols.csv",
        ],
    );
}
