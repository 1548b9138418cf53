//! Leontief's price model: price indices after exogenous price changes.

use nalgebra::DVector;
use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::{csv_field, render_table};
use chainsim::io::{IoError, IoModel, PriceModel};

/// One sector's price index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceRow {
    /// Region, if the table has more than one.
    pub region: Option<String>,
    /// Sector.
    pub sector: String,
    /// Whether the price was given (exogenous) rather than solved.
    pub given: bool,
    /// The price index (base year 1).
    pub price_index: f64,
    /// The change from the base, in percent: 100 (p − 1).
    pub change_percent: f64,
}

/// Price indices of every sector when some sectors' prices are set (a cost-push shock):
/// Leontief's price model in index form, p_E = (I − A_EEᵀ)⁻¹ (A_XEᵀ p_X + v_E) with
/// vⱼ = 1 − Σᵢ aᵢⱼ (Miller & Blair 2009, section 2.6).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceReport {
    /// One row per sector, in the table's order.
    pub sectors: Vec<PriceRow>,
}

impl PriceReport {
    /// The price indices of `model` with the sectors of `given` (index, price index) set.
    ///
    /// # Errors
    ///
    /// Those of [`PriceModel::new`] and [`PriceModel::index`].
    pub fn new(model: &IoModel, given: &[(usize, f64)]) -> Result<PriceReport, IoError> {
        let exogenous: Vec<usize> = given.iter().map(|&(i, _)| i).collect();
        let prices = DVector::from_iterator(given.len(), given.iter().map(|&(_, p)| p));
        let p = PriceModel::new(model, &exogenous)?.index(&prices)?;
        let sectors = model
            .sectors()
            .iter()
            .enumerate()
            .map(|(i, label)| PriceRow {
                region: label.region.clone(),
                sector: label.sector.clone(),
                given: exogenous.contains(&i),
                price_index: p[i],
                change_percent: 100.0 * (p[i] - 1.0),
            })
            .collect();
        Ok(PriceReport { sectors })
    }
}

impl IoText for PriceReport {
    fn table(&self) -> String {
        let mut out = String::from(
            "Leontief price model: p = Aᵀp + v with base prices 1 (given prices marked *; the others pass on their input costs)\n",
        );
        let labels: Vec<(Option<&str>, &str)> = self
            .sectors
            .iter()
            .map(|r| (r.region.as_deref(), r.sector.as_str()))
            .collect();
        let (mut rows, mut right) = label_header(&labels);
        rows[0].extend(["price".to_string(), "price index".into(), "Δ %".into()]);
        right.extend([false, true, true]);
        for (r, label) in self.sectors.iter().zip(&labels) {
            let mut row = label_cells(*label, &labels);
            row.extend([
                if r.given { "given *" } else { "solved" }.to_string(),
                fixed(r.price_index, 6),
                format!("{}%", signed(r.change_percent, 3)),
            ]);
            rows.push(row);
        }
        out.push_str(&render_table(&rows, &right));
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from("region,sector,given,price_index,change_percent\n");
        for r in &self.sectors {
            push_row(
                &mut out,
                &[
                    csv_field(r.region.as_deref().unwrap_or("")),
                    csv_field(&r.sector),
                    r.given.to_string(),
                    num(r.price_index),
                    num(r.change_percent),
                ],
            );
        }
        out
    }
}
