"""chainsim from Python: scenario simulation, input–output analysis and Sobol sensitivity.

The numbers are the Rust library's (the same code as the ``chainsim`` command line); this
package turns them into pandas objects.

- :func:`simulate` — Monte Carlo over a scenario; target probabilities and trajectories as
  DataFrames, the CLI's ``summary.json`` as a dict.
- :mod:`chainsim.io` — the input–output toolkit on numpy arrays and labelled DataFrames,
  and :func:`chainsim.io.from_pymrio` for a pymrio ``IOSystem``.
- :func:`sensitivity` and :func:`saltelli_sample` — Sobol indices of a vectorised Python
  function, with bootstrap intervals and optionally correlated inputs.

Bad input raises :class:`ScenarioError`, :class:`IoError` or :class:`ValueError` with the
CLI's one-line message.
"""

from ._native import IoError, ScenarioError
from ._sensitivity import saltelli_sample, sensitivity
from ._simulate import Result, simulate
from . import io

__all__ = [
    "IoError",
    "Result",
    "ScenarioError",
    "io",
    "saltelli_sample",
    "sensitivity",
    "simulate",
]
__version__ = "0.1.0"
