//! One Monte Carlo run: growth, then input–output, year by year.
//!
//! A run is a pure function of the model and its vector of standard-normal inputs,
//! so any sampler (plain Monte Carlo, Latin hypercube, Sobol) can drive it and a run
//! never depends on which thread executes it.

use nalgebra::{DMatrix, DVector};

use crate::io::Leontief;
use crate::model::Model;

/// The series a run records for every sector and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    /// Gross output x.
    Output,
    /// Final demand f.
    FinalDemand,
    /// Intermediate sales A x = x − f.
    Intermediate,
}

impl Series {
    /// All series, in file order.
    pub const ALL: [Series; 3] = [Series::Output, Series::FinalDemand, Series::Intermediate];

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Series::Output => "output",
            Series::FinalDemand => "final_demand",
            Series::Intermediate => "intermediate",
        }
    }
}

/// Why a run was not scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The drawn coefficient matrix was not productive.
    NotProductive,
    /// The drawn coefficients made base-year final demand negative for some sector.
    NegativeBaseDemand,
}

/// Reusable buffers and the results of the latest run.
#[derive(Debug, Clone)]
pub struct RunState {
    n_sectors: usize,
    n_points: usize,
    output: Vec<f64>,
    final_demand: Vec<f64>,
    demand: DVector<f64>,
    shocks: Vec<f64>,
    correlated: Vec<f64>,
    coefficients: DMatrix<f64>,
}

impl RunState {
    /// Buffers sized for `model`.
    pub fn new(model: &Model) -> RunState {
        let n = model.n_sectors();
        let n_points = model.n_years() + 1;
        RunState {
            n_sectors: n,
            n_points,
            output: vec![0.0; n * n_points],
            final_demand: vec![0.0; n * n_points],
            demand: DVector::zeros(n),
            shocks: vec![0.0; n],
            correlated: vec![0.0; n],
            coefficients: model.coefficients().clone(),
        }
    }

    /// Levels of `series` for `sector_idx`, indexed by year − base year.
    pub fn path(&self, series: Series, sector_idx: usize) -> Vec<f64> {
        let range = sector_idx * self.n_points..(sector_idx + 1) * self.n_points;
        match series {
            Series::Output => self.output[range].to_vec(),
            Series::FinalDemand => self.final_demand[range].to_vec(),
            Series::Intermediate => self.output[range.clone()]
                .iter()
                .zip(&self.final_demand[range])
                .map(|(x, f)| x - f)
                .collect(),
        }
    }

    /// Gross output of `sector_idx`, indexed by year − base year.
    pub fn output(&self, sector_idx: usize) -> &[f64] {
        &self.output[sector_idx * self.n_points..(sector_idx + 1) * self.n_points]
    }

    /// Final demand of `sector_idx`, indexed by year − base year.
    pub fn final_demand(&self, sector_idx: usize) -> &[f64] {
        &self.final_demand[sector_idx * self.n_points..(sector_idx + 1) * self.n_points]
    }

    /// Number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.n_sectors
    }

    /// Number of recorded years, base year included.
    pub fn n_points(&self) -> usize {
        self.n_points
    }
}

/// Simulates one run from `inputs` (length [`Model::n_inputs`], standard normal) into `state`.
///
/// # Errors
/// A [`Rejection`] when the run's drawn coefficients are unusable; `state` is then stale.
pub fn simulate_run(model: &Model, inputs: &[f64], state: &mut RunState) -> Result<(), Rejection> {
    let n = model.n_sectors();
    let n_years = model.n_years();
    debug_assert_eq!(inputs.len(), model.n_inputs());
    let (growth_inputs, coefficient_inputs) = inputs.split_at(n_years * n);

    let drawn;
    let leontief: &Leontief = if model.uncertain_coefficients().is_empty() {
        state.demand.copy_from(model.base_final_demand());
        model.leontief()
    } else {
        for (coefficient, &z) in model
            .uncertain_coefficients()
            .iter()
            .zip(coefficient_inputs)
        {
            state.coefficients[(coefficient.from, coefficient.to)] = coefficient.value(z);
        }
        drawn = Leontief::new(&state.coefficients).map_err(|_| Rejection::NotProductive)?;
        let base = model.base_output();
        state.demand.copy_from(base);
        state.demand.gemv(-1.0, &state.coefficients, base, 1.0);
        if state.demand.iter().any(|&f| f < 0.0) {
            return Err(Rejection::NegativeBaseDemand);
        }
        &drawn
    };

    let n_points = state.n_points;
    for i in 0..n {
        state.output[i * n_points] = model.base_output()[i];
        state.final_demand[i * n_points] = state.demand[i];
    }
    for year_idx in 0..n_years {
        let eps = &growth_inputs[year_idx * n..(year_idx + 1) * n];
        match model.correlation() {
            Some(correlation) => correlation.correlate(eps, &mut state.correlated),
            None => state.correlated.copy_from_slice(eps),
        }
        for i in 0..n {
            let step = model.growth(year_idx, i);
            let w = state.correlated[i];
            let z = if year_idx == 0 {
                w
            } else {
                let rho = step.persistence;
                rho * state.shocks[i] + (1.0 - rho * rho).sqrt() * w
            };
            state.shocks[i] = z;
            let t = year_idx + 1;
            let f = state.final_demand[i * n_points + t - 1] * step.factor(z);
            state.final_demand[i * n_points + t] = f;
            state.demand[i] = f;
        }
        leontief.solve_in_place(&mut state.demand);
        for i in 0..n {
            state.output[i * n_points + year_idx + 1] = state.demand[i];
        }
    }
    Ok(())
}
