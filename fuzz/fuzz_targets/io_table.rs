//! `IoTable::from_csv` (a symmetric table in one sheet) under the layout the first byte
//! picks, then the analyses of `chainsim io` on the table that was read.
#![no_main]

use chainsim::io::IoTable;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Some((&selector, csv)) = data.split_first() else {
        return;
    };
    let layout = chainsim_fuzz::layout(selector);
    if let Ok(table) = IoTable::from_csv(csv, &layout) {
        chainsim_fuzz::analyse_table(&table);
    }
}));
