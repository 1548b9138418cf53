//! Analyses above the engine: each runs the engine on a compiled model (or several) and
//! says why a result is what it is.
//!
//! - [`sensitivity`]: which uncertain inputs drive a target (Sobol indices, tornado, rank
//!   correlations);
//! - [`goal_seek`]: what growth a target needs to reach a probability;
//! - [`bases`]: how much a result rests on an assumed base level;
//! - [`compare`]: several scenarios' target probabilities side by side.

pub mod bases;
pub mod compare;
pub mod goal_seek;
pub mod sensitivity;
