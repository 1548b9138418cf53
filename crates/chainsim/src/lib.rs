//! chainsim: an industrial-chain scenario simulator.
//!
//! Sectors grow by uncertain final-demand growth laws and are linked by input–output
//! (Leontief) equations; a Monte Carlo engine runs the scenario many times and scores
//! plan targets. Data flows one way:
//!
//! 1. [`Scenario`] — the TOML file as plain serde types ([`scenario`]);
//! 2. [`Model`] — ids resolved and every invariant checked once ([`model`]);
//! 3. [`simulate`] — runs in parallel, each from its own random stream ([`engine`], [`engine::run`]);
//! 4. [`Summary`] — mergeable, order-independent aggregates ([`summary`]);
//! 5. [`Report`] — labelled results rendered as a table, CSV or JSON ([`report`]).
//!
//! The input–output toolkit ([`io`]) and the distributions, sketches and correlation
//! ([`stats`]) sit below the engine.
//!
//! # Examples
//! ```
//! use chainsim::{Model, Report, RunOptions, Silent, simulate};
//! let model = Model::from_toml_str(r#"
//!     [scenario]
//!     name = "two sectors"
//!     value_unit = "CNY 100 million"
//!     base_year = 2025
//!     horizon = 2030
//!     [provenance]
//!     sectors = { assumption = "illustrative levels" }
//!     growth = { assumption = "illustrative growth" }
//!     coefficients = { source = "Miller & Blair (2009), Table 2.3" }
//!     targets = { assumption = "illustrative target" }
//!     [[sectors]]
//!     id = "chemicals"
//!     name = "Chemicals"
//!     base = 1000.0
//!     [[sectors]]
//!     id = "fibre"
//!     name = "Carbon fibre"
//!     base = 2000.0
//!     [[growth]]
//!     sector = "chemicals"
//!     distribution = "normal"
//!     mean = 0.06
//!     sd = 0.03
//!     [[growth]]
//!     sector = "fibre"
//!     distribution = "triangular"
//!     min = -0.05
//!     mode = 0.10
//!     max = 0.25
//!     [[coefficients]]
//!     from = "chemicals"
//!     to = "fibre"
//!     value = 0.25
//!     [[targets]]
//!     id = "fibre-double"
//!     label = "Carbon fibre doubles by 2030"
//!     sector = "fibre"
//!     kind = "ratio"
//!     year = 2030
//!     at_least = 2.0
//! "#)?;
//! let options = RunOptions { runs: 2_000, seed: 42, threads: Some(1), ..RunOptions::default() };
//! let summary = simulate(&model, &options, &mut Silent)?;
//! let report = Report::new(&model, &options, &summary);
//! assert!(report.targets[0].probability < 0.5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use chainsim_io as io;
pub use chainsim_stats as stats;

pub mod analysis;
pub mod compile;
pub mod engine;
pub mod error;
pub mod model;
pub mod report;
pub mod scenario;
pub mod summary;

pub use compile::CompileOptions;
pub use engine::{EngineError, Observer, RunOptions, RunRecord, Silent, simulate};
pub use error::{Location, ScenarioError};
pub use model::Model;
pub use report::Report;
pub use scenario::Scenario;
pub use summary::Summary;
