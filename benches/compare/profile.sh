#!/usr/bin/env bash
# Where the engine's time goes: Callgrind over `chainsim simulate` of the shipped scenario on
# one thread (RUNS runs, 2000 by default: Callgrind is ~50x slower), then the inclusive share
# of the engine's instructions spent in each stage.
# Usage: benches/compare/profile.sh [CHAINSIM_BINARY]   (needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/chainsim}
runs=${RUNS:-2000}
out=target/compare/profile
mkdir -p "$out"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$bin" simulate benches/data/jilin-2030-four-bases.toml --runs "$runs" --seed 1 --threads 1 \
    --out "$out/sim" --format json >/dev/null 2>"$out/valgrind.log"
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" >"$out/inclusive.txt" 2>/dev/null

# Inclusive instructions of each stage (its own record, "function [binary]": inlined callees
# are included, inlined copies elsewhere are not), as a share of the whole program.
share() {
    grep -E "$2 \[" "$out/inclusive.txt" | head -1 | awk -v name="$1" -v total="$total" -v runs="$runs" \
        '{ gsub(",", "", $1); printf "%-46s %13d  %5.1f%%  %7.0f per run\n", name, $1, 100 * $1 / total, $1 / runs }'
}
total=$(grep -E "PROGRAM TOTALS" "$out/inclusive.txt" | awk '{ gsub(",", "", $1); print $1 }')
echo "Inclusive instructions, $runs runs of the shipped scenario on one thread (callgrind):"
printf "%-46s %13d  100.0%%  %7.0f per run\n" "whole program (parse, runs, report)" "$total" "$((total / runs))"
share "one run: simulate_run" "chainsim::run::simulate_run"
share "  growth-law copula map (Marginal)" "chainsim_stats::marginal::Marginal::from_std_normal"
share "  Leontief LU per run (n = 5)" "chainsim_io::lu::Lu::new"
share "  Leontief solves (5 per run)" "chainsim_io::leontief::Leontief::solve_in_place"
share "sampling: standard normals (ChaCha8 + ziggurat)" "StandardNormal as rand::distr::distribution::Distribution<f64>>::sample"
share "recording: DDSketch inserts" "chainsim_stats::sketch::QuantileSketch::insert"
echo "(full listing: $out/inclusive.txt)"
