//! The CI gate on chainsim's instruction counts.
//!
//! [`measure::run_benchmarks`] runs the gungraun benchmarks of `benches/gate/` and returns each
//! kernel's instruction count; [`compare::compare`] sets them against a reference — the
//! committed [`baseline::Counts`], or the parent commit measured now when
//! [`compare::reference_for`] finds that the compiler changed — and renders the table.
//!
//! ```
//! use std::collections::BTreeMap;
//! use chainsim_gate::compare::{compare, Status};
//!
//! let baseline = BTreeMap::from([("engine/jilin_256".to_string(), 1_000_u64)]);
//! let now = BTreeMap::from([("engine/jilin_256".to_string(), 1_080_u64)]);
//! let verdict = compare(&baseline, &now, 5.0);
//! assert_eq!(verdict.rows[0].status, Status::Regressed);
//! assert!(!verdict.passed());
//! ```

pub mod baseline;
pub mod compare;
pub mod measure;
