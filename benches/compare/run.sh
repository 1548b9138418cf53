#!/usr/bin/env bash
# Reproduces every figure of docs/performance.md on this machine, side by side:
#   0. engine: chainsim vs plain numpy (plain_numpy.py) on issue 14's plain model
#      (benches/data/plain.toml) at RUNS runs, interleaved, median of ROUNDS (5) rounds, numpy
#      on one core, chainsim on 1 and 2 threads, probabilities checked within Monte Carlo error;
#   0b. engine: the shipped scenario's cost a run (per_run.py: whole process less compiling the
#      scenario, interleaved medians on 1 and 2 threads, files compared across thread counts);
#   1. engine: chainsim vs the vectorised numpy model (engine_numpy.py) on the four-base Jilin
#      model at RUNS runs (10^6 by default), 1 and 2 threads, target probabilities checked
#      within Monte Carlo error, and chainsim's peak memory at 10^5, 10^6 and 10^7 runs;
#   2. input-output: chainsim's multipliers report vs pymrio's calc_all() on pymrio's bundled
#      48-sector test system, agreement to 1e-9 relative checked;
#   3. profile: where the engine's instructions go (needs valgrind; skip with PROFILE=0);
#   4. with TABLES=1: reading tables (pymrio's test system, a synthetic EXIOBASE-sized table
#      of TABLE_REGIONS x 150 sectors, 20 by default) and their multipliers, chainsim-tables vs
#      pymrio's load_all + calc_all(), time and peak memory.
# The Python peers are installed from PyPI into target/compare-venv. Not part of cargo test.
# Results: target/compare/*.json. Wall-clock figures need an otherwise idle machine; peak
# memory is read with GNU time (/usr/bin/time, Debian package `time`) when it is installed.
# RUNS, MEMORY_RUNS (comma-separated) and PROFILE=0 shorten a smoke run.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=target/compare
bin="${CARGO_TARGET_DIR:-target}/release"
venv=target/compare-venv
mkdir -p "$out"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q -r benches/compare/requirements.txt

cargo build --release -q -p chainsim-cli --bin chainsim
cargo build --release -q -p chainsim-gate --bin compare-multipliers

echo "== engine: chainsim vs plain numpy on the plain model"
"$venv/bin/python" benches/compare/plain_compare.py --chainsim "$bin/chainsim" \
    --python "$venv/bin/python" --runs "${RUNS:-1000000}" --rounds "${ROUNDS:-5}" --out "$out/plain"

echo "== engine: the shipped scenario's cost a run"
"$venv/bin/python" benches/compare/per_run.py --chainsim "$bin/chainsim" \
    --scenario scenarios/jilin-2030.toml --runs "${RUNS:-1000000}" --threads 1,2 \
    --rounds "${ROUNDS:-5}" --out "$out"

echo "== engine: chainsim vs numpy"
"$venv/bin/python" benches/compare/engine_compare.py --chainsim "$bin/chainsim" \
    --runs "${RUNS:-1000000}" --memory-runs "${MEMORY_RUNS:-100000,1000000,10000000}" --out "$out"

echo "== input-output: chainsim multipliers vs pymrio calc_all()"
"$venv/bin/python" benches/compare/pymrio_multipliers.py \
    --rust "$bin/compare-multipliers" --out "$out"

if [ "${PROFILE:-1}" != 0 ]; then
    echo "== profile of the engine"
    bash benches/compare/profile.sh "$bin/chainsim"
fi

if [ "${TABLES:-0}" != 0 ]; then
    echo "== tables: chainsim-tables read + multipliers vs pymrio load_all + calc_all()"
    cargo build --release -q -p chainsim-tables --example multipliers
    synthetic="$out/synthetic-${TABLE_REGIONS:-20}x150"
    if [ ! -f "$synthetic/IOT_2022_pxp/A.txt" ]; then
        "$venv/bin/python" benches/compare/exiobase_synthetic.py --regions "${TABLE_REGIONS:-20}" \
            --sectors 150 --out "$synthetic"
    fi
    "$venv/bin/python" benches/compare/pymrio_tables.py --chainsim "$bin/examples/multipliers" \
        --table tests/data/tables/pymrio/test_mrio --table "$synthetic/IOT_2022_pxp" --out "$out"
fi
