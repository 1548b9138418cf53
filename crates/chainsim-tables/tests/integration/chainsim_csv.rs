//! chainsim's own CSV layout read from a file: Miller & Blair (2009), Table 2.3.

use std::path::Path;

use chainsim_tables::{Format, ReadOptions, TableError, read};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/io")
        .join(name)
}

#[test]
fn miller_blair_reads_with_its_published_coefficients() {
    let path = fixture("miller-blair.csv");
    let table = read(
        &path,
        Format::detect(&path).unwrap(),
        &ReadOptions::default(),
    )
    .unwrap();
    let a = table.coefficients().unwrap();
    // Miller & Blair (2009), Table 2.4: a = [[0.15, 0.25], [0.20, 0.05]].
    for (got, want) in [
        (a[(0, 0)], 0.15),
        (a[(0, 1)], 0.25),
        (a[(1, 0)], 0.20),
        (a[(1, 1)], 0.05),
    ] {
        assert!((got - want).abs() < 1e-15, "{got} vs {want}");
    }
}

#[test]
fn a_missing_file_names_the_file() {
    let path = fixture("no-such-table.csv");
    let err = read(&path, Format::Chainsim, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, TableError::Io { .. }));
    assert!(err.to_string().contains("no-such-table.csv"), "{err}");
}

#[test]
fn an_unknown_extension_asks_for_a_format() {
    let err = Format::detect(Path::new("table.dat")).unwrap_err();
    assert!(err.to_string().contains("--input-format"), "{err}");
}
