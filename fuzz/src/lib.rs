//! What the fuzz targets share: a scenario taken from text to a report, and the
//! input–output analyses a table that was read is put through.
//!
//! Every function here panics only where chainsim itself panics, or where an invariant
//! the fuzzer checks fails; bad input must come back as an error value.

use chainsim::io::{
    Households, IoModel, IoTable, MultiplierInputs, SatelliteAccount, TableLayout, extraction,
    linkages, multipliers,
};
use chainsim_report::io::{GhoshReport, IoText, TableReport};
use chainsim::{CompileOptions, Model, Report, RunOptions, Scenario, Silent, simulate};

/// Runs each simulated scenario makes: one engine chunk.
pub const RUNS: u64 = 256;

/// The most work one simulation may take, in (series + sectors³) × years × runs: the
/// fuzzer should look for wrong answers, not measure how slow a large scenario is. The
/// Jilin scenario needs about a tenth of it.
pub const WORK_LIMIT: u64 = 60_000_000;

/// The most sectors a table is analysed with (the reader itself sees any size).
pub const MAX_TABLE_SECTORS: usize = 40;

/// The CSV every path a fuzzed scenario names reads as: the rates of
/// `tests/data/bad/history.csv`, so an empirical law with a `file` can compile.
pub const HISTORY_CSV: &str = "year,chemicals,fibre
2019,0.052,0.21
2020,0.011,0.08
2021,0.074,0.35
2022,0.038,0.19
2023,0.045,0.24
";

/// Whether to panic when a report holds NaN where the engine scored every run
/// (`CHAINSIM_FUZZ_FINITE=1`). Off by default: known bugs still make such NaN (see
/// docs/reliability.md), and a run of the fuzzer should find new failures, not those.
pub fn strict_finite() -> bool {
    static STRICT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *STRICT.get_or_init(|| std::env::var_os("CHAINSIM_FUZZ_FINITE").is_some_and(|v| v == "1"))
}

/// Whether to say on stderr what became of each input (`CHAINSIM_FUZZ_DEBUG=1`), to see
/// why a saved input stops where it does.
pub fn debug() -> bool {
    static DEBUG: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("CHAINSIM_FUZZ_DEBUG").is_some_and(|v| v == "1"))
}

macro_rules! trace {
    ($($arg:tt)*) => {
        if debug() {
            eprintln!("chainsim-fuzz: {}", format_args!($($arg)*));
        }
    };
}

/// Runs `body`, one fuzz input's work, letting through the panics whose location
/// (`file:line`) contains one of the comma-separated entries of `CHAINSIM_FUZZ_IGNORE`,
/// e.g. `sketch.rs:194,model.rs:656`: known crashes that are not fixed yet, so that a run
/// can look past them. Every other panic aborts, as libFuzzer expects.
pub fn guard(body: impl FnOnce()) {
    static IGNORED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let ignored = IGNORED.get_or_init(|| {
        let list = std::env::var("CHAINSIM_FUZZ_IGNORE").unwrap_or_default();
        let ignored: Vec<String> = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if !ignored.is_empty() {
            // libFuzzer's hook prints the panic and aborts; run it only for the rest.
            let abort = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let known = IGNORED
                    .get()
                    .is_some_and(|list| list.iter().any(|i| location.contains(i.as_str())));
                if !known {
                    abort(info);
                } else if debug() {
                    let message = info
                        .payload()
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| info.payload().downcast_ref::<&str>().copied())
                        .unwrap_or("");
                    eprintln!("chainsim-fuzz: ignored panic at {location}: {message}");
                }
            }));
        }
        ignored
    });
    if ignored.is_empty() {
        body();
    } else {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body));
    }
}

/// Parses scenario text, reads every file it names as `load` says, compiles it and, when
/// it compiles, simulates it (see [`simulate_model`]).
pub fn scenario_text(text: &str, load: impl FnMut(&str) -> Result<String, String>) {
    let mut scenario = match Scenario::from_toml_str(text) {
        Ok(scenario) => scenario,
        Err(err) => return trace!("parse: {err}"),
    };
    if let Err(err) = scenario.resolve_files(load) {
        return trace!("files: {err}");
    }
    match Model::compile(&scenario) {
        Ok(model) => simulate_model(&model),
        // A scenario whose correlations fail may compile with the nearest valid matrix.
        Err(err) if scenario.correlation_matrix.is_some() || !scenario.correlations.is_empty() => {
            trace!("compile: {err}");
            let options = CompileOptions {
                repair_correlation: true,
            };
            match Model::compile_with(&scenario, &options) {
                Ok(model) => simulate_model(&model),
                Err(err) => trace!("compile with repair: {err}"),
            }
        }
        Err(err) => trace!("compile: {err}"),
    }
}

/// What `chainsim validate` and `chainsim simulate` do with a compiled model, on one
/// thread and [`RUNS`] runs: describe it, simulate it, label the summary and render the
/// report; then checks the report (see [`check_report`]).
pub fn simulate_model(model: &Model) {
    let _ = chainsim_report::describe::describe(model);
    let years = model.n_years() as u64;
    let sectors = model.n_sectors() as u64;
    let per_run = (model.series().len() as u64 + sectors.pow(3)) * years;
    if per_run.saturating_mul(RUNS) > WORK_LIMIT {
        return trace!("skipped: {per_run} work a run");
    }
    let options = RunOptions {
        runs: RUNS,
        seed: model.default_seed(),
        threads: Some(1),
        sampler: model.default_sampler(),
        precision: None,
    };
    let summary = match simulate(model, &options, &mut Silent) {
        Ok(summary) => summary,
        Err(err) => return trace!("simulate: {err}"),
    };
    let report = Report::new(model, &options, &summary);
    trace!(
        "simulated: {} accepted, {} rejected",
        report.accepted_runs, report.rejected_runs
    );
    let _ = chainsim_report::simulation::table(&report);
    let _ = chainsim_report::simulation::targets_csv(&report);
    let _ = chainsim_report::simulation::trajectories_csv(&report);
    let _ = chainsim_report::simulation::summary_json(&report);
    if strict_finite() {
        check_report(&report);
    }
}

/// When no run was rejected, every target's probability and interval are numbers, and
/// so are its metric's mean and quantiles unless every run left the metric undefined;
/// every trajectory's mean and quantiles are numbers.
pub fn check_report(report: &Report) {
    if report.rejected_runs > 0 {
        return;
    }
    for target in &report.targets {
        let id = &target.id;
        for (name, value) in [
            ("probability", target.probability),
            ("ci_low", target.ci_low),
            ("ci_high", target.ci_high),
        ] {
            assert!(
                !value.is_nan(),
                "target {id}: {name} is NaN ({} accepted runs): {target:?}",
                report.accepted_runs
            );
        }
        if target.undefined_runs < report.accepted_runs {
            for (name, value) in [
                ("mean", target.mean),
                ("p10", target.p10),
                ("p50", target.p50),
                ("p90", target.p90),
            ] {
                assert!(
                    !value.is_nan(),
                    "target {id}: metric {name} is NaN ({} accepted runs): {target:?}",
                    report.accepted_runs
                );
            }
        }
    }
    for row in &report.trajectories {
        for (name, value) in [
            ("mean", row.mean),
            ("p05", row.p05),
            ("p50", row.p50),
            ("p95", row.p95),
        ] {
            assert!(
                !value.is_nan(),
                "trajectory {}.{} {}: {name} is NaN: {row:?}",
                row.item,
                row.measure,
                row.year
            );
        }
    }
}

/// The analyses `chainsim io` runs on a coefficient model: multipliers, linkages,
/// extraction and Ghosh, each rendered. Errors are fine; panics are not.
pub fn analyse_model(model: &IoModel, satellites: &[SatelliteAccount]) {
    if model.n_sectors() > MAX_TABLE_SECTORS {
        return;
    }
    let inputs = MultiplierInputs {
        households: None,
        satellites: satellites.to_vec(),
    };
    if let Ok(report) = multipliers(model, &inputs) {
        render(&report);
    }
    if let Ok(report) = linkages(model) {
        render(&report);
    }
    if let Ok(report) = GhoshReport::new(model) {
        render(&report);
    }
    if let Ok(demand) = model.base_final_demand()
        && let Ok(report) = extraction(model, &demand)
    {
        render(&report);
    }
}

/// [`analyse_model`] on a table's model and accounts, plus the household-closed
/// multipliers when the table has a value-added row and a final-demand column to take
/// households from, and the table's own rendering.
pub fn analyse_table(table: &IoTable) {
    if table.n_sectors() > MAX_TABLE_SECTORS {
        return;
    }
    render(&TableReport::new(table));
    let Ok(model) = table.model() else {
        return;
    };
    let satellites = SatelliteAccount::from_table(table);
    analyse_model(&model, &satellites);
    let (Some(income), Some(consumption)) = (
        table.value_added().labels.first(),
        table.final_demand().labels.first(),
    ) else {
        return;
    };
    if let Ok(households) = Households::from_table(table, income, consumption) {
        let inputs = MultiplierInputs {
            households: Some(households),
            satellites,
        };
        if let Ok(report) = multipliers(&model, &inputs) {
            render(&report);
        }
    }
}

fn render(report: &impl IoText) {
    let _ = report.table();
    let _ = report.csv();
    let _ = report.json();
}

/// The layout a fuzzed table is read with, picked by a selector byte (`'0'`–`'3'` in the
/// seeds): the default; regions split at `/`; subtotal rows and columns ignored; a
/// total-output label of `x` with regions.
pub fn layout(selector: u8) -> TableLayout {
    match selector % 4 {
        0 => TableLayout::default(),
        1 => TableLayout {
            region_separator: Some("/".into()),
            ..TableLayout::default()
        },
        2 => TableLayout {
            ignored: vec!["total".into(), "total intermediate".into()],
            ..TableLayout::default()
        },
        _ => TableLayout {
            output_label: "x".into(),
            ignored: vec!["total".into()],
            region_separator: Some("/".into()),
        },
    }
}

/// A table of tests/data/io and its region separator: the two-region table for an even
/// selector, Miller & Blair's with households for an odd one.
pub fn fixture_table(selector: u8) -> (IoTable, Option<&'static str>) {
    if selector % 2 == 0 {
        let csv = include_str!("../../tests/data/io/two-region.csv");
        let layout = layout(1);
        let table = IoTable::from_csv(csv.as_bytes(), &layout).expect("the fixture reads");
        (table, Some("/"))
    } else {
        let csv = include_str!("../../tests/data/io/miller-blair-households.csv");
        let table =
            IoTable::from_csv(csv.as_bytes(), &TableLayout::default()).expect("the fixture reads");
        (table, None)
    }
}

/// A scenario whose numbers the fuzzer rewrites: the byte ranges of every number literal
/// outside strings and comments, and whether each is a float (else an integer).
pub struct NumberSlots {
    text: &'static str,
    slots: Vec<(usize, usize, bool)>,
}

/// Integers a rewritten slot may take: the edges of i32 and i64, and years around the
/// templates' base year and the 200-year limit.
const EDGE_INTS: [i64; 14] = [
    0,
    -1,
    1,
    2,
    i32::MIN as i64,
    i32::MAX as i64,
    i32::MIN as i64 + 1,
    2024,
    2025,
    2026,
    2225,
    2226,
    i64::MAX,
    i64::MIN,
];

/// Floats a rewritten slot may take: zeros, ones, the edges of the valid ranges (−1 for a
/// growth rate, 1 for a probability or a correlation), the underflow and overflow ends
/// (exp(700) and exp(710) for a lognormal), and the non-finite values.
const EDGE_FLOATS: [f64; 24] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    -0.999_999_999,
    0.999_999_999,
    1.000_000_001,
    0.5,
    2.0,
    100.0,
    1e-12,
    1e-300,
    5e-324,
    1e15,
    1e300,
    1e308,
    -1e308,
    f64::MAX,
    700.0,
    710.0,
    -745.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

impl NumberSlots {
    /// Finds the number literals of `text`: a token that follows `=`, `[`, `,` or `{`
    /// outside a string or comment.
    pub fn new(text: &'static str) -> NumberSlots {
        let bytes = text.as_bytes();
        let mut slots = Vec::new();
        let (mut in_string, mut in_comment) = (false, false);
        let mut after_separator = false;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if in_comment {
                in_comment = c != b'\n';
            } else if in_string {
                in_string = c != b'"';
            } else if c == b'"' {
                in_string = true;
                after_separator = false;
            } else if c == b'#' {
                in_comment = true;
            } else if matches!(c, b'=' | b'[' | b',' | b'{') {
                after_separator = true;
            } else if after_separator && (c.is_ascii_digit() || c == b'-' || c == b'+') {
                let start = i;
                let mut end = i + 1;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'.' | b'_'))
                    || (end < bytes.len()
                        && matches!(bytes[end], b'-' | b'+')
                        && matches!(bytes[end - 1], b'e' | b'E'))
                {
                    end += 1;
                }
                let token = &text[start..end];
                let is_float = token.contains(['.', 'e', 'E']);
                if token.parse::<f64>().is_ok() {
                    slots.push((start, end, is_float));
                }
                after_separator = false;
                i = end;
                continue;
            } else if !c.is_ascii_whitespace() {
                after_separator = false;
            }
            i += 1;
        }
        NumberSlots { text, slots }
    }

    /// How many numbers the template has.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The template with numbers rewritten as `data` says: records of a slot (two bytes,
    /// little-endian, modulo the slot count) and an operation byte: below 128 an edge
    /// value (modulo the table of the slot's type), from 128 the next eight bytes as an
    /// `i64` or `f64`. Later records for a slot win.
    pub fn rewrite(&self, mut data: &[u8]) -> String {
        let mut values: Vec<Option<String>> = vec![None; self.slots.len()];
        while let [lo, hi, op, rest @ ..] = data {
            let slot = usize::from(u16::from_le_bytes([*lo, *hi])) % self.slots.len().max(1);
            let is_float = self.slots.get(slot).is_some_and(|s| s.2);
            let value = if *op < 128 {
                data = rest;
                if is_float {
                    toml_float(EDGE_FLOATS[usize::from(*op) % EDGE_FLOATS.len()])
                } else {
                    EDGE_INTS[usize::from(*op) % EDGE_INTS.len()].to_string()
                }
            } else {
                let Some((raw, rest)) = rest.split_first_chunk::<8>() else {
                    break;
                };
                data = rest;
                if is_float {
                    toml_float(f64::from_le_bytes(*raw))
                } else {
                    i64::from_le_bytes(*raw).to_string()
                }
            };
            if let Some(v) = values.get_mut(slot) {
                *v = Some(value);
            }
        }
        let mut out = String::with_capacity(self.text.len());
        let mut copied = 0;
        for (&(start, end, _), value) in self.slots.iter().zip(&values) {
            if let Some(value) = value {
                out.push_str(&self.text[copied..start]);
                out.push_str(value);
                copied = end;
            }
        }
        out.push_str(&self.text[copied..]);
        out
    }
}

/// A float as TOML writes it (`nan`, `inf`, and a `.0` or exponent on every finite value).
fn toml_float(value: f64) -> String {
    if value.is_nan() {
        "nan".into()
    } else if value.is_infinite() {
        if value > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{value:?}")
    }
}
