//! `Aggregation::from_csv` (the map of `chainsim io aggregate`) over the sectors of a
//! fixture table (first byte even: two regions, odd: Miller & Blair), then the table
//! aggregated by it and analysed.
#![no_main]

use chainsim::io::Aggregation;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Some((&selector, csv)) = data.split_first() else {
        return;
    };
    let (table, separator) = chainsim_fuzz::fixture_table(selector);
    let Ok(map) = Aggregation::from_csv(csv, table.sectors(), separator) else {
        return;
    };
    if let Ok(aggregated) = map.aggregate_table(&table) {
        chainsim_fuzz::analyse_table(&aggregated);
    }
}));
