"""Errors: the CLI's one line, as a Python exception with its location."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import chainsim
from conftest import run_cli

BAD = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "tests/data/bad").glob("*.toml"))


@pytest.mark.parametrize("name", BAD)
def test_scenario_error_is_the_cli_line(cli, root, tmp_path, name):
    path = f"tests/data/bad/{name}"
    done = run_cli(cli, "simulate", path, "--runs", "300", "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    import os

    cwd = os.getcwd()
    os.chdir(root)
    try:
        with pytest.raises(chainsim.ScenarioError) as info:
            chainsim.simulate(path, runs=300)
    finally:
        os.chdir(cwd)
    assert f"error: {info.value}" == done.stderr.strip()
    assert info.value.file == path


def test_scenario_error_attributes(root):
    # not-productive.toml: the error names the field and the item's line:column.
    path = root / "tests/data/bad/chain-unknown-sector.toml"
    with pytest.raises(chainsim.ScenarioError) as info:
        chainsim.simulate(path)
    err = info.value
    assert isinstance(err.line, int) and isinstance(err.column, int)
    assert err.path is not None
    assert str(err).startswith(f"{path}:{err.line}:{err.column}: {err.path}: ")
    line = path.read_text().splitlines()[err.line - 1]
    assert line.strip(), "the location points at a line of the file"


def test_toml_syntax_error_location():
    text = 'scenario = "x"\n[sectors\n'
    with pytest.raises(chainsim.ScenarioError) as info:
        chainsim.simulate(text)
    assert info.value.line == 2
    assert info.value.file is None
    assert str(info.value).startswith("2:")


def test_missing_file_is_a_scenario_error(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(chainsim.ScenarioError) as info:
        chainsim.simulate(missing)
    assert str(info.value).startswith(f"cannot read scenario file {missing}: ")
    assert info.value.line is None


def test_io_error_message():
    with pytest.raises(chainsim.IoError) as info:
        chainsim.io.leontief_inverse(np.array([[0.5, 0.6], [0.7, 0.5]]))
    assert "productive" in str(info.value)
