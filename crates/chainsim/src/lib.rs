//! chainsim: an industrial-chain scenario simulator.

pub use chainsim_io as io;
pub use chainsim_stats as stats;
