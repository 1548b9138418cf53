//! The numbers of a valid scenario rewritten to edge values (see
//! `chainsim_fuzz::NumberSlots::rewrite`), then parsed, compiled and run as in the
//! `scenario` target. The first byte picks the template: tests/data's small, hybrid and
//! two-sector scenarios, or scenarios/jilin-2030.toml.
#![no_main]

use std::sync::OnceLock;

use chainsim_fuzz::NumberSlots;
use libfuzzer_sys::fuzz_target;

const TEMPLATES: [&str; 4] = [
    include_str!("../../tests/data/small.toml"),
    include_str!("../../tests/data/hybrid.toml"),
    include_str!("../../tests/data/two-sector.toml"),
    include_str!("../../scenarios/jilin-2030.toml"),
];

const JILIN_TABLE: &str = include_str!("../../scenarios/data/jilin-city-flq.csv");

fn templates() -> &'static [NumberSlots] {
    static SLOTS: OnceLock<Vec<NumberSlots>> = OnceLock::new();
    SLOTS.get_or_init(|| TEMPLATES.iter().map(|t| NumberSlots::new(t)).collect())
}

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Some((&selector, records)) = data.split_first() else {
        return;
    };
    let template = &templates()[usize::from(selector) % TEMPLATES.len()];
    let text = template.rewrite(records);
    if chainsim_fuzz::debug() {
        eprintln!(
            "chainsim-fuzz: {} numbers; the rewritten scenario:\n{text}",
            template.len()
        );
    }
    // The shipped scenario's coefficient table, any other file an empirical law's history.
    chainsim_fuzz::scenario_text(&text, |file| {
        Ok(if file == "data/jilin-city-flq.csv" {
            JILIN_TABLE
        } else {
            chainsim_fuzz::HISTORY_CSV
        }
        .to_string())
    });
}));
