"""chainsim vs the vectorised numpy implementation on the shipped Jilin scenario.

Runs each program as a child process and reads its wall time and peak resident memory
(ru_maxrss from wait4), then checks that the target probabilities agree within Monte Carlo
error: |p_chainsim - p_numpy| <= 4 sqrt(p(1-p)(1/n1 + 1/n2)) with p the pooled estimate.

    python engine_compare.py --chainsim target/release/chainsim --runs 1000000 --out target/compare
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "data", "jilin-2030-four-bases.toml")


GNU_TIME = "/usr/bin/time"


def run(cmd):
    """Wall seconds and peak RSS (MiB) of one child process.

    The peak comes from GNU time when it is installed: a child forked from this Python process
    would otherwise report Python's own resident set as its peak (Linux keeps the pre-exec
    high-water mark), which hides a small program's footprint.
    """
    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"engine_compare_rss.{os.getpid()}")
    gnu_time = os.path.exists(GNU_TIME)
    if gnu_time:
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + cmd
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    if gnu_time:
        with open(rss_file) as fh:
            rss_kib = float(fh.read().split()[-1])
        os.remove(rss_file)
    else:
        rss_kib = usage.ru_maxrss
    return wall, rss_kib / 1024.0


def chainsim(binary, runs, threads, out):
    cmd = [binary, "simulate", SCENARIO, "--runs", str(runs), "--seed", "1",
           "--threads", str(threads), "--out", out, "--format", "json"]
    wall, rss = run(cmd)
    with open(os.path.join(out, "summary.json")) as fh:
        summary = json.load(fh)
    return wall, rss, summary


def best_of(repeats, fn):
    results = [fn() for _ in range(repeats)]
    return min(results, key=lambda r: r[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chainsim", required=True)
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=2, help="best of this many timings")
    ap.add_argument("--memory-runs", default="100000,1000000,10000000")
    ap.add_argument("--out", default="target/compare")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    n = args.runs

    timings = {}
    for threads in (1, 2):
        out = os.path.join(args.out, f"chainsim-{threads}t")
        wall, rss, summary = best_of(args.repeats, lambda: chainsim(args.chainsim, n, threads, out))
        timings[f"chainsim_{threads}_thread"] = dict(seconds=wall, peak_rss_mib=rss)
        print(f"chainsim {threads} thread(s): {n} runs in {wall:.2f} s, peak RSS {rss:.1f} MiB", file=sys.stderr)

    np_json = os.path.join(args.out, "numpy.json")
    np_cmd = [sys.executable, os.path.join(HERE, "engine_numpy.py"), SCENARIO,
              "--runs", str(n), "--json", np_json]
    wall, rss = best_of(args.repeats, lambda: run(np_cmd))
    timings["numpy"] = dict(seconds=wall, peak_rss_mib=rss)
    print(f"numpy: {n} runs in {wall:.2f} s, peak RSS {rss:.1f} MiB", file=sys.stderr)
    with open(np_json) as fh:
        numpy_result = json.load(fh)

    agreement = {}
    for target in summary["targets"]:
        p1, n1 = target["probability"], summary["accepted_runs"]
        p2, n2 = numpy_result["targets"][target["id"]]["probability"], numpy_result["accepted"]
        pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        limit = 4.0 * math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        agreement[target["id"]] = dict(chainsim=p1, numpy=p2, difference=p1 - p2,
                                       limit_4_sigma=limit, agree=abs(p1 - p2) <= limit)

    memory = {}
    for runs in (int(r) for r in args.memory_runs.split(",") if r):
        out = os.path.join(args.out, f"chainsim-mem-{runs}")
        wall, rss, _ = chainsim(args.chainsim, runs, 2, out)
        memory[str(runs)] = dict(seconds=wall, peak_rss_mib=rss)
        print(f"chainsim 2 threads: {runs} runs in {wall:.1f} s, peak RSS {rss:.1f} MiB", file=sys.stderr)

    c1, c2 = timings["chainsim_1_thread"]["seconds"], timings["chainsim_2_thread"]["seconds"]
    result = dict(
        runs=n,
        cpus=os.cpu_count(),
        load_average_at_end=os.getloadavg(),
        timings=timings,
        speedup_vs_numpy_1_thread=timings["numpy"]["seconds"] / c1,
        speedup_vs_numpy_2_threads=timings["numpy"]["seconds"] / c2,
        speedup_1_to_2_threads=c1 / c2,
        target_agreement=agreement,
        all_targets_agree=all(a["agree"] for a in agreement.values()),
        memory_2_threads=memory,
    )
    with open(os.path.join(args.out, "engine_summary.json"), "w") as fh:
        json.dump(result, fh, indent=2)
    print(json.dumps(result, indent=2))
    if not result["all_targets_agree"]:
        print("engine comparison: target probabilities differ beyond Monte Carlo error", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
