//! `[[coefficients]]`, `[coefficient_uncertainty]` and the `[coefficient_table]` they
//! override; chain suppliers' coefficients.

use std::collections::HashSet;

use nalgebra::DMatrix;

use super::{Compiler, Result, finite, provenance, require_provenance};
use crate::error::ScenarioError;
use crate::model::{Chain, Sector, UncertainCoefficient};
use crate::scenario::CoefficientSpec;

impl Compiler<'_> {
    /// The mean coefficients given by the scenario (before chain suppliers' are added) and
    /// those drawn per run: the table's entries, each `[[coefficients]]` entry replacing the
    /// table's for its pair, and no table entry where a chain stage's supplier sets the pair.
    pub(super) fn coefficients(
        &self,
        sectors: &[Sector],
        chains: &[Chain],
    ) -> Result<(DMatrix<f64>, Vec<UncertainCoefficient>)> {
        let n = sectors.len();
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
        let table = self.coefficient_table(sectors, default_spread)?;
        let mut a = match &table {
            Some(table) => table.coefficients.clone(),
            None => DMatrix::zeros(n, n),
        };
        let mut from_table = DMatrix::from_fn(n, n, |i, j| a[(i, j)] > 0.0);
        for chain in chains {
            for supplier in chain.stages.iter().filter_map(|stage| stage.supplier) {
                a[(supplier, chain.sector_idx)] = 0.0;
                from_table[(supplier, chain.sector_idx)] = false;
            }
        }
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
            from_table[(i, j)] = false;
            if spread > 0.0 && value > 0.0 {
                uncertain.push(UncertainCoefficient::new(i, j, value, spread));
            }
        }
        if let Some(table) = table.filter(|t| t.relative_sd > 0.0) {
            for i in 0..n {
                for j in (0..n).filter(|&j| from_table[(i, j)]) {
                    uncertain.push(UncertainCoefficient::new(
                        i,
                        j,
                        a[(i, j)],
                        table.relative_sd,
                    ));
                }
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
