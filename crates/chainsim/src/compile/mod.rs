//! Compilation: a parsed [`Scenario`] becomes a [`Model`], ids resolved and every
//! invariant checked once, section by section (one file each).

use std::collections::{HashMap, HashSet};

use nalgebra::DVector;

use crate::error::{Location, ScenarioError};
use crate::io::{IoError, Leontief};
use crate::model::CorrelationRepair;
use crate::model::year::base_values;
use crate::model::{MAX_YEARS, Model, RESERVED_ID};
use crate::scenario::{Provenance, Scenario};
use crate::stats::CorrelationMatrix;

mod base;
mod chains;
mod coefficient_table;
mod coefficients;
mod correlation;
mod energy;
mod hints;
mod laws;
mod projects;
mod sectors;
mod series;
mod targets;
mod trajectories;

use chains::compile_chains;
use coefficients::add_chain_coefficients;
use energy::compile_energy;
use projects::{Holders, compile_projects};
use sectors::check_base_capacity;
use series::{compile_aggregates, sector_slots, series_registry};
use trajectories::trajectory_series;

pub use base::BaseScaleError;
pub use correlation::copula_correlation_for_spearman;

/// Choices that change how a scenario compiles; the default is strict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// Replace a correlation matrix that is not positive definite by the nearest one
    /// ([`crate::stats::repair_correlation`]) instead of rejecting the scenario.
    pub repair_correlation: bool,
}

/// How far [`CompileOptions::repair_correlation`] moved the copula's correlation matrix.
impl Model {
    /// Parses and compiles scenario text.
    ///
    /// # Errors
    /// Any [`ScenarioError`]: TOML errors with line and column, invalid values with line,
    /// column and field path.
    pub fn from_toml_str(text: &str) -> std::result::Result<Model, ScenarioError> {
        Model::compile(&Scenario::from_toml_str(text)?)
    }

    /// Parses scenario text, reads the files it names (a `[coefficient_table]`, an empirical
    /// law's CSV) through `load` ([`Scenario::resolve_files`]: the path as written in the
    /// scenario in, the file's text or why it cannot be read out), and compiles it. The
    /// library does no I/O: `load` decides what a path is relative to.
    ///
    /// ```no_run
    /// use std::path::Path;
    /// use chainsim::Model;
    ///
    /// let path = Path::new("scenarios/jilin-2030.toml");
    /// let dir = path.parent().unwrap();
    /// let model = Model::from_toml_str_with_files(&std::fs::read_to_string(path)?, |file| {
    ///     std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())
    /// })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Model::from_toml_str`], and [`Scenario::resolve_files`]'s for a file that cannot
    /// be read or parsed.
    pub fn from_toml_str_with_files(
        text: &str,
        load: impl FnMut(&str) -> std::result::Result<String, String>,
    ) -> std::result::Result<Model, ScenarioError> {
        let mut scenario = Scenario::from_toml_str(text)?;
        scenario.resolve_files(load)?;
        Model::compile(&scenario)
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
}

/// Checks a scenario section by section, keeping the error's location and path.
pub(crate) struct Compiler<'a> {
    pub(crate) scenario: &'a Scenario,
    pub(crate) options: CompileOptions,
    pub(crate) sector_ids: HashMap<&'a str, usize>,
}

pub(crate) type CompiledCorrelation = (Option<CorrelationMatrix>, Option<CorrelationRepair>);

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
        // Checked: base_year = i32::MIN would wrap the plain difference past the limit.
        if meta
            .horizon
            .checked_sub(meta.base_year)
            .is_none_or(|years| years > MAX_YEARS)
        {
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
        let (mut coefficients, uncertain_coefficients) = self.coefficients(&sectors, &chains)?;
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

        let trajectory_series = trajectory_series(&self, &series)?;

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
            trajectory_series,
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
        model.base_series = base_values(&model);
        if let Some(s) = model.base_series.iter().position(|v| !v.is_finite()) {
            return Err(ScenarioError::invalid(
                None,
                "sectors",
                format!(
                    "the base-year value of \"{}\" is {}, not a finite number: a base level, price or capacity overflows",
                    model.series[s].name(),
                    model.base_series[s]
                ),
            ));
        }
        model.targets = self.targets(&model)?;
        Ok(model)
    }
}
