//! A whole table (aggregation's result).

use serde::Serialize;

use super::IoText;
use super::format::*;
use crate::text::{csv_field, render_table};
use chainsim::io::{Block, IoTable, Label};

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
        let names: Vec<String> = self.sectors.iter().map(Label::to_string).collect();
        Some(sheet_csv(
            &names,
            &self.satellites.labels,
            &self.satellites.rows,
        ))
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
