#!/usr/bin/env bash
# Rebuilds the Jilin City table that scenarios/jilin-2030.toml takes its coefficients from
# (scenarios/data/README.md says where every number comes from):
#   1. China's 2020 national table (42 sectors, domestic flows, 万元) aggregated to the
#      scenario's nine table sectors — needs the transcription kept outside the repository
#      (CN_IO_2020_FLOWS, see README.md); skipped when it is absent, the aggregate being
#      checked in;
#   2. the aggregate regionalised to the city by Flegg's FLQ (δ = 0.3) with the city's
#      sector sizes (jilin-city-regional.csv).
# Usage: bash scenarios/data/build.sh [path/to/chainsim]
set -euo pipefail
cd "$(dirname "$0")"
chainsim=${1:-../../target/release/chainsim}
flows=${CN_IO_2020_FLOWS:-../../../shared/data/cn-io-2020/cn-io-2020-flows.csv}
if [ -f "$flows" ]; then
    "$chainsim" io aggregate "$flows" --map cn-io-2020-to-scenario-map.csv \
        --out cn-io-2020-9.csv --format csv > /dev/null
else
    echo "note: $flows not found; using the checked-in cn-io-2020-9.csv" >&2
fi
"$chainsim" io regionalize cn-io-2020-9.csv --regional jilin-city-regional.csv \
    --method flq --delta 0.3 --out jilin-city-flq.csv --format csv > /dev/null
