//! The electricity base: capacity by technology, uncertain capacity factors, generation,
//! demand from the sectors' electricity intensities, and the clean share of generation.
//!
//! Generation of technology k (GWh) = capacity (MW) × capacity factor × 8.76 (hours per year
//! / 1000). Demand (GWh) = Σ_i intensity_i · x_i + Σ_k consumption_k · generation_k (pumping
//! for storage). Clean share = clean generation / generation. The balance, generation −
//! demand, is what the base exports (negative: imports).

use super::capacity::Capacity;
use super::laws::GrowthStep;

/// GWh generated per MW of capacity at a capacity factor of 1 over a year.
pub const GWH_PER_MW_YEAR: f64 = 8.76;

/// A compiled generation technology.
#[derive(Debug, Clone, PartialEq)]
pub struct Technology {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether its generation counts as clean.
    pub clean: bool,
    /// Installed capacity path, MW.
    pub capacity: Capacity,
    /// The yearly capacity-factor law (its draw is the factor itself, in [0, 1]).
    pub factor: GrowthStep,
    /// The capacity factor used for the base year (the law's mean).
    pub mean_factor: f64,
    /// Electricity consumed per unit generated.
    pub consumption: f64,
}

/// The compiled energy base.
#[derive(Debug, Clone, PartialEq)]
pub struct Energy {
    /// Technologies in file order.
    pub technologies: Vec<Technology>,
    /// GWh per unit of output, per sector (zero where none is given).
    pub intensities: Vec<f64>,
}

/// One year's energy balance.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Balance {
    /// Total generation, GWh.
    pub generation: f64,
    /// Clean generation, GWh.
    pub clean_generation: f64,
    /// Demand, GWh.
    pub demand: f64,
}

impl Balance {
    /// Clean generation / generation (zero when nothing is generated).
    pub fn clean_share(&self) -> f64 {
        if self.generation > 0.0 {
            self.clean_generation / self.generation
        } else {
            0.0
        }
    }
}

impl Energy {
    /// Generation by technology (into `generation`) and the balance, from this year's
    /// capacities (MW), capacity factors and sector outputs.
    pub fn balance(
        &self,
        capacity: &[f64],
        factor: &[f64],
        output: &[f64],
        generation: &mut [f64],
    ) -> Balance {
        let mut balance = Balance::default();
        for (k, tech) in self.technologies.iter().enumerate() {
            let g = capacity[k] * factor[k] * GWH_PER_MW_YEAR;
            generation[k] = g;
            balance.generation += g;
            if tech.clean {
                balance.clean_generation += g;
            }
            balance.demand += tech.consumption * g;
        }
        balance.demand += self
            .intensities
            .iter()
            .zip(output)
            .map(|(e, x)| e * x)
            .sum::<f64>();
        balance
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GrowthScale;
    use crate::stats::Marginal;

    fn tech(id: &str, clean: bool, consumption: f64) -> Technology {
        Technology {
            id: id.into(),
            name: id.into(),
            clean,
            capacity: Capacity {
                base: 0.0,
                growth: 0.0,
            },
            factor: GrowthStep::new(Marginal::fixed(0.5).unwrap(), GrowthScale::Rate, 0.0, None),
            mean_factor: 0.5,
            consumption,
        }
    }

    #[test]
    fn generation_demand_and_clean_share_by_hand() {
        // Fengman: 1480 MW at 1709 GWh/yr is a capacity factor of 1709 / (1480 · 8.76).
        let energy = Energy {
            technologies: vec![
                tech("hydro", true, 0.0),
                tech("thermal", false, 0.0),
                tech("storage", true, 1.34),
            ],
            intensities: vec![2.0, 0.5],
        };
        let hydro_factor = 1709.0 / (1480.0 * 8.76);
        let mut generation = [0.0; 3];
        let balance = energy.balance(
            &[1480.0, 1000.0, 1200.0],
            &[hydro_factor, 0.5, 0.19],
            &[100.0, 400.0],
            &mut generation,
        );
        assert!((generation[0] - 1709.0).abs() < 1e-9);
        assert!((generation[1] - 4380.0).abs() < 1e-9);
        let storage = 1200.0 * 0.19 * 8.76;
        assert!((generation[2] - storage).abs() < 1e-9);
        assert!((balance.generation - (1709.0 + 4380.0 + storage)).abs() < 1e-9);
        assert!((balance.clean_share() - (1709.0 + storage) / balance.generation).abs() < 1e-12);
        // 2·100 + 0.5·400 from the sectors, 1.34 × storage generation for pumping.
        assert!((balance.demand - (400.0 + 1.34 * storage)).abs() < 1e-9);
    }
}
