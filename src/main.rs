//! The `chainsim` command-line tool.

fn main() {}
