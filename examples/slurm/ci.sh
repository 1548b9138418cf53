#!/usr/bin/env bash
# CI: a sharded simulation under a real Slurm on this machine. Installs Debian's slurm-wlm
# and munge when missing, starts munged, slurmctld and slurmd for a one-node cluster of
# localhost (state, spool, sockets and logs in a temporary folder), submits 4 shards of the
# shipped scenario as an array and the merge with --dependency=afterok, and checks the merged
# files byte for byte against one process. Daemons it started are stopped by PID on exit. A
# Slurm that does not start, or a job that fails, is a failure with the logs printed.
#
# Usage: examples/slurm/ci.sh [CHAINSIM]  (default: the debug binary of the workspace)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
chainsim=$(realpath -m "${1:-${CARGO_TARGET_DIR:-$repo/target}/debug/chainsim}")
scenario=$repo/scenarios/jilin-2030.toml
runs=20000
shards=4
[ -x "$chainsim" ] || { echo "slurm ci: no chainsim binary at $chainsim" >&2; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

work=$(mktemp -d /tmp/chainsim-slurm.XXXXXX)
chmod 700 "$work"
host=$(hostname -s)
pids=()
stop() {
    local status=$?
    for pid_file in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munged.pid"; do
        if [ -s "$pid_file" ]; then
            kill "$(cat "$pid_file")" 2>/dev/null || true
        fi
    done
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    # Give the daemons a moment to go, so the folder they log into can be removed.
    sleep 1
    if [ "$status" -ne 0 ]; then
        for log in "$work"/*.log "$work"/parts/logs/*.log; do
            [ -f "$log" ] && { echo "---- $log"; tail -n 40 "$log"; }
        done
    fi
    rm -rf "$work"
    exit "$status"
}
trap stop EXIT
fail() {
    echo "slurm ci: $*" >&2
    exit 1
}

# munge, on a key and socket of its own.
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
munged --force --key-file="$work/munge.key" --socket="$work/munge.socket" \
    --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge.seed" \
    || fail "munged did not start"

mkdir -p "$work/state" "$work/spool"
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=chainsim-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge.socket
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -c -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"

# The node joins within a minute or it is a failure.
for _ in $(seq 60); do
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 1
done
[ "$state" = idle ] || fail "node $host is \"$state\", not idle, after 60 s"

export CHAINSIM=$chainsim
ids=$("$repo/examples/slurm/submit.sh" "$scenario" "$runs" "$shards" "$work/parts" "$work/merged")
echo "slurm ci: submitted array and merge: $ids"

# Wait for both jobs to leave the queue, 5 minutes at most.
for _ in $(seq 300); do
    [ -z "$(squeue -h -j "${ids// /,}" 2>/dev/null)" ] && break
    sleep 1
done
[ -z "$(squeue -h -j "${ids// /,}" 2>/dev/null)" ] || fail "jobs $ids still queued after 5 minutes"
[ -f "$work/merged/summary.json" ] || fail "the merge job wrote no summary.json"

"$chainsim" simulate "$scenario" --runs "$runs" --out "$work/whole" --format json > /dev/null
for file in targets.csv trajectories.csv summary.json; do
    cmp "$work/whole/$file" "$work/merged/$file" || fail "$file differs from one process"
done
echo "slurm ci: $shards shards of $runs runs under Slurm, merged: byte-identical to one process"
