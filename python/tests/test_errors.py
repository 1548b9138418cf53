"""Errors: the CLI's one line, as a Python exception with its location."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import chainsim
from conftest import run_cli

BAD = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "tests/data/bad").glob("*.toml"))


@pytest.mark.parametrize("name", BAD)
def test_scenario_error_is_the_cli_line(cli, root, tmp_path, monkeypatch, name):
    path = f"tests/data/bad/{name}"
    done = run_cli(cli, "simulate", path, "--runs", "300", "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    monkeypatch.chdir(root)
    with pytest.raises(chainsim.ScenarioError) as info:
        chainsim.simulate(path, runs=300)
    assert f"error: {info.value}" == done.stderr.strip()
    assert info.value.file == path


def test_scenario_error_attributes(cli, root, tmp_path, monkeypatch):
    """line, column and path are the ones in the CLI's line
    `FILE:LINE:COLUMN: FIELD.PATH: message`, and point at the offending item."""
    path = "tests/data/bad/chain-unknown-sector.toml"
    done = run_cli(cli, "simulate", path, "--out", str(tmp_path / "out"))
    match = re.fullmatch(r"error: (.+?):(\d+):(\d+): ([^:]+): .*", done.stderr.strip())
    assert match, done.stderr
    monkeypatch.chdir(root)
    with pytest.raises(chainsim.ScenarioError) as info:
        chainsim.simulate(path)
    err = info.value
    assert (err.file, err.line, err.column, err.path) == (
        match[1],
        int(match[2]),
        int(match[3]),
        match[4],
    )
    assert err.path == "chains[0].sector"
    assert (root / path).read_text().splitlines()[err.line - 1] == "[[chains]]"


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
