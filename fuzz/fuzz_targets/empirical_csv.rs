//! The CSV file of an empirical law (`Scenario::resolve_files`): the fuzzed bytes are the
//! file that both sectors' growth laws read, by the columns `chemicals` and `fibre`;
//! the scenario then compiles and runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// tests/data/small.toml with both growth laws read from one file.
const SCENARIO: &str = r#"
[scenario]
name = "empirical"
value_unit = "CNY 100 million"
base_year = 2025
horizon = 2028

[sampling]
seed = 11

[provenance]
growth = { assumption = "fuzzed history" }
coefficients = { assumption = "test coefficients" }

[[sectors]]
id = "chemicals"
name = "Chemicals"
base = 900.0
assumption = "test level"

[[sectors]]
id = "fibre"
name = "Carbon fibre"
base = 90.0
assumption = "test level"

[[growth]]
sector = "chemicals"
distribution = "empirical"
file = "history.csv"
column = "chemicals"

[[growth]]
sector = "fibre"
distribution = "empirical"
file = "history.csv"
column = "fibre"
persistence = 0.5

[[coefficients]]
from = "chemicals"
to = "fibre"
value = 0.2

[[targets]]
id = "chem-2028"
label = "Chemicals above 1050 by 2028"
sector = "chemicals"
kind = "level"
year = 2028
at_least = 1050.0
source = "test target"

[[targets]]
id = "fibre-2026"
label = "Fibre +10% in 2026"
sector = "fibre"
kind = "growth"
year = 2026
at_least = 0.10
source = "test target"
"#;

fuzz_target!(|data: &[u8]| chainsim_fuzz::guard(|| {
    let Ok(csv) = std::str::from_utf8(data) else {
        return;
    };
    chainsim_fuzz::scenario_text(SCENARIO, |_| Ok(csv.to_string()));
}));
