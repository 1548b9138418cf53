//! A region's table estimated from its nation's by location quotients.

use serde::Serialize;

use super::IoText;
use super::format::*;
use super::table::TableReport;
use crate::text::{csv_field, render_table};
use chainsim::io::{IoError, Label, QuotientMethod, Regionalization};

/// One sector's sizes and simple location quotient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotientRow {
    /// Region, if the national table's labels carry one.
    pub region: Option<String>,
    /// Sector.
    pub sector: String,
    /// The sector's national size (output or employment).
    pub national: f64,
    /// The sector's regional size.
    pub regional: f64,
    /// SLQᵢ = (xʳᵢ / xʳ) / (xⁿᵢ / xⁿ).
    pub slq: f64,
}

/// Summary of a RAS adjustment to regional totals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RasSummary {
    /// Iterations used.
    pub iterations: usize,
    /// The largest relative margin error at the end.
    pub max_error: f64,
}

/// A regionalisation by location quotients: the quotients, the regional coefficients and,
/// when the regional output is known, the regional table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionalReport {
    /// The quotient and its δ.
    pub quotient: QuotientMethod,
    /// The size measure the quotients compare (`output`, `employment`, …).
    pub measure: String,
    /// xʳ / xⁿ.
    pub size_ratio: f64,
    /// Flegg's λ, for the FLQ and AFLQ.
    pub lambda: Option<f64>,
    /// Sector labels, for rows and columns of the matrices.
    pub labels: Vec<Label>,
    /// Each sector's sizes and SLQ.
    pub sectors: Vec<QuotientRow>,
    /// min(1, qᵢⱼ), row by row: the share of sector j's national purchases from i that
    /// the region buys locally.
    pub factors: Vec<Vec<f64>>,
    /// The regional coefficients Aʳ, row by row.
    pub coefficients: Vec<Vec<f64>>,
    /// The RAS adjustment to known regional totals, if any.
    pub ras: Option<RasSummary>,
    /// The regional table, when the regional output is known.
    pub table: Option<TableReport>,
}

impl RegionalReport {
    /// The report of `regional`.
    ///
    /// # Errors
    ///
    /// Those of [`Regionalization::table`].
    pub fn new(regional: &Regionalization) -> Result<RegionalReport, IoError> {
        let q = regional.quotients();
        let sectors = regional
            .sectors()
            .iter()
            .enumerate()
            .map(|(i, label)| QuotientRow {
                region: label.region.clone(),
                sector: label.sector.clone(),
                national: q.national()[i],
                regional: q.regional()[i],
                slq: q.slq()[i],
            })
            .collect();
        let table = match regional.output() {
            Some(_) => Some(TableReport::new(&regional.table()?)),
            None => None,
        };
        Ok(RegionalReport {
            quotient: q.method(),
            measure: q.measure().to_string(),
            size_ratio: q.size_ratio(),
            lambda: q.lambda(),
            labels: regional.sectors().to_vec(),
            sectors,
            factors: matrix_rows(&q.factors()),
            coefficients: matrix_rows(regional.coefficients()),
            ras: regional.ras().map(|r| RasSummary {
                iterations: r.iterations,
                max_error: r.max_error,
            }),
            table,
        })
    }

    /// The quotients as CSV, one row per selling sector: its sizes, SLQ and λ, then
    /// min(1, qᵢⱼ) for each buying sector j (the companion file of `--out`).
    pub fn quotients_csv(&self) -> String {
        let mut out = String::from("region,sector,national,regional,slq,lambda");
        for label in &self.labels {
            out.push(',');
            out.push_str(&csv_field(&label.to_string()));
        }
        out.push('\n');
        for (row, factors) in self.sectors.iter().zip(&self.factors) {
            let mut fields = vec![
                csv_field(row.region.as_deref().unwrap_or("")),
                csv_field(&row.sector),
                num(row.national),
                num(row.regional),
                num(row.slq),
                opt_num(self.lambda),
            ];
            fields.extend(factors.iter().map(|&v| num(v)));
            push_row(&mut out, &fields);
        }
        out
    }

    fn method_line(&self) -> String {
        let name = self.quotient.name().to_uppercase();
        match (self.quotient.delta(), self.lambda) {
            (Some(delta), Some(lambda)) => format!(
                "{name} (δ = {delta}, λ = [log₂(1 + {:.6})]^{delta} = {lambda:.6})",
                self.size_ratio
            ),
            _ => name,
        }
    }
}

impl IoText for RegionalReport {
    fn table(&self) -> String {
        let mut out = format!(
            "Regional coefficients by {}; region/nation {} {:.6}\n",
            self.method_line(),
            self.measure,
            self.size_ratio
        );
        let labels: Vec<(Option<&str>, &str)> = self
            .sectors
            .iter()
            .map(|r| (r.region.as_deref(), r.sector.as_str()))
            .collect();
        let (mut rows, mut right) = label_header(&labels);
        for name in [
            format!("national {}", self.measure),
            format!("regional {}", self.measure),
            "SLQ".into(),
        ] {
            rows[0].push(name);
            right.push(true);
        }
        for (r, label) in self.sectors.iter().zip(&labels) {
            let mut row = label_cells(*label, &labels);
            row.extend([fixed(r.national, 2), fixed(r.regional, 2), fixed(r.slq, 6)]);
            rows.push(row);
        }
        out.push_str(&render_table(&rows, &right));
        let names: Vec<String> = self.labels.iter().map(Label::to_string).collect();
        out.push_str("\nShare bought in the region min(1, qᵢⱼ) (row: selling sector; column: buying sector)\n");
        out.push_str(&matrix_table(&names, &names, &self.factors, None, 6));
        out.push_str("\nRegional coefficients Aʳ = Aⁿ ∘ min(1, Q)");
        if let Some(ras) = self.ras {
            out.push_str(&format!(
                ", adjusted by RAS to the regional totals ({} iterations, largest relative margin error {:.1e})",
                ras.iterations, ras.max_error
            ));
        }
        out.push('\n');
        out.push_str(&matrix_table(&names, &names, &self.coefficients, None, 6));
        if let Some(table) = &self.table {
            out.push('\n');
            out.push_str(&table.table());
        }
        out
    }

    /// The regional table as a sheet `chainsim io` reads back: the flow table when the
    /// regional output is known, the coefficient sheet (for `--coefficients`) otherwise.
    fn csv(&self) -> String {
        if let Some(table) = &self.table {
            return table.csv();
        }
        let names: Vec<String> = self.labels.iter().map(Label::to_string).collect();
        sheet_csv(&names, &names, &self.coefficients)
    }
}
