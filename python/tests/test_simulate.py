"""chainsim.simulate against the Rust CLI's own output on the shipped scenario."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import chainsim
from chainsim._csv import read_csv
from conftest import run_cli

SCENARIO = "scenarios/jilin-2030.toml"


@pytest.fixture(scope="module")
def cli_run(cli, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "out"
    done = run_cli(cli, "simulate", SCENARIO, "--runs", "2000", "--seed", "7", "--out", str(out), "--format", "json")
    assert done.returncode == 0, done.stderr
    return out, json.loads(done.stdout)


@pytest.fixture(scope="module")
def py_run(root):
    return chainsim.simulate(root / SCENARIO, runs=2000, seed=7)


def test_probabilities_equal_the_cli(cli_run, py_run):
    _, summary = cli_run
    cli = {t["id"]: t["probability"] for t in summary["targets"]}
    assert cli, "the shipped scenario has targets"
    assert py_run.probabilities.to_dict() == cli
    # The whole summary is the CLI's, field by field.
    assert py_run.summary == summary


def test_frames_are_the_cli_files(cli_run, py_run):
    out, _ = cli_run
    for name, frame in (("targets.csv", py_run.targets), ("trajectories.csv", py_run.trajectories)):
        expected = read_csv((out / name).read_text())
        pd.testing.assert_frame_equal(frame, expected, check_exact=True)


def test_toml_text_and_threads_give_the_same_numbers(root, py_run, monkeypatch):
    # A scenario given as text reads its files (here the coefficient table under data/)
    # relative to the working directory.
    text = (root / SCENARIO).read_text()
    monkeypatch.chdir(root / "scenarios")
    again = chainsim.simulate(text, runs=2000, seed=7, threads=1)
    assert again.probabilities.to_dict() == py_run.probabilities.to_dict()


def test_sampler_is_the_clis(cli, root, tmp_path):
    out = tmp_path / "out"
    done = run_cli(cli, "simulate", SCENARIO, "--runs", "600", "--seed", "3", "--sampler", "sobol", "--out", str(out), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = chainsim.simulate(str(root / SCENARIO), runs=600, seed=3, sampler="sobol")
    assert result.summary == json.loads(done.stdout)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"runs": 0}, "runs: must be at least 1, got 0"),
        ({"threads": 0}, "threads: must be at least 1, got 0"),
        ({"sampler": "halton"}, 'sampler: expected one of monte-carlo, latin-hypercube, sobol, got "halton"'),
    ],
)
def test_bad_arguments_raise_value_error(root, kwargs, message):
    with pytest.raises(ValueError) as info:
        chainsim.simulate(root / SCENARIO, **kwargs)
    assert str(info.value) == message
