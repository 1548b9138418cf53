#!/usr/bin/env bash
# CI fuzzing: installs the nightly toolchain and cargo-fuzz when missing, then runs every
# target for FUZZ_SECONDS each (default 20) through fuzz/run.sh; exits non-zero on a crash.
# Built without AddressSanitizer (chainsim has no unsafe code; the sanitizer doubles the
# build time and halves the executions); fuzz/run.sh keeps it for long runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
FUZZ_BUILD_FLAGS=${FUZZ_BUILD_FLAGS:--s none} exec bash fuzz/run.sh "${FUZZ_SECONDS:-20}"
