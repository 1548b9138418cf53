//! `IoModel::from_csv` (a sheet of technical coefficients, `chainsim io --coefficients`)
//! under the layout the first byte picks, then the table rebuilt from it and the analyses.
#![no_main]

use chainsim::io::{IoModel, IoTable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Some((&selector, csv)) = data.split_first() else {
        return;
    };
    let layout = chainsim_fuzz::layout(selector);
    let Ok(model) = IoModel::from_csv(csv, &layout) else {
        return;
    };
    chainsim_fuzz::analyse_model(&model, &[]);
    if model.output().is_some()
        && let Ok(table) = IoTable::from_model(&model)
    {
        chainsim_fuzz::analyse_table(&table);
    }
}));
