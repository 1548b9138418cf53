//! A hybrid-unit model's input–output system in value terms at base-year prices.
//!
//! A scenario's coefficient a_ij is in units of sector i per unit of sector j: 亿元 per tonne
//! into a sector measured in tonnes, tonnes per 亿元 out of it. Column sums, linkages and
//! multipliers add such a column's entries, so they mean something only once every sector is
//! measured in value. With p_i the base-year price of sector i (1 for a sector measured in
//! value):
//!
//! ```text
//! a_ij^value = a_ij · p_i / p_j        x_i^value = x_i · p_i
//! ```
//!
//! that is A^value = p̂ A p̂⁻¹, a similarity transform: the spectral radius, and so whether A
//! is productive, do not change, and L^value = p̂ L p̂⁻¹. [`from_value_terms`] is the inverse,
//! p̂⁻¹ A^value p̂, for coefficients taken from a table in value terms.

use nalgebra::{DMatrix, DVector};

use super::{Model, Sector};

/// A sector measured in a physical unit, converted to value at its base-year price.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceConversion {
    /// The sector's index in the model.
    pub sector_idx: usize,
    /// The sector's id.
    pub id: String,
    /// Its physical unit.
    pub unit: String,
    /// Its base-year price, in the model's value unit per `unit`.
    pub price: f64,
}

/// The model's input–output system in value terms at base-year prices (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueTerms {
    /// A^value: the value of sector i's input per unit of value of sector j's output.
    pub coefficients: DMatrix<f64>,
    /// x^value: base-year output in the model's value unit.
    pub output: DVector<f64>,
    /// The sectors converted, in sector order; empty when every sector is measured in value.
    pub conversions: Vec<PriceConversion>,
    /// The value unit every sector is now measured in.
    pub value_unit: String,
}

/// Each sector's base-year price p_i: its `price`, or 1 for a sector measured in value.
pub fn base_prices(sectors: &[Sector]) -> Vec<f64> {
    sectors.iter().map(|s| s.price.unwrap_or(1.0)).collect()
}

/// A^value = p̂ A p̂⁻¹: a_ij · p_i / p_j, for coefficients in each sector's own unit and
/// positive prices `prices`.
pub fn to_value_terms(coefficients: &DMatrix<f64>, prices: &[f64]) -> DMatrix<f64> {
    DMatrix::from_fn(coefficients.nrows(), coefficients.ncols(), |i, j| {
        coefficients[(i, j)] * prices[i] / prices[j]
    })
}

/// A = p̂⁻¹ A^value p̂: a_ij^value · p_j / p_i, the coefficients in each sector's own unit of
/// coefficients in value terms.
pub fn from_value_terms(value_coefficients: &DMatrix<f64>, prices: &[f64]) -> DMatrix<f64> {
    DMatrix::from_fn(
        value_coefficients.nrows(),
        value_coefficients.ncols(),
        |i, j| value_coefficients[(i, j)] * prices[j] / prices[i],
    )
}

impl Model {
    /// The mean coefficients and base-year output in value terms at base-year prices,
    /// with the sectors converted and the prices used. For a model whose sectors are all
    /// measured in value they are [`Model::coefficients`] and [`Model::base_output`] as they
    /// are, and `conversions` is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainsim::Model;
    /// // Carbon fibre in tonnes at 0.002 (亿元 per t) buys 0.0005 亿元 of chemicals per tonne:
    /// // a quarter of its value.
    /// let model = Model::from_toml_str(r#"
    ///     [scenario]
    ///     name = "hybrid"
    ///     value_unit = "亿元"
    ///     base_year = 2025
    ///     horizon = 2026
    ///     [provenance]
    ///     sectors = { assumption = "illustrative" }
    ///     growth = { assumption = "illustrative" }
    ///     prices = { assumption = "illustrative" }
    ///     coefficients = { assumption = "illustrative" }
    ///     [[sectors]]
    ///     id = "chemicals"
    ///     name = "Chemicals"
    ///     base = 100.0
    ///     [[sectors]]
    ///     id = "fibre"
    ///     name = "Carbon fibre"
    ///     unit = "t"
    ///     base = 10000.0
    ///     price = 0.002
    ///     [[growth]]
    ///     sector = "chemicals"
    ///     distribution = "fixed"
    ///     value = 0.0
    ///     [[growth]]
    ///     sector = "fibre"
    ///     distribution = "fixed"
    ///     value = 0.0
    ///     [[price_growth]]
    ///     sector = "fibre"
    ///     distribution = "fixed"
    ///     value = 0.0
    ///     [[coefficients]]
    ///     from = "chemicals"
    ///     to = "fibre"
    ///     value = 0.0005
    /// "#)?;
    /// let value = model.value_terms();
    /// // 0.0005 · 1 / 0.002 = 0.25 of fibre's value; 10,000 t × 0.002 = 20 亿元.
    /// assert!((value.coefficients[(0, 1)] - 0.25).abs() < 1e-12);
    /// assert!((value.output[1] - 20.0).abs() < 1e-12);
    /// assert_eq!(value.conversions[0].id, "fibre");
    /// assert_eq!(value.conversions[0].unit, "t");
    /// # Ok::<(), chainsim::ScenarioError>(())
    /// ```
    pub fn value_terms(&self) -> ValueTerms {
        let prices = base_prices(&self.sectors);
        let output = DVector::from_fn(self.sectors.len(), |i, _| self.base_output[i] * prices[i]);
        let conversions = self
            .sectors
            .iter()
            .enumerate()
            .filter_map(|(sector_idx, s)| {
                s.price.map(|price| PriceConversion {
                    sector_idx,
                    id: s.id.clone(),
                    unit: s.unit.clone(),
                    price,
                })
            })
            .collect();
        ValueTerms {
            coefficients: to_value_terms(&self.coefficients, &prices),
            output,
            conversions,
            value_unit: self.value_unit.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::dmatrix;

    #[test]
    fn from_value_terms_undoes_to_value_terms() {
        // A tonne of fibre (price 0.002) buys 0.0005 of chemicals and 0.1 t of fibre;
        // chemicals buy 2 t of fibre per unit: 2 · 0.002 / 1 = 0.004 in value.
        let a = dmatrix![0.2, 0.0005; 2.0, 0.1];
        let prices = [1.0, 0.002];
        let value = to_value_terms(&a, &prices);
        let expected = dmatrix![0.2, 0.25; 0.004, 0.1];
        assert!((&value - &expected).abs().max() < 1e-15);
        assert!((from_value_terms(&value, &prices) - a).abs().max() < 1e-15);
    }
}
