//! `[[coefficients]]` and `[coefficient_uncertainty]`; chain suppliers' coefficients.

use std::collections::HashSet;

use nalgebra::DMatrix;

use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::{Chain, Sector, UncertainCoefficient};
use crate::scenario::CoefficientSpec;

impl Compiler<'_> {
    pub(super) fn coefficients(
        &self,
        n: usize,
    ) -> Result<(DMatrix<f64>, Vec<UncertainCoefficient>)> {
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
}

/// Adds a_{supplier, sector} = R_k · price_k for every chain stage made by another sector
/// (summed when several stages of a chain share a supplier); `price` is in the supplier's
/// unit per unit of the stage's product (a value, for a supplier measured in value).
pub(super) fn add_chain_coefficients(
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
