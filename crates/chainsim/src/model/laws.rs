//! The run-time laws of a compiled model: a sector's growth (or price, or capacity
//! factor) law for one year, and a coefficient drawn once per run.

use std::sync::Arc;

use crate::stats::{Marginal, QuantileTable};

/// How a drawn value becomes a growth factor 1 + g.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthScale {
    /// The draw is the rate g.
    Rate,
    /// The draw is the factor 1 + g itself (lognormal).
    Factor,
}

/// The growth law of one sector in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthStep {
    /// Distribution of the draw.
    pub marginal: Marginal,
    /// Whether the draw is a rate or a factor.
    pub scale: GrowthScale,
    /// AR(1) coefficient ρ on the Gaussian shock from the previous year, in [0, 1).
    pub(crate) persistence: f64,
    /// √(1 − ρ²), the weight of the year's own shock, computed once.
    pub(crate) innovation: f64,
    /// A location shift: added to a drawn rate; for a factor law, ln(1 + g) moves by it.
    /// Zero as compiled; set by [`crate::Model::with_growth_shift`].
    pub shift: f64,
    /// A tabulated copula map for laws whose exact map is expensive (PERT), shared by every
    /// year the law covers.
    pub table: Option<Arc<QuantileTable>>,
}

impl GrowthStep {
    /// A law with AR(1) coefficient `persistence` ρ ∈ [0, 1) on the Gaussian shock of the
    /// previous year, unshifted, with an optional tabulated copula map.
    pub fn new(
        marginal: Marginal,
        scale: GrowthScale,
        persistence: f64,
        table: Option<Arc<QuantileTable>>,
    ) -> GrowthStep {
        debug_assert!((0.0..1.0).contains(&persistence));
        GrowthStep {
            marginal,
            scale,
            persistence,
            innovation: (1.0 - persistence * persistence).sqrt(),
            shift: 0.0,
            table,
        }
    }

    /// The AR(1) coefficient ρ.
    pub fn persistence(&self) -> f64 {
        self.persistence
    }

    /// This year's Gaussian shock ρ z₋₁ + √(1 − ρ²) w from last year's `previous` and the
    /// year's own standard normal `w`.
    pub fn persist(&self, previous: f64, w: f64) -> f64 {
        self.persistence * previous + self.innovation * w
    }

    /// The mean growth rate E\[g\].
    pub fn mean_rate(&self) -> f64 {
        match self.scale {
            GrowthScale::Rate => self.marginal.mean() + self.shift,
            GrowthScale::Factor => self.marginal.mean() * crate::stats::exp(self.shift) - 1.0,
        }
    }

    /// The law's draw for a standard-normal shock `z` (a rate, a factor or a level).
    #[inline]
    pub fn draw(&self, z: f64) -> f64 {
        match &self.table {
            Some(table) => table.from_std_normal(z),
            None => self.marginal.from_std_normal(z),
        }
    }

    /// The growth factor 1 + g for a standard-normal shock `z`; never negative.
    #[inline]
    pub fn factor(&self, z: f64) -> f64 {
        let draw = self.draw(z);
        let factor = match self.scale {
            GrowthScale::Rate => 1.0 + draw + self.shift,
            // Unshifted (as compiled), skip exp(0) = 1: the same value without a libm call.
            GrowthScale::Factor if self.shift == 0.0 => draw,
            GrowthScale::Factor => draw * crate::stats::exp(self.shift),
        };
        // Compilation rejects laws that put more than 1e-12 probability below −100%;
        // the floor keeps a level at zero rather than negative in that residue.
        factor.max(0.0)
    }
}

impl GrowthStep {
    /// `now[l] = last[l] · factor(z[l])` for every lane l: [`GrowthStep::factor`] with the
    /// law chosen once for all lanes, so that the loop over lanes vectorises for the normal
    /// law (the same numbers, to the bit).
    pub fn compound(&self, z: &[f64], last: &[f64], now: &mut [f64]) {
        match (&self.table, &self.marginal, self.scale) {
            (None, Marginal::Normal(normal), GrowthScale::Rate) => {
                for ((now, &last), &z) in now.iter_mut().zip(last).zip(z) {
                    *now = last * (1.0 + normal.from_std_normal(z) + self.shift).max(0.0);
                }
            }
            _ => {
                for ((now, &last), &z) in now.iter_mut().zip(last).zip(z) {
                    *now = last * self.factor(z);
                }
            }
        }
    }
}

/// A coefficient drawn once per run: a_ij = exp(mu + sigma·z), lognormal with the given mean
/// and relative standard deviation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UncertainCoefficient {
    /// Supplying sector.
    pub from: usize,
    /// Buying sector.
    pub to: usize,
    /// Mean of ln a_ij.
    pub log_mean: f64,
    /// Standard deviation of ln a_ij.
    pub log_sd: f64,
}

impl UncertainCoefficient {
    pub(crate) fn new(from: usize, to: usize, mean: f64, relative_sd: f64) -> UncertainCoefficient {
        let log_var = libm::log(1.0 + relative_sd * relative_sd);
        UncertainCoefficient {
            from,
            to,
            log_mean: libm::log(mean) - log_var / 2.0,
            log_sd: log_var.sqrt(),
        }
    }

    /// The coefficient for a standard-normal draw `z`.
    pub fn value(&self, z: f64) -> f64 {
        crate::stats::exp(self.log_mean + self.log_sd * z)
    }
}
