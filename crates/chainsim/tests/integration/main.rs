//! The engine and its analyses against closed forms and published tables, one module per
//! area. One test binary, so the crate links once.

mod bases;
mod batches;
mod closed_form;
mod coefficient_table;
mod goal_seek;
mod layering;
mod mechanisms;
mod precision_and_samplers;
mod reliability;
mod sensitivity;
mod sharding;
mod tolerance;
mod trajectories;
mod uncertainty;
