//! Input–output (Leontief and Ghosh) analysis for chainsim.
//!
//! The numeric core is [`Leontief`], a validated factorisation of I − A for a
//! productive coefficient matrix A: it solves x = (I − A)⁻¹ f without ever
//! forming the inverse. Around it:
//!
//! - data: [`IoTable`] (flows Z, output x, final demand, value added and
//!   satellite accounts, with [`Label`]s that may be (region, sector) pairs),
//!   read from CSV text by [`IoTable::from_csv`]; [`IoModel`], the labelled
//!   coefficient model the reports take;
//! - coefficients: [`technical_coefficients`] (A = Z x̂⁻¹) and
//!   [`allocation_coefficients`] (B = x̂⁻¹ Z), and the supply-side [`Ghosh`]
//!   model;
//! - reports, each one function returning plain serialisable rows:
//!   [`impacts`] (demand side), [`supply_impacts`] (supply side),
//!   [`multipliers`], [`linkages`], [`extraction`];
//! - tools: [`MixedModel`] for fixed (capacity-bound) outputs,
//!   [`CapacitySolver`] for the capacity-constrained solve that finds which
//!   sectors are bound (on storage allocated once, for a simulator's hot loop),
//!   and [`CapacityUpdate`] for the same solve from the columns of the Leontief
//!   inverse of the sectors over capacity (k × k systems for k capped),
//!   [`LeontiefLanes`] for many drawn coefficient matrices factored side by side,
//!   [`ras`] for biproportional updating (and [`ras_coefficients`] from a
//!   coefficient prior), [`Aggregation`] for merging sectors or regions;
//! - regions and prices: [`Regionalization`] of a national table by
//!   [`LocationQuotients`] (SLQ, CILQ, FLQ, AFLQ), and Leontief's cost-push
//!   [`PriceModel`] with exogenous prices;
//! - input checks with the toolkit's errors, for callers' own inputs:
//!   [`finite_matrix`], [`finite_column_block`], [`finite_sector_vector`].
//!
//! Errors are reported through [`IoError`]; no function panics on bad data.
//! The crate reads no files: parsers take any [`std::io::Read`].
//!
//! ```
//! use chainsim_io::{IoTable, Label, MultiplierInputs, multipliers};
//! use nalgebra::{dmatrix, dvector};
//!
//! // Miller & Blair (2009), Table 2.3.
//! let table = IoTable::new(
//!     Label::sectors(["agriculture", "manufacturing"]),
//!     dmatrix![150.0, 500.0; 200.0, 100.0],
//!     dvector![1000.0, 2000.0],
//! )?;
//! let model = table.model()?;
//! let x = model.leontief().solve(&dvector![600.0, 1500.0]);
//! assert!((x[0] - 1247.52).abs() < 0.01 && (x[1] - 1841.58).abs() < 0.01);
//!
//! let report = multipliers(&model, &MultiplierInputs::default())?;
//! assert!((report.sectors[1].output_type_i - 1.452145).abs() < 1e-6);
//! # Ok::<(), chainsim_io::IoError>(())
//! ```

#![warn(missing_docs)]

mod aggregation;
mod capacity;
mod capacity_update;
mod coefficients;
mod csv_table;
mod error;
mod extraction;
mod ghosh;
mod impact;
mod label;
mod lanes;
mod leontief;
mod linkages;
mod lu;
mod mixed;
mod model;
mod multipliers;
mod prices;
mod ras;
mod regionalize;
mod satellite;
mod table;
mod validate;

/// The linear-algebra crate whose matrices and vectors this crate's API uses.
pub use nalgebra;

pub use aggregation::Aggregation;
pub use capacity::CapacitySolver;
pub use capacity_update::CapacityUpdate;
pub use coefficients::{allocation_coefficients, technical_coefficients};
pub use csv_table::{LabelledMatrix, TableLayout};
pub use error::IoError;
pub use extraction::{ExtractionReport, ExtractionRow, extraction};
pub use ghosh::{Ghosh, SupplyImpactReport, SupplyRow, supply_impacts};
pub use impact::{ImpactReport, OutputRow, SatelliteRow, impacts, output_for};
pub use label::Label;
pub use lanes::LeontiefLanes;
pub use leontief::{Leontief, spectral_radius};
pub use linkages::{ForwardMeasure, LinkageReport, LinkageRow, SectorClass, linkages};
pub use mixed::{MixedModel, MixedSolution};
pub use model::IoModel;
pub use multipliers::{
    Households, MultiplierInputs, MultiplierReport, MultiplierRow, SatelliteMultiplierRow,
    multipliers,
};
pub use prices::{PriceModel, cost_push_prices};
pub use ras::{CoefficientRas, RasOptions, RasResult, ras, ras_coefficients};
pub use regionalize::{LocationQuotients, QuotientMethod, Regionalization};
pub use satellite::{SatelliteAccount, multiplier_matrix};
pub use table::{Block, IoTable};
pub use validate::{finite_column_block, finite_matrix, finite_sector_vector};
