//! Monte Carlo runs side by side: a batch of runs ("lanes") goes through each stage together.
//!
//! A run is a pure function of the model and its vector of standard-normal inputs, so any
//! sampler (plain Monte Carlo, Latin hypercube, Sobol) can drive it and a run never depends
//! on which thread executes it or which runs share its batch. The inputs are laid out as
//! [`Model::n_factors`] shocks per simulated year (growth, prices, capacity factors), one
//! per uncertain coefficient, then two per project (completion, delay).
//!
//! Every per-run quantity is stored lane-minor — quantity `q` of lane `l` at `q * lanes + l`
//! — so the stages every model has run as loops over the lanes, which the compiler
//! vectorises:
//!
//! 1. **Shocks** (all years): the copula's Cholesky product, the AR(1) recursion, and each
//!    law's map to a growth factor, price factor or capacity factor; final demand and prices
//!    compound year by year.
//! 2. **Demand-driven output**: with fixed coefficients x = L f, L = (I − A)⁻¹ computed once,
//!    a mat-vec per year; with drawn ones each run's I − A factored and solved side by side
//!    ([`LeontiefLanes`]: no pivoting, its pivots the productivity test) up to
//!    [`LANE_LU_MAX_SECTORS`] sectors, and beyond, where a batch's matrices outgrow the
//!    caches, one run at a time by the toolkit's pivoted [`Leontief`].
//! 3. **Settling**: capacities with the projects online, side by side; the mixed model for
//!    the runs with a sector over capacity in some year, one run at a time, from the run's
//!    columns of L for the sectors with a limit (solved side by side in stage 2); then
//!    chains, energy, values and every series, side by side again — the model's
//!    [`YearLanes`].
//!
//! A lane's numbers do not depend on the number of lanes: [`simulate_run`] is a batch of one.

use nalgebra::{DMatrix, DVector};

use crate::io::{CapacityUpdate, Leontief, LeontiefLanes};
use crate::model::Model;
use crate::model::year::YearLanes;
use crate::summary::Rejection;

/// Runs side by side in the engine's batches: a chunk of
/// [`CHUNK_RUNS`](super::CHUNK_RUNS) runs is simulated in batches of this many.
pub const LANES: usize = 64;

/// Most sectors whose drawn coefficient matrices a batch factors side by side: beyond, the
/// batch's matrices (n² · 64 · 8 bytes each for A and its factors) outgrow the caches, and a
/// pivoted factorisation a run is faster (measured on tables with every coefficient drawn,
/// 5,000 runs on one thread: at 30 sectors side by side beat engine version 1's factorisation
/// a run, at 100 it was 1.2× slower; docs/performance.md).
pub const LANE_LU_MAX_SECTORS: usize = 32;

/// A batch's buffers, lane-minor, and the results of its latest runs.
///
/// # Examples
///
/// Three runs side by side are the three runs alone:
///
/// ```
/// use chainsim::Model;
/// use chainsim::engine::run::{RunBatch, RunState, simulate_run};
/// use chainsim::engine::sampling::fill_standard_normals;
///
/// let model = Model::from_toml_str(r#"
///     [scenario]
///     name = "two sectors"
///     value_unit = "CNY 100 million"
///     base_year = 2025
///     horizon = 2027
///     [provenance]
///     sectors = { assumption = "illustration" }
///     growth = { assumption = "illustration" }
///     coefficients = { assumption = "illustration" }
///     [[sectors]]
///     id = "a"
///     name = "A"
///     base = 100.0
///     [[sectors]]
///     id = "b"
///     name = "B"
///     base = 50.0
///     [[growth]]
///     sector = "a"
///     distribution = "normal"
///     mean = 0.05
///     sd = 0.02
///     [[growth]]
///     sector = "b"
///     distribution = "normal"
///     mean = 0.03
///     sd = 0.01
///     [[coefficients]]
///     from = "a"
///     to = "b"
///     value = 0.2
///     relative_sd = 0.1
/// "#)?;
/// let (lanes, d) = (3, model.n_inputs());
/// let mut batch = RunBatch::new(&model, lanes);
/// let mut alone = RunState::new(&model);
/// let mut z = vec![0.0; d];
/// for run in 0..lanes {
///     fill_standard_normals(7, run as u64, &mut z);
///     for (k, &value) in z.iter().enumerate() {
///         batch.inputs_mut()[k * lanes + run] = value;
///     }
/// }
/// batch.simulate(&model, lanes);
/// let a_output = model.series_idx("a.output").unwrap();
/// for run in 0..lanes {
///     fill_standard_normals(7, run as u64, &mut z);
///     simulate_run(&model, &z, &mut alone).unwrap();
///     assert_eq!(batch.status()[run], None);
///     assert_eq!(batch.value(a_output, 2, run).to_bits(), alone.series(a_output)[2].to_bits());
/// }
/// # Ok::<(), chainsim::ScenarioError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RunBatch {
    /// Lanes the buffers hold: the stride of every lane-minor array.
    lanes: usize,
    /// Lanes of the latest batch (at most `lanes`).
    width: usize,
    n_points: usize,
    /// Inputs, lane-minor: input k of lane l at `k * lanes + l`.
    inputs: Vec<f64>,
    /// Series values, lane-minor by series and point: series `s` at point `p` of lane `l`
    /// at `(s * n_points + p) * lanes + l`.
    values: Vec<f64>,
    /// Why each lane's run was not scored, if it was not.
    status: Vec<Option<Rejection>>,
    /// Each lane's Σ v·0 over its values: 0 when all are finite.
    finite: Vec<f64>,
    /// Every year's levels, prices, capacities and what follows from them.
    years: YearLanes,
    /// The drawn value of each uncertain coefficient: `c * lanes + l`.
    coefficient_values: Vec<f64>,
    /// Each run's coefficients when some are drawn, lane-minor: a_ij at `(i * n + j) * lanes + l`.
    drawn: Vec<f64>,
    /// Each run's I − A factored, when coefficients are drawn for at most
    /// [`LANE_LU_MAX_SECTORS`] sectors.
    systems: Option<LeontiefLanes>,
    /// One run's I − A at a time, when coefficients are drawn for more sectors.
    pivoted: Option<PivotedSystem>,
    /// This year's correlated shocks and the AR(1) states, by factor.
    correlated: Vec<f64>,
    shocks: Vec<f64>,
    /// L = (I − A)⁻¹ of the fixed coefficients, row-major; empty when coefficients are drawn.
    inverse: Vec<f64>,
    /// Index of each sector's output series (its final demand follows it).
    sector_series: Vec<usize>,
    /// The sectors with a capacity limit, and each sector's place among them
    /// ([`NOT_LIMITED`] for the others).
    limited: Vec<usize>,
    limited_slot: Vec<usize>,
    /// Each run's columns of L = (I − A)⁻¹ for the sectors with a limit: entry i of the
    /// column of limited sector q in lane l at `(q * n + i) * lanes + l`; empty for a model
    /// without limits.
    columns: Vec<f64>,
    capped: CappedScratch,
}

/// A run's drawn coefficients and their pivoted factorisation, reused from run to run.
#[derive(Debug, Clone)]
struct PivotedSystem {
    a: DMatrix<f64>,
    rhs: DVector<f64>,
    leontief: Option<Leontief>,
}

impl PivotedSystem {
    /// Sets lane `lane`'s drawn coefficients into `a`.
    fn set(&mut self, model: &Model, values: &[f64], lanes: usize, lane: usize) {
        for (c, coefficient) in model.uncertain_coefficients().iter().enumerate() {
            self.a[(coefficient.from, coefficient.to)] = values[c * lanes + lane];
        }
    }

    /// Factors I − A into `leontief`, or says the draw is not productive.
    fn factor(&mut self) -> Result<(), Rejection> {
        match &mut self.leontief {
            Some(factored) => factored
                .refactor(&self.a)
                .map_err(|_| Rejection::NotProductive)?,
            None => {
                let factored = Leontief::new(&self.a).map_err(|_| Rejection::NotProductive)?;
                self.leontief = Some(factored);
            }
        }
        Ok(())
    }
}

/// Marks a sector without a capacity limit in [`RunBatch`]'s places of the limited sectors.
const NOT_LIMITED: usize = usize::MAX;

/// What the mixed model reuses from run to run.
#[derive(Debug, Clone)]
struct CappedScratch {
    update: CapacityUpdate,
    /// One run's year: final demand, capacity, output and unmet demand of each sector.
    demand: Vec<f64>,
    capacity: Vec<f64>,
    output: Vec<f64>,
    unmet: Vec<f64>,
}

impl RunBatch {
    /// How many runs of `model` to put side by side: [`LANES`], or fewer when a batch's
    /// per-run arrays (inputs, drawn coefficients, levels and capacities, the columns of L
    /// of the limited sectors, recorded values) would outgrow about 1 MiB, the size of a
    /// second-level cache — a 100-sector table with every coefficient drawn has 10,000
    /// inputs a run. A run's numbers do not depend on it.
    pub fn lanes_for(model: &Model) -> usize {
        let n = model.n_sectors();
        let n_points = model.n_years() + 1;
        let limited = model.limited_sectors().count();
        let capacities = if model.has_capacity() { 2 * n } else { 0 };
        let per_run = model.n_inputs()
            + model.uncertain_coefficients().len()
            + model.series().len() * n_points
            + n_points * (2 * n + model.n_factors() + capacities)
            + limited * n;
        ((1 << 17) / per_run.max(1)).clamp(1, LANES)
    }

    /// Buffers for batches of up to `lanes` runs of `model` (at least one).
    pub fn new(model: &Model, lanes: usize) -> RunBatch {
        let lanes = lanes.max(1);
        let n = model.n_sectors();
        let n_points = model.n_years() + 1;
        let m = model.n_factors();
        let drawn = !model.uncertain_coefficients().is_empty();
        let limited: Vec<usize> = model.limited_sectors().collect();
        let inverse = if drawn {
            Vec::new()
        } else {
            let l = model.leontief().inverse();
            (0..n)
                .flat_map(|i| (0..n).map(move |j| (i, j)))
                .map(|index| l[index])
                .collect()
        };
        RunBatch {
            lanes,
            width: 0,
            n_points,
            inputs: vec![0.0; model.n_inputs() * lanes],
            values: vec![0.0; model.series().len() * n_points * lanes],
            status: vec![None; lanes],
            finite: vec![0.0; lanes],
            years: YearLanes::new(model, lanes),
            coefficient_values: vec![0.0; model.uncertain_coefficients().len() * lanes],
            drawn: if drawn && n <= LANE_LU_MAX_SECTORS {
                let a = model.coefficients();
                (0..n * n)
                    .flat_map(|entry| std::iter::repeat_n(a[(entry / n, entry % n)], lanes))
                    .collect()
            } else {
                Vec::new()
            },
            systems: (drawn && n <= LANE_LU_MAX_SECTORS).then(|| LeontiefLanes::new(n, lanes)),
            pivoted: (drawn && n > LANE_LU_MAX_SECTORS).then(|| PivotedSystem {
                a: model.coefficients().clone(),
                rhs: DVector::zeros(n),
                leontief: None,
            }),
            correlated: vec![0.0; m * lanes],
            shocks: vec![0.0; m * lanes],
            inverse,
            sector_series: model.sector_slots().iter().map(|s| s.output).collect(),
            limited_slot: {
                let mut slot = vec![NOT_LIMITED; n];
                for (q, &i) in limited.iter().enumerate() {
                    slot[i] = q;
                }
                slot
            },
            columns: if drawn {
                vec![0.0; limited.len() * n * lanes]
            } else {
                // The fixed coefficients' columns, the same in every lane.
                let l = model.leontief().inverse();
                let mut columns = Vec::with_capacity(limited.len() * n * lanes);
                for &j in &limited {
                    for i in 0..n {
                        columns.extend(std::iter::repeat_n(l[(i, j)], lanes));
                    }
                }
                columns
            },
            limited,
            capped: CappedScratch {
                update: CapacityUpdate::new(n),
                demand: vec![0.0; n],
                capacity: vec![0.0; n],
                output: vec![0.0; n],
                unmet: vec![0.0; n],
            },
        }
    }

    /// Lanes the buffers hold.
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// Lanes of the latest batch.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Recorded points of a series (years, base year included).
    pub fn n_points(&self) -> usize {
        self.n_points
    }

    /// The inputs to fill before [`RunBatch::simulate`]: input k of lane l at
    /// `k * lanes + l`.
    pub fn inputs_mut(&mut self) -> &mut [f64] {
        &mut self.inputs
    }

    /// Every series value of the latest batch, lane-minor: series `s` at point `p` of lane
    /// `l` at `(s * n_points + p) * lanes + l`.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Why each lane of the latest batch was not scored (`None`: it was).
    pub fn status(&self) -> &[Option<Rejection>] {
        &self.status[..self.width]
    }

    /// Value of series `series_idx` at `point` in `lane`.
    pub fn value(&self, series_idx: usize, point: usize, lane: usize) -> f64 {
        self.values[(series_idx * self.n_points + point) * self.lanes + lane]
    }

    /// Writes series `series_idx` of `lane`, point by point, into `path` (of
    /// [`RunBatch::n_points`] values).
    pub fn lane_series(&self, series_idx: usize, lane: usize, path: &mut [f64]) {
        for (point, slot) in path.iter_mut().enumerate() {
            *slot = self.value(series_idx, point, lane);
        }
    }

    /// Simulates the first `width` lanes from the inputs in [`RunBatch::inputs_mut`].
    ///
    /// # Panics
    /// If `width` exceeds the lanes the batch holds.
    pub fn simulate(&mut self, model: &Model, width: usize) {
        assert!(
            width <= self.lanes,
            "{width} runs in a batch of {}",
            self.lanes
        );
        self.width = width;
        self.status[..width].fill(None);
        self.base_year(model);
        self.shocks(model);
        if self.inverse.is_empty() {
            self.drawn_output(model);
        } else {
            self.fixed_output(model);
        }
        self.years.set_capacities(model, width);
        if model.has_limits() {
            self.settle_capped(model);
        }
        for p in 0..self.n_points {
            self.years.derive(model, p, width);
            self.years.record(model, p, width, &mut self.values);
        }
        self.check_finite();
    }

    /// Base-year final demand (drawn coefficients change it run by run), prices, capacity
    /// factors, and the project timings.
    fn base_year(&mut self, model: &Model) {
        let (lanes, width) = (self.lanes, self.width);
        let n = model.n_sectors();
        let n_years = model.n_years();
        let m = model.n_factors();
        let n_coefficients = model.uncertain_coefficients().len();
        let coefficient_inputs = n_years * m;
        if n_coefficients == 0 {
            for (i, &f) in model.base_final_demand().iter().enumerate() {
                self.years.demand[i * lanes..i * lanes + width].fill(f);
            }
        } else {
            for (c, coefficient) in model.uncertain_coefficients().iter().enumerate() {
                let z = &self.inputs[(coefficient_inputs + c) * lanes..][..width];
                let values = &mut self.coefficient_values[c * lanes..][..width];
                for (value, &z) in values.iter_mut().zip(z) {
                    *value = coefficient.value(z);
                }
            }
            let base = model.base_output();
            if let Some(pivoted) = &mut self.pivoted {
                for lane in 0..width {
                    pivoted.set(model, &self.coefficient_values, lanes, lane);
                    pivoted.rhs.copy_from(base);
                    pivoted.rhs.gemv(-1.0, &pivoted.a, base, 1.0);
                    for (i, &f) in pivoted.rhs.iter().enumerate() {
                        self.years.demand[i * lanes + lane] = f;
                    }
                    if pivoted.rhs.iter().any(|&f| f < 0.0) {
                        self.status[lane] = Some(Rejection::NegativeBaseDemand);
                    }
                }
                return self.base_prices_and_projects(model);
            }
            for (c, coefficient) in model.uncertain_coefficients().iter().enumerate() {
                let entry = (coefficient.from * n + coefficient.to) * lanes;
                self.drawn[entry..entry + width]
                    .copy_from_slice(&self.coefficient_values[c * lanes..][..width]);
            }
            // f₀ = x₀ − A x₀, the terms of each row added in column order.
            for i in 0..n {
                let f = &mut self.years.demand[i * lanes..i * lanes + width];
                f.fill(base[i]);
                for (j, &x) in base.iter().enumerate() {
                    let a = &self.drawn[(i * n + j) * lanes..][..width];
                    for (f, &a) in f.iter_mut().zip(a) {
                        *f -= a * x;
                    }
                }
                for (status, &f) in self.status.iter_mut().zip(&*f) {
                    if f < 0.0 && status.is_none() {
                        *status = Some(Rejection::NegativeBaseDemand);
                    }
                }
            }
        }
        self.base_prices_and_projects(model);
    }

    /// Base-year output, prices and capacity factors, and the project timings.
    fn base_prices_and_projects(&mut self, model: &Model) {
        let (lanes, width) = (self.lanes, self.width);
        let project_inputs =
            model.n_years() * model.n_factors() + model.uncertain_coefficients().len();
        self.years.set_base_year(model, width);
        for (p, project) in model.projects().iter().enumerate() {
            for lane in 0..width {
                let z = |k: usize| self.inputs[(project_inputs + 2 * p + k) * lanes + lane];
                self.years.online[p * lanes + lane] = project.online_year(z(0), z(1));
            }
        }
    }

    /// Stage 1: every year's correlated AR(1) shocks, mapped through their laws into final
    /// demand, prices and capacity factors.
    fn shocks(&mut self, model: &Model) {
        let (lanes, width) = (self.lanes, self.width);
        let n = model.n_sectors();
        let m = model.n_factors();
        let n_priced = model.priced_sectors().len();
        let n_tech = m - n - n_priced;
        for year_idx in 0..model.n_years() {
            let eps = &self.inputs[year_idx * m * lanes..(year_idx + 1) * m * lanes];
            match model.correlation() {
                Some(correlation) => correlation.correlate_lanes(eps, &mut self.correlated, lanes),
                None => self.correlated.copy_from_slice(eps),
            }
            let t = year_idx + 1;
            for j in 0..m {
                let law = model.factor_law(year_idx, j);
                let w = &self.correlated[j * lanes..j * lanes + width];
                let z = &mut self.shocks[j * lanes..j * lanes + width];
                if year_idx == 0 {
                    z.copy_from_slice(w);
                } else {
                    for (z, &w) in z.iter_mut().zip(w) {
                        *z = law.persist(*z, w);
                    }
                }
                let (levels, k, width_of) = if j < n {
                    (&mut self.years.demand, j, n)
                } else if j < n + n_priced {
                    (&mut self.years.price, j - n, n_priced)
                } else {
                    let k = j - n - n_priced;
                    let now = (t * n_tech + k) * lanes;
                    for (slot, &z) in self.years.capacity_factor[now..now + width]
                        .iter_mut()
                        .zip(&*z)
                    {
                        *slot = law.draw(z);
                    }
                    continue;
                };
                let (before, after) = levels.split_at_mut((t * width_of + k) * lanes);
                let last = &before[((t - 1) * width_of + k) * lanes..][..width];
                law.compound(z, last, &mut after[..width]);
            }
        }
    }

    /// Stage 2: x = L f for every year and lane, with the fixed coefficients' inverse.
    fn fixed_output(&mut self, model: &Model) {
        let (lanes, width) = (self.lanes, self.width);
        let n = model.n_sectors();
        for p in 1..self.n_points {
            let f = &self.years.demand[p * n * lanes..(p + 1) * n * lanes];
            let x = &mut self.years.output[p * n * lanes..(p + 1) * n * lanes];
            for i in 0..n {
                let row = &self.inverse[i * n..(i + 1) * n];
                row_times_lanes(row, f, lanes, &mut x[i * lanes..i * lanes + width]);
            }
        }
    }

    /// Stage 2 with drawn coefficients: each run's I − A factored (a run whose pivots are not
    /// all positive drew a non-productive A and is rejected), then x = (I − A)⁻¹ f for every
    /// year, side by side.
    fn drawn_output(&mut self, model: &Model) {
        let (lanes, width) = (self.lanes, self.width);
        let n = model.n_sectors();
        if let Some(pivoted) = &mut self.pivoted {
            for lane in 0..width {
                if self.status[lane].is_some() {
                    continue;
                }
                pivoted.set(model, &self.coefficient_values, lanes, lane);
                if let Err(why) = pivoted.factor() {
                    self.status[lane] = Some(why);
                    continue;
                }
                let factored = pivoted.leontief.as_ref().expect("factored above");
                let rhs = &mut pivoted.rhs;
                for p in 1..self.n_points {
                    for i in 0..n {
                        rhs[i] = self.years.demand[(p * n + i) * lanes + lane];
                    }
                    factored.solve_in_place(rhs);
                    for i in 0..n {
                        self.years.output[(p * n + i) * lanes + lane] = rhs[i];
                    }
                }
                // The columns of L for the sectors with a limit: L e_j.
                for (q, &j) in self.limited.iter().enumerate() {
                    rhs.fill(0.0);
                    rhs[j] = 1.0;
                    factored.solve_in_place(rhs);
                    for i in 0..n {
                        self.columns[(q * n + i) * lanes + lane] = rhs[i];
                    }
                }
            }
            return;
        }
        let systems = self
            .systems
            .as_mut()
            .expect("drawn coefficients have their systems");
        let productive = systems.factor(&self.drawn, width);
        for (status, &productive) in self.status.iter_mut().zip(productive) {
            if !productive && status.is_none() {
                *status = Some(Rejection::NotProductive);
            }
        }
        for p in 1..self.n_points {
            let x = &mut self.years.output[p * n * lanes..(p + 1) * n * lanes];
            x.copy_from_slice(&self.years.demand[p * n * lanes..(p + 1) * n * lanes]);
            systems.solve_in_place(x, width);
        }
        // The columns of L for the sectors with a limit: L e_j, side by side.
        for (q, &j) in self.limited.iter().enumerate() {
            let column = &mut self.columns[q * n * lanes..(q + 1) * n * lanes];
            for (i, row) in column.chunks_exact_mut(lanes).enumerate() {
                row[..width].fill(if i == j { 1.0 } else { 0.0 });
            }
            systems.solve_in_place(column, width);
        }
    }

    /// Stage 3, the mixed model: each run with a sector over capacity in some year settled
    /// from its columns of L for those sectors ([`CapacityUpdate`]), year by year, output and
    /// unmet demand written back. A block of L that cannot be solved is a rejected draw (it
    /// does not happen for a productive A: compilation checked the mean coefficients, the
    /// run's factorisation the draw).
    fn settle_capped(&mut self, model: &Model) {
        let (lanes, width) = (self.lanes, self.width);
        let n = model.n_sectors();
        let years = &mut self.years;
        let scratch = &mut self.capped;
        let (columns, slot, limited) = (&self.columns, &self.limited_slot, &self.limited);
        for lane in 0..width {
            if self.status[lane].is_some() {
                continue;
            }
            let leontief = |i: usize, j: usize| columns[(slot[j] * n + i) * lanes + lane];
            for t in 1..self.n_points {
                let at = |i: usize| (t * n + i) * lanes + lane;
                if !limited
                    .iter()
                    .any(|&i| years.output[at(i)] > years.capacity[at(i)])
                {
                    continue;
                }
                for i in 0..n {
                    scratch.demand[i] = years.demand[at(i)];
                    scratch.capacity[i] = years.capacity[at(i)];
                    scratch.output[i] = years.output[at(i)];
                }
                let solved = scratch.update.solve(
                    leontief,
                    &scratch.demand,
                    &scratch.capacity,
                    &mut scratch.output,
                    &mut scratch.unmet,
                );
                if solved.is_err() {
                    self.status[lane] = Some(Rejection::NotProductive);
                    break;
                }
                for i in 0..n {
                    years.output[at(i)] = scratch.output[i];
                }
                // Only a sector with a limit can be capped and have unmet demand.
                for &i in limited {
                    years.unmet[at(i)] = scratch.unmet[i];
                }
            }
        }
    }

    /// A lane whose values are not all finite (a level overflowed, or a NaN spread through
    /// the solve) is no result: the run is counted, not scored.
    fn check_finite(&mut self) {
        const BLOCK: usize = 8;
        let (lanes, width) = (self.lanes, self.width);
        // v·0 is 0 for a finite v and NaN otherwise, so a lane's sum of them is 0 exactly
        // when all its values are finite: an add a value, which vectorises over the lanes.
        // Eight lanes at a time down every row, their sums held in registers.
        let probe = &mut self.finite[..width];
        let mut blocks = probe.chunks_exact_mut(BLOCK);
        for (b, out) in (&mut blocks).enumerate() {
            let mut sums = [0.0; BLOCK];
            for row in self.values.chunks_exact(lanes) {
                for (sum, value) in sums.iter_mut().zip(&row[b * BLOCK..(b + 1) * BLOCK]) {
                    *sum += value * 0.0;
                }
            }
            out.copy_from_slice(&sums);
        }
        let tail = blocks.into_remainder();
        let start = width - tail.len();
        for (k, slot) in tail.iter_mut().enumerate() {
            *slot = self
                .values
                .chunks_exact(lanes)
                .map(|row| row[start + k] * 0.0)
                .sum();
        }
        for (status, &probe) in self.status.iter_mut().zip(&*probe) {
            if status.is_none() && probe != 0.0 {
                *status = Some(Rejection::NonFinite);
            }
        }
    }
}

/// `x[lane]` = Σⱼ `row[j]`·`f[j·lanes + lane]` for each lane of `x`, the terms added in
/// column order. Eight lanes at a time, their sums held in registers across the columns
/// (a pass over `x` a column would load and store each sum n times).
fn row_times_lanes(row: &[f64], f: &[f64], lanes: usize, x: &mut [f64]) {
    const BLOCK: usize = 8;
    let width = x.len();
    let Some((&first, rest)) = row.split_first() else {
        x.fill(0.0);
        return;
    };
    let mut blocks = x.chunks_exact_mut(BLOCK);
    for (b, out) in (&mut blocks).enumerate() {
        let start = b * BLOCK;
        let mut sums = [0.0; BLOCK];
        for (sum, &f) in sums.iter_mut().zip(&f[start..start + BLOCK]) {
            *sum = first * f;
        }
        for (j, &l) in rest.iter().enumerate() {
            let column = &f[(j + 1) * lanes + start..][..BLOCK];
            for (sum, &f) in sums.iter_mut().zip(column) {
                *sum += l * f;
            }
        }
        out.copy_from_slice(&sums);
    }
    let tail = blocks.into_remainder();
    let start = width - tail.len();
    for (k, slot) in tail.iter_mut().enumerate() {
        let lane = start + k;
        *slot = first * f[lane];
        for (j, &l) in rest.iter().enumerate() {
            *slot += l * f[(j + 1) * lanes + lane];
        }
    }
}

/// One run's buffers and the results of its latest run: a [`RunBatch`] of one lane.
#[derive(Debug, Clone)]
pub struct RunState {
    batch: RunBatch,
}

impl RunState {
    /// Buffers sized for `model`.
    pub fn new(model: &Model) -> RunState {
        RunState {
            batch: RunBatch::new(model, 1),
        }
    }

    /// Values of series `series_idx` (see [`Model::series`]), indexed by year − base year.
    pub fn series(&self, series_idx: usize) -> &[f64] {
        let n_points = self.batch.n_points;
        &self.batch.values[series_idx * n_points..(series_idx + 1) * n_points]
    }

    /// Every series' values, series-major: series `s` at point `p` is at `s * n_points + p`.
    pub fn values(&self) -> &[f64] {
        &self.batch.values
    }

    /// Gross output of `sector_idx` in its unit, indexed by year − base year.
    pub fn output(&self, sector_idx: usize) -> &[f64] {
        self.series(self.batch.sector_series[sector_idx])
    }

    /// Final demand of `sector_idx`, indexed by year − base year.
    pub fn final_demand(&self, sector_idx: usize) -> &[f64] {
        self.series(self.batch.sector_series[sector_idx] + 1)
    }

    /// Number of recorded years, base year included.
    pub fn n_points(&self) -> usize {
        self.batch.n_points
    }
}

/// Simulates one run from `inputs` (length [`Model::n_inputs`], standard normal) into `state`:
/// the run lane 0 of a batch would be, to the bit.
///
/// # Errors
/// A [`Rejection`] when the run's drawn coefficients are unusable or a value is not finite;
/// `state` is then stale.
pub fn simulate_run(model: &Model, inputs: &[f64], state: &mut RunState) -> Result<(), Rejection> {
    debug_assert_eq!(inputs.len(), model.n_inputs());
    state.batch.inputs.copy_from_slice(inputs);
    state.batch.simulate(model, 1);
    match state.batch.status[0] {
        None => Ok(()),
        Some(why) => Err(why),
    }
}
