//! `IoTable::with_satellites_csv` on the two-region table of tests/data/io (first byte
//! even) or Miller & Blair's (odd): the fuzzed bytes are the accounts' sheet.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Some((&selector, csv)) = data.split_first() else {
        return;
    };
    let (table, separator) = chainsim_fuzz::fixture_table(selector);
    if let Ok(table) = table.with_satellites_csv(csv, separator) {
        chainsim_fuzz::analyse_table(&table);
    }
}));
