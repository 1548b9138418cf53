//! The worked example of docs/input-output.md, kept here so that it compiles
//! and its printed numbers stay true. Run it with
//! `cargo test -p chainsim-io --test integration worked_example -- --nocapture`.
//!
//! Data: Miller & Blair (2009), Table 2.3, with value added split into
//! wages [300, 500] and other [350, 900], household consumption [90, 50]
//! out of the final demand [350, 1700], and 30 and 50 jobs per sector.

use chainsim_io::{
    Block, Households, IoTable, MultiplierInputs, SatelliteAccount, TableLayout, extraction,
    impacts, linkages, multipliers,
};
use nalgebra::dmatrix;

const TABLE: &str = "\
,agriculture,manufacturing,households,other final demand,total output
agriculture,150,500,90,260,1000
manufacturing,200,100,50,1650,2000
wages,300,500,,,
other value added,350,900,,,
";

const JOBS: &str = "\
,agriculture,manufacturing
jobs,300,500
";

#[test]
fn worked_example() -> Result<(), chainsim_io::IoError> {
    let table = IoTable::from_csv(TABLE.as_bytes(), &TableLayout::default())?
        .with_satellites_csv(JOBS.as_bytes(), None)?;
    let model = table.model()?;

    // x = L y for a new final demand (Miller & Blair 2009, section 2.3.1).
    let demand = Block {
        labels: vec!["new demand".into()],
        values: dmatrix![600.0; 1500.0],
    };
    let jobs = SatelliteAccount::from_table(&table);
    let report = impacts(&model, &demand, &jobs)?;
    for row in &report.output {
        println!("{:>14} output {:9.2}", row.sector, row.output);
    }
    assert!((report.output[0].output - 1247.52).abs() < 0.005);
    assert!((report.satellites[1].value - 460.40).abs() < 0.005);

    // Multipliers, Type I and II.
    let inputs = MultiplierInputs {
        households: Some(Households::from_table(&table, "wages", "households")?),
        satellites: jobs,
    };
    let m = multipliers(&model, &inputs)?;
    for row in &m.sectors {
        println!(
            "{:>14} output I {:.6} II {:.6}  income I {:.6} II {:.6}",
            row.sector,
            row.output_type_i,
            row.output_type_ii.unwrap(),
            row.income_type_i.unwrap(),
            row.income_type_ii.unwrap()
        );
    }
    assert!((m.sectors[0].output_type_i - 1.518152).abs() < 5e-7);
    assert!(
        m.sectors
            .iter()
            .all(|r| r.output_type_ii.unwrap() > r.output_type_i)
    );

    // Linkages and extraction.
    let links = linkages(&model)?;
    for row in &links.sectors {
        println!(
            "{:>14} backward {:.6} forward {:.6} {:?}",
            row.sector,
            row.backward,
            row.forward_ghosh.unwrap(),
            row.class
        );
    }
    let ex = extraction(&model, &model.base_final_demand()?)?;
    for row in &ex.sectors {
        println!(
            "{:>14} output lost without its purchases {:.3}, sales {:.3}, both {:.3}",
            row.sector, row.purchases, row.sales, row.both
        );
    }
    assert!((ex.sectors[0].both - 860.526).abs() < 5e-4);
    Ok(())
}
