//! The verdict: each kernel's count now against its reference count.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How far above its reference a kernel may go, in percent, before the gate fails.
pub const DEFAULT_THRESHOLD_PERCENT: f64 = 5.0;

/// One kernel's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Within ± threshold of the reference.
    Within,
    /// More than the threshold above the reference: fails the gate.
    Regressed,
    /// More than the threshold below the reference: passes, and says so.
    Improved,
    /// In the reference but not measured now: fails the gate (a tracked kernel vanished).
    Missing,
    /// Measured now but not in the reference: passes, not yet gated.
    New,
}

impl Status {
    /// Whether this outcome fails the gate.
    pub fn fails(self) -> bool {
        matches!(self, Status::Regressed | Status::Missing)
    }

    fn label(self) -> &'static str {
        match self {
            Status::Within => "ok",
            Status::Regressed => "REGRESSED",
            Status::Improved => "improved",
            Status::Missing => "MISSING",
            Status::New => "new",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Kernel name, `function/bench-id`.
    pub kernel: String,
    /// Reference count, if the reference has the kernel.
    pub reference: Option<u64>,
    /// Count now, if it was measured.
    pub now: Option<u64>,
    /// Outcome.
    pub status: Status,
}

impl Row {
    /// Relative change now vs reference in percent, when both exist.
    pub fn change_percent(&self) -> Option<f64> {
        match (self.reference, self.now) {
            (Some(reference), Some(now)) if reference > 0 => {
                Some((now as f64 - reference as f64) / reference as f64 * 100.0)
            }
            _ => None,
        }
    }
}

/// Which counts the measurement is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// The committed baseline: it was measured with the compiler in use now.
    Baseline,
    /// The compiler changed; the parent commit must be measured with the current compiler.
    Parent {
        /// The baseline's compiler.
        baseline_rustc: String,
        /// The compiler in use now.
        current_rustc: String,
    },
}

/// Decides what to compare with: counts from different compilers are not comparable.
pub fn reference_for(baseline_rustc: &str, current_rustc: &str) -> Reference {
    if baseline_rustc.trim() == current_rustc.trim() {
        Reference::Baseline
    } else {
        Reference::Parent {
            baseline_rustc: baseline_rustc.trim().to_string(),
            current_rustc: current_rustc.trim().to_string(),
        }
    }
}

/// Every kernel of `reference` and `now`, compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// One row per kernel, sorted by name.
    pub rows: Vec<Row>,
    /// The threshold used, in percent.
    pub threshold_percent: f64,
}

/// Compares counts `now` with `reference` at `threshold_percent`.
///
/// A kernel regresses when `now > reference · (1 + t/100)` and improves when
/// `now < reference · (1 − t/100)`.
pub fn compare(
    reference: &BTreeMap<String, u64>,
    now: &BTreeMap<String, u64>,
    threshold_percent: f64,
) -> Comparison {
    let mut names: Vec<&String> = reference.keys().chain(now.keys()).collect();
    names.sort();
    names.dedup();
    let limit = threshold_percent / 100.0;
    let rows = names
        .into_iter()
        .map(|kernel| {
            let reference = reference.get(kernel).copied();
            let now = now.get(kernel).copied();
            let status = match (reference, now) {
                (Some(_), None) => Status::Missing,
                (None, _) => Status::New,
                (Some(r), Some(n)) => {
                    let (r, n) = (r as f64, n as f64);
                    if n > r * (1.0 + limit) {
                        Status::Regressed
                    } else if n < r * (1.0 - limit) {
                        Status::Improved
                    } else {
                        Status::Within
                    }
                }
            };
            Row {
                kernel: kernel.clone(),
                reference,
                now,
                status,
            }
        })
        .collect();
    Comparison {
        rows,
        threshold_percent,
    }
}

impl Comparison {
    /// Whether the gate passes: nothing regressed and nothing tracked went missing.
    pub fn passed(&self) -> bool {
        !self.rows.iter().any(|row| row.status.fails())
    }

    /// Rows with `status`.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |row| row.status == status)
    }

    /// The table (kernel, reference, now, change, status) and a one-line verdict.
    pub fn render(&self, reference_name: &str) -> String {
        let mut out = self.render_table(reference_name);
        out.push_str(&self.verdict(reference_name));
        out
    }

    /// The table alone: kernel, reference, now, change, status.
    pub fn render_table(&self, reference_name: &str) -> String {
        let width = self
            .rows
            .iter()
            .map(|row| row.kernel.len())
            .max()
            .unwrap_or(0)
            .max("kernel".len());
        let count = |c: Option<u64>| c.map_or_else(|| "-".to_string(), |c| c.to_string());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<width$}  {:>14}  {:>14}  {:>9}  status",
            "kernel", reference_name, "now", "change"
        );
        for row in &self.rows {
            let change = row
                .change_percent()
                .map_or_else(|| "-".to_string(), |c| format!("{c:+.2}%"));
            let _ = writeln!(
                out,
                "{:<width$}  {:>14}  {:>14}  {:>9}  {}",
                row.kernel,
                count(row.reference),
                count(row.now),
                change,
                row.status.label()
            );
        }
        out
    }

    /// The one-line verdict.
    fn verdict(&self, reference_name: &str) -> String {
        let mut out = String::new();
        let t = self.threshold_percent;
        let regressed = self.with_status(Status::Regressed).count();
        let missing = self.with_status(Status::Missing).count();
        let improved = self.with_status(Status::Improved).count();
        let new = self.with_status(Status::New).count();
        if self.passed() {
            let _ = write!(
                out,
                "PASS: no kernel more than {t}% above the {reference_name}"
            );
        } else {
            let _ = write!(
                out,
                "FAIL: {regressed} kernel(s) more than {t}% above the {reference_name}, {missing} tracked kernel(s) missing"
            );
        }
        if improved > 0 {
            let _ = write!(
                out,
                "; {improved} improved by more than {t}% (re-record the baseline to keep the gain)"
            );
        }
        if new > 0 {
            let _ = write!(
                out,
                "; {new} new kernel(s) not gated until the baseline is re-recorded"
            );
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect()
    }

    fn status_of(reference: u64, now: u64) -> Status {
        let c = compare(
            &counts(&[("k", reference)]),
            &counts(&[("k", now)]),
            DEFAULT_THRESHOLD_PERCENT,
        );
        c.rows[0].status
    }

    #[test]
    fn within_threshold_passes() {
        assert_eq!(status_of(1_000_000, 1_000_000), Status::Within);
        assert_eq!(status_of(1_000_000, 1_050_000), Status::Within);
        assert_eq!(status_of(1_000_000, 950_000), Status::Within);
        let c = compare(&counts(&[("k", 100)]), &counts(&[("k", 104)]), 5.0);
        assert!(c.passed());
        assert!(c.render("baseline").contains("PASS"));
    }

    #[test]
    fn over_threshold_fails_with_the_change_in_the_table() {
        assert_eq!(status_of(1_000_000, 1_050_001), Status::Regressed);
        let c = compare(
            &counts(&[("a", 100), ("sketch/x", 1000)]),
            &counts(&[("a", 100), ("sketch/x", 1125)]),
            5.0,
        );
        assert!(!c.passed());
        let table = c.render("baseline");
        assert!(table.contains("sketch/x"), "{table}");
        assert!(table.contains("+12.50%"), "{table}");
        assert!(table.contains("REGRESSED"), "{table}");
        assert!(table.contains("FAIL: 1 kernel(s)"), "{table}");
    }

    #[test]
    fn improvement_passes_and_says_so() {
        assert_eq!(status_of(1_000_000, 900_000), Status::Improved);
        let c = compare(&counts(&[("k", 1000)]), &counts(&[("k", 500)]), 5.0);
        assert!(c.passed());
        let table = c.render("baseline");
        assert!(
            table.contains("-50.00%") && table.contains("improved"),
            "{table}"
        );
        assert!(table.contains("1 improved by more than 5%"), "{table}");
    }

    #[test]
    fn missing_kernel_fails_and_new_kernel_passes() {
        let c = compare(
            &counts(&[("gone", 10), ("kept", 10)]),
            &counts(&[("kept", 10)]),
            5.0,
        );
        assert_eq!(c.rows[0].status, Status::Missing);
        assert!(!c.passed());
        assert!(c.render("baseline").contains("1 tracked kernel(s) missing"));

        let c = compare(
            &counts(&[("kept", 10)]),
            &counts(&[("kept", 10), ("added", 7)]),
            5.0,
        );
        assert_eq!(c.rows[0].kernel, "added");
        assert_eq!(c.rows[0].status, Status::New);
        assert!(c.passed());
        assert!(c.render("baseline").contains("1 new kernel(s)"));
    }

    #[test]
    fn compiler_change_asks_for_the_parent_commit() {
        let same = "rustc 1.95.0 (59807616e 2026-04-14)";
        assert_eq!(
            reference_for(same, &format!("{same}\n")),
            Reference::Baseline
        );
        assert_eq!(
            reference_for(same, "rustc 1.96.0 (0123456789 2026-05-28)"),
            Reference::Parent {
                baseline_rustc: same.to_string(),
                current_rustc: "rustc 1.96.0 (0123456789 2026-05-28)".to_string(),
            }
        );
    }

    #[test]
    fn threshold_is_a_parameter() {
        let (r, n) = (counts(&[("k", 100)]), counts(&[("k", 103)]));
        assert!(compare(&r, &n, 5.0).passed());
        assert!(!compare(&r, &n, 2.0).passed());
    }
}
