//! EXIOBASE 3's layout (2 regions × 3 products, made up), as an extracted
//! folder with Z and as a zip archive with only A and x, checked against
//! pymrio 0.7.0's `parse_exiobase3` + `calc_all()`
//! (`tests/data/tables/exiobase/expected.py` → `expected.json`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chainsim_io::IoTable;
use chainsim_tables::{Format, ReadOptions, read};

use crate::pymrio::{Expected, check_against_pymrio};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/tables/exiobase")
}

fn expected(fixture: &str) -> Expected {
    let text = std::fs::read_to_string(data().join("expected.json")).unwrap();
    let mut all: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    serde_json::from_value(all.remove(fixture).unwrap()).unwrap()
}

fn read_detected(path: &Path) -> IoTable {
    let format = Format::detect(path).unwrap();
    assert_eq!(format, Format::Exiobase, "{}", path.display());
    read(path, format, &ReadOptions::default()).unwrap()
}

#[test]
fn the_extracted_folder_with_z_gives_pymrios_numbers() {
    let table = read_detected(&data().join("folder/IOT_2022_pxp"));
    assert_eq!(table.final_demand().labels.len(), 6);
    assert_eq!(table.final_demand().labels[5], "DE/Changes in inventories");
    check_against_pymrio(&table, &expected("folder"));
}

#[test]
fn the_zip_with_only_a_and_x_gives_pymrios_numbers() {
    let table = read_detected(&data().join("zip/IOT_2022_pxp.zip"));
    check_against_pymrio(&table, &expected("zip"));
}

#[test]
fn alpha_3_region_codes_are_renamed_as_pymrio_does() {
    // Some EXIOBASE 3.4 ixi tables write AUT where the others write AT.
    let source = data().join("folder/IOT_2022_pxp");
    let dir = std::env::temp_dir()
        .join(format!("chainsim-tables-exiobase-{}", std::process::id()))
        .join("IOT_2011_ixi");
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["", "satellite", "impacts"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(source.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let text = std::fs::read_to_string(&path).unwrap();
                let target = dir.join(sub).join(path.file_name().unwrap());
                std::fs::write(target, text.replace("AT", "AUT")).unwrap();
            }
        }
    }
    let table = read_detected(&dir);
    assert_eq!(table.sectors()[0].to_string(), "AT/Paddy rice");
    assert_eq!(
        table.final_demand().labels[0],
        "AT/Final consumption expenditure by households"
    );
    let as_pymrio = read(&dir, Format::Pymrio, &ReadOptions::default()).unwrap();
    assert_eq!(as_pymrio.sectors()[0].to_string(), "AUT/Paddy rice");
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}
