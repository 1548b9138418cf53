//! Input–output reports as text: terminal tables, CSV with labels, and JSON.
//!
//! The analyses live in [`crate::io`]. This module assembles the reports that
//! take more than one call there — the Ghosh matrices ([`GhoshReport`]), A or L
//! ([`MatrixReport`]), a demand or supply shock against the base year
//! ([`ShockReport`]), the mixed model ([`MixedReport`]), price indices
//! ([`PriceReport`]), a RAS update with its labels ([`RasReport`]), a regional
//! table by location quotients ([`RegionalReport`]), a whole table
//! ([`TableReport`]) — and
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

use serde::Serialize;

mod format;
mod ghosh;
mod matrix;
mod mixed;
mod prices;
mod ras;
mod regional;
mod shock;
mod table;
mod toolkit;

pub use ghosh::GhoshReport;
pub use matrix::{MatrixKind, MatrixReport};
pub use mixed::{MixedReport, MixedRow};
pub use prices::{PriceReport, PriceRow};
pub use ras::RasReport;
pub use regional::{QuotientRow, RasSummary, RegionalReport};
pub use shock::{ShockKind, ShockReport, ShockRow, ShockSatelliteRow};
pub use table::{RowBlock, TableReport};

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

#[cfg(test)]
mod tests {
    use super::format::*;
    use super::*;
    use crate::text::csv_field;
    use chainsim::io::{Block, IoError, IoModel, IoTable, Label};
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

    // Without regional output the regional report's CSV is a coefficient sheet that
    // `--coefficients` reads back: Table 2.3 by SLQ for a region [60, 40], SLQ [1.8, 0.6],
    // so the manufacturing row is 0.6 of the national one.
    #[test]
    fn regional_coefficient_sheet_reads_back() {
        use chainsim::io::{LocationQuotients, QuotientMethod, Regionalization, TableLayout};
        let nation = table_2_3();
        let quotients = LocationQuotients::new(
            nation.sectors(),
            "output",
            nation.output().unwrap(),
            &dvector![60.0, 40.0],
            QuotientMethod::Slq,
        )
        .unwrap();
        let regional = Regionalization::new(&nation, quotients).unwrap();
        let report = RegionalReport::new(&regional).unwrap();
        assert!(report.table.is_none());
        let back = IoModel::from_csv(report.csv().as_bytes(), &TableLayout::default()).unwrap();
        assert_eq!(back.sectors(), nation.sectors());
        let a = back.coefficients();
        assert!((a[(1, 0)] - 0.12).abs() < 1e-15 && (a[(1, 1)] - 0.03).abs() < 1e-15);
        assert!(
            report
                .quotients_csv()
                .starts_with("region,sector,national,regional,slq,lambda,")
        );
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
