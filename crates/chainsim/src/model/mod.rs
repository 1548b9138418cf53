//! The compiled model: a scenario with ids resolved and every invariant checked once.
//!
//! The engine takes only a [`Model`]; nothing it reads can be out of range, unsourced,
//! non-finite or non-productive. The model is built by [`crate::compile`] and never calls
//! the engine: what follows from a year's output and what each series records
//! ([`year`]) are the model's own, so the base year's values need no run.

use nalgebra::{DMatrix, DVector};

use crate::io::Leontief;
use crate::scenario::SamplerKind;
use crate::stats::CorrelationMatrix;

pub mod capacity;
pub mod chain;
pub mod energy;
mod laws;
pub mod series;
pub mod targets;
pub mod value_terms;
pub mod year;

pub use capacity::{Capacity, CapacityHolder, Project};
pub use chain::{Chain, Stage};
pub use energy::{BalanceLanes, Energy, Technology};
pub use laws::{GrowthScale, GrowthStep, UncertainCoefficient};
pub use series::{Aggregate, SectorSlots, SeriesDef, SeriesSource};
pub use targets::{Direction, Target, TargetKind};
pub use value_terms::{PriceConversion, ValueTerms};

/// The item name of the energy base's series (`energy.clean_share` …), which no sector, chain,
/// project or aggregate may take in a scenario with an `[energy]` section.
pub const RESERVED_ID: &str = "energy";

/// Longest span of years a scenario may simulate.
pub const MAX_YEARS: i32 = 200;

/// A sector of the compiled model.
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit of its levels.
    pub unit: String,
    /// Gross output in the base year, in `unit`.
    pub base_output: f64,
    /// Value per unit in the base year; `None` for a sector measured in value.
    pub price: Option<f64>,
    /// Capacity path of a sector with its own `capacity`.
    pub capacity: Option<Capacity>,
    /// Whether the base level rests on a stated assumption rather than a cited source.
    pub base_is_assumed: bool,
}

/// How [`crate::CompileOptions::repair_correlation`] moved the copula's correlation matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationRepair {
    /// The Frobenius distance between the requested and the repaired matrix.
    pub distance: f64,
    /// The pair whose correlation changed most (sector ids).
    pub pair: (String, String),
    /// Its requested copula correlation (after any Spearman conversion).
    pub old: f64,
    /// Its repaired correlation.
    pub new: f64,
}

/// A validated scenario ready to simulate.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) value_unit: String,
    pub(crate) base_year: i32,
    pub(crate) horizon: i32,
    pub(crate) default_runs: u64,
    pub(crate) default_seed: u64,
    pub(crate) default_sampler: SamplerKind,
    pub(crate) sectors: Vec<Sector>,
    pub(crate) growth: Vec<GrowthStep>,
    pub(crate) priced: Vec<usize>,
    pub(crate) price_growth: Vec<GrowthStep>,
    pub(crate) chains: Vec<Chain>,
    pub(crate) projects: Vec<Project>,
    pub(crate) energy: Option<Energy>,
    pub(crate) aggregates: Vec<Aggregate>,
    pub(crate) factor_names: Vec<String>,
    pub(crate) series: Vec<SeriesDef>,
    pub(crate) trajectory_series: Option<Vec<usize>>,
    pub(crate) sector_slots: Vec<SectorSlots>,
    pub(crate) other_series: Vec<(usize, SeriesSource)>,
    pub(crate) has_limits: bool,
    pub(crate) base_series: Vec<f64>,
    pub(crate) coefficients: DMatrix<f64>,
    pub(crate) uncertain_coefficients: Vec<UncertainCoefficient>,
    pub(crate) correlation: Option<CorrelationMatrix>,
    pub(crate) correlation_repair: Option<CorrelationRepair>,
    pub(crate) targets: Vec<Target>,
    pub(crate) base_output: DVector<f64>,
    pub(crate) base_final_demand: DVector<f64>,
    pub(crate) leontief: Leontief,
    pub(crate) spectral_radius: f64,
}

impl Model {
    /// Scenario name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Scenario description.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// Unit of money values.
    pub fn value_unit(&self) -> &str {
        &self.value_unit
    }
    /// The base year (t = 0).
    pub fn base_year(&self) -> i32 {
        self.base_year
    }
    /// The last simulated year.
    pub fn horizon(&self) -> i32 {
        self.horizon
    }
    /// Number of simulated years after the base year.
    pub fn n_years(&self) -> usize {
        (self.horizon - self.base_year) as usize
    }
    /// The years base..=horizon.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.base_year..=self.horizon
    }
    /// Default run count from the scenario.
    pub fn default_runs(&self) -> u64 {
        self.default_runs
    }
    /// Default seed from the scenario.
    pub fn default_seed(&self) -> u64 {
        self.default_seed
    }
    /// Default sampler from the scenario.
    pub fn default_sampler(&self) -> SamplerKind {
        self.default_sampler
    }
    /// Sectors in matrix order.
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }
    /// Number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.sectors.len()
    }
    /// The growth law of `sector_idx` in simulated year `year_idx` (0 = base year + 1).
    pub fn growth(&self, year_idx: usize, sector_idx: usize) -> &GrowthStep {
        &self.growth[year_idx * self.sectors.len() + sector_idx]
    }
    /// Sectors with a price, in sector order.
    pub fn priced_sectors(&self) -> &[usize] {
        &self.priced
    }
    /// The price law of the `k`-th priced sector in simulated year `year_idx`.
    pub fn price_growth(&self, year_idx: usize, k: usize) -> &GrowthStep {
        &self.price_growth[year_idx * self.priced.len() + k]
    }
    /// Production chains.
    pub fn chains(&self) -> &[Chain] {
        &self.chains
    }
    /// Capacity projects.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }
    /// The energy base, if the scenario has one.
    pub fn energy(&self) -> Option<&Energy> {
        self.energy.as_ref()
    }
    /// Aggregates (weighted sums of sector values).
    pub fn aggregates(&self) -> &[Aggregate] {
        &self.aggregates
    }
    /// The yearly shocks in input order: each sector's growth (its id), each priced sector's
    /// price (`price.<id>`), each technology's capacity factor (`capacity_factor.<id>`).
    pub fn factor_names(&self) -> &[String] {
        &self.factor_names
    }
    /// Number of yearly shocks.
    pub fn n_factors(&self) -> usize {
        self.factor_names.len()
    }
    /// The law driving yearly shock `j` (see [`Model::factor_names`]) in simulated year
    /// `year_idx`.
    pub fn factor_law(&self, year_idx: usize, j: usize) -> &GrowthStep {
        let n = self.sectors.len();
        let n_priced = self.priced.len();
        if j < n {
            self.growth(year_idx, j)
        } else if j < n + n_priced {
            self.price_growth(year_idx, j - n)
        } else {
            let energy = self
                .energy
                .as_ref()
                .expect("capacity-factor shocks imply an energy base");
            &energy.technologies[j - n - n_priced].factor
        }
    }
    /// Every series a run records, in file order.
    pub fn series(&self) -> &[SeriesDef] {
        &self.series
    }
    /// The series whose distribution over runs is kept (`[trajectories]`), as ascending
    /// indices into [`Model::series`]; `None` when every series is.
    pub fn trajectory_series(&self) -> Option<&[usize]> {
        self.trajectory_series.as_deref()
    }
    /// Whether series `series_idx` has a trajectory (see [`Model::trajectory_series`]).
    pub fn keeps_trajectory(&self, series_idx: usize) -> bool {
        self.trajectory_series
            .as_ref()
            .is_none_or(|kept| kept.binary_search(&series_idx).is_ok())
    }
    /// Where each sector's series sit in [`Model::series`] (the run's hot loop writes them).
    pub fn sector_slots(&self) -> &[SectorSlots] {
        &self.sector_slots
    }
    /// The sectors whose output has a capacity limit (their own or their chain's), in order:
    /// the only ones the mixed model can hold at capacity.
    pub fn limited_sectors(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.sector_slots.len()).filter(|&i| self.sector_slots[i].limited.is_some())
    }
    /// The series that belong to no sector, with their index in [`Model::series`].
    pub fn other_series(&self) -> &[(usize, SeriesSource)] {
        &self.other_series
    }
    /// A sector's base-year capacity: its own, or its chain's limit; `None` when unlimited.
    pub fn base_capacity(&self, sector_idx: usize) -> Option<f64> {
        self.sectors[sector_idx]
            .capacity
            .map(|c| c.base)
            .or_else(|| {
                self.chains
                    .iter()
                    .find(|c| c.sector_idx == sector_idx)
                    .map(|chain| chain.base_limit().0)
            })
    }
    /// Whether any sector, chain stage or technology has a capacity path.
    pub fn has_capacity(&self) -> bool {
        self.has_limits() || self.energy.is_some()
    }
    /// Whether any sector's output is limited by a capacity (its own or its chain's).
    pub fn has_limits(&self) -> bool {
        self.has_limits
    }
    /// Index of a series by its full name `<item>.<measure>`; `<sector>.value` of a sector
    /// without a price is its output.
    pub fn series_idx(&self, name: &str) -> Option<usize> {
        self.series
            .iter()
            .position(|s| s.name() == name)
            .or_else(|| {
                let sector = name.strip_suffix(".value")?;
                self.sector_idx(sector).map(|i| self.value_series(i))
            })
    }
    /// Each series' base-year value at the mean coefficients.
    pub fn base_series(&self) -> &[f64] {
        &self.base_series
    }
    /// The value series of a sector (its output series when it has no price).
    pub fn value_series(&self, sector_idx: usize) -> usize {
        let id = &self.sectors[sector_idx].id;
        self.series
            .iter()
            .position(|s| &s.item == id && s.measure == "value")
            .or_else(|| {
                self.series
                    .iter()
                    .position(|s| &s.item == id && s.measure == "output")
            })
            .expect("every sector has an output series")
    }
    /// Mean technical coefficients A (chain suppliers' coefficients included).
    pub fn coefficients(&self) -> &DMatrix<f64> {
        &self.coefficients
    }
    /// Coefficients drawn per run.
    pub fn uncertain_coefficients(&self) -> &[UncertainCoefficient] {
        &self.uncertain_coefficients
    }
    /// Correlation of the sectors' growth shocks, if any.
    pub fn correlation(&self) -> Option<&CorrelationMatrix> {
        self.correlation.as_ref()
    }
    /// How far the correlation matrix was moved to make it positive definite, when
    /// [`crate::CompileOptions::repair_correlation`] had to repair it.
    pub fn correlation_repair(&self) -> Option<&CorrelationRepair> {
        self.correlation_repair.as_ref()
    }
    /// Targets in file order.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }
    /// Base-year gross output x₀.
    pub fn base_output(&self) -> &DVector<f64> {
        &self.base_output
    }
    /// Base-year final demand f₀ = (I − A) x₀ at the mean coefficients.
    pub fn base_final_demand(&self) -> &DVector<f64> {
        &self.base_final_demand
    }
    /// The factored Leontief system at the mean coefficients.
    pub fn leontief(&self) -> &Leontief {
        &self.leontief
    }
    /// Spectral radius of the mean A.
    pub fn spectral_radius(&self) -> f64 {
        self.spectral_radius
    }
    /// Number of standard-normal inputs one run consumes: [`Model::n_factors`] shocks per
    /// year, then one per uncertain coefficient, then two per project (completion, delay).
    pub fn n_inputs(&self) -> usize {
        self.n_years() * self.n_factors()
            + self.uncertain_coefficients.len()
            + 2 * self.projects.len()
    }
    /// A copy whose growth laws for `sector_idx` are all moved by `shift` (see
    /// [`GrowthStep::shift`]): the parameter goal seek varies.
    pub fn with_growth_shift(&self, sector_idx: usize, shift: f64) -> Model {
        let mut model = self.clone();
        let n = model.sectors.len();
        for year_idx in 0..model.n_years() {
            model.growth[year_idx * n + sector_idx].shift = shift;
        }
        model
    }

    /// Index of a sector by id.
    pub fn sector_idx(&self, id: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s.id == id)
    }
}
