//! `[[correlations]]` and `[correlation_matrix]`: the copula's correlation over every
//! yearly shock, checked (or repaired) and factored.

use nalgebra::DMatrix;

use super::{CompiledCorrelation, Compiler, Result, finite, provenance, require_provenance};
use crate::error::{Location, ScenarioError};
use crate::model::CorrelationRepair;
use crate::stats::{CorrelationError, CorrelationMatrix, repair_correlation};

/// The Gaussian-copula correlation that gives Spearman's rank correlation `rho_s`:
/// ρ = 2 sin(π ρ_s / 6), the inverse of ρ_s = (6/π) asin(ρ/2) (Kruskal 1958).
pub fn copula_correlation_for_spearman(rho_s: f64) -> f64 {
    2.0 * libm::sin(std::f64::consts::PI * rho_s / 6.0)
}

impl Compiler<'_> {
    /// Validates the full copula matrix, repairing it if asked to and necessary.
    pub(super) fn checked_correlation(
        &self,
        labels: Vec<String>,
        full: DMatrix<f64>,
        location: Option<Location>,
        path: &str,
    ) -> Result<CompiledCorrelation> {
        let invalid = |message: String| ScenarioError::invalid(location, path, message);
        match CorrelationMatrix::new(labels.clone(), full.clone()) {
            Ok(matrix) => Ok((Some(matrix), None)),
            Err(CorrelationError::NotPositiveDefinite { .. })
                if self.options.repair_correlation =>
            {
                let repaired = repair_correlation(labels.clone(), full.clone()).map_err(|err| {
                    invalid(format!("cannot repair the correlation matrix: {err}"))
                })?;
                let new = repaired.matrix.matrix();
                let mut largest = (0, 1, -1.0);
                for i in 0..full.nrows() {
                    for k in i + 1..full.ncols() {
                        let change = (new[(i, k)] - full[(i, k)]).abs();
                        if change > largest.2 {
                            largest = (i, k, change);
                        }
                    }
                }
                let (i, k, _) = largest;
                let repair = CorrelationRepair {
                    distance: repaired.distance,
                    pair: (labels[i].clone(), labels[k].clone()),
                    old: full[(i, k)],
                    new: new[(i, k)],
                };
                Ok((Some(repaired.matrix), Some(repair)))
            }
            Err(err) => Err(invalid(err.to_string())),
        }
    }

    /// The index of a yearly shock by name: a sector id (its growth), `price.<sector>` or
    /// `capacity_factor.<technology>`.
    pub(super) fn factor(
        &self,
        labels: &[String],
        id: &str,
        location: Location,
        path: &str,
    ) -> Result<usize> {
        labels.iter().position(|l| l == id).ok_or_else(|| {
            ScenarioError::invalid(
                Some(location),
                path,
                format!(
                    "unknown sector \"{id}\"; a correlation names a sector (its growth), price.<sector> or capacity_factor.<technology>: one of {}",
                    labels.join(", ")
                ),
            )
        })
    }

    pub(super) fn correlation(&self, labels: &[String]) -> Result<CompiledCorrelation> {
        let scenario = self.scenario;
        let labels = labels.to_vec();
        let n = labels.len();
        if let Some(item) = &scenario.correlation_matrix {
            let location = self.location(item.span());
            let spec = item.get_ref();
            if !scenario.correlations.is_empty() {
                return Err(ScenarioError::invalid(
                    Some(location),
                    "correlation_matrix",
                    "give either [correlation_matrix] or [[correlations]] pairs, not both",
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.correlations,
                location,
                "correlation_matrix",
                "correlations",
            )?;
            let mut idx = Vec::with_capacity(spec.sectors.len());
            for (k, id) in spec.sectors.iter().enumerate() {
                let path = format!("correlation_matrix.sectors[{k}]");
                let i = self.factor(&labels, id, location, &path)?;
                // A repeated name would overwrite its own rows: the matrix would lose entries.
                if let Some(first) = idx.iter().position(|&j| j == i) {
                    return Err(ScenarioError::invalid(
                        Some(location),
                        path,
                        format!("\"{id}\" is listed twice (also sectors[{first}]); list each once"),
                    ));
                }
                idx.push(i);
            }
            let m = spec.sectors.len();
            if spec.values.len() != m || spec.values.iter().any(|row| row.len() != m) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    "correlation_matrix.values",
                    format!("values must be a {m}×{m} matrix, one row per listed sector"),
                ));
            }
            let spearman = correlation_kind(spec.kind.as_deref(), location, "correlation_matrix")?;
            let mut full = DMatrix::identity(n, n);
            for (r, row) in spec.values.iter().enumerate() {
                for (c, &v) in row.iter().enumerate() {
                    let field = format!("correlation_matrix.values[{r}][{c}]");
                    finite(v, location, &field, "a correlation")?;
                    full[(idx[r], idx[c])] = if spearman && r != c {
                        spearman_to_copula(v, location, &field)?
                    } else {
                        v
                    };
                }
            }
            return self.checked_correlation(labels, full, Some(location), "correlation_matrix");
        }
        if scenario.correlations.is_empty() {
            return Ok((None, None));
        }
        let mut pairs = Vec::with_capacity(scenario.correlations.len());
        for (k, item) in scenario.correlations.iter().enumerate() {
            let location = self.location(item.span());
            let spec = item.get_ref();
            let path = format!("correlations[{k}]");
            let a = self.factor(
                &labels,
                &spec.between[0],
                location,
                &format!("{path}.between"),
            )?;
            let b = self.factor(
                &labels,
                &spec.between[1],
                location,
                &format!("{path}.between"),
            )?;
            if a == b {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.between"),
                    "a correlation needs two different sectors",
                ));
            }
            let value = finite(spec.value, location, &format!("{path}.value"), "value")?;
            if !(-1.0..=1.0).contains(&value) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.value"),
                    format!("a correlation must lie in [-1, 1], got {value}"),
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.correlations,
                location,
                &path,
                "correlations",
            )?;
            let value = if correlation_kind(spec.kind.as_deref(), location, &path)? {
                spearman_to_copula(value, location, &format!("{path}.value"))?
            } else {
                value
            };
            pairs.push((a, b, value));
        }
        match CorrelationMatrix::from_pairs(labels.clone(), &pairs) {
            Ok(matrix) => Ok((Some(matrix), None)),
            Err(CorrelationError::NotPositiveDefinite { .. })
                if self.options.repair_correlation =>
            {
                let mut full = DMatrix::identity(n, n);
                for &(a, b, value) in &pairs {
                    full[(a, b)] = value;
                    full[(b, a)] = value;
                }
                self.checked_correlation(labels, full, None, "correlations")
            }
            Err(err) => Err(ScenarioError::invalid(
                None,
                "correlations",
                err.to_string(),
            )),
        }
    }
}

/// Whether a correlation item's `kind` asks for Spearman's rank correlation.
pub(super) fn correlation_kind(kind: Option<&str>, location: Location, path: &str) -> Result<bool> {
    match kind.unwrap_or("pearson") {
        "pearson" => Ok(false),
        "spearman" => Ok(true),
        other => Err(ScenarioError::invalid(
            Some(location),
            format!("{path}.kind"),
            format!("unknown kind \"{other}\"; expected pearson or spearman"),
        )),
    }
}

/// A Spearman target converted to the copula correlation that yields it.
pub(super) fn spearman_to_copula(rho_s: f64, location: Location, path: &str) -> Result<f64> {
    if !(-1.0..=1.0).contains(&rho_s) {
        return Err(ScenarioError::invalid(
            Some(location),
            path,
            format!("a Spearman correlation must lie in [-1, 1], got {rho_s}"),
        ));
    }
    Ok(copula_correlation_for_spearman(rho_s))
}
