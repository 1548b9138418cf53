//! Saltelli's sampling design for first-order and total Sobol indices.
//!
//! Saltelli et al. (2010, "Variance based sensitivity analysis of model output. Design and
//! estimator for the total sensitivity index", Comput. Phys. Commun. 181, 259–270) take two
//! independent N × d matrices A and B (here the first and last d coordinates of a 2d-dimensional
//! Owen-scrambled Sobol sequence) and, for each factor k, the matrix A_B^(k): A with the
//! columns of factor k taken from B. A factor is a single input or a named group of inputs.
//! The model runs on every row of A, B and each A_B^(k): N·(k + 2) runs for k factors.
//!
//! Row j of the design is stored as the run's position `j·(k + 2) + slot` with slot 0 for A,
//! 1 for B and 2 + k for A_B^(k), and the runs are evaluated in parallel into that order, so
//! the outputs do not depend on the thread count.

use std::collections::HashSet;

use chainsim_stats::{SamplerError, SobolSequence};
use rayon::prelude::*;
use thiserror::Error;

/// Why a design could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DesignError {
    /// Too few base samples for a variance.
    #[error("at least 2 base samples are needed, got {0}")]
    TooFewBaseSamples(usize),
    /// No inputs were named.
    #[error("a sensitivity design needs at least one input")]
    NoInputs,
    /// An input or group name is used twice.
    #[error("name \"{0}\" is used twice")]
    DuplicateName(String),
    /// A group names an input that does not exist.
    #[error("group \"{group}\" refers to unknown input \"{input}\"")]
    UnknownInput {
        /// The group.
        group: String,
        /// The name that matched no input.
        input: String,
    },
    /// A group has no members, or names one input twice.
    #[error("group \"{0}\" must list distinct inputs, at least one")]
    BadGroup(String),
    /// The Sobol sequence cannot provide 2d dimensions.
    #[error("cannot sample {inputs} inputs: {source}")]
    Sampler {
        /// Number of inputs.
        inputs: usize,
        /// The sampler's complaint about 2 × inputs dimensions.
        source: SamplerError,
    },
    /// The outputs handed in do not match the design.
    #[error("the design has {expected} runs but {got} outputs were given")]
    OutputCount {
        /// Runs in the design.
        expected: usize,
        /// Outputs given.
        got: usize,
    },
}

/// A factor whose indices are estimated: one input or a named group of inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Factor {
    name: String,
    members: Vec<usize>,
}

impl Factor {
    /// The factor's name: the input's name or the group's.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column numbers of its inputs, ascending.
    #[must_use]
    pub fn members(&self) -> &[usize] {
        &self.members
    }
}

/// The base matrices A and B and the list of factors of a Saltelli design.
///
/// # Examples
///
/// ```
/// use chainsim_sensitivity::SaltelliDesign;
///
/// let design = SaltelliDesign::new(vec!["x".into(), "y".into()], 1024, 7)?
///     .with_group("both", &["x", "y"])?;
/// assert_eq!(design.factors().len(), 3);
/// assert_eq!(design.runs(), 1024 * (3 + 2));
/// let outputs = design.evaluate(|u| u[0] + 2.0 * u[1]);
/// assert_eq!(outputs.len(), design.runs());
/// # Ok::<(), chainsim_sensitivity::DesignError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SaltelliDesign {
    inputs: Vec<String>,
    factors: Vec<Factor>,
    n_base: usize,
    /// Rows of A then rows of B, each d wide: `base[(2j)·d ..]` is A's row j and
    /// `base[(2j + 1)·d ..]` B's.
    base: Vec<f64>,
}

impl SaltelliDesign {
    /// A design with `n_base` base samples (a power of two keeps the Sobol net balanced) and
    /// one factor per input, in order; the sequence is scrambled with `seed`.
    ///
    /// # Errors
    ///
    /// [`DesignError::NoInputs`], [`DesignError::DuplicateName`],
    /// [`DesignError::TooFewBaseSamples`] below 2, and [`DesignError::Sampler`] if 2 × inputs
    /// exceeds the Sobol dimensions available.
    pub fn new(
        inputs: Vec<String>,
        n_base: usize,
        seed: u64,
    ) -> Result<SaltelliDesign, DesignError> {
        if inputs.is_empty() {
            return Err(DesignError::NoInputs);
        }
        if n_base < 2 {
            return Err(DesignError::TooFewBaseSamples(n_base));
        }
        let mut seen = HashSet::new();
        for name in &inputs {
            if !seen.insert(name.as_str()) {
                return Err(DesignError::DuplicateName(name.clone()));
            }
        }
        let d = inputs.len();
        let sobol = SobolSequence::new(2 * d, seed)
            .map_err(|source| DesignError::Sampler { inputs: d, source })?;
        // Blocks of consecutive points, each filled by Gray-code steps; every value equals
        // the point-by-point one, so the split over threads does not matter.
        const POINTS_PER_BLOCK: usize = 512;
        let mut base = vec![0.0; n_base * 2 * d];
        base.par_chunks_mut(POINTS_PER_BLOCK * 2 * d)
            .enumerate()
            .for_each(|(block, rows)| sobol.fill((block * POINTS_PER_BLOCK) as u64, rows));
        let factors = inputs
            .iter()
            .enumerate()
            .map(|(i, name)| Factor {
                name: name.clone(),
                members: vec![i],
            })
            .collect();
        Ok(SaltelliDesign {
            inputs,
            factors,
            n_base,
            base,
        })
    }

    /// Adds a factor for the named group of inputs, after those already present.
    ///
    /// # Errors
    ///
    /// [`DesignError::DuplicateName`] if `name` is an input's or another factor's name,
    /// [`DesignError::UnknownInput`], and [`DesignError::BadGroup`] for an empty list or a
    /// repeated member.
    pub fn with_group(
        mut self,
        name: &str,
        members: &[&str],
    ) -> Result<SaltelliDesign, DesignError> {
        if self.factors.iter().any(|f| f.name == name) {
            return Err(DesignError::DuplicateName(name.to_string()));
        }
        let mut columns = Vec::with_capacity(members.len());
        for member in members {
            let column = self
                .inputs
                .iter()
                .position(|input| input == member)
                .ok_or_else(|| DesignError::UnknownInput {
                    group: name.to_string(),
                    input: (*member).to_string(),
                })?;
            columns.push(column);
        }
        columns.sort_unstable();
        let before = columns.len();
        columns.dedup();
        if columns.is_empty() || columns.len() != before {
            return Err(DesignError::BadGroup(name.to_string()));
        }
        self.factors.push(Factor {
            name: name.to_string(),
            members: columns,
        });
        Ok(self)
    }

    /// The inputs' names, in column order.
    #[must_use]
    pub fn inputs(&self) -> &[String] {
        &self.inputs
    }

    /// The factors whose indices are estimated: each input, then each group.
    #[must_use]
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    /// The number N of base samples.
    #[must_use]
    pub fn n_base(&self) -> usize {
        self.n_base
    }

    /// Model runs per base sample: A, B and one A_B^(k) per factor.
    #[must_use]
    pub fn runs_per_base_sample(&self) -> usize {
        self.factors.len() + 2
    }

    /// The total number of model runs, N·(factors + 2).
    #[must_use]
    pub fn runs(&self) -> usize {
        self.n_base * self.runs_per_base_sample()
    }

    /// Writes the point of run `run` (in the order described in the module docs) into `out`:
    /// a point of the open unit cube (0, 1)^d, to be mapped through the inputs' marginals.
    ///
    /// # Panics
    ///
    /// If `run` ≥ [`runs`](SaltelliDesign::runs) or `out` does not have one slot per input.
    pub fn point(&self, run: usize, out: &mut [f64]) {
        let d = self.inputs.len();
        assert_eq!(out.len(), d, "point: output length");
        assert!(run < self.runs(), "point: run {run} is past the design");
        let per = self.runs_per_base_sample();
        let (j, slot) = (run / per, run % per);
        let a = &self.base[2 * j * d..(2 * j + 1) * d];
        let b = &self.base[(2 * j + 1) * d..(2 * j + 2) * d];
        match slot {
            0 => out.copy_from_slice(a),
            1 => out.copy_from_slice(b),
            k => {
                out.copy_from_slice(a);
                for &i in &self.factors[k - 2].members {
                    out[i] = b[i];
                }
            }
        }
    }

    /// Runs `model` on every point of the design, in parallel, and returns the outputs in run
    /// order. Each output depends only on its point, so the result is the same on any number
    /// of threads.
    pub fn evaluate<F>(&self, model: F) -> Vec<f64>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        let d = self.inputs.len();
        (0..self.runs())
            .into_par_iter()
            .with_min_len(256)
            .map_init(
                || vec![0.0; d],
                |point, run| {
                    self.point(run, point);
                    model(point)
                },
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("x{i}")).collect()
    }

    #[test]
    fn design_rows_mix_a_and_b_by_factor() {
        let design = SaltelliDesign::new(names(3), 8, 1)
            .unwrap()
            .with_group("g", &["x2", "x0"])
            .unwrap();
        assert_eq!(design.factors()[3].members(), &[0, 2]);
        let per = design.runs_per_base_sample();
        assert_eq!(per, 6);
        let (mut a, mut b, mut x) = ([0.0; 3], [0.0; 3], [0.0; 3]);
        for j in 0..8 {
            design.point(j * per, &mut a);
            design.point(j * per + 1, &mut b);
            // A and B are independent coordinates of the Sobol point: they differ.
            assert!(a.iter().zip(&b).all(|(p, q)| (p - q).abs() > 0.0));
            for (k, factor) in design.factors().iter().enumerate() {
                design.point(j * per + 2 + k, &mut x);
                for i in 0..3 {
                    let from_b = factor.members().contains(&i);
                    let expected = if from_b { b[i] } else { a[i] };
                    assert_eq!(x[i].to_bits(), expected.to_bits());
                }
            }
        }
    }

    #[test]
    fn base_matrices_are_stratified() {
        // A and B are 1-D projections of a scrambled Sobol net: with N = 2^6 each column of A
        // and of B holds one point in each interval [k/64, (k + 1)/64).
        let design = SaltelliDesign::new(names(2), 64, 9).unwrap();
        let per = design.runs_per_base_sample();
        for slot in 0..2 {
            for col in 0..2 {
                let mut counts = [0u32; 64];
                let mut x = [0.0; 2];
                for j in 0..64 {
                    design.point(j * per + slot, &mut x);
                    counts[(x[col] * 64.0) as usize] += 1;
                }
                assert!(counts.iter().all(|&c| c == 1), "slot {slot}, column {col}");
            }
        }
    }

    #[test]
    fn evaluation_keeps_run_order() {
        let design = SaltelliDesign::new(names(2), 16, 3).unwrap();
        let outputs = design.evaluate(|u| u[0] * 10.0 + u[1]);
        let mut x = [0.0; 2];
        for (run, y) in outputs.iter().enumerate() {
            design.point(run, &mut x);
            assert_eq!(y.to_bits(), (x[0] * 10.0 + x[1]).to_bits());
        }
    }

    #[test]
    fn bad_designs_are_errors() {
        assert_eq!(
            SaltelliDesign::new(vec![], 8, 0).unwrap_err().to_string(),
            "a sensitivity design needs at least one input"
        );
        assert_eq!(
            SaltelliDesign::new(names(2), 1, 0).unwrap_err().to_string(),
            "at least 2 base samples are needed, got 1"
        );
        assert_eq!(
            SaltelliDesign::new(vec!["a".into(), "a".into()], 8, 0)
                .unwrap_err()
                .to_string(),
            "name \"a\" is used twice"
        );
        let d = SaltelliDesign::new(names(2), 8, 0).unwrap();
        assert_eq!(
            d.clone()
                .with_group("g", &["x0", "z"])
                .unwrap_err()
                .to_string(),
            "group \"g\" refers to unknown input \"z\""
        );
        assert_eq!(
            d.clone()
                .with_group("g", &["x0", "x0"])
                .unwrap_err()
                .to_string(),
            "group \"g\" must list distinct inputs, at least one"
        );
        assert_eq!(
            d.with_group("x1", &["x0"]).unwrap_err().to_string(),
            "name \"x1\" is used twice"
        );
        assert_eq!(
            SaltelliDesign::new(names(11_000), 2, 0)
                .unwrap_err()
                .to_string(),
            "cannot sample 11000 inputs: 22000 dimensions requested but at most 21201 are supported"
        );
    }
}
