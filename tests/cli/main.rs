//! The `chainsim` binary end to end, one module per area: real files in, exit codes,
//! messages and files out. One test binary, so the whole crate links once.

mod charts;
mod common;
mod compare;
mod formats;
mod guard;
mod io;
mod io_models;
mod kubernetes;
mod output_transaction;
mod report;
mod scenario_table;
mod scenarios;
mod schema;
mod shard;
mod shell;
mod simulate;
mod tolerance;
mod value_terms;
