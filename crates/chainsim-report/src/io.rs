//! Input–output reports as text: terminal tables, CSV with labels, and JSON.
//!
//! The analyses live in [`crate::io`]. This module assembles the reports that
//! take more than one call there — the Ghosh matrices ([`GhoshReport`]), a
//! demand or supply shock against the base year ([`ShockReport`]), a RAS update
//! with its labels ([`RasReport`]), a whole table ([`TableReport`]) — and
//! renders those and the toolkit's own reports through [`IoText`]. Rendering
//! returns text; writing files is the caller's business.
//!
//! CSV files always carry `region` and `sector` columns (the region empty for
//! a single-region table) and print numbers in their shortest round-trip form,
//! so the same bits give the same bytes. Matrices are written wide, with
//! `region/sector` labels as column names.
//!
//! # Examples
//!
//! ```
//! use chainsim::io::{Block, IoModel, Label};
//! use chainsim_report::io::{IoText, ShockReport};
//! use nalgebra::{dmatrix, dvector};
//!
//! // Miller & Blair (2009), Table 2.3: final demand from [350, 1700] to [600, 1500].
//! let model = IoModel::from_coefficients(Label::sectors(["a", "m"]), dmatrix![0.15, 0.25; 0.20, 0.05])?
//!     .with_output(dvector![1000.0, 2000.0])?;
//! let change = Block { labels: vec!["shock".into()], values: dmatrix![250.0; -200.0] };
//! let report = ShockReport::demand(&model, &change, &[])?;
//! assert!((report.rows[0].new_output.unwrap() - 1247.52).abs() < 0.005);
//! assert!(report.table().contains("-158.42"));
//! assert!(report.csv().starts_with("scenario,region,sector,final_demand_change,"));
//! # Ok::<(), chainsim::io::IoError>(())
//! ```

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::text::{csv_field, render_table};

use chainsim::io::{
    Block, ExtractionReport, IoError, IoModel, IoTable, Label, LabelledMatrix, LinkageReport,
    MultiplierReport, RasOptions, SatelliteAccount, SatelliteRow, SectorClass, impacts, ras,
    supply_impacts,
};

/// A report that renders as a terminal table, CSV and JSON.
pub trait IoText: Serialize {
    /// A table for people, with a title line.
    fn table(&self) -> String;

    /// CSV with a header row and labels in every row.
    fn csv(&self) -> String;

    /// Pretty-printed JSON of the report's fields, ending in a newline.
    fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a report serialises");
        text.push('\n');
        text
    }
}

// ---------------------------------------------------------------------------
// Multipliers, linkages, extraction: the toolkit's reports, rendered.

/// Reads one multiplier of a row, `None` when the report lacks it.
type MultiplierField = fn(&chainsim::io::MultiplierRow) -> Option<f64>;

impl IoText for MultiplierReport {
    fn table(&self) -> String {
        let mut out = String::from(
            "Output and income multipliers (Type I: open model; Type II: closed for households)\n",
        );
        let columns: [(&str, MultiplierField); 7] = [
            ("output I", |r| Some(r.output_type_i)),
            ("output II", |r| r.output_type_ii),
            ("income direct", |r| r.income_direct),
            ("income total", |r| r.income_total),
            ("income I", |r| r.income_type_i),
            ("income total II", |r| r.income_total_ii),
            ("income II", |r| r.income_type_ii),
        ];
        let shown: Vec<_> = columns
            .iter()
            .filter(|(_, get)| self.sectors.iter().any(|r| get(r).is_some()))
            .collect();
        let labels: Vec<(Option<&str>, &str)> = self
            .sectors
            .iter()
            .map(|r| (r.region.as_deref(), r.sector.as_str()))
            .collect();
        let (mut rows, mut right) = label_header(&labels);
        rows[0].extend(shown.iter().map(|(name, _)| name.to_string()));
        right.extend(shown.iter().map(|_| true));
        for (r, label) in self.sectors.iter().zip(&labels) {
            let mut row = label_cells(*label, &labels);
            row.extend(shown.iter().map(|(_, get)| opt(get(r), 6)));
            rows.push(row);
        }
        out.push_str(&render_table(&rows, &right));
        if !self.satellites.is_empty() {
            out.push_str("\nSatellite multipliers (per unit of final demand)\n");
            let labels: Vec<(Option<&str>, &str)> = self
                .satellites
                .iter()
                .map(|r| (r.region.as_deref(), r.sector.as_str()))
                .collect();
            let (mut rows, mut right) = label_header(&labels);
            rows[0].insert(0, "account".into());
            right.insert(0, false);
            let has_ii = self.satellites.iter().any(|r| r.total_ii.is_some());
            let mut names = vec!["direct", "total", "type I"];
            if has_ii {
                names.extend(["total II", "type II"]);
            }
            rows[0].extend(names.iter().map(|n| n.to_string()));
            right.extend(names.iter().map(|_| true));
            for (r, label) in self.satellites.iter().zip(&labels) {
                let mut row = vec![r.account.clone()];
                row.extend(label_cells(*label, &labels));
                row.extend([fixed(r.direct, 6), fixed(r.total, 6), opt(r.type_i, 6)]);
                if has_ii {
                    row.extend([opt(r.total_ii, 6), opt(r.type_ii, 6)]);
                }
                rows.push(row);
            }
            out.push_str(&render_table(&rows, &right));
        }
        out
    }

    fn csv(&self) -> String {
        let mut accounts: Vec<&str> = Vec::new();
        for r in &self.satellites {
            if !accounts.contains(&r.account.as_str()) {
                accounts.push(&r.account);
            }
        }
        let mut header = vec![
            "region",
            "sector",
            "output_type_i",
            "output_type_ii",
            "income_direct",
            "income_total",
            "income_type_i",
            "income_total_ii",
            "income_type_ii",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        for account in &accounts {
            for field in ["direct", "total", "type_i", "total_ii", "type_ii"] {
                header.push(csv_field(&format!("{account}_{field}")));
            }
        }
        let mut out = header.join(",");
        out.push('\n');
        for r in &self.sectors {
            let mut fields = vec![
                csv_field(r.region.as_deref().unwrap_or("")),
                csv_field(&r.sector),
                num(r.output_type_i),
                opt_num(r.output_type_ii),
                opt_num(r.income_direct),
                opt_num(r.income_total),
                opt_num(r.income_type_i),
                opt_num(r.income_total_ii),
                opt_num(r.income_type_ii),
            ];
            for account in &accounts {
                let s = self.satellites.iter().find(|s| {
                    s.account == *account && s.region == r.region && s.sector == r.sector
                });
                match s {
                    Some(s) => fields.extend([
                        num(s.direct),
                        num(s.total),
                        opt_num(s.type_i),
                        opt_num(s.total_ii),
                        opt_num(s.type_ii),
                    ]),
                    None => fields.extend(std::iter::repeat_n(String::new(), 5)),
                }
            }
            push_row(&mut out, &fields);
        }
        out
    }
}

impl IoText for LinkageReport {
    fn table(&self) -> String {
        let forward = match self.classified_by {
            chainsim::io::ForwardMeasure::Ghosh => "Ghosh (supply-side)",
            chainsim::io::ForwardMeasure::Leontief => "Leontief (classical)",
        };
        let mut out = format!(
            "Linkages (Rasmussen; normalised so the mean sector is 1); classes by backward and {forward} forward linkage\n"
        );
        let labels: Vec<(Option<&str>, &str)> = self
            .sectors
            .iter()
            .map(|r| (r.region.as_deref(), r.sector.as_str()))
            .collect();
        let (mut rows, mut right) = label_header(&labels);
        let has_ghosh = self.sectors.iter().any(|r| r.forward_ghosh.is_some());
        let mut names = vec!["backward", "BL total", "forward (L)", "FL total (L)"];
        if has_ghosh {
            names.extend(["forward (G)", "FL total (G)"]);
        }
        rows[0].extend(names.iter().map(|n| n.to_string()));
        rows[0].push("class".into());
        right.extend(names.iter().map(|_| true));
        right.push(false);
        for (r, label) in self.sectors.iter().zip(&labels) {
            let mut row = label_cells(*label, &labels);
            row.extend([
                fixed(r.backward, 6),
                fixed(r.backward_total, 6),
                fixed(r.forward_leontief, 6),
                fixed(r.forward_leontief_total, 6),
            ]);
            if has_ghosh {
                row.extend([opt(r.forward_ghosh, 6), opt(r.forward_ghosh_total, 6)]);
            }
            row.push(class_name(r.class).replace('_', " "));
            rows.push(row);
        }
        out.push_str(&render_table(&rows, &right));
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from(
            "region,sector,backward_total,backward,backward_cv,forward_leontief_total,forward_leontief,forward_leontief_cv,forward_ghosh_total,forward_ghosh,forward_ghosh_cv,class\n",
        );
        for r in &self.sectors {
            push_row(
                &mut out,
                &[
                    csv_field(r.region.as_deref().unwrap_or("")),
                    csv_field(&r.sector),
                    num(r.backward_total),
                    num(r.backward),
                    opt_num(r.backward_cv),
                    num(r.forward_leontief_total),
                    num(r.forward_leontief),
                    opt_num(r.forward_leontief_cv),
                    opt_num(r.forward_ghosh_total),
                    opt_num(r.forward_ghosh),
                    opt_num(r.forward_ghosh_cv),
                    class_name(r.class).to_string(),
                ],
            );
        }
        out
    }
}

impl IoText for ExtractionReport {
    fn table(&self) -> String {
        let mut out = format!(
            "Hypothetical extraction: total output lost, base-year final demand held fixed (total output {:.2})\n",
            self.total_output
        );
        let labels: Vec<(Option<&str>, &str)> = self
            .sectors
            .iter()
            .map(|r| (r.region.as_deref(), r.sector.as_str()))
            .collect();
        let (mut rows, mut right) = label_header(&labels);
        let has_supply = self.sectors.iter().any(|r| r.sales_supply_side.is_some());
        let mut names = vec!["purchases", "share", "sales", "share", "both", "share"];
        if has_supply {
            names.push("sales (supply side)");
        }
        rows[0].extend(names.iter().map(|n| n.to_string()));
        right.extend(names.iter().map(|_| true));
        for (r, label) in self.sectors.iter().zip(&labels) {
            let mut row = label_cells(*label, &labels);
            row.extend([
                fixed(r.purchases, 2),
                percent(r.purchases_share),
                fixed(r.sales, 2),
                percent(r.sales_share),
                fixed(r.both, 2),
                percent(r.both_share),
            ]);
            if has_supply {
                row.push(opt(r.sales_supply_side, 2));
            }
            rows.push(row);
        }
        out.push_str(&render_table(&rows, &right));
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from(
            "region,sector,purchases,sales,sales_supply_side,both,purchases_share,sales_share,both_share\n",
        );
        for r in &self.sectors {
            push_row(
                &mut out,
                &[
                    csv_field(r.region.as_deref().unwrap_or("")),
                    csv_field(&r.sector),
                    num(r.purchases),
                    num(r.sales),
                    opt_num(r.sales_supply_side),
                    num(r.both),
                    num(r.purchases_share),
                    num(r.sales_share),
                    num(r.both_share),
                ],
            );
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Ghosh.

/// The supply-side (Ghosh) matrices of a model with base-year output
/// (Miller & Blair 2009, ch. 12), row by row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GhoshReport {
    /// Sector labels, for rows and columns alike.
    pub sectors: Vec<Label>,
    /// Allocation coefficients B = x̂⁻¹ Z: `allocation[i][j]` is the share of
    /// sector i's output sold to sector j.
    pub allocation: Vec<Vec<f64>>,
    /// The Ghosh inverse G = (I − B)⁻¹.
    pub inverse: Vec<Vec<f64>>,
    /// Row sums of G: total output enabled downstream per unit of primary
    /// input into each sector (the supply-side forward linkage).
    pub forward_total: Vec<f64>,
}

impl GhoshReport {
    /// B and G of `model`.
    ///
    /// # Errors
    ///
    /// [`IoError::MissingOutput`] if the model has no base-year output; those
    /// of [`chainsim::io::Ghosh::new`].
    pub fn new(model: &IoModel) -> Result<GhoshReport, IoError> {
        let ghosh = model.ghosh()?;
        Ok(GhoshReport {
            sectors: model.sectors().to_vec(),
            allocation: matrix_rows(ghosh.allocation()),
            inverse: matrix_rows(&ghosh.inverse()),
            forward_total: ghosh.row_sums().iter().copied().collect(),
        })
    }
}

impl IoText for GhoshReport {
    fn table(&self) -> String {
        let labels: Vec<String> = self.sectors.iter().map(Label::to_string).collect();
        let mut out = String::from(
            "Allocation coefficients B = x̂⁻¹Z (row: selling sector; share of its output sold to each column)\n",
        );
        out.push_str(&matrix_table(&labels, &labels, &self.allocation, None, 6));
        out.push_str("\nGhosh inverse G = (I − B)⁻¹ (row: sector receiving one unit of primary input; output it enables in each column)\n");
        out.push_str(&matrix_table(
            &labels,
            &labels,
            &self.inverse,
            Some(("row sum", &self.forward_total)),
            6,
        ));
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from("matrix,region,sector");
        for label in &self.sectors {
            out.push(',');
            out.push_str(&csv_field(&label.to_string()));
        }
        out.push_str(",row_sum\n");
        for (name, matrix) in [
            ("allocation", &self.allocation),
            ("ghosh_inverse", &self.inverse),
        ] {
            for (label, row) in self.sectors.iter().zip(matrix) {
                let mut fields = vec![
                    name.to_string(),
                    csv_field(label.region.as_deref().unwrap_or("")),
                    csv_field(&label.sector),
                ];
                fields.extend(row.iter().map(|&v| num(v)));
                fields.push(num(row.iter().sum()));
                push_row(&mut out, &fields);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Shocks.

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

// ---------------------------------------------------------------------------
// RAS.

/// A labelled RAS update X = r̂ X₀ ŝ (Miller & Blair 2009, ch. 7).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RasReport {
    /// Row labels of the prior.
    pub row_labels: Vec<String>,
    /// Column labels of the prior.
    pub col_labels: Vec<String>,
    /// The updated matrix, row by row.
    pub matrix: Vec<Vec<f64>>,
    /// Row multipliers r.
    pub row_factors: Vec<f64>,
    /// Column multipliers s.
    pub col_factors: Vec<f64>,
    /// Iterations used (one scales rows, then columns).
    pub iterations: usize,
    /// The largest relative margin error at the end.
    pub max_error: f64,
}

impl RasReport {
    /// Scales `prior` to the row and column targets, which must be given in
    /// the prior's row and column order.
    ///
    /// # Errors
    ///
    /// Those of [`chainsim::io::ras`].
    pub fn new(
        prior: &LabelledMatrix,
        row_targets: &DVector<f64>,
        col_targets: &DVector<f64>,
        options: RasOptions,
    ) -> Result<RasReport, IoError> {
        let result = ras(&prior.values, row_targets, col_targets, options)?;
        Ok(RasReport {
            row_labels: prior.row_labels.clone(),
            col_labels: prior.col_labels.clone(),
            matrix: matrix_rows(&result.matrix),
            row_factors: result.row_factors.iter().copied().collect(),
            col_factors: result.col_factors.iter().copied().collect(),
            iterations: result.iterations,
            max_error: result.max_error,
        })
    }
}

impl IoText for RasReport {
    fn table(&self) -> String {
        let mut out = format!(
            "RAS update X = r̂ X₀ ŝ: {} iterations, largest relative margin error {:.1e}\n",
            self.iterations, self.max_error
        );
        let mut header = vec![String::new()];
        header.extend(self.col_labels.iter().cloned());
        header.extend(["row sum".to_string(), "r".to_string()]);
        let mut rows = vec![header];
        for ((label, row), r) in self
            .row_labels
            .iter()
            .zip(&self.matrix)
            .zip(&self.row_factors)
        {
            let mut cells = vec![label.clone()];
            cells.extend(row.iter().map(|&v| fixed(v, 2)));
            cells.push(fixed(row.iter().sum(), 2));
            cells.push(fixed(*r, 6));
            rows.push(cells);
        }
        let mut sums = vec!["column sum".to_string()];
        sums.extend(
            (0..self.col_labels.len())
                .map(|j| fixed(self.matrix.iter().map(|row| row[j]).sum(), 2)),
        );
        rows.push(sums);
        let mut factors = vec!["s".to_string()];
        factors.extend(self.col_factors.iter().map(|&s| fixed(s, 6)));
        rows.push(factors);
        let right: Vec<bool> = (0..self.col_labels.len() + 3).map(|c| c > 0).collect();
        out.push_str(&render_table(&rows, &right));
        out
    }

    /// The updated matrix as a sheet in the prior's layout, so it can be read back.
    fn csv(&self) -> String {
        let mut out = String::new();
        for label in &self.col_labels {
            out.push(',');
            out.push_str(&csv_field(label));
        }
        out.push('\n');
        for (label, row) in self.row_labels.iter().zip(&self.matrix) {
            let mut fields = vec![csv_field(label)];
            fields.extend(row.iter().map(|&v| num(v)));
            push_row(&mut out, &fields);
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Whole tables (aggregation's result).

/// A labelled row block (value added or satellites): labels down, sectors across.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowBlock {
    /// One label per row.
    pub labels: Vec<String>,
    /// The rows, one value per sector.
    pub rows: Vec<Vec<f64>>,
}

/// An input–output table in flows, row by row, as written by
/// `chainsim io aggregate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableReport {
    /// Sector labels.
    pub sectors: Vec<Label>,
    /// Intermediate flows Z, row by row.
    pub flows: Vec<Vec<f64>>,
    /// Final-demand category labels.
    pub final_demand_labels: Vec<String>,
    /// Final demand, one row per sector, one value per category.
    pub final_demand: Vec<Vec<f64>>,
    /// Total output x.
    pub output: Vec<f64>,
    /// Value-added rows.
    pub value_added: RowBlock,
    /// Satellite rows (totals per sector).
    pub satellites: RowBlock,
}

impl TableReport {
    /// The table's blocks, row by row.
    pub fn new(table: &IoTable) -> TableReport {
        let block = |b: &Block| RowBlock {
            labels: b.labels.clone(),
            rows: matrix_rows(&b.values),
        };
        TableReport {
            sectors: table.sectors().to_vec(),
            flows: matrix_rows(table.flows()),
            final_demand_labels: table.final_demand().labels.clone(),
            final_demand: matrix_rows(&table.final_demand().values),
            output: table.output().iter().copied().collect(),
            value_added: block(table.value_added()),
            satellites: block(table.satellites()),
        }
    }

    /// The satellite rows as a sheet with sector columns (the layout
    /// `--satellites` reads), or `None` if the table has none.
    pub fn satellites_csv(&self) -> Option<String> {
        if self.satellites.labels.is_empty() {
            return None;
        }
        let mut out = String::new();
        for label in &self.sectors {
            out.push(',');
            out.push_str(&csv_field(&label.to_string()));
        }
        out.push('\n');
        for (label, row) in self.satellites.labels.iter().zip(&self.satellites.rows) {
            let mut fields = vec![csv_field(label)];
            fields.extend(row.iter().map(|&v| num(v)));
            push_row(&mut out, &fields);
        }
        Some(out)
    }

    /// Every cell of the sheet: header row, sector rows, value-added rows.
    fn sheet(&self, format: impl Fn(f64) -> String, header_corner: &str) -> Vec<Vec<String>> {
        let mut header = vec![header_corner.to_string()];
        header.extend(self.sectors.iter().map(Label::to_string));
        header.extend(self.final_demand_labels.iter().cloned());
        header.push("total output".into());
        let mut rows = vec![header];
        for (i, label) in self.sectors.iter().enumerate() {
            let mut row = vec![label.to_string()];
            row.extend(self.flows[i].iter().map(|&v| format(v)));
            row.extend(self.final_demand[i].iter().map(|&v| format(v)));
            row.push(format(self.output[i]));
            rows.push(row);
        }
        for (label, values) in self.value_added.labels.iter().zip(&self.value_added.rows) {
            let mut row = vec![label.clone()];
            row.extend(values.iter().map(|&v| format(v)));
            row.extend(std::iter::repeat_n(
                String::new(),
                self.final_demand_labels.len() + 1,
            ));
            rows.push(row);
        }
        rows
    }
}

impl IoText for TableReport {
    fn table(&self) -> String {
        let mut out = format!(
            "Input–output table: {} sectors (rows sell to columns)\n",
            self.sectors.len()
        );
        let rows = self.sheet(|v| fixed(v, 2), "");
        let right: Vec<bool> = (0..rows[0].len()).map(|c| c > 0).collect();
        out.push_str(&render_table(&rows, &right));
        if !self.satellites.labels.is_empty() {
            out.push_str("\nSatellite accounts (totals)\n");
            let mut header = vec![String::new()];
            header.extend(self.sectors.iter().map(Label::to_string));
            let mut rows = vec![header];
            for (label, values) in self.satellites.labels.iter().zip(&self.satellites.rows) {
                let mut row = vec![label.clone()];
                row.extend(values.iter().map(|&v| fixed(v, 2)));
                rows.push(row);
            }
            let right: Vec<bool> = (0..rows[0].len()).map(|c| c > 0).collect();
            out.push_str(&render_table(&rows, &right));
        }
        out
    }

    /// The table as one sheet in the layout `chainsim io` reads: sectors
    /// (labelled `region/sector`), final-demand columns and `total output`
    /// across; sectors and value-added rows down.
    fn csv(&self) -> String {
        let mut out = String::new();
        for row in self.sheet(num, "") {
            let fields: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
            push_row(&mut out, &fields);
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Formatting.

fn matrix_rows(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    m.row_iter().map(|r| r.iter().copied().collect()).collect()
}

/// A labelled matrix as a terminal table, with an optional extra column.
fn matrix_table(
    row_labels: &[String],
    col_labels: &[String],
    values: &[Vec<f64>],
    extra: Option<(&str, &[f64])>,
    decimals: usize,
) -> String {
    let mut header = vec![String::new()];
    header.extend(col_labels.iter().cloned());
    if let Some((name, _)) = extra {
        header.push(name.to_string());
    }
    let mut rows = vec![header];
    for (i, (label, row)) in row_labels.iter().zip(values).enumerate() {
        let mut cells = vec![label.clone()];
        cells.extend(row.iter().map(|&v| fixed(v, decimals)));
        if let Some((_, column)) = extra {
            cells.push(fixed(column[i], decimals));
        }
        rows.push(cells);
    }
    let right: Vec<bool> = (0..rows[0].len()).map(|c| c > 0).collect();
    render_table(&rows, &right)
}

/// Header cells for a sector label: `region` and `sector` when any label has a
/// region, `sector` alone otherwise; with their alignment.
fn label_header(labels: &[(Option<&str>, &str)]) -> (Vec<Vec<String>>, Vec<bool>) {
    if labels.iter().any(|(region, _)| region.is_some()) {
        (
            vec![vec!["region".into(), "sector".into()]],
            vec![false, false],
        )
    } else {
        (vec![vec!["sector".into()]], vec![false])
    }
}

fn label_cells(label: (Option<&str>, &str), all: &[(Option<&str>, &str)]) -> Vec<String> {
    if all.iter().any(|(region, _)| region.is_some()) {
        vec![label.0.unwrap_or("").to_string(), label.1.to_string()]
    } else {
        vec![label.1.to_string()]
    }
}

fn class_name(class: SectorClass) -> &'static str {
    match class {
        SectorClass::Key => "key",
        SectorClass::BackwardOriented => "backward_oriented",
        SectorClass::ForwardOriented => "forward_oriented",
        SectorClass::Weak => "weak",
    }
}

/// Fixed decimals, without a minus sign on a value that rounds to zero.
fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// Fixed decimals with an explicit sign (zero unsigned).
fn signed(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if text.starts_with('-') || text.chars().all(|c| c == '0' || c == '.') {
        text
    } else {
        format!("+{text}")
    }
}

fn opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "—".into(), |v| fixed(v, decimals))
}

fn percent(share: f64) -> String {
    format!("{}%", fixed(100.0 * share, 1))
}

/// Shortest round-trip text of a float: the same bits give the same bytes.
fn num(value: f64) -> String {
    format!("{value}")
}

fn opt_num(value: Option<f64>) -> String {
    value.map(num).unwrap_or_default()
}

fn push_row(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(","));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use chainsim::io::{MultiplierInputs, multipliers};
    use nalgebra::{dmatrix, dvector};

    // Miller & Blair (2009), Table 2.3.
    fn table_2_3() -> IoModel {
        IoModel::from_coefficients(
            Label::sectors(["agriculture", "manufacturing"]),
            dmatrix![0.15, 0.25; 0.20, 0.05],
        )
        .unwrap()
        .with_output(dvector![1000.0, 2000.0])
        .unwrap()
    }

    #[test]
    fn numbers_round_and_sign_without_negative_zero() {
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(signed(-0.0001, 2), "0.00");
        assert_eq!(signed(247.524, 2), "+247.52");
        assert_eq!(signed(-158.416, 2), "-158.42");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }

    #[test]
    fn multiplier_table_and_csv_carry_labels() {
        let report = multipliers(&table_2_3(), &MultiplierInputs::default()).unwrap();
        let table = report.table();
        assert!(table.contains("agriculture") && table.contains("1.518152"));
        assert!(
            !table.contains("output II"),
            "no households, no Type II column"
        );
        let csv = report.csv();
        assert!(csv.starts_with("region,sector,output_type_i,"));
        assert!(
            csv.lines()
                .nth(2)
                .unwrap()
                .starts_with(",manufacturing,1.45214")
        );
    }

    #[test]
    fn ghosh_csv_has_both_matrices_with_row_sums() {
        let report = GhoshReport::new(&table_2_3()).unwrap();
        let csv = report.csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "matrix,region,sector,agriculture,manufacturing,row_sum"
        );
        // B = x̂⁻¹ Z: agriculture sells half its output to manufacturing.
        assert!(lines[1].starts_with("allocation,,agriculture,0.15,0.5,"));
        assert!(lines[3].starts_with("ghosh_inverse,,agriculture,1.254125"));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn supply_shock_of_base_value_added_gives_base_output() {
        // x' = v' G reproduces x for v = [650, 1400] (Miller & Blair 2009, ch. 12).
        let change = Block {
            labels: vec!["base".into()],
            values: dmatrix![650.0; 1400.0],
        };
        let report = ShockReport::supply(&table_2_3(), &change, &[]).unwrap();
        assert!((report.rows[0].output_change - 1000.0).abs() < 1e-9);
        assert!((report.rows[1].output_change - 2000.0).abs() < 1e-9);
        let bad = Block {
            labels: vec!["x".into()],
            values: dmatrix![f64::NAN; 1.0],
        };
        assert!(matches!(
            ShockReport::supply(&table_2_3(), &bad, &[]),
            Err(IoError::NonFinite { .. })
        ));
    }

    #[test]
    fn table_csv_is_a_sheet_the_reader_accepts() {
        let table = IoTable::from_model(&table_2_3()).unwrap();
        let csv = TableReport::new(&table).csv();
        let back =
            IoTable::from_csv(csv.as_bytes(), &chainsim::io::TableLayout::default()).unwrap();
        assert_eq!(back.sectors(), table.sectors());
        assert!((back.flows()[(0, 1)] - 500.0).abs() < 1e-9);
        assert_eq!(back.value_added().labels, ["value added"]);
    }
}
