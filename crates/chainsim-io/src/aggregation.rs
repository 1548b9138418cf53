//! Aggregating sectors (or regions) by a mapping, keeping labels.

use std::collections::HashMap;

use nalgebra::{DMatrix, DVector};

use crate::error::IoError;
use crate::label::Label;
use crate::table::IoTable;
use crate::validate;

/// A mapping of n source sectors onto m ≤ n target sectors: the 0/1
/// aggregation matrix S (m × n) of Miller & Blair (2009, ch. 4), kept
/// as an index per source.
///
/// Aggregating flows gives S Z Sᵀ, outputs S x, final demand S Y and
/// value-added or satellite rows V Sᵀ. Targets are in order of first
/// appearance.
///
/// # Examples
///
/// ```
/// use chainsim_io::{Aggregation, Label};
/// use nalgebra::dvector;
///
/// // Merge two regions into one, sector by sector.
/// let sources = vec![
///     Label::regional("Jilin City", "chemicals"),
///     Label::regional("rest of Jilin", "chemicals"),
///     Label::regional("Jilin City", "autos"),
/// ];
/// let targets = sources.iter().map(|l| Label::regional("Jilin", l.sector.clone())).collect();
/// let agg = Aggregation::new(targets)?;
/// assert_eq!(agg.aggregate_vector(&dvector![1.0, 2.0, 4.0]), dvector![3.0, 4.0]);
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregation {
    targets: Vec<Label>,
    target_of: Vec<usize>,
}

impl Aggregation {
    /// An aggregation that maps source sector i onto `assignment[i]`.
    ///
    /// # Errors
    ///
    /// None at present; the `Result` leaves room for validation.
    pub fn new(assignment: Vec<Label>) -> Result<Aggregation, IoError> {
        let mut targets: Vec<Label> = Vec::new();
        let mut index: HashMap<Label, usize> = HashMap::new();
        let target_of = assignment
            .into_iter()
            .map(|label| {
                *index.entry(label.clone()).or_insert_with(|| {
                    targets.push(label);
                    targets.len() - 1
                })
            })
            .collect();
        Ok(Aggregation { targets, target_of })
    }

    /// An aggregation from (source, target) pairs, which must name every
    /// source sector exactly once.
    ///
    /// # Errors
    ///
    /// [`IoError::LabelMismatch`] if a pair names an unknown source or a
    /// source is missing; [`IoError::DuplicateLabel`] if a source appears twice.
    pub fn from_pairs(sources: &[Label], pairs: &[(Label, Label)]) -> Result<Aggregation, IoError> {
        let position: HashMap<&Label, usize> =
            sources.iter().enumerate().map(|(i, l)| (l, i)).collect();
        let mut assignment: Vec<Option<Label>> = vec![None; sources.len()];
        for (source, target) in pairs {
            let &i = position.get(source).ok_or_else(|| IoError::LabelMismatch {
                what: "aggregation source",
                detail: format!("{source} is not a sector of the table"),
            })?;
            if assignment[i].replace(target.clone()).is_some() {
                return Err(IoError::DuplicateLabel {
                    what: "aggregation sources",
                    label: source.to_string(),
                });
            }
        }
        let assignment = assignment
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                t.ok_or_else(|| IoError::LabelMismatch {
                    what: "aggregation source",
                    detail: format!("{} has no target (every sector must be mapped)", sources[i]),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Aggregation::new(assignment)
    }

    /// The number of source sectors.
    pub fn n_sources(&self) -> usize {
        self.target_of.len()
    }

    /// The target labels, in order.
    pub fn targets(&self) -> &[Label] {
        &self.targets
    }

    /// The target index of each source sector.
    pub fn target_of(&self) -> &[usize] {
        &self.target_of
    }

    /// S v: sums entries mapped to the same target.
    ///
    /// # Panics
    ///
    /// If `v.len() != self.n_sources()`.
    pub fn aggregate_vector(&self, v: &DVector<f64>) -> DVector<f64> {
        assert_eq!(
            v.len(),
            self.n_sources(),
            "vector length must equal the number of source sectors"
        );
        let mut out = DVector::zeros(self.targets.len());
        for (i, &t) in self.target_of.iter().enumerate() {
            out[t] += v[i];
        }
        out
    }

    /// S M: sums rows mapped to the same target.
    fn aggregate_rows(&self, m: &DMatrix<f64>) -> DMatrix<f64> {
        let mut out = DMatrix::zeros(self.targets.len(), m.ncols());
        for (i, &t) in self.target_of.iter().enumerate() {
            let mut row = out.row_mut(t);
            row += m.row(i);
        }
        out
    }

    /// M Sᵀ: sums columns mapped to the same target.
    fn aggregate_columns(&self, m: &DMatrix<f64>) -> DMatrix<f64> {
        let mut out = DMatrix::zeros(m.nrows(), self.targets.len());
        for (j, &t) in self.target_of.iter().enumerate() {
            let mut col = out.column_mut(t);
            col += m.column(j);
        }
        out
    }

    /// Splits aggregated totals back over the sources in proportion to
    /// `weights` (equally within a group whose weights sum to zero).
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`], [`IoError::NonFinite`],
    /// [`IoError::Negative`] (weights must be non-negative).
    pub fn disaggregate(
        &self,
        totals: &DVector<f64>,
        weights: &DVector<f64>,
    ) -> Result<DVector<f64>, IoError> {
        validate::vector_len("aggregated totals", totals, self.targets.len())?;
        validate::vector_len("disaggregation weights", weights, self.n_sources())?;
        validate::finite_vector("aggregated totals", totals)?;
        validate::non_negative_vector("disaggregation weights", weights)?;
        let group_weight = self.aggregate_vector(weights);
        let mut group_size = vec![0usize; self.targets.len()];
        for &t in &self.target_of {
            group_size[t] += 1;
        }
        Ok(DVector::from_fn(self.n_sources(), |i, _| {
            let t = self.target_of[i];
            if group_weight[t] > 0.0 {
                totals[t] * weights[i] / group_weight[t]
            } else {
                totals[t] / group_size[t] as f64
            }
        }))
    }

    /// Aggregates every block of a table.
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`] if the table does not have
    /// `self.n_sources()` sectors.
    pub fn aggregate_table(&self, table: &IoTable) -> Result<IoTable, IoError> {
        if table.n_sectors() != self.n_sources() {
            return Err(IoError::DimensionMismatch {
                what: "table to aggregate",
                expected: self.n_sources(),
                found: table.n_sectors(),
            });
        }
        let flows = self.aggregate_columns(&self.aggregate_rows(table.flows()));
        let output = self.aggregate_vector(table.output());
        let final_demand = self.aggregate_rows(&table.final_demand().values);
        let value_added = self.aggregate_columns(&table.value_added().values);
        let satellites = self.aggregate_columns(&table.satellites().values);
        IoTable::new(self.targets.clone(), flows, output)?
            .with_final_demand(table.final_demand().labels.clone(), final_demand)?
            .with_value_added(table.value_added().labels.clone(), value_added)?
            .with_satellites(table.satellites().labels.clone(), satellites)
    }
}
