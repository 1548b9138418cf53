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

/// One year's energy balance of a batch of runs side by side: lane `l`'s at index `l`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BalanceLanes {
    /// Total generation, GWh.
    pub generation: Vec<f64>,
    /// Clean generation, GWh.
    pub clean_generation: Vec<f64>,
    /// Demand, GWh.
    pub demand: Vec<f64>,
    /// Each lane's demand from the sectors' intensities, before it is added.
    from_sectors: Vec<f64>,
}

impl BalanceLanes {
    /// Room for `lanes` runs.
    pub fn new(lanes: usize) -> BalanceLanes {
        BalanceLanes {
            generation: vec![0.0; lanes],
            clean_generation: vec![0.0; lanes],
            demand: vec![0.0; lanes],
            from_sectors: vec![0.0; lanes],
        }
    }

    /// Lane `lane`'s clean generation / generation (zero when nothing is generated).
    pub fn clean_share(&self, lane: usize) -> f64 {
        if self.generation[lane] > 0.0 {
            self.clean_generation[lane] / self.generation[lane]
        } else {
            0.0
        }
    }
}

impl Energy {
    /// Generation by technology and the balance of the first `width` of `lanes` runs side by
    /// side, from this year's capacities (MW), capacity factors and sector outputs. Every
    /// argument is lane-minor: technology `k` (or sector `i`) of lane `l` at `k * lanes + l`;
    /// `generation` receives the technologies' generation the same way.
    ///
    /// Each lane's sums are taken in technology and sector order, so a lane's balance does
    /// not depend on the others.
    pub fn balance(
        &self,
        lanes: usize,
        width: usize,
        [capacity, factor, output]: [&[f64]; 3],
        generation: &mut [f64],
        balance: &mut BalanceLanes,
    ) {
        let total = &mut balance.generation[..width];
        let clean = &mut balance.clean_generation[..width];
        let demand = &mut balance.demand[..width];
        total.fill(0.0);
        clean.fill(0.0);
        demand.fill(0.0);
        for (k, tech) in self.technologies.iter().enumerate() {
            let row = k * lanes..k * lanes + width;
            let g = &mut generation[row.clone()];
            for ((g, &c), &f) in g.iter_mut().zip(&capacity[row.clone()]).zip(&factor[row]) {
                *g = c * f * GWH_PER_MW_YEAR;
            }
            for (t, &g) in total.iter_mut().zip(&*g) {
                *t += g;
            }
            if tech.clean {
                for (c, &g) in clean.iter_mut().zip(&*g) {
                    *c += g;
                }
            }
            for (d, &g) in demand.iter_mut().zip(&*g) {
                *d += tech.consumption * g;
            }
        }
        // Σ_i intensity_i · x_i, begun at −0.0 (the identity of addition, as −0.0 + x = x
        // for every x) and added in sector order.
        let sums = &mut balance.from_sectors[..width];
        sums.fill(-0.0);
        for (i, &e) in self.intensities.iter().enumerate() {
            for (sum, &x) in sums.iter_mut().zip(&output[i * lanes..][..width]) {
                *sum += e * x;
            }
        }
        for (d, &sum) in demand.iter_mut().zip(&*sums) {
            *d += sum;
        }
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
        // Two lanes: the second with every capacity, factor and output doubled.
        let lanes = 2;
        let two = |v: &[f64], scale: f64| -> Vec<f64> {
            v.iter().flat_map(|&x| [x, x * scale]).collect()
        };
        let capacity = two(&[1480.0, 1000.0, 1200.0], 2.0);
        let factor = two(&[hydro_factor, 0.5, 0.19], 1.0);
        let output = two(&[100.0, 400.0], 2.0);
        let mut generation = [0.0; 6];
        let mut balance = BalanceLanes::new(lanes);
        energy.balance(
            lanes,
            lanes,
            [&capacity, &factor, &output],
            &mut generation,
            &mut balance,
        );
        assert!((generation[0] - 1709.0).abs() < 1e-9);
        assert!((generation[2] - 4380.0).abs() < 1e-9);
        let storage = 1200.0 * 0.19 * 8.76;
        assert!((generation[4] - storage).abs() < 1e-9);
        assert!((balance.generation[0] - (1709.0 + 4380.0 + storage)).abs() < 1e-9);
        assert!((balance.generation[1] - 2.0 * (1709.0 + 4380.0 + storage)).abs() < 1e-9);
        let share = (1709.0 + storage) / balance.generation[0];
        assert!((balance.clean_share(0) - share).abs() < 1e-12);
        assert!((balance.clean_share(1) - share).abs() < 1e-12);
        // 2·100 + 0.5·400 from the sectors, 1.34 × storage generation for pumping.
        assert!((balance.demand[0] - (400.0 + 1.34 * storage)).abs() < 1e-9);
        assert!((balance.demand[1] - 2.0 * (400.0 + 1.34 * storage)).abs() < 1e-9);
    }
}
