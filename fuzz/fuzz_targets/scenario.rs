//! Scenario text → parse → resolve files → compile → describe → a few hundred runs →
//! report. Every path a scenario names reads as `chainsim_fuzz::HISTORY_CSV`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    chainsim_fuzz::scenario_text(text, |_| Ok(chainsim_fuzz::HISTORY_CSV.to_string()));
}));
