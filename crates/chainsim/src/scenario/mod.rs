//! The scenario file format: plain serde types that mirror the TOML a planner writes.
//!
//! Nothing here is validated beyond TOML syntax and field names; [`crate::Model::compile`]
//! resolves ids, checks every invariant once and reports where a value is wrong.
//! The format is documented in `docs/scenario-format.md`.

use std::collections::BTreeMap;

use nalgebra::{DMatrix, DVector};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Location, ScenarioError};
use crate::io::{IoModel, IoTable, TableLayout};

mod sampler;

pub use sampler::SamplerKind;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name, units and time span.
    pub scenario: Metadata,
    /// Default run count and seed.
    #[serde(default)]
    pub sampling: Sampling,
    /// Section-wide provenance inherited by items that give none of their own.
    #[serde(default)]
    pub provenance: SectionProvenance,
    /// The sectors, in the order used for every table and matrix.
    #[schemars(with = "Vec<SectorSpec>")]
    pub sectors: Vec<Spanned<SectorSpec>>,
    /// Final-demand growth by sector and year span.
    #[serde(default)]
    #[schemars(with = "Vec<GrowthSpec>")]
    pub growth: Vec<Spanned<GrowthSpec>>,
    /// Technical coefficients a_ij.
    #[serde(default)]
    #[schemars(with = "Vec<CoefficientSpec>")]
    pub coefficients: Vec<Spanned<CoefficientSpec>>,
    /// One relative spread applied to every coefficient without its own.
    #[schemars(with = "Option<CoefficientUncertaintySpec>")]
    pub coefficient_uncertainty: Option<Spanned<CoefficientUncertaintySpec>>,
    /// Coefficients from an input–output table in value terms (a CSV file); explicit
    /// `[[coefficients]]` override its entries.
    #[schemars(with = "Option<CoefficientTableSpec>")]
    pub coefficient_table: Option<Spanned<CoefficientTableSpec>>,
    /// Pairwise correlations between sectors' growth shocks.
    #[serde(default)]
    #[schemars(with = "Vec<CorrelationSpec>")]
    pub correlations: Vec<Spanned<CorrelationSpec>>,
    /// A full correlation matrix between sectors' growth shocks (instead of pairs).
    #[schemars(with = "Option<CorrelationMatrixSpec>")]
    pub correlation_matrix: Option<Spanned<CorrelationMatrixSpec>>,
    /// Yearly price changes of sectors that have a `price`.
    #[serde(default)]
    #[schemars(with = "Vec<GrowthSpec>")]
    pub price_growth: Vec<Spanned<GrowthSpec>>,
    /// Production chains: stages with conversion ratios and capacities ending in a sector.
    #[serde(default)]
    #[schemars(with = "Vec<ChainSpec>")]
    pub chains: Vec<Spanned<ChainSpec>>,
    /// Discrete capacity additions.
    #[serde(default)]
    #[schemars(with = "Vec<ProjectSpec>")]
    pub projects: Vec<Spanned<ProjectSpec>>,
    /// The electricity base: technologies, capacity factors and the sectors' intensities.
    #[schemars(with = "Option<EnergySpec>")]
    pub energy: Option<Spanned<EnergySpec>>,
    /// Weighted sums of sector values, e.g. GDP as value added.
    #[serde(default)]
    #[schemars(with = "Vec<AggregateSpec>")]
    pub aggregates: Vec<Spanned<AggregateSpec>>,
    /// Plan targets to score.
    #[serde(default)]
    #[schemars(with = "Vec<TargetSpec>")]
    pub targets: Vec<Spanned<TargetSpec>>,
    /// Which series get trajectories (their distribution over runs in every year); all of
    /// them when absent.
    #[schemars(with = "Option<TrajectoriesSpec>")]
    pub trajectories: Option<Spanned<TrajectoriesSpec>>,
    /// Byte offsets of line starts in the parsed text, to turn item spans into locations.
    #[serde(skip)]
    line_starts: Vec<usize>,
}

/// `[scenario]`: what the scenario is and the span it covers.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Short name shown in reports.
    pub name: String,
    /// Longer description.
    #[serde(default)]
    pub description: String,
    /// Unit of every money value, e.g. "CNY 100 million (亿元)".
    pub value_unit: String,
    /// The year whose levels are given (t = 0).
    pub base_year: i32,
    /// The last simulated year.
    pub horizon: i32,
}

/// `[sampling]`: defaults the command line may override.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sampling {
    /// Monte Carlo runs.
    #[serde(default = "default_runs")]
    #[schemars(range(min = 1))]
    pub runs: u64,
    /// Master seed; each run's stream derives from (seed, run index).
    #[serde(default)]
    pub seed: u64,
    /// Which point set drives the runs.
    #[serde(default)]
    pub method: SamplerKind,
}

fn default_runs() -> u64 {
    10_000
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling {
            runs: default_runs(),
            seed: 0,
            method: SamplerKind::default(),
        }
    }
}

/// Where a number comes from: a public source or a stated assumption.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// A citation.
    pub source: Option<String>,
    /// An assumption and the reasoning behind it.
    pub assumption: Option<String>,
}

impl Provenance {
    /// True when a non-empty source or assumption is given.
    pub fn is_given(&self) -> bool {
        let filled = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
        filled(&self.source) || filled(&self.assumption)
    }
}

/// `[provenance]`: defaults for whole sections.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionProvenance {
    /// Inherited by `[[sectors]]`.
    #[serde(default)]
    pub sectors: Provenance,
    /// Inherited by `[[growth]]`.
    #[serde(default)]
    pub growth: Provenance,
    /// Inherited by `[[coefficients]]` and `[coefficient_uncertainty]`.
    #[serde(default)]
    pub coefficients: Provenance,
    /// Inherited by `[[correlations]]` and `[correlation_matrix]`.
    #[serde(default)]
    pub correlations: Provenance,
    /// Inherited by `[[targets]]`.
    #[serde(default)]
    pub targets: Provenance,
    /// Inherited by `[[price_growth]]`.
    #[serde(default)]
    pub prices: Provenance,
    /// Inherited by `[[chains]]` and their stages.
    #[serde(default)]
    pub chains: Provenance,
    /// Inherited by `[[projects]]`.
    #[serde(default)]
    pub projects: Provenance,
    /// Inherited by the `[energy]` technologies and intensities.
    #[serde(default)]
    pub energy: Provenance,
    /// Inherited by `[[aggregates]]`.
    #[serde(default)]
    pub aggregates: Provenance,
}

/// `[[sectors]]`: one sector and its base-year gross output.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectorSpec {
    /// Identifier used by every other section.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit of the level; defaults to the scenario's value unit.
    pub unit: Option<String>,
    /// Gross output in the base year, in `unit`.
    pub base: f64,
    /// Value per unit of output in the base year (scenario value unit per `unit`); without it
    /// the sector is measured in value and its price is 1.
    pub price: Option<f64>,
    /// Capacity in the base year, in `unit`; output above it is unmet demand.
    pub capacity: Option<f64>,
    /// Organic capacity growth per year (a fraction; default 0).
    pub capacity_growth: Option<f64>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[[growth]]`: the distribution of one sector's yearly final-demand growth over a span of years.
///
/// The distribution's parameters are flat fields; which ones are required depends on
/// `distribution` (see `docs/scenario-format.md`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrowthSpec {
    /// Sector id.
    pub sector: String,
    /// First year of the span (default: base year + 1).
    pub from: Option<i32>,
    /// Last year of the span (default: horizon).
    pub to: Option<i32>,
    /// One of `fixed`, `normal`, `truncated_normal`, `lognormal`, `uniform`, `triangular`, `pert`,
    /// `empirical`, `discrete`, `mixture`.
    #[schemars(extend("enum" = ["fixed", "normal", "truncated_normal", "lognormal", "uniform", "triangular", "pert", "empirical", "discrete", "mixture"]))]
    pub distribution: String,
    /// `fixed`: the growth rate.
    pub value: Option<f64>,
    /// `normal`, `truncated_normal`: mean rate.
    pub mean: Option<f64>,
    /// `normal`, `truncated_normal`: standard deviation of the rate.
    pub sd: Option<f64>,
    /// `truncated_normal`, `uniform`, `triangular`, `pert`: lowest rate.
    pub min: Option<f64>,
    /// `triangular`, `pert`: most likely rate.
    pub mode: Option<f64>,
    /// `truncated_normal`, `uniform`, `triangular`, `pert`: highest rate.
    pub max: Option<f64>,
    /// `lognormal`: mean of ln(1 + g).
    pub log_mean: Option<f64>,
    /// `lognormal`: standard deviation of ln(1 + g).
    pub log_sd: Option<f64>,
    /// `empirical`: observed rates; `discrete`: the possible rates.
    pub values: Option<Vec<f64>>,
    /// `discrete`: the probability of each of `values`, summing to 1.
    pub probabilities: Option<Vec<f64>>,
    /// `mixture`: the probability of each regime, summing to 1.
    pub weights: Option<Vec<f64>>,
    /// `mixture`: the mean rate in each regime.
    pub means: Option<Vec<f64>>,
    /// `mixture`: the standard deviation of the rate in each regime.
    pub sds: Option<Vec<f64>>,
    /// `empirical`: a CSV file of observed rates, relative to the scenario file.
    pub file: Option<String>,
    /// `empirical`: the column of `file` holding the rates.
    pub column: Option<String>,
    /// The rates read from `file` by [`Scenario::resolve_files`].
    #[serde(skip)]
    pub file_values: Option<Vec<f64>>,
    /// AR(1) coefficient linking each year's shock to the previous year's, in [0, 1).
    pub persistence: Option<f64>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[[coefficients]]`: a_ij, the input from sector `from` per unit of output of sector `to`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoefficientSpec {
    /// Supplying sector i.
    pub from: String,
    /// Buying sector j.
    pub to: String,
    /// Mean coefficient.
    pub value: f64,
    /// Relative standard deviation (coefficient of variation) of a lognormal draw per run.
    #[schemars(range(min = 0.0))]
    pub relative_sd: Option<f64>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[coefficient_uncertainty]`: one relative spread for every coefficient without its own.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoefficientUncertaintySpec {
    /// Relative standard deviation of each coefficient's lognormal draw.
    #[schemars(range(min = 0.0))]
    pub relative_sd: f64,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// Whether a coefficient table holds technical coefficients A or flows Z (then A = Z x̂⁻¹).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableForm {
    /// Technical coefficients a_ij, with a `total output` column when sectors are aggregated.
    Coefficients,
    /// Intermediate flows z_ij with final-demand columns, value-added rows and a
    /// `total output` column (without one, output is the row sum of flows and final demand).
    Flows,
}

/// `[coefficient_table]`: technical coefficients taken from an input–output table in value
/// terms, in chainsim's wide CSV layout (`from/to,<labels…>,total output`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoefficientTableSpec {
    /// The CSV file, relative to the scenario file; read by [`Scenario::resolve_files`].
    pub file: String,
    /// What the table's cells are.
    pub form: TableForm,
    /// Each scenario sector's table label(s); several labels are aggregated, weighted by
    /// the table's total output.
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub sectors: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// Scenario sectors the table does not cover: their coefficients are zero unless
    /// `[[coefficients]]` give them.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub not_in_table: Vec<Spanned<String>>,
    /// Relative standard deviation of each table coefficient's lognormal draw (default:
    /// `[coefficient_uncertainty]`'s).
    #[schemars(range(min = 0.0))]
    pub relative_sd: Option<f64>,
    /// Citation of the table: the provenance of every coefficient it gives.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
    /// The table as read from `file` by [`Scenario::resolve_files`].
    #[serde(skip)]
    pub table: Option<CoefficientTable>,
}

/// A coefficient table read from its file: technical coefficients in value terms with the
/// table's labels, and its total output when the file gives it (always, for flows).
#[derive(Debug, Clone, PartialEq)]
pub struct CoefficientTable {
    /// The table's sector labels, in its order.
    pub labels: Vec<String>,
    /// Technical coefficients A in value terms (for flows, Z x̂⁻¹).
    pub coefficients: DMatrix<f64>,
    /// Total output by sector, when known.
    pub output: Option<DVector<f64>>,
}

/// `[[correlations]]`: the correlation between two sectors' growth shocks.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrelationSpec {
    /// The two sector ids.
    pub between: [String; 2],
    /// Correlation of the Gaussian-copula shocks, in [−1, 1] (or Spearman's, see `kind`).
    #[schemars(range(min = -1.0, max = 1.0))]
    pub value: f64,
    /// `pearson` (default: `value` is the copula's correlation) or `spearman` (a rank
    /// correlation of the growth rates).
    #[schemars(extend("enum" = ["pearson", "spearman"]))]
    pub kind: Option<String>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[correlation_matrix]`: a full matrix over the listed sectors' growth shocks.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrelationMatrixSpec {
    /// Sector ids, in matrix order.
    pub sectors: Vec<String>,
    /// Rows of the matrix.
    pub values: Vec<Vec<f64>>,
    /// `pearson` (default: the copula's correlations) or `spearman` (rank correlations).
    #[schemars(extend("enum" = ["pearson", "spearman"]))]
    pub kind: Option<String>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[[targets]]`: one plan target.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    /// Identifier used in reports.
    pub id: String,
    /// Human-readable label.
    pub label: String,
    /// Sector id (with `measure`); or give `series`.
    pub sector: Option<String>,
    /// With `sector`: `value` (default), `output`, `final_demand`, `intermediate`, `price`,
    /// `capacity` or `unmet_demand`.
    #[schemars(extend("enum" = ["value", "output", "final_demand", "intermediate", "price", "capacity", "unmet_demand"]))]
    pub measure: Option<String>,
    /// Any series by name, e.g. `energy.clean_share` or `gdp.value`.
    pub series: Option<String>,
    /// `level`, `ratio`, `growth` or `average_growth`.
    #[schemars(extend("enum" = ["level", "ratio", "growth", "average_growth"]))]
    pub kind: String,
    /// The year the target applies to (end year for ratio and average growth).
    pub year: i32,
    /// Start year for `ratio` and `average_growth` (default: base year).
    pub from: Option<i32>,
    /// Met when the metric is at least this.
    pub at_least: Option<f64>,
    /// Met when the metric is at most this.
    pub at_most: Option<f64>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[[chains]]`: stages with conversion ratios and capacities, ending in a sector's output.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainSpec {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The sector whose output is the chain's last stage.
    pub sector: String,
    /// Stages from upstream to downstream; the last is the sector itself.
    #[schemars(with = "Vec<StageSpec>")]
    pub stages: Vec<Spanned<StageSpec>>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[[chains.stages]]`: one stage of a chain.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    /// Identifier within the chain.
    pub id: String,
    /// Physical unit of the stage's product.
    pub unit: String,
    /// Units of this stage per unit of the next stage (not on the last stage).
    pub ratio: Option<f64>,
    /// Capacity in the base year, in `unit`.
    pub capacity: f64,
    /// Organic capacity growth per year (a fraction; default 0).
    pub capacity_growth: Option<f64>,
    /// Another sector that produces this stage's product.
    pub supplier: Option<String>,
    /// With `supplier`: units of the supplier's output per unit of this stage's product (its
    /// value per unit, for a supplier measured in value).
    pub price: Option<f64>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[[projects]]`: a discrete capacity addition.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectSpec {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Adds to this sector's capacity …
    pub sector: Option<String>,
    /// … or to this chain stage's, written `<chain>.<stage>` …
    pub stage: Option<String>,
    /// … or to this energy technology's.
    pub technology: Option<String>,
    /// Capacity added, in the unit of what it adds to.
    pub capacity: f64,
    /// Planned first year online.
    pub year: i32,
    /// Probability that the project is completed at all.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub probability: f64,
    /// Possible delays in whole years.
    pub delays: Option<Vec<i64>>,
    /// Probability of each delay, summing to 1.
    pub delay_probabilities: Option<Vec<f64>>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[energy]`: generation technologies and the sectors' electricity intensities.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnergySpec {
    /// Generation technologies.
    #[serde(default)]
    #[schemars(with = "Vec<TechnologySpec>")]
    pub technologies: Vec<Spanned<TechnologySpec>>,
    /// Electricity used per unit of each listed sector's output.
    #[serde(default)]
    #[schemars(with = "Vec<IntensitySpec>")]
    pub intensities: Vec<Spanned<IntensitySpec>>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[[energy.technologies]]`: one generation technology.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnologySpec {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether its generation counts as clean.
    pub clean: bool,
    /// Installed capacity in the base year, MW.
    pub capacity: f64,
    /// Organic capacity growth per year (a fraction; default 0).
    pub capacity_growth: Option<f64>,
    /// The law of the yearly capacity factor (support within [0, 1]).
    pub capacity_factor: LawSpec,
    /// AR(1) coefficient of the capacity-factor shock, in [0, 1).
    pub persistence: Option<f64>,
    /// Electricity consumed per unit generated (pumped storage: pumping energy).
    pub consumption: Option<f64>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// A distribution written inline, e.g. `{ distribution = "pert", min = 0.1, mode = 0.13, max = 0.18 }`;
/// the fields are those of [`GrowthSpec`].
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawSpec {
    /// Distribution name.
    #[schemars(extend("enum" = ["fixed", "normal", "truncated_normal", "lognormal", "uniform", "triangular", "pert", "empirical", "discrete", "mixture"]))]
    pub distribution: String,
    /// `fixed`.
    pub value: Option<f64>,
    /// `normal`, `truncated_normal`.
    pub mean: Option<f64>,
    /// `normal`, `truncated_normal`.
    pub sd: Option<f64>,
    /// `truncated_normal`, `uniform`, `triangular`, `pert`.
    pub min: Option<f64>,
    /// `triangular`, `pert`.
    pub mode: Option<f64>,
    /// `truncated_normal`, `uniform`, `triangular`, `pert`.
    pub max: Option<f64>,
    /// `lognormal`.
    pub log_mean: Option<f64>,
    /// `lognormal`.
    pub log_sd: Option<f64>,
    /// `empirical`, `discrete`.
    pub values: Option<Vec<f64>>,
    /// `discrete`.
    pub probabilities: Option<Vec<f64>>,
    /// `mixture`.
    pub weights: Option<Vec<f64>>,
    /// `mixture`.
    pub means: Option<Vec<f64>>,
    /// `mixture`.
    pub sds: Option<Vec<f64>>,
    /// `empirical` from a file (growth laws only).
    #[serde(skip)]
    pub file: Option<String>,
    /// `empirical` from a file (growth laws only).
    #[serde(skip)]
    pub column: Option<String>,
    /// Values read from `file`.
    #[serde(skip)]
    pub file_values: Option<Vec<f64>>,
}

impl GrowthSpec {
    /// The distribution fields alone.
    pub fn law(&self) -> LawSpec {
        LawSpec {
            distribution: self.distribution.clone(),
            value: self.value,
            mean: self.mean,
            sd: self.sd,
            min: self.min,
            mode: self.mode,
            max: self.max,
            log_mean: self.log_mean,
            log_sd: self.log_sd,
            values: self.values.clone(),
            probabilities: self.probabilities.clone(),
            weights: self.weights.clone(),
            means: self.means.clone(),
            sds: self.sds.clone(),
            file: self.file.clone(),
            column: self.column.clone(),
            file_values: self.file_values.clone(),
        }
    }
}

/// `[[energy.intensities]]`: electricity per unit of a sector's output.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntensitySpec {
    /// Sector id.
    pub sector: String,
    /// Electricity (the energy unit, GWh) per unit of the sector's output.
    pub value: f64,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// `[trajectories]`: the series whose distribution over runs is kept, year by year, for
/// trajectories.csv and summary.json. Targets may read any series, kept or not.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrajectoriesSpec {
    /// Series names (`<item>.<measure>`) or patterns: `<item>.*` (every measure of an
    /// item), `*.<measure>` (that measure of every item), `*` (every series).
    #[schemars(length(min = 1))]
    pub series: Vec<String>,
}

/// `[[aggregates]]`: a weighted sum of sector values.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AggregateSpec {
    /// Identifier; the series is `<id>.value`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Weight of each sector's value, by sector id.
    pub weights: BTreeMap<String, f64>,
    /// Citation.
    pub source: Option<String>,
    /// Stated assumption.
    pub assumption: Option<String>,
}

/// The JSON Schema (draft-07, which Taplo and SchemaStore read) of the scenario file, generated from these types and their
/// doc comments. Editors that read a TOML schema directive (Taplo, Even Better TOML) complete
/// keys and flag unknown fields, wrong types and unknown names (distributions, target kinds,
/// measures, samplers) with it; what the schema cannot say (ids that resolve, a productive
/// A, a valid correlation matrix) is [`crate::Model::compile`]'s.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(&chainsim::scenario::json_schema()).unwrap();
/// assert_eq!(schema["title"], "Scenario");
/// assert!(schema["required"].as_array().unwrap().iter().any(|k| k == "sectors"));
/// ```
pub fn json_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Scenario>();
    format!("{:#}\n", schema.as_value())
}

impl Scenario {
    /// Parses a scenario from TOML text.
    ///
    /// # Errors
    /// [`ScenarioError::Toml`] with the line and column of a syntax error, an unknown field,
    /// a missing field or a value of the wrong type.
    pub fn from_toml_str(text: &str) -> Result<Scenario, ScenarioError> {
        let mut scenario: Scenario = toml::from_str(text).map_err(|err| {
            let location = err
                .span()
                .map(|span| Location::from_offset(text, span.start));
            ScenarioError::Toml {
                location,
                message: err.message().trim().to_string(),
            }
        })?;
        scenario.line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Ok(scenario)
    }

    /// Reads the files the scenario refers to (an empirical growth or price law's `file`, the
    /// `[coefficient_table]`'s `file`) through `load`, which is given the path as written in
    /// the scenario and returns the file's text or a message saying why it cannot be read.
    /// The library does no I/O itself: the caller decides what a path is relative to.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`] with the item's line:column and field path when a file
    /// cannot be read, is not CSV, lacks the column, or holds a cell that is not a number,
    /// or when the coefficient table is not a valid table of its `form`.
    pub fn resolve_files(
        &mut self,
        mut load: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<(), ScenarioError> {
        for idx in 0..self.growth.len() {
            let location = self.location_of(self.growth[idx].span().start);
            let path = format!("growth[{idx}]");
            resolve_law_file(self.growth[idx].get_mut(), &path, location, &mut load)?;
        }
        for idx in 0..self.price_growth.len() {
            let location = self.location_of(self.price_growth[idx].span().start);
            let path = format!("price_growth[{idx}]");
            resolve_law_file(self.price_growth[idx].get_mut(), &path, location, &mut load)?;
        }
        if let Some(item) = &self.coefficient_table {
            let location = self.location_of(item.span().start);
            let spec = item.get_ref();
            let table = read_coefficient_table(&spec.file, spec.form, location, &mut load)?;
            if let Some(item) = &mut self.coefficient_table {
                item.get_mut().table = Some(table);
            }
        }
        Ok(())
    }

    /// The line and column of byte `offset` of the parsed text (1:1 for a scenario built
    /// in code rather than parsed).
    pub fn location_of(&self, offset: usize) -> Location {
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        Location {
            line,
            column: offset.saturating_sub(start) + 1,
        }
    }
}

/// Reads an empirical law's `file` through `load` into `file_values`.
fn resolve_law_file(
    spec: &mut GrowthSpec,
    path: &str,
    location: Location,
    load: &mut impl FnMut(&str) -> Result<String, String>,
) -> Result<(), ScenarioError> {
    let Some(file) = spec.file.clone() else {
        return Ok(());
    };
    let Some(column) = spec.column.clone() else {
        return Err(ScenarioError::invalid(
            Some(location),
            format!("{path}.column"),
            format!("`file = \"{file}\"` needs `column`, the CSV column holding the rates"),
        ));
    };
    let text = load(&file).map_err(|message| {
        ScenarioError::invalid(
            Some(location),
            format!("{path}.file"),
            format!("cannot read \"{file}\": {message}"),
        )
    })?;
    let values = csv_column(&text, &column).map_err(|message| {
        ScenarioError::invalid(
            Some(location),
            format!("{path}.column"),
            format!("{file}: {message}"),
        )
    })?;
    spec.file_values = Some(values);
    Ok(())
}

/// Reads and parses a `[coefficient_table]`'s file through `load`.
fn read_coefficient_table(
    file: &str,
    form: TableForm,
    location: Location,
    load: &mut impl FnMut(&str) -> Result<String, String>,
) -> Result<CoefficientTable, ScenarioError> {
    let path = "coefficient_table.file";
    let text = load(file).map_err(|message| {
        ScenarioError::invalid(
            Some(location),
            path,
            format!("cannot read \"{file}\": {message}"),
        )
    })?;
    let layout = TableLayout::default();
    let model = match form {
        TableForm::Coefficients => IoModel::from_csv(text.as_bytes(), &layout),
        TableForm::Flows => IoTable::from_csv(text.as_bytes(), &layout).and_then(|t| t.model()),
    }
    .map_err(|err| ScenarioError::invalid(Some(location), path, format!("{file}: {err}")))?;
    Ok(CoefficientTable {
        labels: model.sectors().iter().map(ToString::to_string).collect(),
        coefficients: model.coefficients().clone(),
        output: model.output().cloned(),
    })
}

/// The numbers in column `column` of CSV `text` (first row: the header); empty cells are
/// missing observations and skipped.
fn csv_column(text: &str, column: &str) -> Result<Vec<f64>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|err| err.to_string())?.clone();
    let Some(col) = headers.iter().position(|h| h == column) else {
        let known: Vec<&str> = headers.iter().collect();
        return Err(format!(
            "no column \"{column}\"; the header has: {}",
            known.join(", ")
        ));
    };
    let mut values = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|err| err.to_string())?;
        let cell = record.get(col).unwrap_or("");
        if cell.is_empty() {
            continue;
        }
        let value: f64 = cell.parse().map_err(|_| {
            format!(
                "row {} of column \"{column}\" is not a number: \"{cell}\"",
                row + 2
            )
        })?;
        values.push(value);
    }
    Ok(values)
}
