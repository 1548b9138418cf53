//! A target's sensitivity analysis ([`SensitivityReport`]) as terminal tables.

use chainsim::analysis::sensitivity::SensitivityReport;

use crate::text::render_table;

/// Terminal tables: Sobol indices of the groups and the top ten single inputs, the
/// tornado, and the top ten rank correlations.
pub fn table(report: &SensitivityReport) -> String {
    let interval = |bounds: Option<(f64, f64)>| {
        bounds.map_or_else(String::new, |(lo, hi)| format!("[{lo:.3}, {hi:.3}]"))
    };
    let sobol_row = |f: &chainsim_sensitivity::FactorIndices| {
        vec![
            f.name.clone(),
            format!("{:.3}", f.first_order),
            interval(f.first_order_interval),
            format!("{:.3}", f.total),
            interval(f.total_interval),
        ]
    };
    let header = |first: &str| {
        [first, "S1", "95% CI", "ST", "95% CI"]
            .map(String::from)
            .to_vec()
    };
    let sobol_align = [false, true, false, true, false];
    let mut out = format!(
        "{} — {}\nSobol indices of the target's metric ({} runs, {} base samples, {} bootstrap resamples)\n\n",
        report.target, report.label, report.sobol.runs, report.sobol.n_base, report.sobol.resamples
    );
    let (singles, groups) = report.sobol.factors.split_at(report.n_inputs);
    let mut groups: Vec<_> = groups.iter().collect();
    groups.sort_by(|a, b| b.total.total_cmp(&a.total));
    let mut singles: Vec<_> = singles.iter().collect();
    singles.sort_by(|a, b| b.total.total_cmp(&a.total));
    let mut rows = vec![header("input group")];
    rows.extend(groups.into_iter().map(sobol_row));
    out.push_str(&render_table(&rows, &sobol_align));
    out.push_str("\nsingle inputs (top 10 by ST)\n");
    let mut rows = vec![header("input")];
    rows.extend(singles.into_iter().take(10).map(sobol_row));
    out.push_str(&render_table(&rows, &sobol_align));
    out.push_str(&format!(
        "\nTornado: the metric with each factor at its P10 and P90, the rest at their medians (base {:.4})\n\n",
        report.tornado.base_output
    ));
    let mut rows = vec![
        ["factor", "at P10", "at P90", "swing"]
            .map(String::from)
            .to_vec(),
    ];
    rows.extend(report.tornado.bars.iter().map(|bar| {
        vec![
            bar.name.clone(),
            format!("{:.4}", bar.low_output),
            format!("{:.4}", bar.high_output),
            format!("{:.4}", bar.swing),
        ]
    }));
    out.push_str(&render_table(&rows, &[false, true, true, true]));
    out.push_str("\nRank correlations with the metric (top 10 by |PRCC|)\n\n");
    let mut rows = vec![["input", "Spearman", "PRCC"].map(String::from).to_vec()];
    rows.extend(report.rank_correlations.iter().take(10).map(|row| {
        vec![
            row.name.clone(),
            format!("{:.3}", row.spearman),
            format!("{:.3}", row.prcc),
        ]
    }));
    out.push_str(&render_table(&rows, &[false, true, true]));
    out
}
