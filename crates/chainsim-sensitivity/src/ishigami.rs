//! The Ishigami function, a standard test model of sensitivity analysis with known indices.
//!
//! f(x) = sin x₁ + a·sin² x₂ + b·x₃⁴·sin x₁ with x₁, x₂, x₃ independent and uniform on
//! [−π, π] (Ishigami & Homma 1990). Its variance decomposition is known in closed form
//! (Sobol' & Levitan 1999; Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer",
//! §4.8), with E x₃⁴ = π⁴/5 and E x₃⁸ = π⁸/9:
//!
//! - V₁ = ½(1 + bπ⁴/5)², V₂ = a²/8, V₃ = 0;
//! - V₁₃ = b²π⁸(1/18 − 1/50) = 8b²π⁸/225, the only interaction;
//! - V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½.
//!
//! So S₁ = V₁/V, S₂ = V₂/V, S₃ = 0, S_T1 = (V₁ + V₁₃)/V, S_T2 = S₂, S_T3 = V₁₃/V; with a = 7
//! and b = 0.1 these are 0.3139, 0.4424, 0 and 0.5576, 0.4424, 0.2437.

use std::f64::consts::PI;

/// The Ishigami function with parameters a and b.
///
/// # Examples
///
/// ```
/// use chainsim_sensitivity::Ishigami;
///
/// let f = Ishigami::STANDARD;
/// assert!((f.first_order()[0] - 0.3139).abs() < 1e-4);
/// // The centre of the unit cube maps to the origin, where f is 0.
/// assert!(f.evaluate_unit(&[0.5, 0.5, 0.5]).abs() < 1e-15);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ishigami {
    /// Weight of sin² x₂.
    pub a: f64,
    /// Weight of x₃⁴ sin x₁.
    pub b: f64,
}

impl Ishigami {
    /// The usual parameters a = 7, b = 0.1 (Marrel et al. 2009; Saltelli et al. 2008).
    pub const STANDARD: Ishigami = Ishigami { a: 7.0, b: 0.1 };

    /// f at x ∈ [−π, π]³.
    ///
    /// # Panics
    ///
    /// If `x` does not have three coordinates.
    #[must_use]
    pub fn evaluate(&self, x: &[f64]) -> f64 {
        let [x1, x2, x3] = <[f64; 3]>::try_from(x).expect("the ishigami function has 3 inputs");
        let s1 = x1.sin();
        let s2 = x2.sin();
        s1 + self.a * s2 * s2 + self.b * x3.powi(4) * s1
    }

    /// f at the image of u ∈ (0, 1)³ under x = −π + 2πu, the form a sensitivity design uses.
    ///
    /// # Panics
    ///
    /// If `u` does not have three coordinates.
    #[must_use]
    pub fn evaluate_unit(&self, u: &[f64]) -> f64 {
        let [u1, u2, u3] = <[f64; 3]>::try_from(u).expect("the ishigami function has 3 inputs");
        self.evaluate(&[
            PI * (2.0 * u1 - 1.0),
            PI * (2.0 * u2 - 1.0),
            PI * (2.0 * u3 - 1.0),
        ])
    }

    /// The partial variances (V₁, V₂, V₃, V₁₃) of the closed-form decomposition.
    #[must_use]
    pub fn partial_variances(&self) -> [f64; 4] {
        let (a, b) = (self.a, self.b);
        let pi4 = PI.powi(4);
        let pi8 = PI.powi(8);
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * pi8 * 8.0 / 225.0;
        [v1, v2, 0.0, v13]
    }

    /// The output variance V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½.
    #[must_use]
    pub fn variance(&self) -> f64 {
        let (a, b) = (self.a, self.b);
        a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5
    }

    /// The analytic first-order indices (S₁, S₂, S₃).
    #[must_use]
    pub fn first_order(&self) -> [f64; 3] {
        let [v1, v2, v3, _] = self.partial_variances();
        let v = self.variance();
        [v1 / v, v2 / v, v3 / v]
    }

    /// The analytic total indices (S_T1, S_T2, S_T3).
    #[must_use]
    pub fn total(&self) -> [f64; 3] {
        let [v1, v2, _, v13] = self.partial_variances();
        let v = self.variance();
        [(v1 + v13) / v, v2 / v, v13 / v]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn analytic_indices_match_the_published_values() {
        // Values quoted in the issue and in e.g. Saltelli et al. (2010), Table 3 / SALib's
        // documentation: S = [0.3139, 0.4424, 0], S_T = [0.5576, 0.4424, 0.2437].
        let f = Ishigami::STANDARD;
        for (got, want) in f.first_order().iter().zip([0.3139, 0.4424, 0.0]) {
            assert!((got - want).abs() < 5e-5, "{got} vs {want}");
        }
        for (got, want) in f.total().iter().zip([0.5576, 0.4424, 0.2437]) {
            assert!((got - want).abs() < 5e-5, "{got} vs {want}");
        }
        // The decomposition is complete: V₁ + V₂ + V₃ + V₁₃ = V.
        let parts: f64 = f.partial_variances().iter().sum();
        assert_relative_eq!(parts, f.variance(), max_relative = 1e-14);
    }

    #[test]
    fn the_variance_matches_a_midpoint_quadrature() {
        // An independent check of the closed form: a midpoint rule on the unit cube, 40 × 40
        // nodes in x₁, x₂ (the integrand is a low-degree trigonometric polynomial there, which
        // the periodic midpoint rule integrates exactly) and 2,000 in x₃ (error O(h²) ≈ 1e-6
        // relative for the x₃⁸ term).
        let f = Ishigami::STANDARD;
        let (m, m3) = (40u32, 2000u32);
        let (h, h3) = (1.0 / f64::from(m), 1.0 / f64::from(m3));
        let (mut s, mut s2) = (0.0, 0.0);
        for i in 0..m {
            for j in 0..m {
                for k in 0..m3 {
                    let u = [
                        (f64::from(i) + 0.5) * h,
                        (f64::from(j) + 0.5) * h,
                        (f64::from(k) + 0.5) * h3,
                    ];
                    let y = f.evaluate_unit(&u);
                    s += y;
                    s2 += y * y;
                }
            }
        }
        let n = f64::from(m * m * m3);
        let mean = s / n;
        // E f = a/2 exactly (E sin² = ½, E sin x₁ = 0).
        assert!((mean - 3.5).abs() < 1e-9, "{mean}");
        assert_relative_eq!(s2 / n - mean * mean, f.variance(), max_relative = 1e-5);
    }
}
