//! Capacity: organic growth plus a pipeline of discrete projects that may slip or fail.
//!
//! A capacity path is `base · (1 + growth)^t` plus every project online by year `t`. A project
//! completes with probability `p` and then comes online in its planned year plus a delay drawn
//! from a discrete distribution of whole years. Each project consumes two of a run's standard
//! normal inputs, `u = Φ(z)`: completion when `u₁ < p`, and the delay as the `u₂`-quantile.

use crate::stats::std_normal_cdf;

/// A capacity that grows at a fixed organic rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// Capacity in the base year.
    pub base: f64,
    /// Organic growth per year (a fraction).
    pub growth: f64,
}

impl Capacity {
    /// Organic capacity `t` years after the base year.
    pub fn organic(&self, t: usize) -> f64 {
        self.base * (1.0 + self.growth).powi(t as i32)
    }
}

/// What a project adds capacity to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityHolder {
    /// A sector with its own capacity.
    Sector(usize),
    /// A stage of a chain.
    Stage {
        /// Chain index.
        chain: usize,
        /// Stage index within the chain.
        stage: usize,
    },
    /// An energy technology.
    Technology(usize),
}

/// A compiled project.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it adds to.
    pub holder: CapacityHolder,
    /// Capacity added once online.
    pub capacity: f64,
    /// Planned first year online.
    pub year: i32,
    /// Probability of completion.
    pub probability: f64,
    /// Possible delays (whole years), ascending.
    pub delays: Vec<i32>,
    /// Cumulative probability of each delay (the last is 1).
    pub delay_cdf: Vec<f64>,
}

impl Project {
    /// The first year the project is online for its two standard-normal inputs, or `None`
    /// when it is not completed.
    pub fn online_year(&self, z_completion: f64, z_delay: f64) -> Option<i32> {
        let completed = self.probability >= 1.0 || std_normal_cdf(z_completion) < self.probability;
        if !completed {
            return None;
        }
        let u = std_normal_cdf(z_delay);
        let k = self
            .delay_cdf
            .partition_point(|&c| c <= u)
            .min(self.delays.len() - 1);
        Some(self.year + self.delays[k])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(probability: f64, delays: &[i32], weights: &[f64]) -> Project {
        let mut cumulative = 0.0;
        Project {
            id: "p".into(),
            name: "p".into(),
            holder: CapacityHolder::Technology(0),
            capacity: 1.0,
            year: 2029,
            probability,
            delays: delays.to_vec(),
            delay_cdf: weights
                .iter()
                .map(|w| {
                    cumulative += w;
                    cumulative
                })
                .collect(),
        }
    }

    #[test]
    fn completion_is_the_lower_p_share_of_the_first_input() {
        let p = project(0.9, &[0], &[1.0]);
        // Φ(1.2815515655446004) = 0.9: just below completes, just above does not.
        assert_eq!(p.online_year(1.28, 0.0), Some(2029));
        assert_eq!(p.online_year(1.29, 0.0), None);
        assert_eq!(project(0.0, &[0], &[1.0]).online_year(-8.0, 0.0), None);
        assert_eq!(project(1.0, &[0], &[1.0]).online_year(9.0, 0.0), Some(2029));
    }

    #[test]
    fn delay_is_the_quantile_of_the_second_input() {
        let p = project(1.0, &[0, 1, 2], &[0.5, 0.3, 0.2]);
        // Φ(0) = 0.5 falls in the second class [0.5, 0.8); Φ(−0.1) < 0.5; Φ(0.9) = 0.816 > 0.8.
        assert_eq!(p.online_year(0.0, -0.1), Some(2029));
        assert_eq!(p.online_year(0.0, 0.0), Some(2030));
        assert_eq!(p.online_year(0.0, 0.9), Some(2031));
    }

    #[test]
    fn organic_capacity_compounds() {
        let c = Capacity {
            base: 100.0,
            growth: 0.1,
        };
        assert!((c.organic(2) - 121.0).abs() < 1e-12);
    }
}
