"""chainsim.io against pymrio's calc_all on pymrio's own test system, and the CLI."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pymrio
import pytest

import chainsim
from chainsim import io as cio
from chainsim._csv import read_csv
from conftest import run_cli

TOLERANCE = 1e-12


@pytest.fixture(scope="module")
def system():
    io = pymrio.load_test()
    table = cio.from_pymrio(io)  # before calc_all: x comes from Z and Y
    io.calc_all()
    return io, table


def close(actual, expected):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    scale = np.maximum(np.abs(expected), 1.0)
    assert np.max(np.abs(actual - expected) / scale) <= TOLERANCE


def test_output_is_pymrios_calc_x(system):
    io, table = system
    close(table.x, io.x["indout"])
    assert table.labels.equals(io.Z.index)


def test_coefficients_and_leontief_inverse_are_pymrios(system):
    io, table = system
    a = cio.coefficients(table)
    close(a, io.A)
    assert a.index.equals(io.A.index) and a.columns.equals(io.A.columns)
    close(cio.leontief_inverse(table), io.L)
    close(cio.leontief_inverse(io.A), io.L)


def test_multipliers_are_pymrios(system):
    io, table = system
    m = cio.multipliers(table)
    # Output multipliers: the column sums of L.
    close(m["output_type_i"], io.L.sum(axis=0))
    # Satellite multipliers: pymrio's M = S L, S = F x̂⁻¹, for every extension and stressor.
    for ext in io.get_extensions(data=True):
        for stressor in ext.F.index:
            name = "/".join([ext.name, *(stressor if isinstance(stressor, tuple) else (stressor,))])
            close(m[f"{name}_total"], ext.M.loc[stressor])
            close(m[f"{name}_direct"], ext.S.loc[stressor])


def test_multipliers_of_a_matrix_are_the_same(system):
    io, table = system
    close(cio.multipliers(io.A)["output_type_i"], cio.multipliers(table)["output_type_i"])


def test_ghosh_is_the_closed_form(system):
    io, table = system
    g = cio.ghosh(table)
    x = io.x["indout"].to_numpy()
    b = io.Z.to_numpy() / x[:, None]
    close(g.allocation, b)
    close(g.inverse, np.linalg.inv(np.eye(len(x)) - b))


def test_aggregate_to_regions_sums_the_blocks(system):
    io, table = system
    mapping = {key: (key[0], "all") for key in table.labels}
    agg = cio.aggregate(table, mapping)
    regions = io.get_regions()
    assert list(agg.labels) == [(r, "all") for r in regions]
    z = io.Z.T.groupby(level="region").sum().T.groupby(level="region").sum()
    close(agg.Z, z.loc[regions, regions])
    close(agg.x, io.x["indout"].groupby(level="region").sum().loc[regions])
    close(agg.F, table.F.T.groupby(level="region").sum().T[regions])


def test_ras_meets_its_targets():
    prior = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["a", "b"], columns=["c", "d"])
    result = cio.ras(prior, [4.0, 6.0], [5.0, 5.0], tolerance=1e-10)
    # Both margins within the reported error, which is within the tolerance.
    assert result.max_error <= 1e-10
    assert np.max(np.abs(result.matrix.sum(axis=1) - [4.0, 6.0])) <= result.max_error * 6.0
    assert np.max(np.abs(result.matrix.sum(axis=0) - [5.0, 5.0])) <= result.max_error * 5.0
    # RAS keeps the prior's cross-ratio (m11 m22) / (m12 m21).
    m = result.matrix.to_numpy()
    close(m[0, 0] * m[1, 1] / (m[0, 1] * m[1, 0]), 4.0 / 6.0)


def test_reports_are_the_clis(cli, root):
    """multipliers, linkages and extraction of Miller & Blair's Table 2.3 (the repository's
    fixture, with its employment satellite): the CLI's --format csv and the Python frames
    hold the same numbers, bit for bit."""
    table_file = root / "tests/data/io/miller-blair.csv"
    jobs_file = root / "tests/data/io/miller-blair-employment.csv"
    raw = pd.read_csv(table_file, index_col=0)
    sectors = ["agriculture", "manufacturing"]
    table = cio.Table(
        raw.loc[sectors, sectors],
        raw.loc[sectors, "total output"],
        Y=raw.loc[sectors, ["final demand"]],
        V=raw.loc[["value added"], sectors],
        F=pd.read_csv(jobs_file, index_col=0),
    )
    for command, frame, extra in (
        ("multipliers", cio.multipliers(table), ["--satellites", str(jobs_file)]),
        ("linkages", cio.linkages(table), []),
        ("extraction", cio.extraction(table), []),
    ):
        done = run_cli(cli, "io", command, str(table_file), *extra, "--format", "csv")
        assert done.returncode == 0, done.stderr
        expected = read_csv(done.stdout)
        expected = expected.drop(columns=["region", "sector"]).set_axis(table.labels)
        pd.testing.assert_frame_equal(frame, expected, check_exact=True)
    # Miller & Blair's printed output multipliers (section 6.2).
    assert cio.multipliers(table)["output_type_i"].round(6).tolist() == [1.518152, 1.452145]


def test_bad_table_is_an_io_error():
    with pytest.raises(chainsim.IoError):
        cio.Table(np.array([[1.0, -2.0], [3.0, 4.0]]), [10.0, 10.0])
