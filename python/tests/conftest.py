"""Shared fixtures: the repository root and the chainsim CLI the tests compare against."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> List[str]:
    """The command that runs the Rust CLI: ``$CHAINSIM_BIN`` (a built binary) or
    ``cargo run -q --bin chainsim --`` in the repository."""
    binary = os.environ.get("CHAINSIM_BIN")
    if binary:
        return shlex.split(binary)
    return ["cargo", "run", "-q", "--bin", "chainsim", "--"]


def run_cli(cli: List[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*cli, *args], cwd=ROOT, capture_output=True, text=True)
