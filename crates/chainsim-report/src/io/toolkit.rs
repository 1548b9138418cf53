//! The toolkit's own reports rendered: multipliers, linkages, extraction.

use super::IoText;
use super::format::*;
use crate::text::{csv_field, render_table};
use chainsim::io::{ExtractionReport, LinkageReport, MultiplierReport};

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
