"""Sobol indices of a user's vectorised function: ``sensitivity`` and ``saltelli_sample``."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _native

#: Bootstrap resamples behind the 95% intervals unless told otherwise (chainsim's default).
DEFAULT_RESAMPLES = 100

Problem = Mapping[str, Any]


def _problem(problem: Problem) -> Tuple[List[str], List[str], List[List[float]]]:
    """Names, SALib ``dists`` and bounds of a SALib-style problem dict, checked."""
    if not isinstance(problem, Mapping):
        raise ValueError("problem: expected a dict with num_vars, names and bounds")
    for key in ("names", "bounds"):
        if key not in problem:
            raise ValueError(f"problem: missing {key!r}")
    names = [str(n) for n in problem["names"]]
    d = problem.get("num_vars", len(names))
    if d != len(names):
        raise ValueError(f"problem: num_vars is {d} but {len(names)} names are given")
    bounds = [[float(b) for b in bound] for bound in problem["bounds"]]
    if len(bounds) != d:
        raise ValueError(f"problem: {d} names but {len(bounds)} bounds")
    dists = problem.get("dists") or ["unif"] * d
    dists = [str(x) for x in dists]
    if len(dists) != d:
        raise ValueError(f"problem: {d} names but {len(dists)} dists")
    if problem.get("groups") is not None:
        raise ValueError(
            "problem: SALib's 'groups' replaces inputs by groups; pass chainsim's groups= "
            "argument instead, which adds group indices beside the inputs' own"
        )
    return names, dists, bounds


def _groups(groups: Optional[Mapping[str, Sequence[str]]]) -> List[Tuple[str, List[str]]]:
    if groups is None:
        return []
    if not isinstance(groups, Mapping):
        raise ValueError("groups: expected a dict from group name to a list of input names")
    return [(str(name), [str(m) for m in members]) for name, members in groups.items()]


def _n(n: int) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n < 2:
        raise ValueError(f"n: expected an integer of at least 2 base samples, got {n!r}")
    return n


def _seed(seed: int) -> int:
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**64:
        raise ValueError(f"seed: expected an integer in [0, 2**64), got {seed!r}")
    return seed


def _correlation(correlation: Any, names: List[str]) -> Optional[np.ndarray]:
    if correlation is None:
        return None
    if isinstance(correlation, pd.DataFrame):
        correlation = correlation.loc[names, names]
    r = np.ascontiguousarray(np.asarray(correlation, dtype=float))
    if r.shape != (len(names), len(names)):
        raise ValueError(f"correlation: expected a {len(names)} × {len(names)} matrix, got shape {r.shape}")
    return r


def saltelli_sample(
    problem: Problem,
    n: int,
    groups: Optional[Mapping[str, Sequence[str]]] = None,
    correlation: Any = None,
    seed: int = 0,
) -> np.ndarray:
    """The points at which :func:`sensitivity` evaluates the model, one row per run.

    chainsim's Saltelli (2010) design on an Owen-scrambled Sobol sequence (scrambled with
    ``seed``): for each of the ``n`` base rows, the rows A, B and then A with each
    factor's columns taken from B (the inputs in order, then the ``groups``), so the
    matrix has ``n · (factors + 2)`` rows. Each column is mapped through its input's
    marginal (SALib's ``dists`` and ``bounds``: ``unif`` [a, b], ``triang`` [a, b, peak
    as a fraction], ``norm`` [mean, sd], ``truncnorm`` [a, b, mean, sd], ``lognorm``
    [mean, sd] of the log); with ``correlation``, through a Gaussian copula first.

    SALib orders each base row's runs A, AB₁ … AB_d, B instead; see docs/python.md for
    feeding this matrix to ``SALib.analyze.sobol``.
    """
    names, dists, bounds = _problem(problem)
    return _native.saltelli_sample(
        names,
        _n(n),
        _seed(seed),
        _groups(groups),
        dists,
        bounds,
        correlation=_correlation(correlation, names),
    )


def sensitivity(
    func: Callable[[np.ndarray], Any],
    problem: Problem,
    n: int,
    groups: Optional[Mapping[str, Sequence[str]]] = None,
    correlation: Any = None,
    seed: int = 0,
    resamples: int = DEFAULT_RESAMPLES,
) -> pd.DataFrame:
    """First-order and total Sobol indices of ``func`` with 95% bootstrap intervals.

    Args:
        func: the model, vectorised: called once with an (N, d) array of inputs (the
            rows of :func:`saltelli_sample`), it returns N outputs.
        problem: SALib's problem dict: ``num_vars``, ``names``, ``bounds`` and optional
            ``dists`` (uniform on ``bounds`` by default).
        n: base samples (a power of two keeps the Sobol net balanced); ``func`` sees
            ``n · (d + groups + 2)`` points.
        groups: named groups of inputs, e.g. ``{"x1+x3": ["x1", "x3"]}``, whose closed
            first-order and total indices are reported after the inputs'.
        correlation: a d × d correlation matrix R (array, or DataFrame labelled by the
            names) of a Gaussian copula on the inputs. The inputs are then built from
            independent innovations in order (x₁ from the first, x₂ from the second given
            x₁, … — the Cholesky factor of R), and each index measures its input's own
            innovation: the first input's is its full index, the last input's the part of
            it independent of the others (Mara & Tarantola 2012).
        seed: scrambles the Sobol sequence and seeds the bootstrap.
        resamples: bootstrap resamples of the base rows (0 for no intervals).

    Returns:
        One row per factor (inputs, then groups), indexed by name: ``S1``, ``S1_low``,
        ``S1_high``, ``ST``, ``ST_low``, ``ST_high`` and ``members``; ``attrs`` holds the
        output ``variance``, ``n`` and ``runs``. First order is Saltelli et al.'s (2010)
        estimator, total Jansen's (1999), both on outputs centred on their mean over A
        and B.

    Raises:
        ValueError: a bad problem, argument or correlation matrix, outputs that are not
            N finite numbers, or outputs that do not vary.
    """
    if not isinstance(resamples, int) or isinstance(resamples, bool) or resamples < 0:
        raise ValueError(f"resamples: expected a non-negative integer, got {resamples!r}")
    names, _, _ = _problem(problem)
    groups_list = _groups(groups)
    x = saltelli_sample(problem, n, groups=groups, correlation=correlation, seed=seed)
    y = np.asarray(func(x), dtype=float)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (x.shape[0],):
        raise ValueError(f"func: expected {x.shape[0]} outputs (one per row), got shape {y.shape}")
    rows, variance = _native.sobol_analyze(
        names, n, seed, groups_list, np.ascontiguousarray(y), resamples
    )
    frame = pd.DataFrame(rows).set_index("name")
    frame.index.name = None
    frame = frame[["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "members"]]
    frame.attrs.update({"variance": variance, "n": n, "runs": int(x.shape[0])})
    return frame
