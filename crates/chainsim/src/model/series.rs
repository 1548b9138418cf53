//! The named series a run records: every quantity a report, a chart or a target can read.
//!
//! A series is `<item>.<measure>`: `chemicals.value`, `carbon_fibre.unmet_demand`,
//! `cf_chain.precursor.production`, `jiaohe.online`, `energy.clean_share`, `gdp.value`.
//! The compiled model lists them once; a run fills one value per series and year, and the
//! summary keeps one distribution per series and year.

use serde::Serialize;

/// Where a series' value comes from in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SeriesSource {
    /// Gross output x_i, in the sector's unit.
    Output(usize),
    /// Final demand f_i.
    FinalDemand(usize),
    /// Deliveries to other sectors Σ_j a_ij x_j = x_i − (f_i − unmet_i).
    Intermediate(usize),
    /// Value p_i · x_i.
    Value(usize),
    /// Price p_i.
    Price(usize),
    /// Capacity of a capacity-limited sector.
    Capacity(usize),
    /// Final demand the capacity could not serve.
    UnmetDemand(usize),
    /// A chain stage's production.
    StageProduction {
        /// Chain index.
        chain: usize,
        /// Stage index.
        stage: usize,
    },
    /// A chain stage's capacity.
    StageCapacity {
        /// Chain index.
        chain: usize,
        /// Stage index.
        stage: usize,
    },
    /// 1 when the stage binds the chain, else 0 (its mean is the probability).
    StageBinding {
        /// Chain index.
        chain: usize,
        /// Stage index.
        stage: usize,
    },
    /// 1 when the project is online, else 0.
    ProjectOnline(usize),
    /// A technology's installed capacity, MW.
    TechnologyCapacity(usize),
    /// A technology's generation, GWh.
    TechnologyGeneration(usize),
    /// Total generation, GWh.
    Generation,
    /// Clean generation, GWh.
    CleanGeneration,
    /// Clean generation / generation.
    CleanShare,
    /// Electricity demand, GWh.
    ElectricityDemand,
    /// Generation − demand, GWh.
    ElectricityBalance,
    /// A weighted sum of sector values.
    Aggregate(usize),
}

impl SeriesSource {
    /// The sector a sector series belongs to.
    pub fn sector(self) -> Option<usize> {
        match self {
            SeriesSource::Output(i)
            | SeriesSource::FinalDemand(i)
            | SeriesSource::Intermediate(i)
            | SeriesSource::Value(i)
            | SeriesSource::Price(i)
            | SeriesSource::Capacity(i)
            | SeriesSource::UnmetDemand(i) => Some(i),
            _ => None,
        }
    }
}

/// Where one sector's series sit in the registry, for the run's hot loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectorSlots {
    /// `<id>.output`.
    pub output: usize,
    /// `<id>.final_demand`.
    pub final_demand: usize,
    /// `<id>.intermediate`.
    pub intermediate: usize,
    /// `<id>.value` and `<id>.price`, for a sector with a price.
    pub priced: Option<(usize, usize)>,
    /// `<id>.capacity` and `<id>.unmet_demand`, for a capacity-limited sector.
    pub limited: Option<(usize, usize)>,
}

/// One named series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesDef {
    /// What it belongs to: a sector, `<chain>.<stage>`, a project, `energy`, `energy.<tech>`
    /// or an aggregate.
    pub item: String,
    /// What is measured: `value`, `output`, `production`, `online`, `clean_share`, ….
    pub measure: &'static str,
    /// Unit of its values.
    pub unit: String,
    /// How a run computes it.
    #[serde(skip)]
    pub source: SeriesSource,
}

impl SeriesDef {
    /// The full name, `<item>.<measure>`.
    pub fn name(&self) -> String {
        format!("{}.{}", self.item, self.measure)
    }

    /// Whether the series is an indicator (0 or 1 per run), whose mean is a probability.
    pub fn is_indicator(&self) -> bool {
        matches!(
            self.source,
            SeriesSource::StageBinding { .. } | SeriesSource::ProjectOnline(_)
        )
    }
}

/// A weighted sum of sector values, e.g. GDP as Σ value-added share × value.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// Identifier; the series is `<id>.value`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// (sector index, weight) pairs.
    pub weights: Vec<(usize, f64)>,
}

impl Aggregate {
    /// Σ weight × value over `values` (indexed by sector).
    pub fn evaluate(&self, values: &[f64]) -> f64 {
        self.weights.iter().map(|&(i, w)| w * values[i]).sum()
    }
}
