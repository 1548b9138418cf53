"""The input–output toolkit on numpy arrays and labelled pandas DataFrames.

A :class:`Table` holds flows ``Z`` (sectors × sectors), total output ``x`` and optional
final demand ``Y`` (sectors × categories), value added ``V`` (items × sectors) and
satellite accounts ``F`` (accounts × sectors, totals) — pymrio's names and orientation.
Sector labels may be plain (an ``Index``) or ``(region, sector)`` pairs (a two-level
``MultiIndex``, as pymrio uses); results carry the input's labels.

Every analysis is one call into chainsim's Rust library, the code behind
``chainsim io``; row reports (multipliers, linkages, extraction) have the columns of the
CLI's ``--format csv`` output and the same numbers to the last bit.
"""

from __future__ import annotations

from typing import Any, Dict, Hashable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _native
from ._csv import read_csv
from ._native import IoError

__all__ = [
    "Ghosh",
    "IoError",
    "RasResult",
    "Table",
    "aggregate",
    "coefficients",
    "extraction",
    "from_pymrio",
    "ghosh",
    "leontief_inverse",
    "linkages",
    "multipliers",
    "ras",
]

MatrixLike = Union[pd.DataFrame, np.ndarray, Sequence[Sequence[float]]]
VectorLike = Union[pd.Series, pd.DataFrame, np.ndarray, Sequence[float]]


def _label(key: Hashable) -> Tuple[Optional[str], str]:
    """A pandas index entry as chainsim's label: ``(region, sector)`` for a tuple (deeper
    levels joined by ``/``, as chainsim's pymrio reader does), a plain sector otherwise."""
    if isinstance(key, tuple):
        if len(key) == 1:
            return None, str(key[0])
        return str(key[0]), "/".join(str(k) for k in key[1:])
    return None, str(key)


def _name(key: Hashable) -> str:
    """A block label (final-demand category, value-added item, account) as one string."""
    if isinstance(key, tuple):
        return "/".join(str(k) for k in key)
    return str(key)


def _matrix(value: MatrixLike, what: str) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        frame = value
    else:
        array = np.asarray(value, dtype=float)
        if array.ndim != 2:
            raise ValueError(f"{what}: expected a 2-dimensional matrix, got {array.ndim} dimension(s)")
        frame = pd.DataFrame(array)
    try:
        return frame.astype(float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{what}: not numeric: {err}") from None


def _vector(value: VectorLike, index: pd.Index, what: str) -> pd.Series:
    if isinstance(value, pd.DataFrame):
        if value.shape[1] != 1:
            raise ValueError(f"{what}: expected one column, got {value.shape[1]}")
        value = value.iloc[:, 0]
    if isinstance(value, pd.Series):
        if not value.index.equals(index):
            if set(value.index) != set(index) or len(value) != len(index):
                raise ValueError(f"{what}: its labels are not the table's sectors")
            value = value.reindex(index)
        return value.astype(float)
    array = np.asarray(value, dtype=float)
    if array.ndim != 1 or len(array) != len(index):
        raise ValueError(f"{what}: expected {len(index)} numbers, got shape {array.shape}")
    return pd.Series(array, index=index)


def _c(frame: Union[pd.DataFrame, pd.Series]) -> np.ndarray:
    return np.ascontiguousarray(frame.to_numpy(dtype=float))


def _rows_on(frame: pd.DataFrame, index: pd.Index, what: str) -> pd.DataFrame:
    """``frame`` with its rows in ``index``'s order (it must hold the same labels)."""
    if frame.index.equals(index):
        return frame
    if len(frame.index) != len(index) or set(frame.index) != set(index):
        raise ValueError(f"{what}: its rows are not the table's sectors")
    return frame.reindex(index)


def _columns_on(frame: pd.DataFrame, index: pd.Index, what: str) -> pd.DataFrame:
    """``frame`` with its columns in ``index``'s order (it must hold the same labels)."""
    return _rows_on(frame.T, index, what).T


def _block(value: Optional[MatrixLike], index: pd.Index, what: str, sectors_down: bool) -> Optional[pd.DataFrame]:
    """A final-demand block (sectors down the rows) or a value-added or satellite block
    (sectors across the columns) on the table's sectors: a DataFrame is aligned by its
    labels, an array taken in the table's order."""
    if value is None:
        return None
    frame = _matrix(value, what)
    axis = 0 if sectors_down else 1
    if not isinstance(value, pd.DataFrame):
        if frame.shape[axis] != len(index):
            raise ValueError(f"{what}: expected {len(index)} sectors along axis {axis}, got shape {frame.shape}")
        return frame.set_axis(index, axis=axis)
    return _rows_on(frame, index, what) if sectors_down else _columns_on(frame, index, what)


class Table:
    """A validated input–output table in flows.

    Args:
        Z: intermediate flows, ``Z[i, j]`` = sales of sector i to sector j; its index
            gives the sector labels (columns must be the same labels).
        x: total output per sector [default: pymrio's ``calc_x``, the row sums of Z
            and Y; Y is then required].
        Y: final demand, sectors × categories.
        V: value added (or any primary input), items × sectors.
        F: satellite accounts (employment, emissions, …) as totals, accounts × sectors.

    Raises:
        IoError: chainsim rejects the table (negative flows, a zero output with inputs,
            duplicate labels, …); the message is ``chainsim io``'s.
        ValueError: the pieces do not fit together (shapes, labels).
    """

    def __init__(
        self,
        Z: MatrixLike,
        x: Optional[VectorLike] = None,
        Y: Optional[MatrixLike] = None,
        V: Optional[MatrixLike] = None,
        F: Optional[MatrixLike] = None,
    ) -> None:
        z = _matrix(Z, "Z")
        if z.shape[0] != z.shape[1]:
            raise ValueError(f"Z: expected a square matrix, got {z.shape[0]} × {z.shape[1]}")
        if isinstance(Z, pd.DataFrame):
            z = _columns_on(z, z.index, "Z")
        else:
            z.columns = z.index
        index = z.index
        y = _block(Y, index, "Y", sectors_down=True)
        v = _block(V, index, "V", sectors_down=False)
        f = _block(F, index, "F", sectors_down=False)
        if x is None:
            if y is None:
                raise ValueError("x: total output is needed when there is no final demand Y")
            output = z.sum(axis=1) + y.sum(axis=1)
        else:
            output = _vector(x, index, "x")
        self.Z: pd.DataFrame = z
        self.x: pd.Series = output.rename("indout")
        self.Y: Optional[pd.DataFrame] = y
        self.V: Optional[pd.DataFrame] = v
        self.F: Optional[pd.DataFrame] = f
        self._native = _native.Table(
            [_label(k) for k in index],
            _c(z),
            _c(output),
            y=None if y is None else _c(y),
            y_labels=None if y is None else [_name(k) for k in y.columns],
            va=None if v is None else _c(v),
            va_labels=None if v is None else [_name(k) for k in v.index],
            f=None if f is None else _c(f),
            f_labels=None if f is None else [_name(k) for k in f.index],
        )

    @property
    def labels(self) -> pd.Index:
        """The sector labels, in order."""
        return self.Z.index

    def __repr__(self) -> str:
        blocks = [name for name in ("Y", "V", "F") if getattr(self, name) is not None]
        return f"<chainsim.io.Table: {len(self.labels)} sectors{', ' if blocks else ''}{', '.join(blocks)}>"


def _coefficient_model(data: Union[Table, MatrixLike]) -> Tuple[Any, pd.Index]:
    """The native coefficient model of a table (with its output) or of a matrix A."""
    if isinstance(data, Table):
        return data._native.model(), data.labels
    a = _matrix(data, "A")
    if a.shape[0] != a.shape[1]:
        raise ValueError(f"A: expected a square matrix, got {a.shape[0]} × {a.shape[1]}")
    if isinstance(data, pd.DataFrame):
        a = _columns_on(a, a.index, "A")
    return _native.Model([_label(k) for k in a.index], _c(a)), a.index


def _square(array: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(array, index=index, columns=index.copy())


def _report(text: str, index: pd.Index) -> pd.DataFrame:
    """A CLI row report (one row per sector, ``region`` and ``sector`` first) indexed by
    the table's own labels."""
    frame = read_csv(text)
    expected = [_label(k)[1] for k in index]
    if frame["sector"].astype(str).tolist() != expected:
        raise RuntimeError("chainsim: a report's rows are not in the table's order (a bug; please report it)")
    frame = frame.drop(columns=["region", "sector"])
    frame.index = index
    return frame


def coefficients(Z: Union[Table, MatrixLike], x: Optional[VectorLike] = None) -> pd.DataFrame:
    """Technical coefficients A = Z x̂⁻¹ (zero columns for zero-output sectors).

    Args:
        Z: a :class:`Table`, or flows Z with ``x``.
        x: total output, when ``Z`` is a matrix.
    """
    table = Z if isinstance(Z, Table) else Table(Z, x)
    return _square(table._native.coefficients(), table.labels)


def leontief_inverse(A: Union[Table, MatrixLike]) -> pd.DataFrame:
    """The Leontief inverse L = (I − A)⁻¹ of a table's coefficients or of a matrix A.

    Raises:
        IoError: A is not productive (its spectral radius is at least 1).
    """
    model, index = _coefficient_model(A)
    return _square(model.leontief_inverse(), index)


def multipliers(
    data: Union[Table, MatrixLike], households: Optional[Tuple[Hashable, Hashable]] = None
) -> pd.DataFrame:
    """Output, income and satellite multipliers (Miller & Blair 2009, §6.2), one row per
    sector with the columns of ``chainsim io multipliers --format csv``.

    ``output_type_i`` is the column sum of L; for each satellite account ``a`` (a row of
    ``F``) the columns ``a_direct`` (F / x), ``a_total`` (S L, pymrio's ``M``), ``a_type_i``
    and, with households, ``a_total_ii`` and ``a_type_ii``.

    Args:
        data: a :class:`Table`, or a coefficient matrix A (output multipliers only).
        households: ``(value-added row of household income, final-demand column of
            household consumption)`` to close the model for Type II multipliers.
    """
    if isinstance(data, Table):
        hh = None if households is None else (_name(households[0]), _name(households[1]))
        return _report(data._native.multipliers_csv(households=hh), data.labels)
    if households is not None:
        raise ValueError("households: needs a Table (value added and final demand), not a matrix A")
    model, index = _coefficient_model(data)
    return _report(model.multipliers_csv(), index)


def linkages(data: Union[Table, MatrixLike]) -> pd.DataFrame:
    """Backward and forward linkages (Rasmussen; Leontief and Ghosh forward measures) and
    each sector's class, with the columns of ``chainsim io linkages --format csv``."""
    model, index = _coefficient_model(data)
    return _report(model.linkages_csv(), index)


def extraction(data: Union[Table, MatrixLike], final_demand: Optional[VectorLike] = None) -> pd.DataFrame:
    """Hypothetical extraction of each sector in turn (output lost without its purchases,
    its sales, or both), with the columns of ``chainsim io extraction --format csv``.

    Args:
        data: a :class:`Table` or a coefficient matrix A.
        final_demand: the final demand to extract under [default: the table's base-year
            final demand (I − A) x; required for a matrix A].
    """
    model, index = _coefficient_model(data)
    f = None if final_demand is None else _c(_vector(final_demand, index, "final_demand"))
    return _report(model.extraction_csv(final_demand=f), index)


class Ghosh(NamedTuple):
    """The supply-side model of a table."""

    #: Allocation coefficients B = x̂⁻¹Z: the share of row i's output sold to column j.
    allocation: pd.DataFrame
    #: The Ghosh inverse G = (I − B)⁻¹.
    inverse: pd.DataFrame


def ghosh(table: Table) -> Ghosh:
    """The allocation coefficients and Ghosh inverse of a table."""
    if not isinstance(table, Table):
        raise ValueError("ghosh: expected a chainsim.io.Table (it needs total output)")
    b, g = table._native.model().ghosh()
    return Ghosh(_square(b, table.labels), _square(g, table.labels))


class RasResult(NamedTuple):
    """A RAS update: the balanced matrix, its scaling factors and the convergence."""

    matrix: pd.DataFrame
    row_factors: pd.Series
    column_factors: pd.Series
    iterations: int
    max_error: float


def ras(
    prior: MatrixLike,
    row_totals: VectorLike,
    column_totals: VectorLike,
    tolerance: float = 1e-10,
    max_iterations: int = 10_000,
) -> RasResult:
    """Biproportional (RAS) scaling of ``prior`` to the given row and column totals.

    Raises:
        IoError: the totals cannot be met (inconsistent sums, a zero row with a positive
            target) or the iterations did not converge.
    """
    p = _matrix(prior, "prior")
    rows = _vector(row_totals, p.index, "row_totals")
    cols = _vector(column_totals, p.columns, "column_totals")
    m, r, s, iterations, error = _native.ras(
        _c(p), _c(rows), _c(cols), tolerance=tolerance, max_iterations=max_iterations
    )
    return RasResult(
        pd.DataFrame(m, index=p.index, columns=p.columns),
        pd.Series(r, index=p.index),
        pd.Series(s, index=p.columns),
        iterations,
        error,
    )


def aggregate(table: Table, mapping: Union[Mapping[Hashable, Hashable], pd.Series]) -> Table:
    """The table with sectors merged: ``mapping`` sends every sector label to its group's
    label (a tuple ``(region, sector)`` for a regional table). Groups come in order of
    first appearance; every block (Y, V, F) is summed along."""
    if not isinstance(table, Table):
        raise ValueError("aggregate: expected a chainsim.io.Table")
    missing = [k for k in table.labels if k not in mapping]
    if missing:
        raise ValueError(f"mapping: no group for sector {missing[0]!r}")
    groups: List[Hashable] = [mapping[k] for k in table.labels]
    order: Dict[Tuple[Optional[str], str], Hashable] = {}
    for g in groups:
        order.setdefault(_label(g), g)
    _, z, x, y, v, f = table._native.aggregate([_label(g) for g in groups])
    keys = list(order.values())
    index = pd.MultiIndex.from_tuples(keys, names=table.labels.names) if all(isinstance(k, tuple) for k in keys) else pd.Index(keys)
    return Table(
        pd.DataFrame(z, index=index, columns=index),
        pd.Series(x, index=index),
        Y=None if table.Y is None else pd.DataFrame(y, index=index, columns=table.Y.columns),
        V=None if table.V is None else pd.DataFrame(v, index=table.V.index, columns=index),
        F=None if table.F is None else pd.DataFrame(f, index=table.F.index, columns=index),
    )


def from_pymrio(io_system: Any, extensions: Optional[Sequence[str]] = None) -> Table:
    """A :class:`Table` from a pymrio ``IOSystem``: its ``Z``, ``Y`` and ``x`` (pymrio's
    ``calc_x`` when not yet computed) and, as satellites, the ``F`` of each extension
    (or of those named in ``extensions``), labelled ``<extension name>/<stressor>`` as
    chainsim's pymrio folder reader labels them. The IOSystem is not modified.

    Raises:
        ValueError: the system has no ``Z`` (pymrio's ``calc_Z`` needs ``A`` and ``x``:
            call ``io_system.calc_system()`` first).
    """
    z = getattr(io_system, "Z", None)
    if z is None:
        raise ValueError("from_pymrio: the IOSystem has no Z; call io_system.calc_system() first")
    y = getattr(io_system, "Y", None)
    x = getattr(io_system, "x", None)
    rows = []
    for ext in io_system.get_extensions(data=True):
        if extensions is not None and ext.name not in extensions:
            continue
        f = getattr(ext, "F", None)
        if f is None:
            continue
        f = f.copy()
        f.index = [f"{ext.name}/{_name(k)}" for k in f.index]
        rows.append(f)
    f_all = pd.concat(rows) if rows else None
    return Table(z, x, Y=y, F=f_all)
