//! Spreadsheets: Miller & Blair (2009), Table 2.3, laid out as a workbook
//! (title row, spacer column, source note), read with and without a range,
//! and one error line, with the sheet and cell, per broken sheet.

use std::path::{Path, PathBuf};

use chainsim_io::{Label, TableLayout};
use chainsim_tables::{Format, ReadOptions, SheetSelection, read};

const EXACT: f64 = 1e-15;

fn workbook() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/tables/xlsx/miller-blair.xlsx")
}

fn on_sheet(sheet: &str) -> ReadOptions {
    ReadOptions {
        sheet: SheetSelection {
            sheet: Some(sheet.into()),
            range: None,
        },
        ..ReadOptions::default()
    }
}

/// The one-line error reading the workbook with `options` gives, after the path.
fn error(options: &ReadOptions) -> String {
    let path = workbook();
    let err = read(&path, Format::Spreadsheet, options).unwrap_err();
    let text = err.to_string();
    let prefix = format!("{}: ", path.display());
    assert!(text.starts_with(&prefix), "{text}");
    assert!(!text.contains('\n'), "{text}");
    text[prefix.len()..].to_owned()
}

/// Miller & Blair's Table 2.4 coefficients: a = [[0.15, 0.25], [0.20, 0.05]].
fn check_table_2_3(options: &ReadOptions) {
    let table = read(&workbook(), Format::Spreadsheet, options).unwrap();
    assert_eq!(
        table.sectors(),
        Label::sectors(["agriculture", "manufacturing"])
    );
    assert_eq!(table.output().as_slice(), [1000.0, 2000.0]);
    let a = table.coefficients().unwrap();
    for (got, want) in [
        (a[(0, 0)], 0.15),
        (a[(0, 1)], 0.25),
        (a[(1, 0)], 0.20),
        (a[(1, 1)], 0.05),
    ] {
        assert!((got - want).abs() < EXACT, "{got} vs {want}");
    }
    assert_eq!(table.final_demand().labels, ["households"]);
    assert_eq!(table.total_final_demand().as_slice(), [350.0, 1700.0]);
    assert_eq!(table.value_added().labels, ["value added"]);
}

#[test]
fn the_header_is_found_below_the_title_and_the_spacer_skipped() {
    assert_eq!(Format::detect(&workbook()).unwrap(), Format::Spreadsheet);
    check_table_2_3(&ReadOptions::default());
}

#[test]
fn a_range_of_the_numbers_reads_the_same_table() {
    check_table_2_3(&ReadOptions {
        sheet: SheetSelection {
            sheet: Some("Table 2.3".into()),
            range: Some("C4:G6".into()),
        },
        ..ReadOptions::default()
    });
}

#[test]
fn total_output_may_be_a_row_with_another_label() {
    let mut options = on_sheet("output row");
    options.layout = TableLayout {
        output_label: "gross output".into(),
        ..TableLayout::default()
    };
    check_table_2_3(&options);
}

#[test]
fn text_where_a_number_belongs_names_sheet_cell_and_labels() {
    assert_eq!(
        error(&on_sheet("text")),
        "text!D5: row \"manufacturing\", column \"manufacturing\": expected a number (or an empty cell, read as 0), found \"n/a\""
    );
}

#[test]
fn a_duplicate_label_names_its_cell() {
    assert_eq!(
        error(&on_sheet("duplicate")),
        "duplicate!B5: the row label \"agriculture\" appears more than once (labels must be unique)"
    );
}

#[test]
fn a_missing_total_is_named() {
    assert_eq!(
        error(&on_sheet("no total")),
        "no total!B3: the table has no \"total output\" column or row (total output; name another with the output label)"
    );
}

#[test]
fn a_number_under_no_label_is_named() {
    assert_eq!(
        error(&on_sheet("unlabelled")),
        "unlabelled!E4 holds 5 but its column has no label (in row 3)"
    );
}

#[test]
fn an_unknown_sheet_lists_the_sheets() {
    assert_eq!(
        error(&on_sheet("Sheet9")),
        "no sheet \"Sheet9\" (the workbook has \"Table 2.3\", \"text\", \"duplicate\", \"no total\", \"unlabelled\", \"output row\")"
    );
}

#[test]
fn a_malformed_range_is_refused() {
    let options = ReadOptions {
        sheet: SheetSelection {
            sheet: None,
            range: Some("C4-G6".into()),
        },
        ..ReadOptions::default()
    };
    assert_eq!(
        error(&options),
        "the range \"C4-G6\" is not two cells like C4:G6 (the table's numbers, below a row of column labels and right of a column of row labels)"
    );
}
