//! Production chains: stages with conversion ratios and capacities, ending in a sector.
//!
//! A chain `s₁ → s₂ → … → s_K` makes the output of sector `K` (its last stage). Stage `k`
//! needs `ratio_k` units per unit of stage `k + 1`, so one unit of final output needs
//! `R_k = ratio_k · ratio_{k+1} ⋯ ratio_{K−1}` units of stage `k` (`R_K = 1`). With stage
//! capacities `c_k`, the chain can deliver at most `min_k c_k / R_k` units of final output;
//! the stage attaining the minimum binds. A stage made by another sector (a `supplier`, e.g.
//! acrylonitrile from chemicals) turns into the input–output coefficient
//! `a_{supplier, sector} = R_k · price_k`, so its supply enters that sector's output.

use super::capacity::Capacity;

/// One stage of a compiled chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Identifier within the chain.
    pub id: String,
    /// Physical unit of the stage's product.
    pub unit: String,
    /// Units of this stage per unit of the chain's final output, `R_k`.
    pub per_final: f64,
    /// Capacity path.
    pub capacity: Capacity,
    /// The sector producing this stage, when it is not the chain's own sector.
    pub supplier: Option<usize>,
    /// With a supplier: value per unit.
    pub price: Option<f64>,
}

/// A compiled chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The sector whose output is the last stage.
    pub sector_idx: usize,
    /// Stages, upstream first.
    pub stages: Vec<Stage>,
}

impl Chain {
    /// The most final output the stages allow, in the sector's unit, and the index of the
    /// binding stage (the most upstream one on ties), given each stage's capacity this year.
    pub fn limit(&self, stage_capacity: &[f64]) -> (f64, usize) {
        let (mut limit, mut stage) = ([0.0], [0]);
        self.limit_lanes(stage_capacity, 1, &mut limit, &mut stage);
        (limit[0], stage[0])
    }

    /// [`Chain::limit`] of runs side by side: stage `k`'s capacity in lane `l` at
    /// `stage_capacity[k * lanes + l]`, each lane's limit and binding stage into `limit` and
    /// `stage` (as many lanes as they hold).
    pub fn limit_lanes(
        &self,
        stage_capacity: &[f64],
        lanes: usize,
        limit: &mut [f64],
        stage: &mut [usize],
    ) {
        let width = limit.len();
        limit.fill(f64::INFINITY);
        stage[..width].fill(0);
        for (k, s) in self.stages.iter().enumerate() {
            let capacity = &stage_capacity[k * lanes..][..width];
            for ((best, binding), &cap) in limit.iter_mut().zip(&mut *stage).zip(capacity) {
                let allowed = cap / s.per_final;
                if allowed < *best {
                    (*best, *binding) = (allowed, k);
                }
            }
        }
    }

    /// [`Chain::limit`] at the stages' base-year capacities.
    pub fn base_limit(&self) -> (f64, usize) {
        let base: Vec<f64> = self.stages.iter().map(|s| s.capacity.base).collect();
        self.limit(&base)
    }

    /// What each stage produces for `final_output` units of final output.
    pub fn production(&self, final_output: f64, out: &mut [f64]) {
        self.production_lanes(&[final_output], 1, out);
    }

    /// [`Chain::production`] of runs side by side: final output of lane `l` at
    /// `final_output[l]`, stage `k` of lane `l` into `out[k * lanes + l]`.
    pub fn production_lanes(&self, final_output: &[f64], lanes: usize, out: &mut [f64]) {
        for (k, stage) in self.stages.iter().enumerate() {
            let row = &mut out[k * lanes..][..final_output.len()];
            for (slot, &x) in row.iter_mut().zip(final_output) {
                *slot = x * stage.per_final;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Acrylonitrile (1.0 t per t precursor) → precursor (1.9 t per t fibre) → fibre.
    fn carbon_fibre() -> Chain {
        let stage = |id: &str, per_final: f64| Stage {
            id: id.into(),
            unit: "t".into(),
            per_final,
            capacity: Capacity {
                base: 0.0,
                growth: 0.0,
            },
            supplier: None,
            price: None,
        };
        Chain {
            id: "cf".into(),
            name: "cf".into(),
            sector_idx: 0,
            stages: vec![
                stage("an", 1.9),
                stage("precursor", 1.9),
                stage("fibre", 1.0),
            ],
        }
    }

    // Hand-computed: capacities (AN, precursor, fibre) → (limit in t of fibre, binding stage).
    // AN 100,000 t / 1.9 = 52,631.58 t; precursor 190,000 / 1.9 = 100,000; fibre 70,000.
    #[test]
    fn the_binding_stage_limits_final_output() {
        let cases: [([f64; 3], f64, usize); 4] = [
            ([100_000.0, 190_000.0, 70_000.0], 100_000.0 / 1.9, 0),
            ([260_000.0, 114_000.0, 70_000.0], 60_000.0, 1),
            ([260_000.0, 160_000.0, 70_000.0], 70_000.0, 2),
            // A tie between precursor and fibre: the upstream stage is reported.
            ([260_000.0, 133_000.0, 70_000.0], 70_000.0, 1),
        ];
        let chain = carbon_fibre();
        for (caps, limit, binding) in cases {
            let (got, k) = chain.limit(&caps);
            assert!((got - limit).abs() < 1e-9, "{caps:?}: {got} vs {limit}");
            assert_eq!(k, binding, "{caps:?}");
        }
        // The four cases side by side, stage-major: the same limits and stages.
        let lanes = cases.len();
        let side_by_side: Vec<f64> = (0..3)
            .flat_map(|k| cases.iter().map(move |case| case.0[k]))
            .collect();
        let (mut limits, mut stages) = (vec![0.0; lanes], vec![9; lanes]);
        chain.limit_lanes(&side_by_side, lanes, &mut limits, &mut stages);
        for (lane, (_, limit, binding)) in cases.into_iter().enumerate() {
            assert!(
                (limits[lane] - limit).abs() < 1e-9,
                "lane {lane}: {limits:?}"
            );
            assert_eq!(stages[lane], binding, "lane {lane}");
        }
    }

    #[test]
    fn production_follows_the_conversion_ratios() {
        let mut out = [0.0; 3];
        carbon_fibre().production(56_000.0, &mut out);
        for (got, want) in out.iter().zip([106_400.0, 106_400.0, 56_000.0]) {
            assert!((got - want).abs() < 1e-9, "{out:?}");
        }
        // Two lanes side by side: 56,000 t of fibre and none.
        let mut out = [9.0; 6];
        carbon_fibre().production_lanes(&[56_000.0, 0.0], 2, &mut out);
        let want = [106_400.0, 0.0, 106_400.0, 0.0, 56_000.0, 0.0];
        for (got, want) in out.iter().zip(want) {
            assert!((got - want).abs() < 1e-9, "{out:?}");
        }
    }
}
