"""What one run of a scenario costs: chainsim's whole process less compiling the scenario.

Issue 14's goal for the shipped scenario is a cost a run (≤ 8 µs on one core), which a
whole-process time hides behind compiling the scenario (its tabulated laws, ~0.1 s). This
times, interleaved over ROUNDS rounds, for each thread count T `chainsim validate SCENARIO`
(compiling alone, on T threads: RAYON_NUM_THREADS=T, as `--threads T` caps it) and
`chainsim simulate SCENARIO --runs RUNS --threads T`, and reports medians:

    cost a run = (median simulate − median validate) / RUNS

with the peak memory of each (GNU time, when installed) and the 1 → T thread speed-up of
the runs. The files of every thread count are compared byte for byte (`summary.json`,
`targets.csv`, `trajectories.csv`): they must be identical.

    python per_run.py --chainsim target/release/chainsim --scenario scenarios/jilin-2030.toml \
        --runs 1000000 --threads 1,2 --rounds 3 --out target/compare
"""

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"
FILES = ("summary.json", "targets.csv", "trajectories.csv")


def timed(cmd, env=None):
    """Wall seconds and peak RSS in MiB (None without GNU time) of one child process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        if os.path.exists(GNU_TIME):
            cmd = [GNU_TIME, "-f", "%M", "-o", rss.name] + cmd
        start = time.perf_counter()
        done = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"per_run: {' '.join(cmd)} failed:\n{done.stderr}")
        text = rss.read().strip()
        return wall, (int(text.splitlines()[-1]) / 1024 if text else None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chainsim", required=True)
    ap.add_argument("--scenario", default="scenarios/jilin-2030.toml")
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default="target/compare")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="per_run.", dir=args.out)

    validate, simulate, memory = {t: [] for t in threads}, {t: [] for t in threads}, {}
    for _ in range(args.rounds):
        for t in threads:
            env = dict(os.environ, RAYON_NUM_THREADS=str(t))
            validate[t].append(timed([args.chainsim, "validate", args.scenario], env)[0])
            folder = os.path.join(work, f"threads-{t}")
            cmd = [args.chainsim, "simulate", args.scenario, "--runs", str(args.runs),
                   "--threads", str(t), "--out", folder, "--force"]
            wall, rss = timed(cmd)
            simulate[t].append(wall)
            memory[t] = rss

    first = os.path.join(work, f"threads-{threads[0]}")
    identical = all(
        filecmp.cmp(os.path.join(first, name), os.path.join(work, f"threads-{t}", name),
                    shallow=False)
        for t in threads[1:]
        for name in FILES
    )
    shutil.rmtree(work)
    rows = {}
    for t in threads:
        wall = statistics.median(simulate[t])
        compile_s = statistics.median(validate[t])
        rows[t] = {
            "seconds": wall,
            "compile_seconds": compile_s,
            "runs_seconds": wall - compile_s,
            "microseconds_a_run": (wall - compile_s) / args.runs * 1e6,
            "peak_rss_mib": memory[t],
            "all_seconds": simulate[t],
        }
    base = rows[threads[0]]["runs_seconds"]
    for t in threads:
        rows[t]["speedup_of_the_runs"] = base / rows[t]["runs_seconds"]
    result = {
        "scenario": args.scenario,
        "runs": args.runs,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "threads": rows,
        "identical_files_on_every_thread_count": identical,
        "load_average_at_end": os.getloadavg(),
    }
    path = os.path.join(args.out, "per_run.json")
    with open(path, "w") as fh:
        json.dump(result, fh, indent=1)
        fh.write("\n")
    print(f"{args.scenario}, {args.runs} runs, medians of {args.rounds} interleaved rounds:")
    for t in threads:
        r = rows[t]
        mem = f"{r['peak_rss_mib']:.1f} MiB" if r["peak_rss_mib"] is not None else "n/a"
        print(f"  {t:>2} thread(s): {r['seconds']:.3f} s, compile {r['compile_seconds']:.3f} s, "
              f"{r['microseconds_a_run']:.2f} µs a run "
              f"(× threads: {r['microseconds_a_run'] * t:.2f} µs of core), "
              f"{r['speedup_of_the_runs']:.2f}× the first, {mem}")
    print(f"  files identical on every thread count: {identical}  ({path})")
    if not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()
