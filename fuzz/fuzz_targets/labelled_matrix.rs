//! `LabelledMatrix::from_csv` (prior matrices, margins, shock tables), then its rows put in
//! the order of its own labels, reversed, as `chainsim io shock` and `io ras` do.
#![no_main]

use chainsim::io::{Label, LabelledMatrix};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Ok(sheet) = LabelledMatrix::from_csv(data, "fuzzed table") else {
        return;
    };
    let mut sectors: Vec<Label> = sheet
        .row_labels
        .iter()
        .map(|l| Label::parse(l, Some("/")))
        .collect();
    sectors.reverse();
    let _ = sheet.sector_rows("fuzzed row", &sectors, Some("/"), false);
    sectors.pop();
    let _ = sheet.sector_rows("fuzzed row", &sectors, Some("/"), true);
    let _ = sheet.sector_rows("fuzzed row", &sectors, None, true);
}));
