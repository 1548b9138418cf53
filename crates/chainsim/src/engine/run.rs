//! One Monte Carlo run: year by year, growth and prices, then input–output, then capacity,
//! chains and energy.
//!
//! A run is a pure function of the model and its vector of standard-normal inputs,
//! so any sampler (plain Monte Carlo, Latin hypercube, Sobol) can drive it and a run
//! never depends on which thread executes it. The inputs are laid out as
//! [`Model::n_factors`] shocks per simulated year (growth, prices, capacity factors), one
//! per uncertain coefficient, then two per project (completion, delay).

use nalgebra::{DMatrix, DVector};

use crate::io::{CapacitySolver, Leontief};
use crate::model::Model;
use crate::model::year::YearState;
use crate::summary::Rejection;

/// Reusable buffers and the results of the latest run.
#[derive(Debug, Clone)]
pub struct RunState {
    n_points: usize,
    /// Series values, series-major: `values[s * n_points + point]`.
    values: Vec<f64>,
    /// Index of each sector's output series (its final demand follows it).
    sector_series: Vec<usize>,
    /// This year's state.
    year: YearState,
    // Scratch.
    demand: DVector<f64>,
    shocks: Vec<f64>,
    correlated: Vec<f64>,
    coefficients: DMatrix<f64>,
    /// The mixed model for sectors over capacity, on buffers of its own.
    capacity_solver: CapacitySolver,
    /// The factorisation of the drawn coefficients, refactored in place every run.
    drawn: Option<Leontief>,
}

impl RunState {
    /// Buffers sized for `model`.
    pub fn new(model: &Model) -> RunState {
        let n = model.n_sectors();
        let n_points = model.n_years() + 1;
        let m = model.n_factors();
        let sector_series = model.sector_slots().iter().map(|s| s.output).collect();
        RunState {
            n_points,
            values: vec![0.0; model.series().len() * n_points],
            sector_series,
            year: YearState::new(model),
            demand: DVector::zeros(n),
            shocks: vec![0.0; m],
            correlated: vec![0.0; m],
            coefficients: model.coefficients().clone(),
            capacity_solver: CapacitySolver::new(model.n_sectors()),
            drawn: None,
        }
    }

    /// Values of series `series_idx` (see [`Model::series`]), indexed by year − base year.
    pub fn series(&self, series_idx: usize) -> &[f64] {
        &self.values[series_idx * self.n_points..(series_idx + 1) * self.n_points]
    }

    /// Every series' values, series-major: series `s` at point `p` is at `s * n_points + p`.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Gross output of `sector_idx` in its unit, indexed by year − base year.
    pub fn output(&self, sector_idx: usize) -> &[f64] {
        self.series(self.sector_series[sector_idx])
    }

    /// Final demand of `sector_idx`, indexed by year − base year.
    pub fn final_demand(&self, sector_idx: usize) -> &[f64] {
        self.series(self.sector_series[sector_idx] + 1)
    }

    /// Number of recorded years, base year included.
    pub fn n_points(&self) -> usize {
        self.n_points
    }
}

/// Applies capacity to this year's demand-driven output, then derives chains, energy and
/// values. `state.year.output` holds the demand-driven solve on entry.
fn settle_year(
    model: &Model,
    drawn_coefficients: bool,
    state: &mut RunState,
) -> Result<(), Rejection> {
    let a = if drawn_coefficients {
        &state.coefficients
    } else {
        model.coefficients()
    };
    if model.has_limits() {
        // A productive A (compilation checked the mean, the run's factorisation the draw)
        // makes every reduced system solvable; a failure is counted as a rejected draw.
        state
            .capacity_solver
            .solve(
                a,
                &state.year.final_demand,
                &state.year.capacity,
                &mut state.year.output,
                &mut state.year.unmet,
            )
            .map_err(|_| Rejection::NotProductive)?;
    }
    state.year.derive(model);
    Ok(())
}

/// Simulates one run from `inputs` (length [`Model::n_inputs`], standard normal) into `state`.
///
/// # Errors
/// A [`Rejection`] when the run's drawn coefficients are unusable; `state` is then stale.
pub fn simulate_run(model: &Model, inputs: &[f64], state: &mut RunState) -> Result<(), Rejection> {
    // The drawn factorisation is taken out of the state for the run, so that the run can
    // read it while writing the rest of the state, and put back for the next run to reuse.
    let mut drawn = state.drawn.take();
    let result = run_years(model, inputs, state, &mut drawn);
    state.drawn = drawn;
    result?;
    // A level that overflowed (or a NaN it spread through the solve) is no result: the run
    // is counted, not scored.
    if state.values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Rejection::NonFinite)
    }
}

fn run_years(
    model: &Model,
    inputs: &[f64],
    state: &mut RunState,
    drawn: &mut Option<Leontief>,
) -> Result<(), Rejection> {
    let n = model.n_sectors();
    let m = model.n_factors();
    let n_years = model.n_years();
    debug_assert_eq!(inputs.len(), model.n_inputs());
    let (shock_inputs, rest) = inputs.split_at(n_years * m);
    let (coefficient_inputs, project_inputs) = rest.split_at(model.uncertain_coefficients().len());

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
        let factored: &Leontief = match drawn {
            Some(factored) => {
                factored
                    .refactor(&state.coefficients)
                    .map_err(|_| Rejection::NotProductive)?;
                factored
            }
            None => drawn
                .insert(Leontief::new(&state.coefficients).map_err(|_| Rejection::NotProductive)?),
        };
        let base = model.base_output();
        state.demand.copy_from(base);
        state.demand.gemv(-1.0, &state.coefficients, base, 1.0);
        if state.demand.iter().any(|&f| f < 0.0) {
            return Err(Rejection::NegativeBaseDemand);
        }
        factored
    };
    let drawn_coefficients = !model.uncertain_coefficients().is_empty();

    for (online, (project, z)) in state
        .year
        .online
        .iter_mut()
        .zip(model.projects().iter().zip(project_inputs.chunks_exact(2)))
    {
        *online = project.online_year(z[0], z[1]);
    }
    state.year.set_base_year(model, state.demand.as_slice());
    state
        .year
        .record(model, &mut state.values, state.n_points, 0);

    let n_priced = model.priced_sectors().len();
    for year_idx in 0..n_years {
        let eps = &shock_inputs[year_idx * m..(year_idx + 1) * m];
        match model.correlation() {
            Some(correlation) => correlation.correlate(eps, &mut state.correlated),
            None => state.correlated.copy_from_slice(eps),
        }
        for j in 0..m {
            let w = state.correlated[j];
            let law = model.factor_law(year_idx, j);
            let z = if year_idx == 0 {
                w
            } else {
                law.persist(state.shocks[j], w)
            };
            state.shocks[j] = z;
            if j < n {
                state.year.final_demand[j] *= law.factor(z);
            } else if j < n + n_priced {
                state.year.price[model.priced_sectors()[j - n]] *= law.factor(z);
            } else {
                state.year.technology_factor[j - n - n_priced] = law.draw(z);
            }
        }
        let t = year_idx + 1;
        state.year.update_capacities(model, t);
        for i in 0..n {
            state.demand[i] = state.year.final_demand[i];
        }
        leontief.solve_in_place(&mut state.demand);
        for i in 0..n {
            state.year.output[i] = state.demand[i];
        }
        settle_year(model, drawn_coefficients, state)?;
        state
            .year
            .record(model, &mut state.values, state.n_points, t);
    }
    Ok(())
}
