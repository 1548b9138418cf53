//! Rasmussen–Hirschman linkages and key-sector classification.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::model::IoModel;

/// The four usual classes of a sector by its normalised backward and
/// forward linkages (Miller & Blair 2009, ch. 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectorClass {
    /// Both linkages at least 1: a key sector.
    Key,
    /// Only the backward linkage at least 1: dependent on inter-industry supply.
    BackwardOriented,
    /// Only the forward linkage at least 1: dependent on inter-industry demand.
    ForwardOriented,
    /// Both linkages below 1: generally independent.
    Weak,
}

impl SectorClass {
    /// Classifies by normalised linkages.
    pub fn classify(backward: f64, forward: f64) -> SectorClass {
        match (backward >= 1.0, forward >= 1.0) {
            (true, true) => SectorClass::Key,
            (true, false) => SectorClass::BackwardOriented,
            (false, true) => SectorClass::ForwardOriented,
            (false, false) => SectorClass::Weak,
        }
    }
}

/// Which matrix the forward linkage used for classification comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForwardMeasure {
    /// Row sums of the Ghosh inverse G (Miller & Blair's recommendation).
    Ghosh,
    /// Row sums of the Leontief inverse L (Rasmussen's classical measure).
    Leontief,
}

/// Linkages of one sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkageRow {
    /// The sector's region, if any.
    pub region: Option<String>,
    /// The sector.
    pub sector: String,
    /// Total backward linkage, Σᵢ lᵢⱼ.
    pub backward_total: f64,
    /// Power of dispersion, n Σᵢ lᵢⱼ / Σᵢⱼ lᵢⱼ.
    pub backward: f64,
    /// Coefficient of variation of column j of L (Rasmussen).
    pub backward_cv: Option<f64>,
    /// Total classical forward linkage, Σⱼ lᵢⱼ.
    pub forward_leontief_total: f64,
    /// Sensitivity of dispersion, n Σⱼ lᵢⱼ / Σᵢⱼ lᵢⱼ.
    pub forward_leontief: f64,
    /// Coefficient of variation of row i of L.
    pub forward_leontief_cv: Option<f64>,
    /// Total supply-side forward linkage, Σⱼ gᵢⱼ.
    pub forward_ghosh_total: Option<f64>,
    /// Normalised supply-side forward linkage, n Σⱼ gᵢⱼ / Σᵢⱼ gᵢⱼ.
    pub forward_ghosh: Option<f64>,
    /// Coefficient of variation of row i of G.
    pub forward_ghosh_cv: Option<f64>,
    /// Key-sector class from `backward` and the forward measure in use.
    pub class: SectorClass,
}

/// Linkages of every sector.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkageReport {
    /// The forward measure used for [`LinkageRow::class`].
    pub classified_by: ForwardMeasure,
    /// One row per sector.
    pub sectors: Vec<LinkageRow>,
}

/// Rasmussen (1956) backward and forward linkages, with Ghosh forward
/// linkages when the model knows its base-year output, and the key-sector
/// classification (Miller & Blair 2009, ch. 12).
///
/// Coefficients of variation follow Rasmussen:
/// Vⱼ = √(Σᵢ (lᵢⱼ − l̄ⱼ)² / (n − 1)) / l̄ⱼ with l̄ⱼ = Σᵢ lᵢⱼ / n (and likewise
/// along rows); they are `None` for a one-sector model.
///
/// # Errors
///
/// Those of [`IoModel::ghosh`] other than [`IoError::MissingOutput`], which
/// only switches the classification to [`ForwardMeasure::Leontief`].
pub fn linkages(model: &IoModel) -> Result<LinkageReport, IoError> {
    let l = model.leontief().inverse();
    let ghosh = match model.ghosh() {
        Ok(g) => Some(g.inverse()),
        Err(IoError::MissingOutput { .. }) => None,
        Err(e) => return Err(e),
    };
    let col_sums = l.row_sum().transpose();
    let row_sums = l.column_sum();
    let backward = normalise(&col_sums);
    let forward_leontief = normalise(&row_sums);
    let backward_cv = column_cvs(&l);
    let forward_leontief_cv = column_cvs(&l.transpose());
    // Row sums of G, their normalised values and the rows' CVs.
    let ghosh_rows = ghosh.as_ref().map(|g| {
        let totals = g.column_sum();
        let normalised = normalise(&totals);
        (totals, normalised, column_cvs(&g.transpose()))
    });
    let classified_by = if ghosh_rows.is_some() {
        ForwardMeasure::Ghosh
    } else {
        ForwardMeasure::Leontief
    };
    let sectors = model
        .sectors()
        .iter()
        .enumerate()
        .map(|(j, label)| {
            let forward_ghosh = ghosh_rows.as_ref().map(|(_, normalised, _)| normalised[j]);
            let forward = forward_ghosh.unwrap_or(forward_leontief[j]);
            LinkageRow {
                region: label.region.clone(),
                sector: label.sector.clone(),
                backward_total: col_sums[j],
                backward: backward[j],
                backward_cv: backward_cv[j],
                forward_leontief_total: row_sums[j],
                forward_leontief: forward_leontief[j],
                forward_leontief_cv: forward_leontief_cv[j],
                forward_ghosh_total: ghosh_rows.as_ref().map(|(totals, _, _)| totals[j]),
                forward_ghosh,
                forward_ghosh_cv: ghosh_rows.as_ref().and_then(|(_, _, cv)| cv[j]),
                class: SectorClass::classify(backward[j], forward),
            }
        })
        .collect();
    Ok(LinkageReport {
        classified_by,
        sectors,
    })
}

/// n vᵢ / Σ v: each entry relative to the mean entry.
fn normalise(v: &DVector<f64>) -> DVector<f64> {
    let mean = v.mean();
    v / mean
}

/// Rasmussen's coefficient of variation of each column.
fn column_cvs(m: &DMatrix<f64>) -> Vec<Option<f64>> {
    let n = m.nrows();
    m.column_iter()
        .map(|col| {
            if n < 2 {
                return None;
            }
            let mean = col.mean();
            let ss: f64 = col.iter().map(|v| (v - mean).powi(2)).sum();
            Some((ss / (n - 1) as f64).sqrt() / mean)
        })
        .collect()
}
