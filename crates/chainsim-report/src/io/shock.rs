//! A demand or supply shock against the base year.

use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::{csv_field, render_table};
use chainsim::io::{
    Block, IoError, IoModel, SatelliteAccount, SatelliteRow, impacts, supply_impacts,
};

/// Which side of the model a shock enters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShockKind {
    /// A final-demand change, Δx = L Δy (Leontief, demand-driven).
    Demand,
    /// A primary-input (value-added) change, Δxᵀ = Δvᵀ G (Ghosh, supply-driven).
    Supply,
}

/// One sector's result under one shock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShockRow {
    /// The shock's label (a column of the shock file, or `shock`).
    pub scenario: String,
    /// The sector's region, if any.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// The change put in: Δy for a demand shock, Δv for a supply shock.
    pub change: f64,
    /// Base-year output, if the model has it.
    pub base_output: Option<f64>,
    /// The change in total output, Δx.
    pub output_change: f64,
    /// Base-year output plus Δx.
    pub new_output: Option<f64>,
}

/// A satellite account's change in one sector under one shock, sᵢ Δxᵢ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShockSatelliteRow {
    /// The shock's label.
    pub scenario: String,
    /// The account, e.g. `employment`.
    pub account: String,
    /// The sector's region, if any.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// The change in the account.
    pub change: f64,
}

/// Output changes from one or more demand or supply shocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShockReport {
    /// Demand (Leontief) or supply (Ghosh).
    pub kind: ShockKind,
    /// One row per shock and sector.
    pub rows: Vec<ShockRow>,
    /// One row per shock, account and sector.
    pub satellites: Vec<ShockSatelliteRow>,
}

impl ShockReport {
    /// Δx = L Δy for each column of `change` (sectors × shocks), with the
    /// accounts' changes.
    ///
    /// # Errors
    ///
    /// Those of [`chainsim::io::impacts`].
    pub fn demand(
        model: &IoModel,
        change: &Block,
        accounts: &[SatelliteAccount],
    ) -> Result<ShockReport, IoError> {
        let impact = impacts(model, change, accounts)?;
        let n = model.n_sectors();
        let rows = impact
            .output
            .into_iter()
            .enumerate()
            .map(|(k, r)| shock_row(model, k % n, r.scenario, r.final_demand, r.output))
            .collect();
        Ok(ShockReport {
            kind: ShockKind::Demand,
            rows,
            satellites: impact.satellites.into_iter().map(satellite_row).collect(),
        })
    }

    /// Δxᵀ = Δvᵀ G for each column of `change` (sectors × shocks), with the
    /// accounts' changes.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`] and those of [`chainsim::io::Ghosh::new`];
    /// [`IoError::DimensionMismatch`], [`IoError::LabelMismatch`] or
    /// [`IoError::NonFinite`] for a malformed `change` or account.
    pub fn supply(
        model: &IoModel,
        change: &Block,
        accounts: &[SatelliteAccount],
    ) -> Result<ShockReport, IoError> {
        let impact = supply_impacts(model, change, accounts)?;
        let n = model.n_sectors();
        let rows = impact
            .output
            .into_iter()
            .enumerate()
            .map(|(k, r)| shock_row(model, k % n, r.scenario, r.value_added, r.output))
            .collect();
        Ok(ShockReport {
            kind: ShockKind::Supply,
            rows,
            satellites: impact.satellites.into_iter().map(satellite_row).collect(),
        })
    }

    fn change_name(&self) -> &'static str {
        match self.kind {
            ShockKind::Demand => "final_demand_change",
            ShockKind::Supply => "value_added_change",
        }
    }
}

fn shock_row(model: &IoModel, i: usize, scenario: String, change: f64, dx: f64) -> ShockRow {
    let base = model.output().map(|x| x[i]);
    let label = &model.sectors()[i];
    ShockRow {
        scenario,
        region: label.region.clone(),
        sector: label.sector.clone(),
        change,
        base_output: base,
        output_change: dx,
        new_output: base.map(|b| b + dx),
    }
}

fn satellite_row(s: SatelliteRow) -> ShockSatelliteRow {
    ShockSatelliteRow {
        scenario: s.scenario,
        account: s.account,
        region: s.region,
        sector: s.sector,
        change: s.value,
    }
}

impl IoText for ShockReport {
    fn table(&self) -> String {
        let (title, change) = match self.kind {
            ShockKind::Demand => ("Demand shock: Δx = L Δy", "Δ final demand"),
            ShockKind::Supply => ("Supply shock: Δxᵀ = Δvᵀ G", "Δ value added"),
        };
        let mut out = String::new();
        let mut scenarios: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !scenarios.contains(&r.scenario.as_str()) {
                scenarios.push(&r.scenario);
            }
        }
        for (k, scenario) in scenarios.iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{title} ({scenario})\n"));
            let rows_of: Vec<&ShockRow> = self
                .rows
                .iter()
                .filter(|r| r.scenario == *scenario)
                .collect();
            let labels: Vec<(Option<&str>, &str)> = rows_of
                .iter()
                .map(|r| (r.region.as_deref(), r.sector.as_str()))
                .collect();
            let has_base = rows_of.iter().any(|r| r.base_output.is_some());
            let (mut rows, mut right) = label_header(&labels);
            let mut names = vec![change];
            if has_base {
                names.push("base output");
            }
            names.push("Δ output");
            if has_base {
                names.extend(["new output", "Δ %"]);
            }
            rows[0].extend(names.iter().map(|n| n.to_string()));
            right.extend(names.iter().map(|_| true));
            let mut push = |row_label: Vec<String>, r: (f64, Option<f64>, f64)| {
                let (change, base, dx) = r;
                let mut row = row_label;
                row.push(signed(change, 2));
                if has_base {
                    row.push(opt(base, 2));
                }
                row.push(signed(dx, 2));
                if has_base {
                    row.push(opt(base.map(|b| b + dx), 2));
                    row.push(match base {
                        Some(b) if b != 0.0 => format!("{:+.2}%", 100.0 * dx / b),
                        _ => "—".into(),
                    });
                }
                rows.push(row);
            };
            for (r, label) in rows_of.iter().zip(&labels) {
                push(
                    label_cells(*label, &labels),
                    (r.change, r.base_output, r.output_change),
                );
            }
            let total_base = has_base.then(|| rows_of.iter().filter_map(|r| r.base_output).sum());
            let mut total_label = label_cells((None, "total"), &labels);
            total_label[0] = "total".into();
            push(
                total_label,
                (
                    rows_of.iter().map(|r| r.change).sum(),
                    total_base,
                    rows_of.iter().map(|r| r.output_change).sum(),
                ),
            );
            out.push_str(&render_table(&rows, &right));

            let sats: Vec<&ShockSatelliteRow> = self
                .satellites
                .iter()
                .filter(|s| s.scenario == *scenario)
                .collect();
            if !sats.is_empty() {
                out.push_str(&format!("\nSatellite changes ({scenario})\n"));
                let labels: Vec<(Option<&str>, &str)> = sats
                    .iter()
                    .map(|r| (r.region.as_deref(), r.sector.as_str()))
                    .collect();
                let (mut rows, mut right) = label_header(&labels);
                rows[0].insert(0, "account".into());
                right.insert(0, false);
                rows[0].push("change".into());
                right.push(true);
                for (s, label) in sats.iter().zip(&labels) {
                    let mut row = vec![s.account.clone()];
                    row.extend(label_cells(*label, &labels));
                    row.push(signed(s.change, 2));
                    rows.push(row);
                }
                out.push_str(&render_table(&rows, &right));
            }
        }
        out
    }

    fn csv(&self) -> String {
        let mut accounts: Vec<&str> = Vec::new();
        for s in &self.satellites {
            if !accounts.contains(&s.account.as_str()) {
                accounts.push(&s.account);
            }
        }
        let mut header = format!(
            "scenario,region,sector,{},base_output,output_change,new_output",
            self.change_name()
        );
        for account in &accounts {
            header.push(',');
            header.push_str(&csv_field(&format!("{account}_change")));
        }
        header.push('\n');
        let mut out = header;
        for r in &self.rows {
            let mut fields = vec![
                csv_field(&r.scenario),
                csv_field(r.region.as_deref().unwrap_or("")),
                csv_field(&r.sector),
                num(r.change),
                opt_num(r.base_output),
                num(r.output_change),
                opt_num(r.new_output),
            ];
            for account in &accounts {
                let value = self.satellites.iter().find(|s| {
                    s.account == *account
                        && s.scenario == r.scenario
                        && s.region == r.region
                        && s.sector == r.sector
                });
                fields.push(value.map(|s| num(s.change)).unwrap_or_default());
            }
            push_row(&mut out, &fields);
        }
        out
    }
}
