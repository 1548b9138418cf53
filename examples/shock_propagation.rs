//! How a final-demand shock travels along the chain: Δx = (I − A)⁻¹ Δf on the Jilin scenario's
//! mean coefficients.
//!
//! Run with `cargo run --example shock_propagation`.

use chainsim::Model;
use nalgebra::DVector;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/jilin-2030.toml");
    let model = Model::from_toml_str(&std::fs::read_to_string(path)?)?;
    let fibre = model
        .sector_idx("carbon_fibre")
        .ok_or("the scenario has a carbon_fibre sector")?;
    // A 10亿 fall in final demand for carbon fibre.
    let mut shock = DVector::zeros(model.n_sectors());
    shock[fibre] = -10.0;
    let response = model.leontief().solve(&shock);
    println!("output response to -10 of carbon-fibre final demand:");
    for (sector, dx) in model.sectors().iter().zip(response.iter()) {
        println!("  {:<16} {dx:+8.3}", sector.id);
    }
    Ok(())
}
