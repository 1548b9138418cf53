#!/usr/bin/env bash
# Submits a sharded simulation: an array of N shards and a merge that runs once all of them
# succeeded. Usage: submit.sh SCENARIO RUNS N PARTS_DIR OUT [extra sbatch options…]
# (CHAINSIM names the binary when it is not on PATH; SEED overrides the scenario's seed).
# Prints the two job ids.
set -euo pipefail
if [ $# -lt 5 ]; then
    echo "usage: $0 SCENARIO RUNS N PARTS_DIR OUT [sbatch options…]" >&2
    exit 1
fi
scenario=$(realpath "$1") runs=$2 shards=$3 parts=$(realpath -m "$4") out=$(realpath -m "$5")
shift 5
here=$(dirname "$(realpath "$0")")
mkdir -p "$parts/logs"
export SCENARIO=$scenario RUNS=$runs SHARDS=$shards PARTS_DIR=$parts OUT=$out
array=$(sbatch --parsable --array="0-$((shards - 1))" --export=ALL \
    --output="$parts/logs/shard-%a.log" "$@" "$here/shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --export=ALL \
    --output="$parts/logs/merge.log" "$@" "$here/merge.sbatch")
echo "$array ${merge%%;*}"
