//! How a final-demand shock travels along the chain: Δx = (I − A)⁻¹ Δf on the Jilin scenario's
//! mean coefficients, in each sector's own unit and in value, and what it asks of each stage of
//! the carbon-fibre chain (acrylonitrile → precursor → fibre).
//!
//! Run with `cargo run --example shock_propagation`.

use chainsim::Model;
use nalgebra::DVector;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/jilin-2030.toml");
    let dir = std::path::Path::new(path).parent().ok_or("a folder")?;
    let model = Model::from_toml_str_with_files(&std::fs::read_to_string(path)?, |file| {
        std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())
    })?;
    let fibre = model
        .sector_idx("carbon_fibre")
        .ok_or("the scenario has a carbon_fibre sector")?;
    // Final demand for carbon fibre 10% below its base-year level (tonnes).
    let mut shock = DVector::zeros(model.n_sectors());
    shock[fibre] = -0.1 * model.base_final_demand()[fibre];
    let response = model.leontief().solve(&shock);
    println!(
        "carbon-fibre final demand {:+.0} {}: output response by sector",
        shock[fibre],
        model.sectors()[fibre].unit
    );
    for (sector, dx) in model.sectors().iter().zip(response.iter()) {
        let value = dx * sector.price.unwrap_or(1.0);
        println!(
            "  {:<18} {dx:+12.3} {:<8} {value:+9.3} {}",
            sector.id,
            if sector.price.is_some() {
                sector.unit.as_str()
            } else {
                ""
            },
            model.value_unit()
        );
    }
    for chain in model.chains().iter().filter(|c| c.sector_idx == fibre) {
        println!("chain {}: change in what each stage must produce", chain.id);
        let mut production = vec![0.0; chain.stages.len()];
        chain.production(response[fibre], &mut production);
        for (stage, dq) in chain.stages.iter().zip(&production) {
            println!("  {:<18} {dq:+12.1} {}", stage.id, stage.unit);
        }
    }
    Ok(())
}
