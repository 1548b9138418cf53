//! The toolkit against published tables, closed forms and properties, one module per area.
//! One test binary, so the crate links once.

mod bad_input;
mod capacity;
mod common;
mod csv_inputs;
mod leontief;
mod linkages_extraction;
mod miller_blair;
mod mixed_ras_aggregation;
mod prices;
mod properties;
mod ras_coefficients;
mod regionalize;
mod tolerance;
mod type_ii;
mod worked_example;
