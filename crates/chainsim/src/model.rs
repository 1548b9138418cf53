//! The compiled model: a scenario with ids resolved and every invariant checked once.
//!
//! The engine takes only a [`Model`]; nothing it reads can be out of range, unsourced,
//! non-finite or non-productive.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use nalgebra::{DMatrix, DVector};

use crate::capacity::{Capacity, HolderLookup, Project, capacity, compile_projects};
use crate::chain::{Chain, compile_chains};
use crate::energy::{Energy, compile_energy};
use crate::error::{Location, ScenarioError};
use crate::io::{IoError, Leontief};
use crate::sampling::SamplerKind;
use crate::scenario::{
    CoefficientSpec, GrowthSpec, LawSpec, Provenance, Scenario, SectorSpec, TargetSpec,
};
use crate::series::{
    Aggregate, SectorSlots, SeriesDef, SeriesSource, compile_aggregates, sector_slots,
    series_registry,
};
use crate::stats::{
    CorrelationError, CorrelationMatrix, Marginal, QuantileTable, repair_correlation,
};
use crate::targets::{Direction, Target, TargetKind};

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

/// How a drawn value becomes a growth factor 1 + g.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthScale {
    /// The draw is the rate g.
    Rate,
    /// The draw is the factor 1 + g itself (lognormal).
    Factor,
}

/// The growth law of one sector in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthStep {
    /// Distribution of the draw.
    pub marginal: Marginal,
    /// Whether the draw is a rate or a factor.
    pub scale: GrowthScale,
    /// AR(1) coefficient ρ on the Gaussian shock from the previous year, in [0, 1).
    persistence: f64,
    /// √(1 − ρ²), the weight of the year's own shock, computed once.
    innovation: f64,
    /// A location shift: added to a drawn rate; for a factor law, ln(1 + g) moves by it.
    /// Zero as compiled; set by [`Model::with_growth_shift`].
    pub shift: f64,
    /// A tabulated copula map for laws whose exact map is expensive (PERT), shared by every
    /// year the law covers.
    pub table: Option<Arc<QuantileTable>>,
}

impl GrowthStep {
    /// A law with AR(1) coefficient `persistence` ρ ∈ [0, 1) on the Gaussian shock of the
    /// previous year, unshifted, with an optional tabulated copula map.
    pub fn new(
        marginal: Marginal,
        scale: GrowthScale,
        persistence: f64,
        table: Option<Arc<QuantileTable>>,
    ) -> GrowthStep {
        debug_assert!((0.0..1.0).contains(&persistence));
        GrowthStep {
            marginal,
            scale,
            persistence,
            innovation: (1.0 - persistence * persistence).sqrt(),
            shift: 0.0,
            table,
        }
    }

    /// The AR(1) coefficient ρ.
    pub fn persistence(&self) -> f64 {
        self.persistence
    }

    /// This year's Gaussian shock ρ z₋₁ + √(1 − ρ²) w from last year's `previous` and the
    /// year's own standard normal `w`.
    pub fn persist(&self, previous: f64, w: f64) -> f64 {
        self.persistence * previous + self.innovation * w
    }

    /// The mean growth rate E[g].
    pub fn mean_rate(&self) -> f64 {
        match self.scale {
            GrowthScale::Rate => self.marginal.mean() + self.shift,
            GrowthScale::Factor => self.marginal.mean() * self.shift.exp() - 1.0,
        }
    }

    /// The law's draw for a standard-normal shock `z` (a rate, a factor or a level).
    pub fn draw(&self, z: f64) -> f64 {
        match &self.table {
            Some(table) => table.from_std_normal(z),
            None => self.marginal.from_std_normal(z),
        }
    }

    /// The growth factor 1 + g for a standard-normal shock `z`; never negative.
    pub fn factor(&self, z: f64) -> f64 {
        let draw = self.draw(z);
        let factor = match self.scale {
            GrowthScale::Rate => 1.0 + draw + self.shift,
            // Unshifted (as compiled), skip exp(0) = 1: the same value without a libm call.
            GrowthScale::Factor if self.shift == 0.0 => draw,
            GrowthScale::Factor => draw * self.shift.exp(),
        };
        // Compilation rejects laws that put more than 1e-12 probability below −100%;
        // the floor keeps a level at zero rather than negative in that residue.
        factor.max(0.0)
    }
}

/// A coefficient drawn once per run: a_ij = exp(mu + sigma·z), lognormal with the given mean
/// and relative standard deviation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UncertainCoefficient {
    /// Supplying sector.
    pub from: usize,
    /// Buying sector.
    pub to: usize,
    /// Mean of ln a_ij.
    pub log_mean: f64,
    /// Standard deviation of ln a_ij.
    pub log_sd: f64,
}

impl UncertainCoefficient {
    fn new(from: usize, to: usize, mean: f64, relative_sd: f64) -> UncertainCoefficient {
        let log_var = (1.0 + relative_sd * relative_sd).ln();
        UncertainCoefficient {
            from,
            to,
            log_mean: mean.ln() - log_var / 2.0,
            log_sd: log_var.sqrt(),
        }
    }

    /// The coefficient for a standard-normal draw `z`.
    pub fn value(&self, z: f64) -> f64 {
        (self.log_mean + self.log_sd * z).exp()
    }
}

/// Choices that change how a scenario compiles; the default is strict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// Replace a correlation matrix that is not positive definite by the nearest one
    /// ([`crate::stats::repair_correlation`]) instead of rejecting the scenario.
    pub repair_correlation: bool,
}

/// How far [`CompileOptions::repair_correlation`] moved the copula's correlation matrix.
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

/// The Gaussian-copula correlation that gives Spearman's rank correlation `rho_s`:
/// ρ = 2 sin(π ρ_s / 6), the inverse of ρ_s = (6/π) asin(ρ/2) (Kruskal 1958).
pub fn copula_correlation_for_spearman(rho_s: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rho_s / 6.0).sin()
}

/// A validated scenario ready to simulate.
#[derive(Debug, Clone)]
pub struct Model {
    name: String,
    description: String,
    value_unit: String,
    base_year: i32,
    horizon: i32,
    default_runs: u64,
    default_seed: u64,
    default_sampler: SamplerKind,
    sectors: Vec<Sector>,
    growth: Vec<GrowthStep>,
    priced: Vec<usize>,
    price_growth: Vec<GrowthStep>,
    chains: Vec<Chain>,
    projects: Vec<Project>,
    energy: Option<Energy>,
    aggregates: Vec<Aggregate>,
    factor_names: Vec<String>,
    series: Vec<SeriesDef>,
    sector_slots: Vec<SectorSlots>,
    other_series: Vec<(usize, SeriesSource)>,
    has_limits: bool,
    base_series: Vec<f64>,
    coefficients: DMatrix<f64>,
    uncertain_coefficients: Vec<UncertainCoefficient>,
    correlation: Option<CorrelationMatrix>,
    correlation_repair: Option<CorrelationRepair>,
    targets: Vec<Target>,
    base_output: DVector<f64>,
    base_final_demand: DVector<f64>,
    leontief: Leontief,
    spectral_radius: f64,
}

impl Model {
    /// Parses and compiles scenario text.
    ///
    /// # Errors
    /// Any [`ScenarioError`]: TOML errors with line and column, invalid values with line,
    /// column and field path.
    pub fn from_toml_str(text: &str) -> std::result::Result<Model, ScenarioError> {
        Model::compile(&Scenario::from_toml_str(text)?)
    }

    /// Resolves ids and checks every invariant of a parsed scenario.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`] naming the field path (and item location) of the first
    /// problem found.
    pub fn compile(scenario: &Scenario) -> std::result::Result<Model, ScenarioError> {
        Model::compile_with(scenario, &CompileOptions::default())
    }

    /// [`Model::compile`] with options, e.g. repairing an inconsistent correlation matrix.
    ///
    /// # Errors
    /// As [`Model::compile`].
    pub fn compile_with(
        scenario: &Scenario,
        options: &CompileOptions,
    ) -> std::result::Result<Model, ScenarioError> {
        Compiler::new(scenario, *options).compile()
    }

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
    /// Where each sector's series sit in [`Model::series`] (the run's hot loop writes them).
    pub fn sector_slots(&self) -> &[SectorSlots] {
        &self.sector_slots
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
    /// [`CompileOptions::repair_correlation`] had to repair it.
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
    /// A copy whose base output of `sector_idx` is scaled by `factor` (base final demand
    /// recomputed): how much a result rests on an assumed base level.
    ///
    /// # Errors
    /// A message when the scaled base breaks an invariant compilation checks: base output
    /// must cover intermediate sales and fit within base-year capacity.
    pub fn with_base_scaled(
        &self,
        sector_idx: usize,
        factor: f64,
    ) -> std::result::Result<Model, String> {
        let mut model = self.clone();
        model.sectors[sector_idx].base_output *= factor;
        model.base_output[sector_idx] *= factor;
        model.base_final_demand = &model.base_output - &model.coefficients * &model.base_output;
        if let Some(i) = model.base_final_demand.iter().position(|&f| f < 0.0) {
            return Err(format!(
                "with base output of \"{}\" × {factor}, \"{}\" no longer covers its intermediate sales",
                model.sectors[sector_idx].id, model.sectors[i].id
            ));
        }
        let sector = &model.sectors[sector_idx];
        if let Some(capacity) = model.base_capacity(sector_idx)
            && sector.base_output > capacity
        {
            return Err(format!(
                "base output of \"{}\" × {factor} = {} exceeds its base-year capacity {capacity}",
                sector.id, sector.base_output
            ));
        }
        model.base_series = crate::run::base_values(&model);
        Ok(model)
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

/// Checks a scenario section by section, keeping the error's location and path.
pub(crate) struct Compiler<'a> {
    pub(crate) scenario: &'a Scenario,
    options: CompileOptions,
    sector_ids: HashMap<&'a str, usize>,
}

type CompiledCorrelation = (Option<CorrelationMatrix>, Option<CorrelationRepair>);

pub(crate) type Result<T> = std::result::Result<T, ScenarioError>;

pub(crate) fn finite(value: f64, location: Location, path: &str, what: &str) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ScenarioError::invalid(
            Some(location),
            path,
            format!("{what} must be a finite number, got {value}"),
        ))
    }
}

pub(crate) fn require_provenance(
    own: Provenance,
    section: &Provenance,
    location: Location,
    path: &str,
    section_name: &str,
) -> Result<()> {
    if own.is_given() || section.is_given() {
        Ok(())
    } else {
        Err(ScenarioError::invalid(
            Some(location),
            path,
            format!(
                "no provenance: give `source = \"…\"` or `assumption = \"…\"` on the item or in [provenance.{section_name}]"
            ),
        ))
    }
}

pub(crate) fn provenance(source: &Option<String>, assumption: &Option<String>) -> Provenance {
    Provenance {
        source: source.clone(),
        assumption: assumption.clone(),
    }
}

impl<'a> Compiler<'a> {
    fn new(scenario: &'a Scenario, options: CompileOptions) -> Compiler<'a> {
        Compiler {
            scenario,
            options,
            sector_ids: HashMap::new(),
        }
    }

    /// Whether `id` is taken by the energy base's series.
    pub(crate) fn is_reserved(&self, id: &str) -> bool {
        id == RESERVED_ID && self.scenario.energy.is_some()
    }

    /// Checks the id of an item that names series: non-empty, no `.`, not reserved when it
    /// heads its own series (`top_level`), and not `taken` by an earlier item of its kind.
    pub(crate) fn item_id(
        &self,
        id: &str,
        kind: &str,
        top_level: bool,
        taken: bool,
        location: Location,
        path: &str,
    ) -> Result<()> {
        let message = if id.trim().is_empty() || id.contains('.') {
            Some("id must be non-empty and contain no '.'".to_string())
        } else if top_level && self.is_reserved(id) {
            Some(format!(
                "id \"{RESERVED_ID}\" names the energy base's series; choose another"
            ))
        } else if taken {
            Some(format!("duplicate {kind} id \"{id}\""))
        } else {
            None
        };
        match message {
            Some(message) => Err(ScenarioError::invalid(
                Some(location),
                format!("{path}.id"),
                message,
            )),
            None => Ok(()),
        }
    }

    pub(crate) fn location(&self, span: std::ops::Range<usize>) -> Location {
        self.scenario.location_of(span.start)
    }

    pub(crate) fn sector(&self, id: &str, location: Location, path: &str) -> Result<usize> {
        self.sector_ids.get(id).copied().ok_or_else(|| {
            let known: Vec<&str> = self
                .scenario
                .sectors
                .iter()
                .map(|s| s.get_ref().id.as_str())
                .collect();
            ScenarioError::invalid(
                Some(location),
                path,
                format!(
                    "unknown sector \"{id}\"; expected one of: {}",
                    known.join(", ")
                ),
            )
        })
    }

    fn compile(mut self) -> Result<Model> {
        let meta = &self.scenario.scenario;
        if meta.horizon <= meta.base_year {
            return Err(ScenarioError::invalid(
                None,
                "scenario.horizon",
                format!(
                    "horizon {} must be after base_year {}",
                    meta.horizon, meta.base_year
                ),
            ));
        }
        if meta.horizon - meta.base_year > MAX_YEARS {
            return Err(ScenarioError::invalid(
                None,
                "scenario.horizon",
                format!("at most {MAX_YEARS} years may be simulated"),
            ));
        }
        if self.scenario.sampling.runs == 0 {
            return Err(ScenarioError::invalid(
                None,
                "sampling.runs",
                "runs must be at least 1",
            ));
        }
        let sectors = self.sectors()?;
        let has_capacity: Vec<bool> = sectors.iter().map(|s| s.capacity.is_some()).collect();
        let chains = compile_chains(&self, &has_capacity)?;
        let growth = self.growth(&sectors, &self.scenario.growth, "growth", false)?;
        let priced: Vec<usize> = (0..sectors.len())
            .filter(|&i| sectors[i].price.is_some())
            .collect();
        let price_growth =
            self.growth(&sectors, &self.scenario.price_growth, "price_growth", true)?;
        let energy = compile_energy(&self, sectors.len())?;
        let projects = compile_projects(
            &self,
            &Holders {
                sectors: &sectors,
                chains: &chains,
                energy: energy.as_ref(),
            },
        )?;
        let (mut coefficients, uncertain_coefficients) = self.coefficients(sectors.len())?;
        add_chain_coefficients(&self, &chains, &sectors, &mut coefficients)?;
        let mut factor_names: Vec<String> = sectors.iter().map(|s| s.id.clone()).collect();
        factor_names.extend(priced.iter().map(|&i| format!("price.{}", sectors[i].id)));
        if let Some(energy) = &energy {
            factor_names.extend(
                energy
                    .technologies
                    .iter()
                    .map(|t| format!("capacity_factor.{}", t.id)),
            );
        }
        let (correlation, correlation_repair) = self.correlation(&factor_names)?;
        let aggregates = compile_aggregates(&self, &sectors)?;
        let series = series_registry(
            &sectors,
            &chains,
            &projects,
            energy.as_ref(),
            &aggregates,
            &meta.value_unit,
        );
        let mut names = HashSet::new();
        if let Some(def) = series.iter().find(|def| !names.insert(def.name())) {
            return Err(ScenarioError::invalid(
                None,
                "series",
                format!(
                    "two series are named \"{}\"; rename a sector, chain, stage, project or technology so that every <item>.<measure> is unique",
                    def.name()
                ),
            ));
        }

        let base_output =
            DVector::from_iterator(sectors.len(), sectors.iter().map(|s| s.base_output));
        let leontief = Leontief::new(&coefficients).map_err(|err| match err {
            IoError::NotProductive { spectral_radius } => ScenarioError::invalid(
                None,
                "coefficients",
                format!(
                    "the coefficient matrix is not productive: spectral radius {spectral_radius:.4} (must be below 1); lower some a_ij"
                ),
            ),
            other => ScenarioError::invalid(None, "coefficients", other.to_string()),
        })?;
        let base_final_demand = &base_output - &coefficients * &base_output;
        if let Some(i) = base_final_demand.iter().position(|&f| f < 0.0) {
            let intermediate = base_output[i] - base_final_demand[i];
            return Err(ScenarioError::invalid(
                None,
                format!("sectors[{i}].base"),
                format!(
                    "sector \"{}\" sells {intermediate:.4} to other sectors (Σ_j a_ij x_j) but its base output is only {:.4}; base output must cover intermediate sales",
                    sectors[i].id, base_output[i]
                ),
            ));
        }
        check_base_capacity(&self, &sectors, &chains)?;
        let spectral_radius = crate::io::spectral_radius(&coefficients);
        let has_limits = !chains.is_empty() || sectors.iter().any(|s| s.capacity.is_some());
        let (sector_slots, other_series) = sector_slots(&series, sectors.len());

        let mut model = Model {
            name: meta.name.clone(),
            description: meta.description.clone(),
            value_unit: meta.value_unit.clone(),
            base_year: meta.base_year,
            horizon: meta.horizon,
            default_runs: self.scenario.sampling.runs,
            default_seed: self.scenario.sampling.seed,
            default_sampler: self.scenario.sampling.method,
            sectors,
            growth,
            priced,
            price_growth,
            chains,
            projects,
            energy,
            aggregates,
            factor_names,
            sector_slots,
            other_series,
            has_limits,
            series,
            base_series: Vec::new(),
            coefficients,
            uncertain_coefficients,
            correlation,
            correlation_repair,
            targets: Vec::new(),
            base_output,
            base_final_demand,
            leontief,
            spectral_radius,
        };
        model.base_series = crate::run::base_values(&model);
        model.targets = self.targets(&model)?;
        Ok(model)
    }

    fn sectors(&mut self) -> Result<Vec<Sector>> {
        let scenario = self.scenario;
        if scenario.sectors.is_empty() {
            return Err(ScenarioError::invalid(
                None,
                "sectors",
                "at least one [[sectors]] entry is required",
            ));
        }
        let mut sectors = Vec::with_capacity(scenario.sectors.len());
        for (idx, item) in scenario.sectors.iter().enumerate() {
            let location = self.location(item.span());
            let spec: &SectorSpec = item.get_ref();
            let path = format!("sectors[{idx}]");
            if spec.id.trim().is_empty() {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.id"),
                    "id must not be empty",
                ));
            }
            if self.sector_ids.insert(spec.id.as_str(), idx).is_some() {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.id"),
                    format!("duplicate sector id \"{}\"", spec.id),
                ));
            }
            let base = finite(spec.base, location, &format!("{path}.base"), "base")?;
            if base <= 0.0 {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.base"),
                    format!("base output must be positive, got {base}"),
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.sectors,
                location,
                &format!("{path} (\"{}\")", spec.id),
                "sectors",
            )?;
            if spec.id.contains('.') || self.is_reserved(&spec.id) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.id"),
                    format!(
                        "a sector id names series (\"{}.value\"): it must not contain '.', nor be \"{RESERVED_ID}\" beside an [energy] section",
                        spec.id
                    ),
                ));
            }
            let price = match spec.price {
                Some(p) => {
                    let p = finite(p, location, &format!("{path}.price"), "price")?;
                    if p <= 0.0 {
                        return Err(ScenarioError::invalid(
                            Some(location),
                            format!("{path}.price"),
                            format!("a price must be positive, got {p}"),
                        ));
                    }
                    Some(p)
                }
                None => None,
            };
            let capacity = match spec.capacity {
                Some(c) => Some(capacity(c, spec.capacity_growth, location, &path)?),
                None if spec.capacity_growth.is_some() => {
                    return Err(ScenarioError::invalid(
                        Some(location),
                        format!("{path}.capacity_growth"),
                        "`capacity_growth` needs `capacity`, the base-year capacity it grows from",
                    ));
                }
                None => None,
            };
            let own = provenance(&spec.source, &spec.assumption);
            let section = &scenario.provenance.sectors;
            let cited = |p: &Provenance| p.source.as_deref().is_some_and(|s| !s.trim().is_empty());
            let base_is_assumed = if own.is_given() {
                !cited(&own)
            } else {
                !cited(section)
            };
            sectors.push(Sector {
                id: spec.id.clone(),
                name: spec.name.clone(),
                unit: spec
                    .unit
                    .clone()
                    .unwrap_or_else(|| scenario.scenario.value_unit.clone()),
                base_output: base,
                price,
                capacity,
                base_is_assumed,
            });
        }
        Ok(sectors)
    }

    /// Growth laws (`[[growth]]`, every sector) or price laws (`[[price_growth]]`, sectors with
    /// a price), one per (year, sector) slot, year-major.
    fn growth(
        &self,
        sectors: &[Sector],
        items: &[toml::Spanned<GrowthSpec>],
        section: &str,
        prices: bool,
    ) -> Result<Vec<GrowthStep>> {
        let scenario = self.scenario;
        let base_year = scenario.scenario.base_year;
        let horizon = scenario.scenario.horizon;
        let n_years = (horizon - base_year) as usize;
        // Slot of each sector within a year: all sectors, or only the priced ones.
        let slots: Vec<Option<usize>> = if prices {
            let mut k = 0;
            sectors
                .iter()
                .map(|s| {
                    s.price.map(|_| {
                        k += 1;
                        k - 1
                    })
                })
                .collect()
        } else {
            (0..sectors.len()).map(Some).collect()
        };
        let width = slots.iter().flatten().count();
        let section_provenance = if prices {
            &scenario.provenance.prices
        } else {
            &scenario.provenance.growth
        };
        let provenance_name = if prices { "prices" } else { "growth" };
        let mut table: Vec<Option<(GrowthStep, usize)>> = vec![None; n_years * width];
        for (idx, item) in items.iter().enumerate() {
            let location = self.location(item.span());
            let spec: &GrowthSpec = item.get_ref();
            let path = format!("{section}[{idx}]");
            let sector_idx = self.sector(&spec.sector, location, &format!("{path}.sector"))?;
            let Some(slot) = slots[sector_idx] else {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.sector"),
                    format!(
                        "sector \"{}\" has no `price`; [[price_growth]] applies to sectors measured in physical units with a price",
                        spec.sector
                    ),
                ));
            };
            let from = spec.from.unwrap_or(base_year + 1);
            let to = spec.to.unwrap_or(horizon);
            if from <= base_year || to > horizon || from > to {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.from"),
                    format!(
                        "years {from}–{to} must lie within {}–{horizon} with from ≤ to",
                        base_year + 1
                    ),
                ));
            }
            let step = law_step(
                &spec.law(),
                spec.persistence,
                LawScale::Growth,
                location,
                &path,
                &format!("{path}.persistence"),
            )?;
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                section_provenance,
                location,
                &format!("{path} (\"{}\")", spec.sector),
                provenance_name,
            )?;
            for year in from..=to {
                let cell = &mut table[(year - base_year - 1) as usize * width + slot];
                if let Some((_, other)) = cell {
                    return Err(ScenarioError::invalid(
                        Some(location),
                        path,
                        format!(
                            "sector \"{}\" already has {section} for {year} from {section}[{other}]",
                            spec.sector
                        ),
                    ));
                }
                *cell = Some((step.clone(), idx));
            }
        }
        let owners: Vec<usize> = (0..sectors.len()).filter(|&i| slots[i].is_some()).collect();
        let mut steps = Vec::with_capacity(table.len());
        for (cell_idx, cell) in table.into_iter().enumerate() {
            match cell {
                Some((step, _)) => steps.push(step),
                None => {
                    let owner = owners[cell_idx % width];
                    let sector = &sectors[owner];
                    let year = base_year + 1 + (cell_idx / width) as i32;
                    return Err(ScenarioError::invalid(
                        Some(self.location(scenario.sectors[owner].span())),
                        section,
                        format!(
                            "sector \"{}\" has no {section} for {year}; every {} needs a [[{section}]] entry covering each year {}–{horizon}",
                            sector.id,
                            if prices {
                                "sector with a price"
                            } else {
                                "sector"
                            },
                            base_year + 1
                        ),
                    ));
                }
            }
        }
        Ok(steps)
    }

    fn coefficients(&self, n: usize) -> Result<(DMatrix<f64>, Vec<UncertainCoefficient>)> {
        let scenario = self.scenario;
        let default_spread = match &scenario.coefficient_uncertainty {
            Some(item) => {
                let location = self.location(item.span());
                let spec = item.get_ref();
                let path = "coefficient_uncertainty.relative_sd";
                let sd = finite(spec.relative_sd, location, path, "relative_sd")?;
                if sd < 0.0 {
                    return Err(ScenarioError::invalid(
                        Some(location),
                        path,
                        format!("relative_sd must be zero or positive, got {sd}"),
                    ));
                }
                require_provenance(
                    provenance(&spec.source, &spec.assumption),
                    &scenario.provenance.coefficients,
                    location,
                    "coefficient_uncertainty",
                    "coefficients",
                )?;
                sd
            }
            None => 0.0,
        };
        let mut a = DMatrix::zeros(n, n);
        let mut seen = HashSet::new();
        let mut uncertain = Vec::new();
        for (idx, item) in scenario.coefficients.iter().enumerate() {
            let location = self.location(item.span());
            let spec: &CoefficientSpec = item.get_ref();
            let path = format!("coefficients[{idx}]");
            let i = self.sector(&spec.from, location, &format!("{path}.from"))?;
            let j = self.sector(&spec.to, location, &format!("{path}.to"))?;
            if !seen.insert((i, j)) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    path,
                    format!(
                        "duplicate coefficient from \"{}\" to \"{}\"",
                        spec.from, spec.to
                    ),
                ));
            }
            let value = finite(spec.value, location, &format!("{path}.value"), "value")?;
            if value < 0.0 {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.value"),
                    format!("coefficients must be zero or positive, got {value}"),
                ));
            }
            let spread = match spec.relative_sd {
                Some(sd) => {
                    let sd = finite(sd, location, &format!("{path}.relative_sd"), "relative_sd")?;
                    if sd < 0.0 {
                        return Err(ScenarioError::invalid(
                            Some(location),
                            format!("{path}.relative_sd"),
                            format!("relative_sd must be zero or positive, got {sd}"),
                        ));
                    }
                    sd
                }
                None => default_spread,
            };
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.coefficients,
                location,
                &format!("{path} (\"{}\" → \"{}\")", spec.from, spec.to),
                "coefficients",
            )?;
            a[(i, j)] = value;
            if spread > 0.0 && value > 0.0 {
                uncertain.push(UncertainCoefficient::new(i, j, value, spread));
            }
        }
        Ok((a, uncertain))
    }

    /// Validates the full copula matrix, repairing it if asked to and necessary.
    fn checked_correlation(
        &self,
        labels: Vec<String>,
        full: DMatrix<f64>,
        location: Option<Location>,
        path: &str,
    ) -> Result<CompiledCorrelation> {
        let invalid = |message: String| ScenarioError::invalid(location, path, message);
        match CorrelationMatrix::new(labels.clone(), full.clone()) {
            Ok(matrix) => Ok((Some(matrix), None)),
            Err(CorrelationError::NotPositiveDefinite { .. })
                if self.options.repair_correlation =>
            {
                let repaired = repair_correlation(labels.clone(), full.clone()).map_err(|err| {
                    invalid(format!("cannot repair the correlation matrix: {err}"))
                })?;
                let new = repaired.matrix.matrix();
                let mut largest = (0, 1, -1.0);
                for i in 0..full.nrows() {
                    for k in i + 1..full.ncols() {
                        let change = (new[(i, k)] - full[(i, k)]).abs();
                        if change > largest.2 {
                            largest = (i, k, change);
                        }
                    }
                }
                let (i, k, _) = largest;
                let repair = CorrelationRepair {
                    distance: repaired.distance,
                    pair: (labels[i].clone(), labels[k].clone()),
                    old: full[(i, k)],
                    new: new[(i, k)],
                };
                Ok((Some(repaired.matrix), Some(repair)))
            }
            Err(err) => Err(invalid(err.to_string())),
        }
    }

    /// The index of a yearly shock by name: a sector id (its growth), `price.<sector>` or
    /// `capacity_factor.<technology>`.
    fn factor(&self, labels: &[String], id: &str, location: Location, path: &str) -> Result<usize> {
        labels.iter().position(|l| l == id).ok_or_else(|| {
            ScenarioError::invalid(
                Some(location),
                path,
                format!(
                    "unknown sector \"{id}\"; a correlation names a sector (its growth), price.<sector> or capacity_factor.<technology>: one of {}",
                    labels.join(", ")
                ),
            )
        })
    }

    fn correlation(&self, labels: &[String]) -> Result<CompiledCorrelation> {
        let scenario = self.scenario;
        let labels = labels.to_vec();
        let n = labels.len();
        if let Some(item) = &scenario.correlation_matrix {
            let location = self.location(item.span());
            let spec = item.get_ref();
            if !scenario.correlations.is_empty() {
                return Err(ScenarioError::invalid(
                    Some(location),
                    "correlation_matrix",
                    "give either [correlation_matrix] or [[correlations]] pairs, not both",
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.correlations,
                location,
                "correlation_matrix",
                "correlations",
            )?;
            let mut idx = Vec::with_capacity(spec.sectors.len());
            for (k, id) in spec.sectors.iter().enumerate() {
                idx.push(self.factor(
                    &labels,
                    id,
                    location,
                    &format!("correlation_matrix.sectors[{k}]"),
                )?);
            }
            let m = spec.sectors.len();
            if spec.values.len() != m || spec.values.iter().any(|row| row.len() != m) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    "correlation_matrix.values",
                    format!("values must be a {m}×{m} matrix, one row per listed sector"),
                ));
            }
            let spearman = correlation_kind(spec.kind.as_deref(), location, "correlation_matrix")?;
            let mut full = DMatrix::identity(n, n);
            for (r, row) in spec.values.iter().enumerate() {
                for (c, &v) in row.iter().enumerate() {
                    let field = format!("correlation_matrix.values[{r}][{c}]");
                    finite(v, location, &field, "a correlation")?;
                    full[(idx[r], idx[c])] = if spearman && r != c {
                        spearman_to_copula(v, location, &field)?
                    } else {
                        v
                    };
                }
            }
            return self.checked_correlation(labels, full, Some(location), "correlation_matrix");
        }
        if scenario.correlations.is_empty() {
            return Ok((None, None));
        }
        let mut pairs = Vec::with_capacity(scenario.correlations.len());
        for (k, item) in scenario.correlations.iter().enumerate() {
            let location = self.location(item.span());
            let spec = item.get_ref();
            let path = format!("correlations[{k}]");
            let a = self.factor(
                &labels,
                &spec.between[0],
                location,
                &format!("{path}.between"),
            )?;
            let b = self.factor(
                &labels,
                &spec.between[1],
                location,
                &format!("{path}.between"),
            )?;
            if a == b {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.between"),
                    "a correlation needs two different sectors",
                ));
            }
            let value = finite(spec.value, location, &format!("{path}.value"), "value")?;
            if !(-1.0..=1.0).contains(&value) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    format!("{path}.value"),
                    format!("a correlation must lie in [-1, 1], got {value}"),
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.correlations,
                location,
                &path,
                "correlations",
            )?;
            let value = if correlation_kind(spec.kind.as_deref(), location, &path)? {
                spearman_to_copula(value, location, &format!("{path}.value"))?
            } else {
                value
            };
            pairs.push((a, b, value));
        }
        match CorrelationMatrix::from_pairs(labels.clone(), &pairs) {
            Ok(matrix) => Ok((Some(matrix), None)),
            Err(CorrelationError::NotPositiveDefinite { .. })
                if self.options.repair_correlation =>
            {
                let mut full = DMatrix::identity(n, n);
                for &(a, b, value) in &pairs {
                    full[(a, b)] = value;
                    full[(b, a)] = value;
                }
                self.checked_correlation(labels, full, None, "correlations")
            }
            Err(err) => Err(ScenarioError::invalid(
                None,
                "correlations",
                err.to_string(),
            )),
        }
    }

    fn targets(&self, model: &Model) -> Result<Vec<Target>> {
        let scenario = self.scenario;
        let base_year = scenario.scenario.base_year;
        let horizon = scenario.scenario.horizon;
        let mut ids = HashSet::new();
        let mut targets = Vec::with_capacity(scenario.targets.len());
        for (idx, item) in scenario.targets.iter().enumerate() {
            let location = self.location(item.span());
            let spec: &TargetSpec = item.get_ref();
            let path = format!("targets[{idx}]");
            let err = |field: &str, message: String| {
                ScenarioError::invalid(Some(location), format!("{path}.{field}"), message)
            };
            if spec.id.trim().is_empty() {
                return Err(err("id", "id must not be empty".into()));
            }
            if !ids.insert(spec.id.as_str()) {
                return Err(err("id", format!("duplicate target id \"{}\"", spec.id)));
            }
            let (series_idx, sector_idx) = target_series(self, model, spec, location, &path)?;
            let kind = match spec.kind.as_str() {
                "level" => TargetKind::Level,
                "ratio" => TargetKind::Ratio,
                "growth" => TargetKind::Growth,
                "average_growth" => TargetKind::AverageGrowth,
                other => {
                    return Err(err(
                        "kind",
                        format!(
                            "unknown kind \"{other}\"; expected level, ratio, growth or average_growth"
                        ),
                    ));
                }
            };
            if spec.year <= base_year || spec.year > horizon {
                return Err(err(
                    "year",
                    format!(
                        "year {} is outside the simulated years {}–{horizon}",
                        spec.year,
                        base_year + 1
                    ),
                ));
            }
            let from = match kind {
                TargetKind::Level => {
                    if spec.from.is_some() {
                        return Err(err("from", "a level target takes no `from`".into()));
                    }
                    spec.year
                }
                TargetKind::Growth => {
                    if spec.from.is_some() {
                        return Err(err(
                            "from",
                            "a growth target is over one year and takes no `from`".into(),
                        ));
                    }
                    spec.year - 1
                }
                TargetKind::Ratio | TargetKind::AverageGrowth => {
                    let from = spec.from.unwrap_or(base_year);
                    if from < base_year || from >= spec.year {
                        return Err(err(
                            "from",
                            format!(
                                "from {from} must be in {base_year}–{} (before the target year)",
                                spec.year - 1
                            ),
                        ));
                    }
                    from
                }
            };
            let (threshold, direction) = match (spec.at_least, spec.at_most) {
                (Some(v), None) => (v, Direction::AtLeast),
                (None, Some(v)) => (v, Direction::AtMost),
                _ => {
                    return Err(err(
                        "at_least",
                        "give exactly one of `at_least` or `at_most`".into(),
                    ));
                }
            };
            let field = match direction {
                Direction::AtLeast => "at_least",
                Direction::AtMost => "at_most",
            };
            finite(threshold, location, &format!("{path}.{field}"), field)?;
            if kind == TargetKind::Ratio && threshold < 0.0 {
                return Err(err(
                    field,
                    format!(
                        "a {} threshold must not be negative, got {threshold}",
                        kind.name()
                    ),
                ));
            }
            require_provenance(
                provenance(&spec.source, &spec.assumption),
                &scenario.provenance.targets,
                location,
                &format!("{path} (\"{}\")", spec.id),
                "targets",
            )?;
            if kind != TargetKind::Level {
                let def = &model.series()[series_idx];
                let base = model.base_series()[series_idx];
                // Series that can be zero or negative by construction have no growth rate.
                let signed = match def.source {
                    SeriesSource::UnmetDemand(_) | SeriesSource::ElectricityBalance => true,
                    SeriesSource::Aggregate(a) => {
                        model.aggregates()[a].weights.iter().any(|&(_, w)| w < 0.0)
                    }
                    _ => def.is_indicator(),
                };
                if signed {
                    return Err(err(
                        "kind",
                        format!(
                            "a {} target compares levels across years, but \"{}\" can be zero or negative; use kind = \"level\"",
                            kind.name(),
                            def.name()
                        ),
                    ));
                }
                if base.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
                    return Err(err(
                        "kind",
                        format!(
                            "a {} target compares levels across years, so it needs a series that is positive in the base year; \"{}\" is {base} there (use kind = \"level\")",
                            kind.name(),
                            def.name()
                        ),
                    ));
                }
            }
            targets.push(Target {
                id: spec.id.clone(),
                label: spec.label.clone(),
                series_idx,
                sector_idx,
                kind,
                year: spec.year,
                from,
                threshold,
                direction,
            });
        }
        Ok(targets)
    }
}

/// Whether a correlation item's `kind` asks for Spearman's rank correlation.
fn correlation_kind(kind: Option<&str>, location: Location, path: &str) -> Result<bool> {
    match kind.unwrap_or("pearson") {
        "pearson" => Ok(false),
        "spearman" => Ok(true),
        other => Err(ScenarioError::invalid(
            Some(location),
            format!("{path}.kind"),
            format!("unknown kind \"{other}\"; expected pearson or spearman"),
        )),
    }
}

/// A Spearman target converted to the copula correlation that yields it.
fn spearman_to_copula(rho_s: f64, location: Location, path: &str) -> Result<f64> {
    if !(-1.0..=1.0).contains(&rho_s) {
        return Err(ScenarioError::invalid(
            Some(location),
            path,
            format!("a Spearman correlation must lie in [-1, 1], got {rho_s}"),
        ));
    }
    Ok(copula_correlation_for_spearman(rho_s))
}

/// Fails unless field `name` is given exactly when the distribution takes it.
fn check_field(
    spec: &LawSpec,
    needed: &[&str],
    name: &str,
    given: bool,
    location: Location,
    path: &str,
) -> Result<()> {
    let verb = match (needed.contains(&name), given) {
        (true, false) => "needs",
        (false, true) => "takes no",
        _ => return Ok(()),
    };
    Err(ScenarioError::invalid(
        Some(location),
        format!("{path}.{name}"),
        format!(
            "distribution \"{}\" {verb} `{name}` (it takes {})",
            spec.distribution,
            needed.join(", ")
        ),
    ))
}

/// What a law's draw means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LawScale {
    /// A growth rate (or a factor, for lognormal): must not fall below −100%.
    Growth,
    /// A level, e.g. a capacity factor; its range is checked by the caller.
    Level,
}

/// Builds one law from its fields, requiring exactly the fields its distribution uses.
pub(crate) fn law_step(
    spec: &LawSpec,
    persistence: Option<f64>,
    law_scale: LawScale,
    location: Location,
    path: &str,
    persistence_path: &str,
) -> Result<GrowthStep> {
    let fields: [(&str, Option<f64>); 8] = [
        ("value", spec.value),
        ("mean", spec.mean),
        ("sd", spec.sd),
        ("min", spec.min),
        ("mode", spec.mode),
        ("max", spec.max),
        ("log_mean", spec.log_mean),
        ("log_sd", spec.log_sd),
    ];
    let lists: [(&str, bool); 7] = [
        ("values", spec.values.is_some()),
        ("probabilities", spec.probabilities.is_some()),
        ("weights", spec.weights.is_some()),
        ("means", spec.means.is_some()),
        ("sds", spec.sds.is_some()),
        ("file", spec.file.is_some()),
        ("column", spec.column.is_some()),
    ];
    let (needed, scale): (&[&str], GrowthScale) = match spec.distribution.as_str() {
        "fixed" => (&["value"], GrowthScale::Rate),
        "normal" => (&["mean", "sd"], GrowthScale::Rate),
        "truncated_normal" => (&["mean", "sd", "min", "max"], GrowthScale::Rate),
        "lognormal" => (&["log_mean", "log_sd"], GrowthScale::Factor),
        "uniform" => (&["min", "max"], GrowthScale::Rate),
        "triangular" | "pert" => (&["min", "mode", "max"], GrowthScale::Rate),
        "empirical" if spec.file.is_some() => (&["file", "column"], GrowthScale::Rate),
        "empirical" => (&["values"], GrowthScale::Rate),
        "discrete" => (&["values", "probabilities"], GrowthScale::Rate),
        "mixture" => (&["weights", "means", "sds"], GrowthScale::Rate),
        other => {
            return Err(ScenarioError::invalid(
                Some(location),
                format!("{path}.distribution"),
                format!(
                    "unknown distribution \"{other}\"; expected fixed, normal, truncated_normal, lognormal, uniform, triangular, pert, empirical, discrete or mixture"
                ),
            ));
        }
    };
    for (name, given) in lists {
        check_field(spec, needed, name, given, location, path)?;
    }
    let mut get = HashMap::new();
    for (name, value) in fields {
        check_field(spec, needed, name, value.is_some(), location, path)?;
        if let Some(v) = value {
            get.insert(name, finite(v, location, &format!("{path}.{name}"), name)?);
        }
    }
    let p = |name: &str| get[name];
    let marginal = match spec.distribution.as_str() {
        "fixed" => Marginal::fixed(p("value")),
        "normal" => Marginal::normal(p("mean"), p("sd")),
        "truncated_normal" => Marginal::truncated_normal(p("mean"), p("sd"), p("min"), p("max")),
        "lognormal" => Marginal::lognormal(p("log_mean"), p("log_sd")),
        "uniform" => Marginal::uniform(p("min"), p("max")),
        "triangular" => Marginal::triangular(p("min"), p("mode"), p("max")),
        "pert" => Marginal::pert(p("min"), p("mode"), p("max")),
        "empirical" => {
            let values = match (&spec.values, &spec.file_values) {
                (Some(values), _) => values.clone(),
                (None, Some(values)) => values.clone(),
                (None, None) => {
                    return Err(ScenarioError::invalid(
                        Some(location),
                        format!("{path}.file"),
                        "the file has not been read: load the scenario with Scenario::resolve_files",
                    ));
                }
            };
            let field = if spec.values.is_some() {
                "values"
            } else {
                "column"
            };
            Ok(Marginal::empirical(values).map_err(|err| {
                ScenarioError::invalid(Some(location), format!("{path}.{field}"), err.to_string())
            })?)
        }
        "mixture" => Ok(Marginal::mixture(
            spec.weights.clone().unwrap_or_default(),
            spec.means.clone().unwrap_or_default(),
            spec.sds.clone().unwrap_or_default(),
        )
        .map_err(|err| {
            ScenarioError::invalid(Some(location), format!("{path}.weights"), err.to_string())
        })?),
        _ => {
            let values = spec.values.clone().unwrap_or_default();
            let probabilities = spec.probabilities.clone().unwrap_or_default();
            Ok(Marginal::discrete(values, probabilities).map_err(|err| {
                ScenarioError::invalid(
                    Some(location),
                    format!("{path}.probabilities"),
                    err.to_string(),
                )
            })?)
        }
    }
    .map_err(|err| ScenarioError::invalid(Some(location), path, err.to_string()))?;
    if law_scale == LawScale::Growth && scale == GrowthScale::Rate {
        // A law that can draw growth below −100% would make a level negative.
        let low = marginal.quantile(1e-12);
        if low <= -1.0 {
            return Err(ScenarioError::invalid(
                Some(location),
                path,
                format!(
                    "this law draws growth below -100% (its 1e-12 quantile is {low:.3}); use a truncated_normal with min > -1"
                ),
            ));
        }
    }
    let persistence = match persistence {
        Some(rho) => {
            let rho = finite(rho, location, persistence_path, "persistence")?;
            if !(0.0..1.0).contains(&rho) {
                return Err(ScenarioError::invalid(
                    Some(location),
                    persistence_path,
                    format!("persistence must be in [0, 1), got {rho}"),
                ));
            }
            rho
        }
        None => 0.0,
    };
    // PERT's exact map inverts the incomplete beta (~10,000 instructions a draw); the table
    // reproduces it to 1e-9 of the range at ~50.
    let table =
        matches!(marginal, Marginal::Pert { .. }).then(|| Arc::new(QuantileTable::new(&marginal)));
    Ok(GrowthStep::new(marginal, scale, persistence, table))
}

/// Resolves what a project adds capacity to.
struct Holders<'m> {
    sectors: &'m [Sector],
    chains: &'m [Chain],
    energy: Option<&'m Energy>,
}

impl HolderLookup for Holders<'_> {
    fn capacity_sector(&self, id: &str) -> std::result::Result<usize, String> {
        match self.sectors.iter().position(|s| s.id == id) {
            Some(i) if self.sectors[i].capacity.is_some() => Ok(i),
            Some(i) => match self.chains.iter().find(|c| c.sector_idx == i) {
                Some(chain) => Err(format!(
                    "sector \"{id}\" takes its capacity from chain \"{}\"; add the project to a stage: stage = \"{}.<stage>\"",
                    chain.id, chain.id
                )),
                None => Err(format!(
                    "sector \"{id}\" has no `capacity` for a project to add to"
                )),
            },
            None => Err(format!("unknown sector \"{id}\"")),
        }
    }

    fn stage(&self, id: &str) -> std::result::Result<(usize, usize), String> {
        let known = || {
            self.chains
                .iter()
                .flat_map(|c| c.stages.iter().map(move |s| format!("{}.{}", c.id, s.id)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let found = id.split_once('.').and_then(|(chain, stage)| {
            let c = self.chains.iter().position(|c| c.id == chain)?;
            let s = self.chains[c].stages.iter().position(|s| s.id == stage)?;
            Some((c, s))
        });
        found.ok_or_else(|| format!("unknown stage \"{id}\"; expected one of: {}", known()))
    }

    fn technology(&self, id: &str) -> std::result::Result<usize, String> {
        let technologies = self
            .energy
            .map(|e| e.technologies.as_slice())
            .unwrap_or(&[]);
        technologies.iter().position(|t| t.id == id).ok_or_else(|| {
            let known: Vec<&str> = technologies.iter().map(|t| t.id.as_str()).collect();
            format!(
                "unknown technology \"{id}\"; expected one of: {}",
                if known.is_empty() {
                    "(no [energy] technologies)".to_string()
                } else {
                    known.join(", ")
                }
            )
        })
    }
}

/// Adds a_{supplier, sector} = R_k · price_k for every chain stage made by another sector
/// (summed when several stages of a chain share a supplier); `price` is in the supplier's
/// unit per unit of the stage's product (a value, for a supplier measured in value).
fn add_chain_coefficients(
    compiler: &Compiler<'_>,
    chains: &[Chain],
    sectors: &[Sector],
    a: &mut DMatrix<f64>,
) -> Result<()> {
    let given = a.clone();
    for (c, chain) in chains.iter().enumerate() {
        for (k, stage) in chain.stages.iter().enumerate() {
            let (Some(supplier), Some(price)) = (stage.supplier, stage.price) else {
                continue;
            };
            let path = format!("chains[{c}].stages[{k}].supplier");
            let location =
                Some(compiler.location(compiler.scenario.chains[c].get_ref().stages[k].span()));
            if given[(supplier, chain.sector_idx)] != 0.0 {
                return Err(ScenarioError::invalid(
                    location,
                    path,
                    format!(
                        "the chain's stages set the coefficient from \"{}\" to \"{}\"; remove that [[coefficients]] entry",
                        sectors[supplier].id, sectors[chain.sector_idx].id
                    ),
                ));
            }
            a[(supplier, chain.sector_idx)] += stage.per_final * price;
        }
    }
    Ok(())
}

/// Base output must fit within base-year capacity (the sector's own, or its chain's).
fn check_base_capacity(
    compiler: &Compiler<'_>,
    sectors: &[Sector],
    chains: &[Chain],
) -> Result<()> {
    let scenario = compiler.scenario;
    for (i, sector) in sectors.iter().enumerate() {
        if let Some(capacity) = sector.capacity
            && sector.base_output > capacity.base
        {
            return Err(ScenarioError::invalid(
                Some(compiler.location(scenario.sectors[i].span())),
                format!("sectors[{i}].capacity"),
                format!(
                    "sector \"{}\" produces {} in the base year but its capacity is only {}",
                    sector.id, sector.base_output, capacity.base
                ),
            ));
        }
    }
    for (c, chain) in chains.iter().enumerate() {
        let (limit, k) = chain.base_limit();
        let output = sectors[chain.sector_idx].base_output;
        if output > limit * (1.0 + 1e-12) {
            let stage = &chain.stages[k];
            return Err(ScenarioError::invalid(
                Some(compiler.location(scenario.chains[c].get_ref().stages[k].span())),
                format!("chains[{c}].stages[{k}].capacity"),
                format!(
                    "base output of \"{}\" ({output}) needs {} {} of stage \"{}\" but its capacity is {}",
                    sectors[chain.sector_idx].id,
                    output * stage.per_final,
                    stage.unit,
                    stage.id,
                    stage.capacity.base
                ),
            ));
        }
    }
    Ok(())
}

/// The series a target reads: `series = "<item>.<measure>"`, or `sector` with `measure`.
/// Returns the series index and the sector whose growth the series follows, if any.
fn target_series(
    compiler: &Compiler<'_>,
    model: &Model,
    spec: &TargetSpec,
    location: Location,
    path: &str,
) -> Result<(usize, Option<usize>)> {
    let err = |field: &str, message: String| {
        ScenarioError::invalid(Some(location), format!("{path}.{field}"), message)
    };
    match (&spec.sector, &spec.series) {
        (Some(sector), None) => {
            let sector_idx = compiler.sector(sector, location, &format!("{path}.sector"))?;
            let measure = spec.measure.as_deref().unwrap_or("value");
            let measures = [
                "value",
                "output",
                "final_demand",
                "intermediate",
                "price",
                "capacity",
                "unmet_demand",
            ];
            if !measures.contains(&measure) {
                return Err(err(
                    "measure",
                    format!(
                        "unknown measure \"{measure}\"; expected one of: {}",
                        measures.join(", ")
                    ),
                ));
            }
            let found = if measure == "value" {
                Some(model.value_series(sector_idx))
            } else {
                model
                    .series()
                    .iter()
                    .position(|s| &s.item == sector && s.measure == measure)
            };
            let idx = found.ok_or_else(|| {
                err(
                    "measure",
                    format!(
                        "sector \"{sector}\" has no {measure} series ({})",
                        match measure {
                            "price" => "give the sector a `price`",
                            _ => "give the sector a `capacity` or end a chain in it",
                        }
                    ),
                )
            })?;
            Ok((idx, Some(sector_idx)))
        }
        (None, Some(name)) => {
            if spec.measure.is_some() {
                return Err(err(
                    "measure",
                    "`series` names the measure already; drop `measure`".into(),
                ));
            }
            let idx = model.series_idx(name).ok_or_else(|| {
                let closest = model
                    .series()
                    .iter()
                    .map(SeriesDef::name)
                    .min_by_key(|candidate| edit_distance(candidate, name))
                    .unwrap_or_default();
                err(
                    "series",
                    format!(
                        "unknown series \"{name}\" (closest: \"{closest}\"); series are <item>.<measure>, listed in `chainsim validate` and trajectories.csv"
                    ),
                )
            })?;
            let sector_idx = model.series()[idx].source.sector();
            Ok((idx, sector_idx))
        }
        _ => Err(err(
            "sector",
            "give exactly one of `sector` (with an optional `measure`) or `series`".into(),
        )),
    }
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        // The textbook pair: kitten → sitting takes two substitutions and an insertion.
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            edit_distance("energy.clean_shares", "energy.clean_share"),
            1
        );
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("吉林", "吉林市"), 1);
    }
}
