//! Every year of a batch of runs side by side, and every series' value read from it.
//!
//! The engine fills each year's final demand, demand-driven output, prices and capacity
//! factors (growth, the Leontief solve) and settles the sectors over capacity (the mixed
//! model); what follows from them — capacities with the projects online, chain stages, the
//! energy balance, values — and what each registry series records are the model's, and are
//! computed here for all the batch's runs at once. Compilation computes the base year's
//! values here, as a batch of one, without running the engine.
//!
//! Every quantity is lane-minor: quantity `q` (a sector, a stage, a technology) of lane `l`
//! at point `p` (years after the base year) is at `(p * count + q) * lanes + l`, where
//! `count` is how many such quantities there are. Each lane's numbers are computed by the
//! same operations in the same order whatever the other lanes hold, so a run's values do not
//! depend on the batch it is in.

use super::Model;
use super::capacity::CapacityHolder;
use super::energy::BalanceLanes;
use super::series::SeriesSource;

/// Marks a chain that is not at its limit in [`YearLanes`]'s binding stages.
const NOT_BINDING: usize = usize::MAX;

/// The years of a batch of runs: levels, prices, capacities and what follows from them.
#[derive(Debug, Clone)]
pub struct YearLanes {
    lanes: usize,
    n_points: usize,
    /// Final demand: sector `i` at `(p * n + i) * lanes + l`.
    pub demand: Vec<f64>,
    /// Gross output in each sector's unit, laid out as `demand`.
    pub output: Vec<f64>,
    /// Prices of the priced sectors ([`Model::priced_sectors`]): `(p * n_priced + k) * lanes
    /// + l`.
    pub price: Vec<f64>,
    /// Capacity factors of the energy technologies: `(p * n_tech + k) * lanes + l`.
    pub capacity_factor: Vec<f64>,
    /// Each project's first year online, if it completes: `project * lanes + l`.
    pub online: Vec<Option<i32>>,
    /// Capacity of each sector (infinite without a limit), laid out as `demand`; empty for a
    /// model without capacities.
    pub capacity: Vec<f64>,
    /// Final demand each sector's capacity could not serve, laid out as `demand` (zero but
    /// for the sectors with a limit).
    pub unmet: Vec<f64>,
    /// Capacity of every chain's stages, the chains' stages in turn: `(p * n_stages + r) *
    /// lanes + l`, stage `k` of chain `c` being `r = stage_start[c] + k`.
    stage_capacity: Vec<f64>,
    stage_start: Vec<usize>,
    n_stages: usize,
    /// Each chain's limit on its sector's output and the stage that sets it: `(p * n_chains
    /// + c) * lanes + l`.
    chain_limit: Vec<f64>,
    limit_stage: Vec<usize>,
    /// Capacity of each energy technology (MW): `(p * n_tech + k) * lanes + l`.
    technology_capacity: Vec<f64>,
    /// Organic capacities of every year, the same in every run.
    organic: Vec<Organic>,
    /// What follows from one year's output, rebuilt for each point by [`YearLanes::derive`].
    derived: Derived,
}

/// What follows from one year's output, lane-minor without a point.
#[derive(Debug, Clone)]
struct Derived {
    /// Production of every chain's stages: `r * lanes + l`.
    stage_production: Vec<f64>,
    /// Each chain's binding stage ([`NOT_BINDING`] when it is below its limit): `c * lanes +
    /// l`.
    binding: Vec<usize>,
    /// Generation of each technology (GWh): `k * lanes + l`.
    generation: Vec<f64>,
    balance: BalanceLanes,
    /// Value of each sector's output (output × price): `i * lanes + l`; empty when no
    /// series reads it.
    sector_value: Vec<f64>,
}

/// Organic capacities of one year (no project), the same in every run.
#[derive(Debug, Clone)]
struct Organic {
    sectors: Vec<f64>,
    stages: Vec<f64>,
    technologies: Vec<f64>,
}

impl Organic {
    /// Organic capacities `t` years after the base year.
    fn new(model: &Model, t: usize) -> Organic {
        Organic {
            sectors: model
                .sectors()
                .iter()
                .map(|sector| sector.capacity.map_or(f64::INFINITY, |c| c.organic(t)))
                .collect(),
            stages: model
                .chains()
                .iter()
                .flat_map(|chain| chain.stages.iter().map(move |s| s.capacity.organic(t)))
                .collect(),
            technologies: model.energy().map_or_else(Vec::new, |energy| {
                energy
                    .technologies
                    .iter()
                    .map(|tech| tech.capacity.organic(t))
                    .collect()
            }),
        }
    }
}

impl YearLanes {
    /// Every year of up to `lanes` runs of `model` (at least one), base year included: no
    /// limits, nothing unmet, no project online.
    pub fn new(model: &Model, lanes: usize) -> YearLanes {
        let lanes = lanes.max(1);
        let n = model.n_sectors();
        let n_points = model.n_years() + 1;
        let n_priced = model.priced_sectors().len();
        let n_tech = model.energy().map_or(0, |e| e.technologies.len());
        let n_chains = model.chains().len();
        let stage_start: Vec<usize> = model
            .chains()
            .iter()
            .scan(0, |start, chain| {
                let here = *start;
                *start += chain.stages.len();
                Some(here)
            })
            .collect();
        let n_stages = model.chains().iter().map(|c| c.stages.len()).sum();
        let capacities = model.has_capacity();
        // Sector values are recorded for priced sectors and summed by aggregates.
        let values_read = !model.priced_sectors().is_empty()
            || model.other_series().iter().any(|(_, source)| {
                matches!(source, SeriesSource::Value(_) | SeriesSource::Aggregate(_))
            });
        let per_point = |count: usize| vec![0.0; n_points * count * lanes];
        YearLanes {
            lanes,
            n_points,
            demand: per_point(n),
            output: per_point(n),
            price: per_point(n_priced),
            capacity_factor: per_point(n_tech),
            online: vec![None; model.projects().len() * lanes],
            capacity: if capacities {
                vec![f64::INFINITY; n_points * n * lanes]
            } else {
                Vec::new()
            },
            unmet: per_point(n),
            stage_capacity: per_point(n_stages),
            stage_start,
            n_stages,
            chain_limit: per_point(n_chains),
            limit_stage: vec![0; n_points * n_chains * lanes],
            technology_capacity: per_point(n_tech),
            organic: if capacities {
                (0..n_points).map(|t| Organic::new(model, t)).collect()
            } else {
                Vec::new()
            },
            derived: Derived {
                stage_production: vec![0.0; n_stages * lanes],
                binding: vec![NOT_BINDING; n_chains * lanes],
                generation: vec![0.0; n_tech * lanes],
                balance: BalanceLanes::new(lanes),
                sector_value: if values_read {
                    vec![0.0; n * lanes]
                } else {
                    Vec::new()
                },
            },
        }
    }

    /// Lanes the buffers hold: the stride of every lane-minor array.
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// The base year of the first `width` lanes, but for final demand (the mean
    /// coefficients' or a run's drawn ones, which the caller sets): base output, base prices
    /// and the capacity factors' means.
    pub fn set_base_year(&mut self, model: &Model, width: usize) {
        let lanes = self.lanes;
        for (i, &x) in model.base_output().iter().enumerate() {
            self.output[i * lanes..i * lanes + width].fill(x);
        }
        for (k, &i) in model.priced_sectors().iter().enumerate() {
            let price = model.sectors()[i].price.unwrap_or(1.0);
            self.price[k * lanes..k * lanes + width].fill(price);
        }
        if let Some(energy) = model.energy() {
            for (k, tech) in energy.technologies.iter().enumerate() {
                self.capacity_factor[k * lanes..k * lanes + width].fill(tech.mean_factor);
            }
        }
    }

    /// Capacities of sectors, stages and technologies in every year of the first `width`
    /// lanes, from the organic paths and the projects online (see [`YearLanes::online`]), and
    /// each chain's limit on its sector. Nothing is unmet afterwards.
    pub fn set_capacities(&mut self, model: &Model, width: usize) {
        // Only the mixed model writes unmet demand, and only a limited sector's.
        let (lanes, n) = (self.lanes, model.n_sectors());
        for i in model.limited_sectors() {
            for p in 0..self.n_points {
                self.unmet[(p * n + i) * lanes..][..width].fill(0.0);
            }
        }
        if !model.has_capacity() {
            return;
        }
        let (lanes, n_points) = (self.lanes, self.n_points);
        let n = model.n_sectors();
        let n_chains = model.chains().len();
        let n_tech = self.organic[0].technologies.len();
        for p in 0..n_points {
            let year = model.base_year() + p as i32;
            let organic = &self.organic[p];
            let sectors = &mut self.capacity[p * n * lanes..(p + 1) * n * lanes];
            let stages =
                &mut self.stage_capacity[p * self.n_stages * lanes..][..self.n_stages * lanes];
            let technologies =
                &mut self.technology_capacity[p * n_tech * lanes..][..n_tech * lanes];
            for (rows, organic) in [
                (&mut *sectors, &organic.sectors),
                (&mut *stages, &organic.stages),
                (&mut *technologies, &organic.technologies),
            ] {
                for (row, &capacity) in rows.chunks_exact_mut(lanes).zip(organic) {
                    row[..width].fill(capacity);
                }
            }
            for (project_idx, project) in model.projects().iter().enumerate() {
                let row = match project.holder {
                    CapacityHolder::Sector(i) => &mut sectors[i * lanes..][..width],
                    CapacityHolder::Stage { chain, stage } => {
                        &mut stages[(self.stage_start[chain] + stage) * lanes..][..width]
                    }
                    CapacityHolder::Technology(k) => &mut technologies[k * lanes..][..width],
                };
                let online = &self.online[project_idx * lanes..][..width];
                for (capacity, online) in row.iter_mut().zip(online) {
                    if online.is_some_and(|first| first <= year) {
                        *capacity += project.capacity;
                    }
                }
            }
            for (c, chain) in model.chains().iter().enumerate() {
                let stages = &stages[self.stage_start[c] * lanes..];
                let at = (p * n_chains + c) * lanes;
                let limit = &mut self.chain_limit[at..at + width];
                chain.limit_lanes(stages, lanes, limit, &mut self.limit_stage[at..at + width]);
                sectors[chain.sector_idx * lanes..][..width].copy_from_slice(limit);
            }
        }
    }

    /// What follows from the output of point `p` in the first `width` lanes: chain
    /// production and binding stages, the energy balance, and values.
    pub fn derive(&mut self, model: &Model, p: usize, width: usize) {
        let lanes = self.lanes;
        let n = model.n_sectors();
        let n_chains = model.chains().len();
        let output = &self.output[p * n * lanes..(p + 1) * n * lanes];
        let derived = &mut self.derived;
        for (c, chain) in model.chains().iter().enumerate() {
            let x = &output[chain.sector_idx * lanes..][..width];
            let production = &mut derived.stage_production[self.stage_start[c] * lanes..];
            chain.production_lanes(x, lanes, production);
            let at = (p * n_chains + c) * lanes;
            let limits = &self.chain_limit[at..at + width];
            let stages = &self.limit_stage[at..at + width];
            let binding = &mut derived.binding[c * lanes..c * lanes + width];
            for (((binding, &x), &limit), &stage) in
                binding.iter_mut().zip(x).zip(limits).zip(stages)
            {
                *binding = if x >= limit * (1.0 - 1e-12) {
                    stage
                } else {
                    NOT_BINDING
                };
            }
        }
        if let Some(energy) = model.energy() {
            let n_tech = energy.technologies.len();
            let at = p * n_tech * lanes..(p + 1) * n_tech * lanes;
            energy.balance(
                lanes,
                width,
                [
                    &self.technology_capacity[at.clone()],
                    &self.capacity_factor[at],
                    output,
                ],
                &mut derived.generation,
                &mut derived.balance,
            );
        }
        if derived.sector_value.is_empty() {
            return;
        }
        // Unpriced sectors' value is their output (price 1).
        let n_priced = model.priced_sectors().len();
        derived.sector_value.copy_from_slice(output);
        for (k, &i) in model.priced_sectors().iter().enumerate() {
            let price = &self.price[(p * n_priced + k) * lanes..][..width];
            let value = &mut derived.sector_value[i * lanes..][..width];
            for (value, &price) in value.iter_mut().zip(price) {
                *value *= price;
            }
        }
    }

    /// Writes every series' value at point `p` of the first `width` lanes into `values`,
    /// lane-minor by series and point: series `s` of lane `l` at `(s * n_points + p) * lanes
    /// + l`. Each sector's series through its precomputed slots, then the other series by
    /// their source. Call [`YearLanes::derive`] for `p` first.
    pub fn record(&mut self, model: &Model, p: usize, width: usize, values: &mut [f64]) {
        let (lanes, n_points) = (self.lanes, self.n_points);
        let n = model.n_sectors();
        let n_priced = model.priced_sectors().len();
        let at = |q: usize| (p * n + q) * lanes..(p * n + q) * lanes + width;
        let slot = |s: usize| (s * n_points + p) * lanes..(s * n_points + p) * lanes + width;
        for (i, slots) in model.sector_slots().iter().enumerate() {
            let (output, demand, unmet) =
                (&self.output[at(i)], &self.demand[at(i)], &self.unmet[at(i)]);
            values[slot(slots.output)].copy_from_slice(output);
            values[slot(slots.final_demand)].copy_from_slice(demand);
            // Deliveries to other sectors: x = A x + (f − unmet).
            let intermediate = &mut values[slot(slots.intermediate)];
            for (((v, &x), &f), &u) in intermediate.iter_mut().zip(output).zip(demand).zip(unmet) {
                *v = x - f + u;
            }
            if let Some((value, price)) = slots.priced {
                let k = model
                    .priced_sectors()
                    .iter()
                    .position(|&sector| sector == i)
                    .expect("a sector with a price slot is priced");
                values[slot(value)]
                    .copy_from_slice(&self.derived.sector_value[i * lanes..][..width]);
                values[slot(price)]
                    .copy_from_slice(&self.price[(p * n_priced + k) * lanes..][..width]);
            }
            if let Some((capacity, unmet_slot)) = slots.limited {
                values[slot(capacity)].copy_from_slice(&self.capacity[at(i)]);
                values[slot(unmet_slot)].copy_from_slice(unmet);
            }
        }
        for &(s, source) in model.other_series() {
            self.other_series(model, p, source, &mut values[slot(s)]);
        }
    }

    /// The values at point `p` of a series that is not one of a sector's slots, into `row`
    /// (as many lanes as it holds).
    fn other_series(&self, model: &Model, p: usize, source: SeriesSource, row: &mut [f64]) {
        let (lanes, width) = (self.lanes, row.len());
        let n = model.n_sectors();
        let n_tech = model.energy().map_or(0, |e| e.technologies.len());
        let d = &self.derived;
        let sector = |i: usize| (p * n + i) * lanes..(p * n + i) * lanes + width;
        let copy = |row: &mut [f64], from: &[f64]| row.copy_from_slice(&from[..width]);
        match source {
            SeriesSource::Output(i) => copy(row, &self.output[sector(i)]),
            SeriesSource::FinalDemand(i) => copy(row, &self.demand[sector(i)]),
            SeriesSource::Intermediate(i) => {
                let range = sector(i);
                let (x, f, u) = (
                    &self.output[range.clone()],
                    &self.demand[range.clone()],
                    &self.unmet[range],
                );
                for (((v, &x), &f), &u) in row.iter_mut().zip(x).zip(f).zip(u) {
                    *v = x - f + u;
                }
            }
            SeriesSource::Value(i) => copy(row, &d.sector_value[i * lanes..]),
            SeriesSource::Price(i) => match model.priced_sectors().iter().position(|&s| s == i) {
                Some(k) => {
                    let n_priced = model.priced_sectors().len();
                    copy(row, &self.price[(p * n_priced + k) * lanes..]);
                }
                None => row.fill(1.0),
            },
            SeriesSource::Capacity(i) => copy(row, &self.capacity[sector(i)]),
            SeriesSource::UnmetDemand(i) => copy(row, &self.unmet[sector(i)]),
            SeriesSource::StageProduction { chain, stage } => {
                copy(
                    row,
                    &d.stage_production[(self.stage_start[chain] + stage) * lanes..],
                );
            }
            SeriesSource::StageCapacity { chain, stage } => {
                let r = p * self.n_stages + self.stage_start[chain] + stage;
                copy(row, &self.stage_capacity[r * lanes..]);
            }
            SeriesSource::StageBinding { chain, stage } => {
                for (v, &binding) in row.iter_mut().zip(&d.binding[chain * lanes..]) {
                    *v = f64::from(u8::from(binding == stage));
                }
            }
            SeriesSource::ProjectOnline(project) => {
                let year = model.base_year() + p as i32;
                for (v, online) in row.iter_mut().zip(&self.online[project * lanes..]) {
                    *v = f64::from(u8::from(online.is_some_and(|first| first <= year)));
                }
            }
            SeriesSource::TechnologyCapacity(k) => {
                copy(row, &self.technology_capacity[(p * n_tech + k) * lanes..]);
            }
            SeriesSource::TechnologyGeneration(k) => copy(row, &d.generation[k * lanes..]),
            SeriesSource::Generation => copy(row, &d.balance.generation),
            SeriesSource::CleanGeneration => copy(row, &d.balance.clean_generation),
            SeriesSource::CleanShare => {
                for (lane, v) in row.iter_mut().enumerate() {
                    *v = d.balance.clean_share(lane);
                }
            }
            SeriesSource::ElectricityDemand => copy(row, &d.balance.demand),
            SeriesSource::ElectricityBalance => {
                let balance = &d.balance;
                for ((v, &g), &demand) in
                    row.iter_mut().zip(&balance.generation).zip(&balance.demand)
                {
                    *v = g - demand;
                }
            }
            SeriesSource::Aggregate(a) => {
                // Σ weight × value in the aggregate's order, begun at −0.0 (the identity of
                // addition).
                row.fill(-0.0);
                for &(i, w) in &model.aggregates()[a].weights {
                    for (v, &value) in row.iter_mut().zip(&d.sector_value[i * lanes..]) {
                        *v += w * value;
                    }
                }
            }
        }
    }
}

/// Every series' base-year value at the mean coefficients (capacity factors at their means,
/// no project online): the base year of a batch of one.
pub fn base_values(model: &Model) -> Vec<f64> {
    let n_points = model.n_years() + 1;
    let mut years = YearLanes::new(model, 1);
    years.demand[..model.n_sectors()].copy_from_slice(model.base_final_demand().as_slice());
    years.set_base_year(model, 1);
    years.set_capacities(model, 1);
    years.derive(model, 0, 1);
    let mut values = vec![0.0; model.series().len() * n_points];
    years.record(model, 0, 1, &mut values);
    values.into_iter().step_by(n_points).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organic_capacity_grows_by_its_rate() {
        let model = Model::from_toml_str(
            r#"
            [scenario]
            name = "one capped sector"
            value_unit = "CNY 100 million"
            base_year = 2025
            horizon = 2029
            [[sectors]]
            id = "a"
            name = "A"
            base = 100.0
            capacity = 120.0
            capacity_growth = 0.5
            assumption = "test"
            [[growth]]
            sector = "a"
            distribution = "normal"
            mean = 0.05
            sd = 0.01
            assumption = "test"
            "#,
        )
        .unwrap();
        // Two lanes alike: 120 · 1.5^t = 120, 180, 270, 405, 607.5.
        let mut years = YearLanes::new(&model, 2);
        years.set_capacities(&model, 2);
        for (t, capacity) in [120.0, 180.0, 270.0, 405.0, 607.5].into_iter().enumerate() {
            for lane in 0..2 {
                assert_eq!(
                    years.capacity[t * 2 + lane].to_bits(),
                    f64::to_bits(capacity),
                    "year {t}, lane {lane}"
                );
            }
        }
    }
}
