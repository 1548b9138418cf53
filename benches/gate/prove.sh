#!/usr/bin/env bash
# Proves the instruction-count gate: with the test-only `gate-slowdown` feature the
# sketch_insert benchmark inserts every fourth value twice (25% more inserts), and the gate
# must fail on it; without the feature the same gate must pass. Exit 0 only if both hold.
set -euo pipefail
cd "$(dirname "$0")/../.."

filter='gate::stats_group::sketch_insert*'
gate=(cargo run -q -p chainsim-gate -- check --filter "$filter")

echo "== prove: sketch_insert slowed on purpose (--features gate-slowdown): the gate must fail"
set +e
"${gate[@]}" --features gate-slowdown | tee target/gate-prove.log
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 1 ] || ! grep -q 'sketch_insert/values_10000 .*REGRESSED' target/gate-prove.log; then
    echo "prove: FAILED: expected the gate to flag sketch_insert and exit 1, got exit $status"
    exit 1
fi

echo "== prove: the same kernel unmodified: the gate must pass"
"${gate[@]}"
echo "prove: the gate failed on the slowed kernel and passed without the slowdown"
