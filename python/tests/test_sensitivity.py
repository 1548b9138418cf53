"""chainsim.sensitivity against SALib's Sobol analysis on the same design, and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from SALib.analyze import sobol as salib_sobol
from SALib.test_functions import Ishigami

import chainsim

PROBLEM = {
    "num_vars": 3,
    "names": ["x1", "x2", "x3"],
    "bounds": [[-math.pi, math.pi]] * 3,
}
N = 1 << 12
SEED = 11
EXACT = 1e-12


def ishigami_indices(a=7.0, b=0.1):
    """The closed-form first-order and total indices of Ishigami (a = 7, b = 0.1)."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def to_salib_order(y, d):
    """chainsim's runs per base row are A, B, AB₁ … AB_d; SALib's A, AB₁ … AB_d, B."""
    rows = y.reshape(-1, d + 2)
    return np.concatenate([rows[:, :1], rows[:, 2:], rows[:, 1:2]], axis=1).ravel()


@pytest.fixture(scope="module")
def design():
    x = chainsim.saltelli_sample(PROBLEM, N, seed=SEED)
    y = Ishigami.evaluate(x)
    return x, y


def test_sample_is_the_design_sensitivity_evaluates(design):
    x, _ = design
    assert x.shape == (N * 5, 3)
    seen = []

    def model(points):
        seen.append(points.copy())
        return Ishigami.evaluate(points)

    chainsim.sensitivity(model, PROBLEM, N, seed=SEED, resamples=0)
    assert len(seen) == 1 and np.array_equal(seen[0], x)
    assert x.min() >= -math.pi and x.max() <= math.pi


def test_total_indices_equal_salibs(design):
    x, y = design
    ours = chainsim.sensitivity(Ishigami.evaluate, PROBLEM, N, seed=SEED, resamples=0)
    theirs = salib_sobol.analyze(PROBLEM, to_salib_order(y, 3), calc_second_order=False, num_resamples=10, seed=1)
    # Jansen's total-index estimator, shared by both and unchanged by centring or scaling.
    np.testing.assert_allclose(ours["ST"].to_numpy(), theirs["ST"], rtol=0, atol=EXACT)


def test_first_order_equals_salibs_estimator_on_the_same_centring(design):
    """SALib centres the outputs on their mean over all N·(d + 2) runs, chainsim on the
    mean over A and B (both are Saltelli 2010's estimator; the centring moves it by
    (m_all − m_AB)·mean(AB − A)/V). On outputs centred as chainsim centres them, SALib's
    own first_order gives chainsim's numbers; its analyze gives them up to that term."""
    x, y = design
    ours = chainsim.sensitivity(Ishigami.evaluate, PROBLEM, N, seed=SEED, resamples=0)
    rows = y.reshape(-1, 5)
    a, b, ab = rows[:, 0], rows[:, 1], rows[:, 2:]
    m_ab = np.concatenate([a, b]).mean()
    s1 = [salib_sobol.first_order(a - m_ab, ab[:, j] - m_ab, b - m_ab) for j in range(3)]
    np.testing.assert_allclose(ours["S1"].to_numpy(), s1, rtol=0, atol=EXACT)

    theirs = salib_sobol.analyze(PROBLEM, to_salib_order(y, 3), calc_second_order=False, num_resamples=10, seed=1)
    v = np.var(np.concatenate([a, b]))
    shift = (y.mean() - m_ab) * (ab - a[:, None]).mean(axis=0) / v
    np.testing.assert_allclose(ours["S1"].to_numpy() - theirs["S1"], shift, rtol=0, atol=EXACT)


def test_ishigami_indices_near_the_closed_form():
    first, total = ishigami_indices()
    result = chainsim.sensitivity(Ishigami.evaluate, PROBLEM, N, seed=SEED, groups={"x1+x3": ["x1", "x3"]})
    np.testing.assert_allclose(result.loc[["x1", "x2", "x3"], "S1"], first, atol=0.02)
    np.testing.assert_allclose(result.loc[["x1", "x2", "x3"], "ST"], total, atol=0.02)
    # x2 enters additively: the group {x1, x3} explains all but S₂.
    assert abs(result.loc["x1+x3", "S1"] - (1 - first[1])) < 0.02
    for name in ("x1", "x2", "x3", "x1+x3"):
        row = result.loc[name]
        assert row["S1_low"] <= row["S1"] <= row["S1_high"]
        assert row["ST_low"] <= row["ST"] <= row["ST_high"]
    assert result.attrs["runs"] == N * 6


@pytest.mark.parametrize("rho", [0.6, -0.4])
def test_correlated_inputs_closed_form(rho):
    """Y = x₁ + x₂ with standard normal x₁, x₂ of correlation ρ: x₂ = ρ z₁ + √(1−ρ²) z₂
    from independent innovations, so Y = (1+ρ) z₁ + √(1−ρ²) z₂ and, with V = 2 + 2ρ,
    S₁ = (1+ρ)/2 (x₁'s full index) and S₂ = (1−ρ)/2 (x₂'s independent part)."""
    problem = {"num_vars": 2, "names": ["x1", "x2"], "bounds": [[0.0, 1.0], [0.0, 1.0]], "dists": ["norm", "norm"]}
    r = np.array([[1.0, rho], [rho, 1.0]])
    x = chainsim.saltelli_sample(problem, 1 << 13, correlation=r, seed=5)
    a_rows = x.reshape(-1, 4, 2)[:, 0, :]
    assert abs(np.corrcoef(a_rows.T)[0, 1] - rho) < 0.02
    result = chainsim.sensitivity(lambda p: p.sum(axis=1), problem, 1 << 13, correlation=r, seed=5)
    np.testing.assert_allclose(result["S1"], [(1 + rho) / 2, (1 - rho) / 2], atol=0.02)
    # Additive in the innovations: total equals first order.
    np.testing.assert_allclose(result["ST"], result["S1"], atol=0.02)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 1}, "n: expected an integer of at least 2 base samples, got 1"),
        ({"correlation": np.array([[1.0, 2.0, 0], [2.0, 1.0, 0], [0, 0, 1.0]])}, "correlation: "),
        ({"problem": {"names": ["a"], "bounds": [[0, 1]], "dists": ["cauchy"]}}, 'problem: dists of "a": expected one of'),
    ],
)
def test_bad_arguments_raise_value_error(kwargs, message):
    args = {"problem": PROBLEM, "n": 64, **kwargs}
    with pytest.raises(ValueError) as info:
        chainsim.sensitivity(Ishigami.evaluate, args.pop("problem"), args.pop("n"), **args)
    assert str(info.value).startswith(message)


def test_non_finite_output_is_named():
    with pytest.raises(ValueError, match="model output of run 0 is NaN"):
        chainsim.sensitivity(lambda p: np.full(len(p), np.nan), PROBLEM, 8)
