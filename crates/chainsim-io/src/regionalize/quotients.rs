//! Location quotients: how much of what a regional sector buys can be bought in the region.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::error::IoError;
use crate::label::Label;
use crate::validate;

/// Which location quotient turns national coefficients into regional ones.
///
/// Each gives a quotient qᵢⱼ for the purchases of sector j from sector i, and the regional
/// coefficient is aʳᵢⱼ = aⁿᵢⱼ · min(1, qᵢⱼ): a quotient of one or more means the region
/// supplies all it needs of i, one below means the rest is imported.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum QuotientMethod {
    /// The simple location quotient, row by row: qᵢⱼ = SLQᵢ.
    Slq,
    /// The cross-industry quotient qᵢⱼ = SLQᵢ / SLQⱼ, with SLQᵢ on the diagonal (Round's
    /// convention).
    Cilq,
    /// Flegg's quotient (Flegg & Webber 1997): CILQᵢⱼ · λ off the diagonal and SLQᵢ · λ on
    /// it, with λ = [log₂(1 + xʳ/xⁿ)]^δ, 0 ≤ δ < 1.
    Flq {
        /// The exponent δ (0.3 is the usual value; 0 gives the CILQ).
        delta: f64,
    },
    /// The augmented FLQ (Flegg & Webber 2000): FLQᵢⱼ · log₂(1 + SLQⱼ) where SLQⱼ > 1 (a
    /// regionally specialised buyer), FLQᵢⱼ elsewhere.
    Aflq {
        /// The exponent δ of the FLQ.
        delta: f64,
    },
}

impl QuotientMethod {
    /// The FLQ exponent δ, for the Flegg quotients.
    pub fn delta(self) -> Option<f64> {
        match self {
            QuotientMethod::Slq | QuotientMethod::Cilq => None,
            QuotientMethod::Flq { delta } | QuotientMethod::Aflq { delta } => Some(delta),
        }
    }

    /// The short name: `slq`, `cilq`, `flq` or `aflq`.
    pub fn name(self) -> &'static str {
        match self {
            QuotientMethod::Slq => "slq",
            QuotientMethod::Cilq => "cilq",
            QuotientMethod::Flq { .. } => "flq",
            QuotientMethod::Aflq { .. } => "aflq",
        }
    }
}

/// Location quotients of a region within its nation, from one size measure per sector
/// (output or employment, the same measure on both sides).
///
/// SLQᵢ = (xʳᵢ / xʳ) / (xⁿᵢ / xⁿ) compares sector i's share of the region with its share
/// of the nation. A sector the region lacks (xʳᵢ = 0) has SLQᵢ = 0, so the region supplies
/// none of it. For the cross-industry quotients a buyer the region lacks (SLQⱼ = 0) takes
/// the formulas' limit, qᵢⱼ = +∞ (the national coefficient kept), for every seller it has;
/// that column never meets a regional output, so only the convention's consistency matters.
///
/// # Examples
///
/// A three-sector nation with output [200, 300, 500] and a region with [30, 15, 55]:
/// shares [0.2, 0.3, 0.5] and [0.3, 0.15, 0.55], so SLQ = [1.5, 0.5, 1.1]; the CILQ of
/// sector 2's purchases from sector 1 is 0.5 / 1.5.
///
/// ```
/// use chainsim_io::{Label, LocationQuotients, QuotientMethod};
/// use nalgebra::dvector;
///
/// let q = LocationQuotients::new(
///     &Label::sectors(["a", "b", "c"]),
///     "output",
///     &dvector![200.0, 300.0, 500.0],
///     &dvector![30.0, 15.0, 55.0],
///     QuotientMethod::Cilq,
/// )?;
/// assert!((q.slq()[1] - 0.5).abs() < 1e-15);
/// assert!((q.quotient(1, 0) - 0.5 / 1.5).abs() < 1e-15);
/// assert!((q.factors()[(0, 1)] - 1.0).abs() < 1e-15); // 1.5 / 0.5 = 3, capped at 1
/// # Ok::<(), chainsim_io::IoError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationQuotients {
    method: QuotientMethod,
    measure: String,
    national: DVector<f64>,
    regional: DVector<f64>,
    slq: DVector<f64>,
    size_ratio: f64,
    lambda: f64,
}

impl LocationQuotients {
    /// The quotients of a region with sector sizes `regional` in a nation with `national`
    /// (both in the sectors' order, in the same `measure`, such as "output" or
    /// "employment", which the errors name), for `method`.
    ///
    /// # Errors
    ///
    /// [`IoError::DimensionMismatch`] if either measure does not have one entry per sector;
    /// [`IoError::NonFinite`], [`IoError::Negative`]; [`IoError::ZeroTotal`] if either
    /// total is zero; [`IoError::AbsentNationally`] for a regional sector the nation lacks;
    /// for the Flegg quotients [`IoError::DeltaOutOfRange`] and
    /// [`IoError::RegionExceedsNation`] (λ needs xʳ ≤ xⁿ; the SLQ and CILQ are ratios of
    /// shares and take any scale).
    pub fn new(
        sectors: &[Label],
        measure: &str,
        national: &DVector<f64>,
        regional: &DVector<f64>,
        method: QuotientMethod,
    ) -> Result<LocationQuotients, IoError> {
        let n = sectors.len();
        validate::vector_len("national size measure", national, n)?;
        validate::vector_len("regional size measure", regional, n)?;
        validate::non_negative_vector("national size measure", national)?;
        validate::non_negative_vector("regional size measure", regional)?;
        let (national_total, regional_total) = (national.sum(), regional.sum());
        for (side, total) in [("national", national_total), ("regional", regional_total)] {
            // A sum of finite values can still overflow.
            if !(total > 0.0 && total.is_finite()) {
                return Err(IoError::ZeroTotal {
                    what: format!("{side} {measure}"),
                    total,
                });
            }
        }
        if let Some(sector) = (0..n).find(|&i| national[i] == 0.0 && regional[i] > 0.0) {
            return Err(IoError::AbsentNationally {
                sector,
                label: sectors[sector].to_string(),
                measure: measure.into(),
                regional: regional[sector],
            });
        }
        let size_ratio = regional_total / national_total;
        let lambda = match method.delta() {
            None => 1.0,
            Some(delta) => {
                if !(0.0..1.0).contains(&delta) {
                    return Err(IoError::DeltaOutOfRange { delta });
                }
                if size_ratio > 1.0 {
                    return Err(IoError::RegionExceedsNation {
                        measure: measure.into(),
                        regional_total,
                        national_total,
                    });
                }
                libm::pow(libm::log2(1.0 + size_ratio), delta)
            }
        };
        let slq = DVector::from_fn(n, |i, _| {
            if regional[i] > 0.0 {
                (regional[i] / regional_total) / (national[i] / national_total)
            } else {
                0.0
            }
        });
        Ok(LocationQuotients {
            method,
            measure: measure.into(),
            national: national.clone(),
            regional: regional.clone(),
            slq,
            size_ratio,
            lambda,
        })
    }

    /// The method.
    pub fn method(&self) -> QuotientMethod {
        self.method
    }

    /// The size measure, e.g. "output" or "employment".
    pub fn measure(&self) -> &str {
        &self.measure
    }

    /// The national size of each sector.
    pub fn national(&self) -> &DVector<f64> {
        &self.national
    }

    /// The regional size of each sector.
    pub fn regional(&self) -> &DVector<f64> {
        &self.regional
    }

    /// The simple location quotients SLQᵢ.
    pub fn slq(&self) -> &DVector<f64> {
        &self.slq
    }

    /// The region's size relative to the nation's, xʳ / xⁿ.
    pub fn size_ratio(&self) -> f64 {
        self.size_ratio
    }

    /// Flegg's λ = [log₂(1 + xʳ/xⁿ)]^δ for the Flegg quotients, `None` for the others.
    pub fn lambda(&self) -> Option<f64> {
        self.method.delta().map(|_| self.lambda)
    }

    /// The number of sectors.
    pub fn n_sectors(&self) -> usize {
        self.slq.len()
    }

    /// The quotient qᵢⱼ for sector j's purchases from sector i, before the cap at one:
    /// +∞ only for a cross-industry quotient whose buyer the region lacks.
    ///
    /// # Panics
    ///
    /// If `i` or `j` is not below [`LocationQuotients::n_sectors`].
    pub fn quotient(&self, i: usize, j: usize) -> f64 {
        let (slq_i, slq_j) = (self.slq[i], self.slq[j]);
        let cross = if i == j || matches!(self.method, QuotientMethod::Slq) {
            slq_i
        } else if slq_i == 0.0 {
            0.0
        } else if slq_j == 0.0 {
            f64::INFINITY
        } else {
            slq_i / slq_j
        };
        match self.method {
            QuotientMethod::Slq | QuotientMethod::Cilq => cross,
            QuotientMethod::Flq { .. } => cross * self.lambda,
            QuotientMethod::Aflq { .. } => {
                let flq = cross * self.lambda;
                if slq_j > 1.0 {
                    flq * libm::log2(1.0 + slq_j)
                } else {
                    flq
                }
            }
        }
    }

    /// The factors min(1, qᵢⱼ) that scale national coefficients to regional ones.
    pub fn factors(&self) -> DMatrix<f64> {
        let n = self.n_sectors();
        DMatrix::from_fn(n, n, |i, j| self.quotient(i, j).min(1.0))
    }

    /// Regional coefficients aʳᵢⱼ = aⁿᵢⱼ · min(1, qᵢⱼ) of national coefficients `national`;
    /// each is at most the national one.
    ///
    /// # Errors
    ///
    /// [`IoError::NotSquare`], [`IoError::DimensionMismatch`] if `national` is not
    /// sectors × sectors.
    pub fn regional_coefficients(&self, national: &DMatrix<f64>) -> Result<DMatrix<f64>, IoError> {
        validate::square("national coefficient matrix", national)?;
        if national.nrows() != self.n_sectors() {
            return Err(IoError::DimensionMismatch {
                what: "national coefficient matrix",
                expected: self.n_sectors(),
                found: national.nrows(),
            });
        }
        Ok(national.component_mul(&self.factors()))
    }
}
