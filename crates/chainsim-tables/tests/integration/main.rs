//! Integration tests of chainsim-tables: each format's fixture, read and checked
//! against the numbers its source publishes.

mod chainsim_csv;
mod exiobase;
mod pymrio;
