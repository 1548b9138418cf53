//! Distributions, quantile sketches, intervals and correlation for chainsim.
