#!/usr/bin/env bash
# CI fuzzing: installs the nightly toolchain and cargo-fuzz when missing, then runs every
# target for FUZZ_SECONDS each (default 20) through fuzz/run.sh; exits non-zero on a crash.
#
# The CI build trades a little speed of execution for half the build time: opt-level 1
# instead of 3 (a fresh build on one core: 3.5-5.0 min instead of 8.8; about as many
# executions a second), and no AddressSanitizer (chainsim has no unsafe code).
# fuzz/run.sh alone keeps cargo-fuzz's defaults for long runs. See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
export CARGO_PROFILE_RELEASE_OPT_LEVEL=${CARGO_PROFILE_RELEASE_OPT_LEVEL:-1}
export FUZZ_BUILD_FLAGS=${FUZZ_BUILD_FLAGS:--s none}
exec bash fuzz/run.sh "${FUZZ_SECONDS:-20}"
