//! One Monte Carlo run: year by year, growth and prices, then input–output, then capacity,
//! chains and energy.
//!
//! A run is a pure function of the model and its vector of standard-normal inputs,
//! so any sampler (plain Monte Carlo, Latin hypercube, Sobol) can drive it and a run
//! never depends on which thread executes it. The inputs are laid out as
//! [`Model::n_factors`] shocks per simulated year (growth, prices, capacity factors), one
//! per uncertain coefficient, then two per project (completion, delay).

use nalgebra::{DMatrix, DVector};

use crate::capacity::CapacityHolder;
use crate::constrained::apply_capacity;
use crate::energy::Balance;
use crate::io::Leontief;
use crate::model::Model;
use crate::series::SeriesSource;

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
    n_points: usize,
    /// Series values, series-major: `values[s * n_points + point]`.
    values: Vec<f64>,
    /// Index of each sector's output series (its final demand follows it).
    sector_series: Vec<usize>,
    // This year's state.
    final_demand: Vec<f64>,
    output: Vec<f64>,
    price: Vec<f64>,
    capacity: Vec<f64>,
    unmet: Vec<f64>,
    stage_capacity: Vec<Vec<f64>>,
    stage_production: Vec<Vec<f64>>,
    binding: Vec<Option<usize>>,
    online: Vec<Option<i32>>,
    technology_capacity: Vec<f64>,
    technology_factor: Vec<f64>,
    generation: Vec<f64>,
    balance: Balance,
    sector_value: Vec<f64>,
    // Scratch.
    demand: DVector<f64>,
    shocks: Vec<f64>,
    correlated: Vec<f64>,
    coefficients: DMatrix<f64>,
    /// The factorisation of the drawn coefficients, refactored in place every run.
    drawn: Option<Leontief>,
}

impl RunState {
    /// Buffers sized for `model`.
    pub fn new(model: &Model) -> RunState {
        let n = model.n_sectors();
        let n_points = model.n_years() + 1;
        let m = model.n_factors();
        let n_tech = model.energy().map_or(0, |e| e.technologies.len());
        let sector_series = model.sector_slots().iter().map(|s| s.output).collect();
        RunState {
            n_points,
            values: vec![0.0; model.series().len() * n_points],
            sector_series,
            final_demand: vec![0.0; n],
            output: vec![0.0; n],
            price: vec![1.0; n],
            capacity: vec![f64::INFINITY; n],
            unmet: vec![0.0; n],
            stage_capacity: model
                .chains()
                .iter()
                .map(|c| vec![0.0; c.stages.len()])
                .collect(),
            stage_production: model
                .chains()
                .iter()
                .map(|c| vec![0.0; c.stages.len()])
                .collect(),
            binding: vec![None; model.chains().len()],
            online: vec![None; model.projects().len()],
            technology_capacity: vec![0.0; n_tech],
            technology_factor: vec![0.0; n_tech],
            generation: vec![0.0; n_tech],
            balance: Balance::default(),
            sector_value: vec![0.0; n],
            demand: DVector::zeros(n),
            shocks: vec![0.0; m],
            correlated: vec![0.0; m],
            coefficients: model.coefficients().clone(),
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

/// Capacities of sectors, stages and technologies `t` years after the base year.
fn update_capacities(model: &Model, t: usize, state: &mut RunState) {
    if !model.has_capacity() {
        return;
    }
    let year = model.base_year() + t as i32;
    for (i, sector) in model.sectors().iter().enumerate() {
        state.capacity[i] = sector.capacity.map_or(f64::INFINITY, |c| c.organic(t));
    }
    for (c, chain) in model.chains().iter().enumerate() {
        for (k, stage) in chain.stages.iter().enumerate() {
            state.stage_capacity[c][k] = stage.capacity.organic(t);
        }
    }
    if let Some(energy) = model.energy() {
        for (k, tech) in energy.technologies.iter().enumerate() {
            state.technology_capacity[k] = tech.capacity.organic(t);
        }
    }
    for (project, online) in model.projects().iter().zip(&state.online) {
        if !online.is_some_and(|first| first <= year) {
            continue;
        }
        match project.holder {
            CapacityHolder::Sector(i) => state.capacity[i] += project.capacity,
            CapacityHolder::Stage { chain, stage } => {
                state.stage_capacity[chain][stage] += project.capacity;
            }
            CapacityHolder::Technology(k) => state.technology_capacity[k] += project.capacity,
        }
    }
    for (c, chain) in model.chains().iter().enumerate() {
        let (limit, _) = chain.limit(&state.stage_capacity[c]);
        state.capacity[chain.sector_idx] = limit;
    }
}

/// Applies capacity to this year's demand-driven output, then derives chains, energy and
/// values. `state.output` holds the demand-driven solve on entry.
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
    if model.has_limits()
        && !apply_capacity(
            a,
            &state.final_demand,
            &state.capacity,
            &mut state.output,
            &mut state.unmet,
        )
    {
        return Err(Rejection::NotProductive);
    }
    derive(model, state);
    Ok(())
}

/// What follows from this year's output: chain production and binding stages, the energy
/// balance, and values.
fn derive(model: &Model, state: &mut RunState) {
    for (c, chain) in model.chains().iter().enumerate() {
        let x = state.output[chain.sector_idx];
        chain.production(x, &mut state.stage_production[c]);
        let (limit, k) = chain.limit(&state.stage_capacity[c]);
        state.binding[c] = (x >= limit * (1.0 - 1e-12)).then_some(k);
    }
    if let Some(energy) = model.energy() {
        state.balance = energy.balance(
            &state.technology_capacity,
            &state.technology_factor,
            &state.output,
            &mut state.generation,
        );
    }
    for i in 0..state.output.len() {
        state.sector_value[i] = state.output[i] * state.price[i];
    }
}

/// Writes this year's value of every series at `point`: each sector's series through its
/// precomputed slots, then the other series by their source.
fn record(model: &Model, state: &mut RunState, point: usize) {
    let n_points = state.n_points;
    let values = &mut state.values;
    for (i, slots) in model.sector_slots().iter().enumerate() {
        let output = state.output[i];
        let demand = state.final_demand[i];
        values[slots.output * n_points + point] = output;
        values[slots.final_demand * n_points + point] = demand;
        // Deliveries to other sectors: x = A x + (f − unmet).
        values[slots.intermediate * n_points + point] = output - demand + state.unmet[i];
        if let Some((value, price)) = slots.priced {
            values[value * n_points + point] = state.sector_value[i];
            values[price * n_points + point] = state.price[i];
        }
        if let Some((capacity, unmet)) = slots.limited {
            values[capacity * n_points + point] = state.capacity[i];
            values[unmet * n_points + point] = state.unmet[i];
        }
    }
    for &(s, source) in model.other_series() {
        let value = match source {
            SeriesSource::Output(i) => state.output[i],
            SeriesSource::FinalDemand(i) => state.final_demand[i],
            SeriesSource::Intermediate(i) => {
                state.output[i] - state.final_demand[i] + state.unmet[i]
            }
            SeriesSource::Value(i) => state.sector_value[i],
            SeriesSource::Price(i) => state.price[i],
            SeriesSource::Capacity(i) => state.capacity[i],
            SeriesSource::UnmetDemand(i) => state.unmet[i],
            SeriesSource::StageProduction { chain, stage } => state.stage_production[chain][stage],
            SeriesSource::StageCapacity { chain, stage } => state.stage_capacity[chain][stage],
            SeriesSource::StageBinding { chain, stage } => {
                f64::from(u8::from(state.binding[chain] == Some(stage)))
            }
            SeriesSource::ProjectOnline(p) => {
                let year = model.base_year() + point as i32;
                f64::from(u8::from(state.online[p].is_some_and(|first| first <= year)))
            }
            SeriesSource::TechnologyCapacity(k) => state.technology_capacity[k],
            SeriesSource::TechnologyGeneration(k) => state.generation[k],
            SeriesSource::Generation => state.balance.generation,
            SeriesSource::CleanGeneration => state.balance.clean_generation,
            SeriesSource::CleanShare => state.balance.clean_share(),
            SeriesSource::ElectricityDemand => state.balance.demand,
            SeriesSource::ElectricityBalance => state.balance.generation - state.balance.demand,
            SeriesSource::Aggregate(a) => model.aggregates()[a].evaluate(&state.sector_value),
        };
        values[s * n_points + point] = value;
    }
}

/// Sets the base year (point 0) from base output and the base final demand in
/// `state.demand`.
fn base_year(model: &Model, state: &mut RunState) {
    let n = model.n_sectors();
    for i in 0..n {
        state.output[i] = model.base_output()[i];
        state.final_demand[i] = state.demand[i];
        state.price[i] = model.sectors()[i].price.unwrap_or(1.0);
        state.unmet[i] = 0.0;
    }
    update_capacities(model, 0, state);
    if let Some(energy) = model.energy() {
        for (k, tech) in energy.technologies.iter().enumerate() {
            state.technology_factor[k] = tech.mean_factor;
        }
    }
    // Compilation checked base output against capacity, so nothing is capped here.
    derive(model, state);
    record(model, state, 0);
}

/// Every series' base-year value at the mean coefficients (capacity factors at their means).
pub fn base_values(model: &Model) -> Vec<f64> {
    let mut state = RunState::new(model);
    state.online.fill(None);
    state.demand.copy_from(model.base_final_demand());
    base_year(model, &mut state);
    (0..model.series().len())
        .map(|s| state.series(s)[0])
        .collect()
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
    result
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
        .online
        .iter_mut()
        .zip(model.projects().iter().zip(project_inputs.chunks_exact(2)))
    {
        *online = project.online_year(z[0], z[1]);
    }
    base_year(model, state);

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
                state.final_demand[j] *= law.factor(z);
            } else if j < n + n_priced {
                state.price[model.priced_sectors()[j - n]] *= law.factor(z);
            } else {
                state.technology_factor[j - n - n_priced] = law.draw(z);
            }
        }
        let t = year_idx + 1;
        update_capacities(model, t, state);
        for i in 0..n {
            state.demand[i] = state.final_demand[i];
        }
        leontief.solve_in_place(&mut state.demand);
        for i in 0..n {
            state.output[i] = state.demand[i];
        }
        settle_year(model, drawn_coefficients, state)?;
        record(model, state, t);
    }
    Ok(())
}
