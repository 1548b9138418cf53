#!/usr/bin/env bash
# Where the engine's time goes: Callgrind over `chainsim simulate` of a scenario (SCENARIO,
# benches/data/plain.toml by default; scenarios/jilin-2030.toml for the shipped one) on one
# thread (RUNS runs, 20000 by default: Callgrind is ~50x slower), then the inclusive
# instructions of each stage, per run. The whole program includes compiling the scenario (the
# shipped one tabulates its PERT and mixture laws, ~1e9 instructions), which the per-run
# figures of the stages do not.
# Usage: benches/compare/profile.sh [CHAINSIM_BINARY]   (needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/chainsim}
runs=${RUNS:-20000}
scenario=${SCENARIO:-benches/data/plain.toml}
out=target/compare/profile
mkdir -p "$out"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$bin" simulate "$scenario" --runs "$runs" --seed 1 --threads 1 \
    --out "$out/sim-$(basename "$scenario" .toml)" --format json >/dev/null 2>"$out/valgrind.log"
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" >"$out/inclusive.txt" 2>/dev/null

# Inclusive instructions of each stage, per run. Under fat LTO a function shows up once per
# source file its inlined code came from; the largest of those records is the one that
# includes its callees, so that is the one taken.
share() {
    { grep -E ":$2( \[|\$)" "$out/inclusive.txt" || true; } | awk -v name="$1" -v total="$total" -v runs="$runs" \
        '{ gsub(",", "", $1); if ($1 + 0 > max) max = $1 + 0 }
         END { printf "%-52s %13d  %5.1f%%  %7.0f per run\n", name, max, 100 * max / total, max / runs }'
}
total=$(grep -E "PROGRAM TOTALS" "$out/inclusive.txt" | awk '{ gsub(",", "", $1); print $1 }')
echo "Inclusive instructions, $runs runs of $scenario on one thread (callgrind):"
printf "%-52s %13d  100.0%%  %7.0f per run\n" "whole program (compile, runs, report)" "$total" "$((total / runs))"
share "compiling the scenario (not its tables: rayon's)" "chainsim::compile::Compiler::compile"
share "inputs: Philox normals (fill_lanes)" "chainsim::engine::sampling::InputSampler::fill_lanes"
share "runs side by side (RunBatch::simulate)" "chainsim::engine::run::RunBatch::simulate"
share "  copula product" "chainsim_stats::correlation::CorrelationMatrix::correlate_lanes"
share "  tabulated copula maps (PERT, mixture)" "chainsim_stats::quantile_table::QuantileTable::from_std_normal"
share "  capacities with the projects online" "chainsim::model::year::YearLanes::set_capacities"
share "  the mixed model, run by run" "chainsim::engine::run::RunBatch::settle_capped"
share "  chains, energy balance, values" "chainsim::model::year::YearLanes::derive"
share "  every series written into the batch" "chainsim::model::year::YearLanes::record"
share "recording: sketches, sums, targets" "chainsim::summary::Summary::record_lanes"
share "  sketch inserts" "chainsim_stats::sketch::QuantileSketch::insert_slice"
share "  pow: average-growth targets' metrics" "libm::math::pow::pow"
# Code the compiler inlined into the batch (fat LTO), by the file it came from.
self_cost() {
    { grep -E "$2:chainsim::engine::run::RunBatch::simulate" "$out/self.txt" || true; } | awk -v name="$1" -v total="$total" -v runs="$runs" \
        '{ gsub(",", "", $1); sum += $1 }
         END { printf "%-52s %13d  %5.1f%%  %7.0f per run\n", name, sum, 100 * sum / total, sum / runs }'
}
callgrind_annotate --inclusive=no --threshold=100 "$out/callgrind.out" >"$out/self.txt" 2>/dev/null
self_cost "  inlined: drawn matrices side by side (lanes.rs)" "crates/chainsim-io/src/lanes.rs"
self_cost "  inlined: mixed model for capped sectors" "crates/chainsim-io/src/(capacity|lu).rs"
self_cost "  inlined: growth laws" "crates/chainsim/src/model/laws.rs"
echo "(full listing: $out/inclusive.txt)"
