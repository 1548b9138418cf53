#!/usr/bin/env bash
# Where the engine's time goes: Callgrind over `chainsim simulate` of the four-base model
# (benches/data/jilin-2030-four-bases.toml, the one compared with numpy) on one thread (RUNS
# runs, 2000 by default: Callgrind is ~50x slower), then the inclusive share of the engine's
# instructions spent in each stage.
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

# Inclusive instructions of each stage, as a share of the whole program. Under fat LTO a
# function shows up once per source file its inlined code came from; the largest of those
# records is the one that includes its callees, so that is the one taken.
share() {
    grep -E ":$2( \[|\$)" "$out/inclusive.txt" | awk -v name="$1" -v total="$total" -v runs="$runs" \
        '{ gsub(",", "", $1); if ($1 + 0 > max) max = $1 + 0 }
         END { printf "%-48s %13d  %5.1f%%  %7.0f per run\n", name, max, 100 * max / total, max / runs }'
}
total=$(grep -E "PROGRAM TOTALS" "$out/inclusive.txt" | awk '{ gsub(",", "", $1); print $1 }')
echo "Inclusive instructions, $runs runs of the four-base model on one thread (callgrind):"
printf "%-48s %13d  100.0%%  %7.0f per run\n" "whole program (parse, runs, report)" "$total" "$((total / runs))"
share "one run: simulate_run" "chainsim::engine::run::simulate_run"
share "  Leontief refactor (n = 5)" "chainsim_io::lu::refactor_fixed"
share "  Leontief solves (5 a run, 1 productivity check)" "chainsim_io::lu::solve_fixed"
share "  exp, libm (with compilation's PERT table)" "exp@@GLIBC_2.29"
share "  series writes" "chainsim::engine::run::record"
share "sampling: standard normals (ChaCha8 + ziggurat)" "chainsim::engine::sampling::fill_standard_normals"
share "recording: sketch inserts, sums, targets" "chainsim::summary::Summary::record"
share "  target metrics and first years" "chainsim::model::targets::Target::metric_at"
echo "(full listing: $out/inclusive.txt)"
