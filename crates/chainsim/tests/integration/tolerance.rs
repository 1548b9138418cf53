//! The tolerances of the engine's tests, named once.

/// Monte Carlo results must lie within this many standard errors of the closed form.
pub const MC_SIGMAS: f64 = 4.0;

/// Relative error of a value computed in a few floating-point operations.
pub const REL_1E12: f64 = 1e-12;

/// Asserts a simulated share `got` of `runs` runs lies within [`MC_SIGMAS`] binomial
/// standard errors of the probability `exact`.
pub fn assert_probability(got: f64, exact: f64, runs: u64, what: &str) {
    let se = (exact * (1.0 - exact) / runs as f64).sqrt();
    assert!(
        (got - exact).abs() <= MC_SIGMAS * se,
        "{what}: simulated {got}, closed form {exact}, se {se}"
    );
}
