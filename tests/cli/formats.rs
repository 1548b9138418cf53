//! `chainsim io` on tables in the formats researchers hold, read through chainsim-tables:
//! the numbers against the peer tool or the published table, and bad files refused on one
//! line with no output.

use nalgebra::{DMatrix, DVector};
use serde_json::Value;

use crate::common::{chainsim, scratch, stderr, stdout};
use crate::tolerance::{PEER_RELATIVE, assert_close};

/// `chainsim io multipliers FILE --format json` with `extra` arguments, parsed.
fn multipliers_json(file: &str, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["io", "multipliers", file, "--format", "json"];
    args.extend_from_slice(extra);
    let out = chainsim(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    (serde_json::from_str(&stdout(&out)).unwrap(), stderr(&out))
}

#[test]
fn a_pymrio_folder_gives_pymrios_own_multipliers() {
    let (report, notes) = multipliers_json("tests/data/tables/pymrio/test_mrio", &[]);
    assert!(notes.contains("in the pymrio format (detected"), "{notes}");
    // Written by pymrio 0.7.0's calc_all() on the same folder (tests/data/tables/pymrio/expected.py).
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/tables/pymrio/expected.json").unwrap(),
    )
    .unwrap();
    let labels = expected["sectors"].as_array().unwrap();
    let sectors = report["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), labels.len());
    for ((row, label), want) in sectors
        .iter()
        .zip(labels)
        .zip(expected["output_multipliers"].as_array().unwrap())
    {
        let name = format!(
            "{}/{}",
            row["region"].as_str().unwrap(),
            row["sector"].as_str().unwrap()
        );
        assert_eq!(name, label.as_str().unwrap());
        assert_close(
            row["output_type_i"].as_f64().unwrap(),
            want.as_f64().unwrap(),
            PEER_RELATIVE,
        );
    }
    // Every extension's M = S L, sector by sector.
    let satellites = report["satellites"].as_array().unwrap();
    let mut checked = 0;
    for (account, values) in expected["satellite_multipliers"].as_object().unwrap() {
        let rows: Vec<&Value> = satellites
            .iter()
            .filter(|r| r["account"].as_str() == Some(account.as_str()))
            .collect();
        assert_eq!(rows.len(), labels.len(), "{account}");
        for (row, want) in rows.iter().zip(values.as_array().unwrap()) {
            assert_close(
                row["total"].as_f64().unwrap(),
                want.as_f64().unwrap(),
                PEER_RELATIVE,
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * 48);
}

#[test]
fn an_exiobase_zip_reads_like_its_folder() {
    let (zip, _) = multipliers_json(
        "tests/data/tables/exiobase/zip/IOT_2022_pxp.zip",
        &["--input-format", "exiobase"],
    );
    let (folder, notes) = multipliers_json("tests/data/tables/exiobase/folder/IOT_2022_pxp", &[]);
    assert!(
        notes.contains("in the exiobase format (detected"),
        "{notes}"
    );
    // pymrio's parse_exiobase3 + calc_all() on the same files (tests/data/tables/exiobase/expected.py).
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/tables/exiobase/expected.json").unwrap(),
    )
    .unwrap();
    // The zip holds A and x only (Z = A x̂); the folder Z: the same system either way.
    assert_eq!(
        expected["zip"]["output_multipliers"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    for report in [&zip, &folder] {
        let got: Vec<f64> = report["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["output_type_i"].as_f64().unwrap())
            .collect();
        let want = expected["folder"]["output_multipliers"].as_array().unwrap();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert_close(*g, w.as_f64().unwrap(), PEER_RELATIVE);
        }
    }
}

/// The OECD ICIO fixture's Z and x, read here from the file's rows as the OECD lays them
/// out (industries first, `OUT` last), independently of chainsim-tables.
fn icio_by_hand() -> (DMatrix<f64>, DVector<f64>) {
    let text = std::fs::read_to_string("tests/data/tables/oecd-icio/ICIO2023_2020.csv").unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let n = rows[0]
        .iter()
        .filter(|c| c.ends_with("_A01_02") || c.ends_with("_C20"))
        .count();
    let z = DMatrix::from_fn(n, n, |i, j| rows[i + 1][j + 1].parse().unwrap());
    let x = DVector::from_fn(n, |i, _| rows[i + 1].last().unwrap().parse().unwrap());
    (z, x)
}

#[test]
fn an_oecd_icio_table_gives_the_multipliers_of_its_own_numbers() {
    let (report, notes) = multipliers_json("tests/data/tables/oecd-icio/ICIO2023_2020.csv", &[]);
    assert!(
        notes.contains("in the oecd-icio format (detected"),
        "{notes}"
    );
    let (z, x) = icio_by_hand();
    let n = x.len();
    let a = DMatrix::from_fn(n, n, |i, j| z[(i, j)] / x[j]);
    let l = (DMatrix::identity(n, n) - a).try_inverse().unwrap();
    let sectors = report["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), n);
    for (j, row) in sectors.iter().enumerate() {
        assert_close(
            row["output_type_i"].as_f64().unwrap(),
            l.column(j).sum(),
            PEER_RELATIVE,
        );
    }
    assert_eq!(sectors[3]["region"], "CHN");
    assert_eq!(sectors[3]["sector"], "C20");
}

#[test]
fn a_workbook_sheet_gives_miller_and_blairs_multipliers() {
    let (report, _) = multipliers_json("tests/data/tables/xlsx/miller-blair.xlsx", &[]);
    // Miller & Blair (2009), Table 2.3: L = [[1.254, 0.330], [0.264, 1.122]] to three
    // decimals; exactly, det(I - A) = 0.85 · 0.95 − 0.25 · 0.20 = 0.7575, so the column
    // sums are (0.95 + 0.20) / 0.7575 and (0.25 + 0.85) / 0.7575.
    let sectors = report["sectors"].as_array().unwrap();
    assert_close(
        sectors[0]["output_type_i"].as_f64().unwrap(),
        1.15 / 0.7575,
        PEER_RELATIVE,
    );
    assert_close(
        sectors[1]["output_type_i"].as_f64().unwrap(),
        1.10 / 0.7575,
        PEER_RELATIVE,
    );
}

#[test]
fn a_bad_table_in_any_format_is_one_line_naming_the_label_and_writes_nothing() {
    for (file, extra, label) in [
        (
            "tests/data/tables/oecd-icio/ragged.csv",
            &[][..],
            "CHN_A01_02",
        ),
        (
            "tests/data/tables/oecd-icio/missing-out.csv",
            &[][..],
            "OUT",
        ),
        (
            "tests/data/tables/eurostat/mixed-units.tsv",
            &[][..],
            "unit",
        ),
        (
            "tests/data/tables/eurostat/confidential.tsv",
            &[][..],
            "confidential",
        ),
    ] {
        let dir = scratch(&format!("bad-format-{}", file.replace('/', "-")));
        std::fs::create_dir_all(&dir).unwrap();
        let out_file = dir.join("report.csv");
        let mut args = vec![
            "io",
            "multipliers",
            file,
            "--out",
            out_file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = chainsim(&args);
        assert_eq!(out.status.code(), Some(1), "{file}: {}", stderr(&out));
        let message = stderr(&out);
        let errors: Vec<&str> = message
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect();
        assert_eq!(errors.len(), 1, "{file}: {message}");
        assert!(errors[0].contains(file), "{file}: {message}");
        assert!(errors[0].contains(label), "{file}: {message}");
        assert!(!out_file.exists(), "{file} wrote {}", out_file.display());
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn an_unknown_format_name_lists_the_known_ones() {
    let out = chainsim(&["io", "multipliers", "t.csv", "--input-format", "exiobase4"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("known: chainsim, pymrio, exiobase, oecd-icio, eurostat, xlsx"),
        "{message}"
    );
}

#[test]
fn a_regionalised_table_goes_back_to_pymrio_and_reads_the_same() {
    let dir = scratch("pymrio-out");
    std::fs::create_dir_all(&dir).unwrap();
    let folder = dir.join("city");
    let regionalize = |folder: &std::path::Path| {
        chainsim(&[
            "io",
            "regionalize",
            "scenarios/data/cn-io-2020-9.csv",
            "--regional",
            "scenarios/data/jilin-city-regional.csv",
            "--out",
            folder.to_str().unwrap(),
            "--out-format",
            "pymrio",
            "--flow-unit",
            "万元",
            "--region-name",
            "Jilin City",
            "--format",
            "csv",
        ])
    };
    let out = regionalize(&folder);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "file_parameters.json",
        "Z.txt",
        "Y.txt",
        "x.txt",
        "unit.txt",
    ] {
        assert!(folder.join(file).is_file(), "{file} missing");
    }
    let (from_pymrio, notes) = multipliers_json(folder.to_str().unwrap(), &[]);
    assert!(notes.contains("in the pymrio format"), "{notes}");
    let (from_csv, _) = multipliers_json("scenarios/data/jilin-city-flq.csv", &[]);
    let rows = |report: &Value| -> Vec<(String, f64)> {
        report["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["sector"].as_str().unwrap().to_owned(),
                    r["output_type_i"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (rows(&from_pymrio), rows(&from_csv));
    assert_eq!(a.len(), 9);
    for ((sa, ma), (sb, mb)) in a.iter().zip(&b) {
        assert_eq!(sa, sb);
        assert_close(*ma, *mb, PEER_RELATIVE);
    }
    assert!(from_pymrio["sectors"][0]["region"] == "Jilin City");
    // Writing again replaces the pymrio folder; a folder that is not one is refused.
    assert!(regionalize(&folder).status.success());
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep me").unwrap();
    let refused = regionalize(&other);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("is not a pymrio folder"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_scenarios_coefficient_table_may_be_a_workbook() {
    let out = chainsim(&[
        "io",
        "coefficients",
        "tests/data/table/from-workbook.toml",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    // Miller & Blair (2009), Table 2.4: A = [[0.15, 0.25], [0.20, 0.05]].
    let a = &report["matrix"];
    for (i, j, want) in [(0, 0, 0.15), (0, 1, 0.25), (1, 0, 0.20), (1, 1, 0.05)] {
        assert_close(a[i][j].as_f64().unwrap(), want, PEER_RELATIVE);
    }
}
