#!/usr/bin/env bash
# Where the engine's time goes: Callgrind over `chainsim simulate` of the shipped scenario on
# one thread (RUNS runs, 2000 by default: Callgrind is ~50x slower), then the inclusive share
# of the engine's instructions spent in each stage.
# Usage: benches/compare/profile.sh [CHAINSIM_BINARY]   (needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/release/chainsim}
runs=${RUNS:-2000}
out=target/compare/profile
mkdir -p "$out"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$bin" simulate scenarios/jilin-2030.toml --runs "$runs" --seed 1 --threads 1 \
    --out "$out/sim" --format json >/dev/null 2>"$out/valgrind.log"
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" >"$out/inclusive.txt"

# Inclusive instructions of the first line matching each pattern, as a share of run_chunk.
share() {
    grep -E "$2" "$out/inclusive.txt" | head -1 | awk -v name="$1" -v total="$3" \
        '{ gsub(",", "", $1); printf "%-44s %14d  %5.1f%%  %8.0f per run\n", name, $1, 100 * $1 / total, $1 / '"$runs"' }'
}
total=$(grep -E "chainsim::engine::run_chunk" "$out/inclusive.txt" | head -1 | awk '{ gsub(",", "", $1); print $1 }')
echo "Inclusive instructions, $runs runs of the shipped scenario on one thread (callgrind):"
share "engine chunk (everything per run)" "chainsim::engine::run_chunk" "$total"
share "  sampling: standard normals (ChaCha8)" "chainsim::sampling::fill_standard_normals" "$total"
share "  one run: simulate_run" "chainsim::run::simulate_run" "$total"
share "    growth-law copula map (Marginal)" "chainsim_stats::marginal::Marginal::from_std_normal" "$total"
share "      of which inverse incomplete beta (PERT)" "inverse_beta_reg" "$total"
share "    Leontief factorisation per run" "chainsim_io::leontief::Leontief::new" "$total"
share "    Leontief solves" "chainsim_io::leontief::Leontief::solve_in_place" "$total"
share "  recording: sketches and targets" "chainsim::summary::Summary::record" "$total"
share "    of which DDSketch inserts" "chainsim_stats::sketch::QuantileSketch::insert" "$total"
echo "(full listing: $out/inclusive.txt)"
