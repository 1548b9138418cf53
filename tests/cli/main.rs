//! The `chainsim` binary end to end, one module per area: real files in, exit codes,
//! messages and files out. One test binary, so the whole crate links once.

mod charts;
mod common;
mod compare;
mod guard;
mod io;
mod kubernetes;
mod output_transaction;
mod scenarios;
mod shard;
mod simulate;
mod tolerance;
