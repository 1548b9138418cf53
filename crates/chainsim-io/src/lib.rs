//! Input-output analysis toolkit for chainsim.
