"""Type stubs of the native module (``python/src/*.rs``); use the ``chainsim`` API instead."""

from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import numpy.typing as npt

_Label = Tuple[Optional[str], str]
_F64 = npt.NDArray[np.float64]

class ScenarioError(Exception):
    """A scenario that cannot be read or compiled; the message is the CLI's line."""

    line: Optional[int]
    column: Optional[int]
    path: Optional[str]
    file: Optional[str]

class IoError(Exception):
    """An input–output table or analysis that chainsim rejects."""

def simulate(
    scenario: str,
    is_path: bool,
    runs: Optional[int] = ...,
    seed: Optional[int] = ...,
    threads: Optional[int] = ...,
    sampler: Optional[str] = ...,
) -> Tuple[str, str, str]: ...

class Model:
    def __init__(self, labels: List[_Label], a: _F64, output: Optional[_F64] = ...) -> None: ...
    def leontief_inverse(self) -> _F64: ...
    def multipliers_csv(self) -> str: ...
    def linkages_csv(self) -> str: ...
    def extraction_csv(self, final_demand: Optional[_F64] = ...) -> str: ...
    def ghosh(self) -> Tuple[_F64, _F64]: ...

class Table:
    def __init__(
        self,
        labels: List[_Label],
        z: _F64,
        x: _F64,
        y: Optional[_F64] = ...,
        y_labels: Optional[List[str]] = ...,
        va: Optional[_F64] = ...,
        va_labels: Optional[List[str]] = ...,
        f: Optional[_F64] = ...,
        f_labels: Optional[List[str]] = ...,
    ) -> None: ...
    def coefficients(self) -> _F64: ...
    def model(self) -> Model: ...
    def multipliers_csv(self, households: Optional[Tuple[str, str]] = ...) -> str: ...
    def aggregate(
        self, assignment: List[_Label]
    ) -> Tuple[List[_Label], _F64, _F64, _F64, _F64, _F64]: ...

def ras(
    prior: _F64,
    row_totals: _F64,
    column_totals: _F64,
    tolerance: float = ...,
    max_iterations: int = ...,
) -> Tuple[_F64, _F64, _F64, int, float]: ...

def saltelli_sample(
    names: List[str],
    n: int,
    seed: int,
    groups: List[Tuple[str, List[str]]],
    dists: List[str],
    bounds: List[List[float]],
    correlation: Optional[_F64] = ...,
) -> _F64: ...

def sobol_analyze(
    names: List[str],
    n: int,
    seed: int,
    groups: List[Tuple[str, List[str]]],
    outputs: _F64,
    resamples: int,
) -> Tuple[List[Dict[str, object]], float]: ...
