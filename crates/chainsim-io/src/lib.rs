//! Input–output (Leontief and Ghosh) analysis for chainsim.
//!
//! The main type is [`Leontief`], a validated factorisation of I − A for a
//! productive coefficient matrix A: it solves x = (I − A)⁻¹ f without ever
//! forming the inverse. Errors are reported through [`IoError`].
//!
//! ```
//! use chainsim_io::Leontief;
//! use nalgebra::{dmatrix, dvector};
//!
//! // Miller & Blair (2009), Table 2.3.
//! let leontief = Leontief::new(&dmatrix![0.15, 0.25; 0.20, 0.05])?;
//! let x = leontief.solve(&dvector![600.0, 1500.0]);
//! assert!((x[0] - 1247.52).abs() < 0.01 && (x[1] - 1841.58).abs() < 0.01);
//! # Ok::<(), chainsim_io::IoError>(())
//! ```

#![warn(missing_docs)]

mod error;
mod leontief;
mod lu;

pub use error::IoError;
pub use leontief::{Leontief, spectral_radius};
