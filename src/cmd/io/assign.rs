//! `SECTOR=VALUE` arguments (`--demand`, `--supply`, `--fixed`, `--shock`, `--price`)
//! resolved to sector indices, each sector at most once.

use anyhow::Context;

use super::input::Input;

/// A repeatable `SECTOR=VALUE` flag, as its messages name it.
pub struct Flag<'a> {
    /// The flag, e.g. `--fixed`.
    pub name: &'a str,
    /// Its form, e.g. `SECTOR=OUTPUT`.
    pub form: &'a str,
    /// An example value, e.g. `manufacturing=1500`.
    pub example: &'a str,
    /// What the value must be, e.g. "a finite number".
    pub expected: &'a str,
}

/// Resolves `items`, each `SECTOR=VALUE` of `flag`, against the sectors of `input`: `parse`
/// turns the value text into a number (`None` when it is not one it accepts).
pub fn sector_values(
    input: &Input,
    flag: &Flag,
    items: &[String],
    parse: impl Fn(&str) -> Option<f64>,
) -> anyhow::Result<Vec<(usize, f64)>> {
    let Flag {
        name: flag,
        form,
        example,
        expected,
    } = flag;
    let mut values: Vec<(usize, f64)> = Vec::with_capacity(items.len());
    for item in items {
        let (name, text) = item
            .rsplit_once('=')
            .with_context(|| format!("{flag} {item}: expected {form}, e.g. {flag} {example}"))?;
        let sector_idx = input.sector_idx(name).with_context(|| {
            format!(
                "{flag} {item}: unknown sector {:?}; expected one of: {}",
                name.trim(),
                input.sector_list()
            )
        })?;
        let value = parse(text.trim())
            .filter(|v| v.is_finite())
            .with_context(|| format!("{flag} {item}: {:?} is not {expected}", text.trim()))?;
        if values.iter().any(|&(i, _)| i == sector_idx) {
            anyhow::bail!("{flag} {item}: {} is given more than once", name.trim());
        }
        values.push((sector_idx, value));
    }
    Ok(values)
}

/// A plain number, such as `1500` or `+250`.
pub fn number(text: &str) -> Option<f64> {
    text.parse().ok()
}
