//! chainsim-report: chainsim's results as text people read and files they hand around.
//!
//! The core crate (`chainsim`) computes; this crate renders, so a researcher embedding the
//! core compiles no charting code. One module per thing rendered:
//!
//! - [`simulation`]: a [`chainsim::Report`] as the target table, `targets.csv`,
//!   `trajectories.csv` and `summary.json`;
//! - [`charts`]: SVG fan charts of each sector, and every chart file of a simulation;
//! - [`target_chart`]: the target-probability chart, one row per target;
//! - [`compare`], [`bases`], [`sensitivity`] and [`tornado`]: the analyses' tables, CSV,
//!   JSON and the tornado chart;
//! - [`describe`]: what a compiled model would simulate (`chainsim validate`);
//! - [`io`]: the input–output reports of `chainsim io`.
//!
//! Rendering returns text; writing files is the caller's business.
//!
//! # Examples
//! ```
//! use chainsim::{Model, Report, RunOptions, Silent, simulate};
//! let model = Model::from_toml_str(include_str!("../../../tests/data/small.toml"))?;
//! let options = RunOptions { runs: 500, seed: 7, threads: Some(1), ..RunOptions::default() };
//! let report = Report::new(&model, &options, &simulate(&model, &options, &mut Silent)?);
//! let csv = chainsim_report::simulation::targets_csv(&report);
//! assert!(csv.starts_with("id,label,series,unit,kind,year,"));
//! assert_eq!(csv.lines().count(), 1 + model.targets().len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod bases;
pub mod charts;
pub mod compare;
pub mod describe;
pub mod html;
pub mod io;
pub mod numbers;
pub mod sensitivity;
pub mod simulation;
pub mod target_chart;
mod text;
pub mod tornado;

pub use text::text_width;
