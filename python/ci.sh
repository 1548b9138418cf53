#!/usr/bin/env bash
# CI for the Python package: a virtual environment with the peers the tests compare against
# (pymrio 0.7, SALib), the package built into it (`maturin develop`: a debug build, the
# library crates at opt-level 1, much quicker to compile than the release build of
# `pip install ./python`), the Rust CLI the tests compare against, then pytest. Needs
# python3 (with venv), Rust, and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
venv=$(realpath -m "${CHAINSIM_PY_VENV:-$target/python-venv}")
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check maturin pytest pandas numpy pymrio==0.7.0 SALib

# The CLI in the profile `cargo test --workspace` builds it in, so its artifacts are reused.
cargo build -q --profile test --bin chainsim

(cd python && VIRTUAL_ENV="$venv" CARGO_TARGET_DIR="$target" "$venv/bin/maturin" develop -q)

CHAINSIM_BIN="$target/debug/chainsim" "$venv/bin/python" -m pytest -q python/tests
