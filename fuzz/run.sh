#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 600) from its seed corpus, and fails if any
# target crashes, panics, times out or runs out of memory. Usage: fuzz/run.sh [SECONDS].
#
# New corpus entries go to fuzz/work/corpus/<target> (ignored by git; the seeds in
# fuzz/corpus are only read), crashes to fuzz/artifacts/<target>, logs to fuzz/work/<target>.log.
# FUZZ_TARGETS="scenario io_table" limits the run to some targets; FUZZ_BUILD_FLAGS adds
# flags to `cargo fuzz build` (e.g. "-s none" to build without AddressSanitizer);
# CARGO_TARGET_DIR moves the build (default fuzz/target). See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
target_dir=${CARGO_TARGET_DIR:-$PWD/fuzz/target}
read -r -a build_flags <<<"${FUZZ_BUILD_FLAGS:-}"

start=$(date +%s)
cargo +nightly fuzz build --target-dir "$target_dir" "${build_flags[@]}"
echo "== fuzz build: $(($(date +%s) - start)) s"

read -r -a targets <<<"${FUZZ_TARGETS:-$(cargo +nightly fuzz list | tr '\n' ' ')}"
mkdir -p fuzz/work
failed=()
summary=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/work/corpus/$target" "fuzz/artifacts/$target"
    case $target in
        scenario) dict=(-dict=fuzz/dict/scenario.dict) ;;
        scenario_numbers) dict=() ;;
        *) dict=(-dict=fuzz/dict/csv.dict) ;;
    esac
    log=fuzz/work/$target.log
    echo "== $target: $seconds s"
    status=ok
    # -timeout: one input taking 10 s is a hang (the targets cap the work of a scenario);
    # -rss_limit_mb: an input that needs 2 GiB is a memory bug.
    if ! cargo +nightly fuzz run --target-dir "$target_dir" "${build_flags[@]}" "$target" \
        "fuzz/work/corpus/$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${dict[@]}" \
        >"$log" 2>&1; then
        status=FAILED
        failed+=("$target")
        grep -E -A2 "panicked at|ERROR: libFuzzer|SUMMARY" "$log" | head -20 || true
        grep -E "Test unit written to" "$log" || true
    fi
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 executions in \2 s/p' "$log")
    if [ -z "$runs" ]; then
        # A crash stops libFuzzer before its final line; its last status line has the count.
        runs="stopped after $(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#') executions"
    fi
    summary+=("$target: $runs ($status)")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found failures in: ${failed[*]} (inputs under fuzz/artifacts/, logs under fuzz/work/)"
    exit 1
fi
