//! The state of the economy in one year of a run, and every series' value read from it.
//!
//! The engine evolves a [`YearState`] year by year (growth, prices, the Leontief solve,
//! capacity); what follows from output (chain stages, the energy balance, values) and what
//! each registry series records are the model's, so compilation computes the base year's
//! values here without running the engine.

use super::Model;
use super::capacity::CapacityHolder;
use super::energy::Balance;
use super::series::SeriesSource;

/// One year's state: levels, prices, capacities and what follows from them.
#[derive(Debug, Clone)]
pub struct YearState {
    /// Final demand of each sector.
    pub final_demand: Vec<f64>,
    /// Gross output of each sector, in its unit.
    pub output: Vec<f64>,
    /// Price of each sector's unit (1 for a sector measured in value).
    pub price: Vec<f64>,
    /// Capacity of each sector (infinite without a limit).
    pub capacity: Vec<f64>,
    /// Unmet final demand of each sector at capacity.
    pub unmet: Vec<f64>,
    /// Capacity of each chain's stages.
    pub stage_capacity: Vec<Vec<f64>>,
    /// Production of each chain's stages.
    pub stage_production: Vec<Vec<f64>>,
    /// Each chain's binding stage, if the chain is at its limit.
    pub binding: Vec<Option<usize>>,
    /// Each project's first year online, if it completes.
    pub online: Vec<Option<i32>>,
    /// Capacity of each energy technology (MW).
    pub technology_capacity: Vec<f64>,
    /// Capacity factor of each energy technology.
    pub technology_factor: Vec<f64>,
    /// Generation of each energy technology (GWh).
    pub generation: Vec<f64>,
    /// The energy balance.
    pub balance: Balance,
    /// Value of each sector's output (output × price).
    pub sector_value: Vec<f64>,
    /// Organic capacities of every year, computed once: what [`YearState::update_capacities`]
    /// starts from before adding projects.
    organic: Vec<Organic>,
}

/// Organic capacities of one year (no project), the same in every run.
#[derive(Debug, Clone)]
struct Organic {
    sectors: Vec<f64>,
    stages: Vec<Vec<f64>>,
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
                .map(|chain| chain.stages.iter().map(|s| s.capacity.organic(t)).collect())
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

impl YearState {
    /// A state sized for `model`: prices 1, no capacity limits, no project online.
    pub fn new(model: &Model) -> YearState {
        let n = model.n_sectors();
        let n_tech = model.energy().map_or(0, |e| e.technologies.len());
        let per_stage = || {
            model
                .chains()
                .iter()
                .map(|c| vec![0.0; c.stages.len()])
                .collect()
        };
        YearState {
            final_demand: vec![0.0; n],
            output: vec![0.0; n],
            price: vec![1.0; n],
            capacity: vec![f64::INFINITY; n],
            unmet: vec![0.0; n],
            stage_capacity: per_stage(),
            stage_production: per_stage(),
            binding: vec![None; model.chains().len()],
            online: vec![None; model.projects().len()],
            technology_capacity: vec![0.0; n_tech],
            technology_factor: vec![0.0; n_tech],
            generation: vec![0.0; n_tech],
            balance: Balance::default(),
            sector_value: vec![0.0; n],
            organic: if model.has_capacity() {
                (0..=model.n_years())
                    .map(|t| Organic::new(model, t))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// Capacities of sectors, stages and technologies `t` years after the base year.
    pub fn update_capacities(&mut self, model: &Model, t: usize) {
        if !model.has_capacity() {
            return;
        }
        let year = model.base_year() + t as i32;
        // Years past the horizon (not the engine's) are computed on the spot.
        let past_horizon;
        let organic = match self.organic.get(t) {
            Some(organic) => organic,
            None => {
                past_horizon = Organic::new(model, t);
                &past_horizon
            }
        };
        self.capacity.copy_from_slice(&organic.sectors);
        for (stages, organic) in self.stage_capacity.iter_mut().zip(&organic.stages) {
            stages.copy_from_slice(organic);
        }
        self.technology_capacity
            .copy_from_slice(&organic.technologies);
        for (project, online) in model.projects().iter().zip(&self.online) {
            if !online.is_some_and(|first| first <= year) {
                continue;
            }
            match project.holder {
                CapacityHolder::Sector(i) => self.capacity[i] += project.capacity,
                CapacityHolder::Stage { chain, stage } => {
                    self.stage_capacity[chain][stage] += project.capacity;
                }
                CapacityHolder::Technology(k) => self.technology_capacity[k] += project.capacity,
            }
        }
        for (c, chain) in model.chains().iter().enumerate() {
            let (limit, _) = chain.limit(&self.stage_capacity[c]);
            self.capacity[chain.sector_idx] = limit;
        }
    }

    /// What follows from this year's output: chain production and binding stages, the energy
    /// balance, and values.
    pub fn derive(&mut self, model: &Model) {
        for (c, chain) in model.chains().iter().enumerate() {
            let x = self.output[chain.sector_idx];
            chain.production(x, &mut self.stage_production[c]);
            let (limit, k) = chain.limit(&self.stage_capacity[c]);
            self.binding[c] = (x >= limit * (1.0 - 1e-12)).then_some(k);
        }
        if let Some(energy) = model.energy() {
            self.balance = energy.balance(
                &self.technology_capacity,
                &self.technology_factor,
                &self.output,
                &mut self.generation,
            );
        }
        for i in 0..self.output.len() {
            self.sector_value[i] = self.output[i] * self.price[i];
        }
    }

    /// Hands this year's value of every series to `put(series, value)`, the year being
    /// `point` years after the base year: each sector's series through its precomputed slots,
    /// then the other series by their source.
    pub fn record(&self, model: &Model, point: usize, put: &mut impl FnMut(usize, f64)) {
        for (i, slots) in model.sector_slots().iter().enumerate() {
            let output = self.output[i];
            let demand = self.final_demand[i];
            put(slots.output, output);
            put(slots.final_demand, demand);
            // Deliveries to other sectors: x = A x + (f − unmet).
            put(slots.intermediate, output - demand + self.unmet[i]);
            if let Some((value, price)) = slots.priced {
                put(value, self.sector_value[i]);
                put(price, self.price[i]);
            }
            if let Some((capacity, unmet)) = slots.limited {
                put(capacity, self.capacity[i]);
                put(unmet, self.unmet[i]);
            }
        }
        for &(s, source) in model.other_series() {
            let value = match source {
                SeriesSource::Output(i) => self.output[i],
                SeriesSource::FinalDemand(i) => self.final_demand[i],
                SeriesSource::Intermediate(i) => {
                    self.output[i] - self.final_demand[i] + self.unmet[i]
                }
                SeriesSource::Value(i) => self.sector_value[i],
                SeriesSource::Price(i) => self.price[i],
                SeriesSource::Capacity(i) => self.capacity[i],
                SeriesSource::UnmetDemand(i) => self.unmet[i],
                SeriesSource::StageProduction { chain, stage } => {
                    self.stage_production[chain][stage]
                }
                SeriesSource::StageCapacity { chain, stage } => self.stage_capacity[chain][stage],
                SeriesSource::StageBinding { chain, stage } => {
                    f64::from(u8::from(self.binding[chain] == Some(stage)))
                }
                SeriesSource::ProjectOnline(p) => {
                    let year = model.base_year() + point as i32;
                    f64::from(u8::from(self.online[p].is_some_and(|first| first <= year)))
                }
                SeriesSource::TechnologyCapacity(k) => self.technology_capacity[k],
                SeriesSource::TechnologyGeneration(k) => self.generation[k],
                SeriesSource::Generation => self.balance.generation,
                SeriesSource::CleanGeneration => self.balance.clean_generation,
                SeriesSource::CleanShare => self.balance.clean_share(),
                SeriesSource::ElectricityDemand => self.balance.demand,
                SeriesSource::ElectricityBalance => self.balance.generation - self.balance.demand,
                SeriesSource::Aggregate(a) => model.aggregates()[a].evaluate(&self.sector_value),
            };
            put(s, value);
        }
    }

    /// Sets the base year from base output and the base final demand `demand` (the mean
    /// coefficients' or a run's drawn ones).
    pub fn set_base_year(&mut self, model: &Model, demand: &[f64]) {
        self.output.copy_from_slice(model.base_output().as_slice());
        self.final_demand.copy_from_slice(demand);
        for (price, sector) in self.price.iter_mut().zip(model.sectors()) {
            *price = sector.price.unwrap_or(1.0);
        }
        self.unmet.fill(0.0);
        self.update_capacities(model, 0);
        if let Some(energy) = model.energy() {
            for (k, tech) in energy.technologies.iter().enumerate() {
                self.technology_factor[k] = tech.mean_factor;
            }
        }
        // Compilation checked base output against capacity, so nothing is capped here.
        self.derive(model);
    }
}

/// Every series' base-year value at the mean coefficients (capacity factors at their means,
/// no project online).
pub fn base_values(model: &Model) -> Vec<f64> {
    let mut values = vec![0.0; model.series().len()];
    let mut year = YearState::new(model);
    year.set_base_year(model, model.base_final_demand().as_slice());
    year.record(model, 0, &mut |s, value| values[s] = value);
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organic_capacity_grows_by_its_rate_in_and_past_the_horizon() {
        let model = Model::from_toml_str(
            r#"
            [scenario]
            name = "one capped sector"
            value_unit = "CNY 100 million"
            base_year = 2025
            horizon = 2027
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
        let mut year = YearState::new(&model);
        // 120 · 1.5^t: 120, 180, 270 within the horizon, 405 and 607.5 past it.
        for (t, capacity) in [120.0, 180.0, 270.0, 405.0, 607.5].into_iter().enumerate() {
            year.update_capacities(&model, t);
            assert_eq!(
                year.capacity[0].to_bits(),
                f64::to_bits(capacity),
                "year {t}"
            );
        }
    }
}
