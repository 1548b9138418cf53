//! How far each target moves with its assumed base ([`BaseCheck`]) as a table, CSV or
//! JSON.

use chainsim::analysis::bases::BaseCheck;
use chainsim::analysis::compare::Probability;

use crate::text::{csv_field, render_table};

/// A terminal table: P(met) at the base levels and with the assumed base moved.
pub fn table(check: &BaseCheck) -> String {
    let pct = (100.0 * check.change).round();
    let mut out = format!(
        "{} — {} runs, seed {}; each assumed base level moved by ±{pct}% (same seed)\n\n",
        check.scenario, check.runs, check.seed
    );
    let mut rows = vec![vec![
        "target".to_string(),
        "sector".to_string(),
        "base level".to_string(),
        format!("P(met), base −{pct}%"),
        "P(met)".to_string(),
        format!("P(met), base +{pct}%"),
    ]];
    let p = |p: &Probability| format!("{:.1}%", 100.0 * p.probability);
    let moved = |result: &Option<Probability>, assumed: bool| match (result, assumed) {
        (Some(result), _) => p(result),
        (None, true) => "n/a".to_string(),
        (None, false) => "—".to_string(),
    };
    for row in &check.rows {
        rows.push(vec![
            row.id.clone(),
            row.sector.clone().unwrap_or_else(|| "—".into()),
            match (&row.sector, row.assumed) {
                (None, _) => "—".into(),
                (Some(_), true) => "assumed".into(),
                (Some(_), false) => "cited".into(),
            },
            moved(&row.lower, row.assumed),
            p(&row.base),
            moved(&row.higher, row.assumed),
        ]);
    }
    out.push_str(&render_table(
        &rows,
        &[false, false, false, true, true, true],
    ));
    for row in &check.rows {
        if let Some(note) = &row.note {
            out.push_str(&format!("n/a for {}: {note}\n", row.id));
        }
    }
    out
}

/// CSV: one row per target.
pub fn csv(check: &BaseCheck) -> String {
    let mut out =
        String::from("id,label,sector,assumed,lower_probability,probability,higher_probability\n");
    let opt = |p: &Option<Probability>| p.map(|p| format!("{}", p.probability)).unwrap_or_default();
    for row in &check.rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            csv_field(&row.id),
            csv_field(&row.label),
            csv_field(row.sector.as_deref().unwrap_or("")),
            row.assumed,
            opt(&row.lower),
            row.base.probability,
            opt(&row.higher),
        ));
    }
    out
}

/// Pretty JSON.
pub fn json(check: &BaseCheck) -> String {
    let mut text = serde_json::to_string_pretty(check).expect("a base check serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainsim::analysis::bases::BaseCheckRow;

    #[test]
    fn a_base_that_could_not_be_moved_is_explained_below_the_table() {
        let p = |probability| Probability {
            probability,
            ci_low: probability - 0.01,
            ci_high: probability + 0.01,
        };
        let check = BaseCheck {
            scenario: "s".into(),
            change: 0.1,
            runs: 100,
            seed: 3,
            rows: vec![BaseCheckRow {
                id: "a-level".into(),
                label: "A above 128".into(),
                sector: Some("a".into()),
                assumed: true,
                base: p(0.5),
                lower: Some(p(0.25)),
                higher: None,
                note: Some(
                    "base output of \"a\" × 1.1 = 110 exceeds its base-year capacity 105".into(),
                ),
            }],
        };
        let table = table(&check);
        assert!(
            table.starts_with(
                "s — 100 runs, seed 3; each assumed base level moved by ±10% (same seed)"
            ),
            "{table}"
        );
        assert!(
            table.contains("n/a for a-level: base output of \"a\" × 1.1 = 110 exceeds its base-year capacity 105"),
            "{table}"
        );
    }
}
