//! `[[growth]]` and `[[price_growth]]`, and the law builder they share with capacity
//! factors.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::{Location, ScenarioError};
use crate::model::{GrowthScale, GrowthStep, Sector};
use crate::scenario::{GrowthSpec, LawSpec};
use crate::stats::{Marginal, QuantileTable};

impl Compiler<'_> {
    /// Growth laws (`[[growth]]`, every sector) or price laws (`[[price_growth]]`, sectors with
    /// a price), one per (year, sector) slot, year-major.
    pub(super) fn growth(
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
}

/// Fails unless field `name` is given exactly when the distribution takes it.
pub(super) fn check_field(
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
pub(super) enum LawScale {
    /// A growth rate (or a factor, for lognormal): must not fall below −100%.
    Growth,
    /// A level, e.g. a capacity factor; its range is checked by the caller.
    Level,
}

/// Builds one law from its fields, requiring exactly the fields its distribution uses.
pub(super) fn law_step(
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
    // reproduces it to 1e-9 of the range at ~50. A mixture's map inverts its cdf by Newton
    // (~9,000) and a truncated normal's goes through Φ and Φ⁻¹ (~900): tabulated when the
    // table is verified to 1e-9 of the span on 4,096 or 16,384 cells, exact otherwise
    // (regimes far apart).
    let table = match marginal {
        Marginal::Pert { .. } => Some(Arc::new(QuantileTable::new(&marginal))),
        Marginal::Mixture { .. } | Marginal::TruncatedNormal { .. } => {
            QuantileTable::verified(&marginal).map(Arc::new)
        }
        _ => None,
    };
    Ok(GrowthStep::new(marginal, scale, persistence, table))
}
