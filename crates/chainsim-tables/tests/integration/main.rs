//! Integration tests of chainsim-tables: each format's fixture, read and checked
//! against the numbers its source publishes.

mod chainsim_csv;
mod eurostat;
mod exiobase;
mod oecd_icio;
mod pymrio;
mod xlsx;
