//! A model rebuilt with one sector's base level scaled: how much a result rests on an
//! assumed base (`chainsim bases`).

use crate::model::Model;
use crate::model::year::base_values;

/// Why a scaled base breaks an invariant that compilation checks.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BaseScaleError {
    /// The scaled base no longer covers a sector's sales to other sectors.
    #[error(
        "with base output of \"{sector}\" × {factor}, \"{short}\" no longer covers its intermediate sales"
    )]
    IntermediateSales {
        /// The scaled sector.
        sector: String,
        /// The scale factor.
        factor: f64,
        /// The sector whose base final demand turned negative.
        short: String,
    },
    /// The scaled base exceeds the sector's base-year capacity.
    #[error(
        "base output of \"{sector}\" × {factor} = {output} exceeds its base-year capacity {capacity}"
    )]
    OverCapacity {
        /// The scaled sector.
        sector: String,
        /// The scale factor.
        factor: f64,
        /// The scaled base output.
        output: f64,
        /// Its base-year capacity.
        capacity: f64,
    },
}

impl Model {
    /// A model whose base output of `sector_idx` is scaled by `factor`: base final demand and
    /// every series' base-year value recomputed, and the base-year invariants checked again.
    ///
    /// # Errors
    /// [`BaseScaleError`] when the scaled base must cover intermediate sales and does not,
    /// or exceeds base-year capacity.
    pub fn with_base_scaled(
        &self,
        sector_idx: usize,
        factor: f64,
    ) -> Result<Model, BaseScaleError> {
        let mut model = self.clone();
        model.sectors[sector_idx].base_output *= factor;
        model.base_output[sector_idx] *= factor;
        model.base_final_demand = &model.base_output - &model.coefficients * &model.base_output;
        if let Some(i) = model.base_final_demand.iter().position(|&f| f < 0.0) {
            return Err(BaseScaleError::IntermediateSales {
                sector: model.sectors[sector_idx].id.clone(),
                factor,
                short: model.sectors[i].id.clone(),
            });
        }
        let sector = &model.sectors[sector_idx];
        if let Some(capacity) = model.base_capacity(sector_idx)
            && sector.base_output > capacity
        {
            return Err(BaseScaleError::OverCapacity {
                sector: sector.id.clone(),
                factor,
                output: sector.base_output,
                capacity,
            });
        }
        model.base_series = base_values(&model);
        Ok(model)
    }
}
