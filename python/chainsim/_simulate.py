"""``chainsim.simulate``: a scenario's Monte Carlo run as pandas objects."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Union

import pandas as pd

from . import _native
from ._csv import read_csv

#: What :func:`simulate` accepts as a scenario: a path, or the TOML text itself.
ScenarioSource = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Result:
    """What ``chainsim simulate`` writes into ``--out``, as Python objects.

    Attributes:
        targets: ``targets.csv`` — one row per target: id, label, series, unit, kind,
            year, probability with its 95% Wilson interval (``ci_low``, ``ci_high``), the
            metric's mean and P10/P50/P90, expected shortfall, …
        trajectories: ``trajectories.csv`` — mean and quantiles of every recorded series
            (item, measure) and year.
        summary: ``summary.json`` — the run's metadata (scenario, runs, seed, sampler)
            and the target results.
    """

    targets: pd.DataFrame
    trajectories: pd.DataFrame
    summary: Dict[str, Any] = field(repr=False)

    @property
    def probabilities(self) -> pd.Series:
        """Each target's probability, indexed by target id."""
        return self.targets.set_index("id")["probability"]


def _is_path(scenario: ScenarioSource) -> bool:
    if isinstance(scenario, os.PathLike):
        return True
    if not isinstance(scenario, str):
        raise ValueError(
            f"scenario: expected a path or TOML text, got {type(scenario).__name__}"
        )
    # TOML text of a scenario has several lines; a path has one.
    return "\n" not in scenario


def simulate(
    scenario: ScenarioSource,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    sampler: Optional[str] = None,
) -> Result:
    """Runs a scenario's Monte Carlo simulation, as ``chainsim simulate`` does.

    Args:
        scenario: a scenario file (``str`` without a newline, or a ``os.PathLike``),
            whose files (a ``[coefficient_table]``, an empirical law's CSV) are read
            relative to its folder; or the TOML text itself (a ``str`` with newlines),
            whose files are read relative to the working directory.
        runs: Monte Carlo runs [default: the scenario's ``sampling.runs``].
        seed: master seed [default: the scenario's ``sampling.seed``].
        threads: worker threads [default: all cores]; results do not depend on it.
        sampler: ``"monte-carlo"``, ``"latin-hypercube"`` or ``"sobol"`` [default: the
            scenario's ``sampling.method``].

    Returns:
        The targets and trajectories as DataFrames (the columns of the CLI's CSV files,
        the same numbers to the last bit) and the summary as a dict.

    Raises:
        ScenarioError: the scenario cannot be read or compiled (``line``, ``column``,
            ``path`` and ``file`` say where), or no run could be made.
        ValueError: ``runs`` or ``threads`` is 0, or ``sampler`` is unknown.
        KeyboardInterrupt: Ctrl-C while the runs were going; the workers stop after
            their current chunk of runs.

    The GIL is released while the runs go.
    """
    is_path = _is_path(scenario)
    text = os.fspath(scenario) if is_path else scenario
    for name, value in (("runs", runs), ("seed", seed), ("threads", threads)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ValueError(f"{name}: expected a non-negative integer, got {value!r}")
    targets, trajectories, summary = _native.simulate(
        text, is_path, runs=runs, seed=seed, threads=threads, sampler=sampler
    )
    return Result(
        targets=read_csv(targets),
        trajectories=read_csv(trajectories),
        summary=json.loads(summary),
    )
