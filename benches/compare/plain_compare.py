"""chainsim against plain numpy on issue 14's plain model, interleaved, medians.

Each round runs, in turn: numpy keeping what chainsim keeps (plain_numpy.py), numpy keeping
only the targets and the outputs' quantiles in the last year (--minimal), chainsim on 1 and 2
threads, and chainsim on 1 and 2 threads keeping the outputs' trajectories only (the scenario
with `[trajectories] series = ["*.output"]` appended: the five outputs' mean and quantiles in
every year and the targets, a superset of what the minimal numpy program keeps), all on
benches/data/plain.toml at --runs runs; numpy under OMP_NUM_THREADS=1 (one core; numpy's own
work is single-threaded apart from BLAS). Wall time of the whole process (start-up, the
scenario's compilation and the output files included) and peak memory (GNU time). The median
of --rounds rounds is reported, with each round's ratios, and the target probabilities of
both programs side by side with their Monte Carlo standard error.

    python plain_compare.py --chainsim target/release/chainsim --runs 1000000 --rounds 5
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "data", "plain.toml")
NUMPY = os.path.join(HERE, "plain_numpy.py")
GNU_TIME = "/usr/bin/time"


def timed(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of one child process."""
    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"plain_compare_rss.{os.getpid()}")
    if os.path.exists(GNU_TIME):
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + cmd
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    rss = float("nan")
    if os.path.exists(rss_file):
        with open(rss_file) as fh:
            rss = float(fh.read().split()[-1]) / 1024.0
        os.remove(rss_file)
    return wall, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chainsim", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default="target/compare/plain")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    one_core = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    programs = {
        "numpy_full": ([args.python, NUMPY, "--runs", str(args.runs), "--json",
                        os.path.join(args.out, "numpy.json")], one_core),
        "numpy_minimal": ([args.python, NUMPY, "--runs", str(args.runs), "--minimal"], one_core),
    }
    outputs_only = os.path.join(args.out, "plain-outputs.toml")
    with open(SCENARIO) as src, open(outputs_only, "w") as dst:
        dst.write(src.read() + '\n[trajectories]\nseries = ["*.output"]\n')
    for kept, scenario in (("", SCENARIO), ("_outputs", outputs_only)):
        for threads in (1, 2):
            out = os.path.join(args.out, f"chainsim{kept}-{threads}t")
            programs[f"chainsim{kept}_{threads}t"] = (
                [args.chainsim, "simulate", scenario, "--runs", str(args.runs), "--seed", "1",
                 "--threads", str(threads), "--out", out, "--format", "json"], None)
    walls = {name: [] for name in programs}
    rss = {}
    for round_ in range(args.rounds):
        for name, (cmd, env) in programs.items():
            wall, peak = timed(cmd, env)
            walls[name].append(wall)
            rss[name] = peak
        print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in walls.items()),
              file=sys.stderr)

    medians = {name: statistics.median(w) for name, w in walls.items()}
    with open(os.path.join(args.out, "numpy.json")) as fh:
        numpy_result = json.load(fh)
    with open(os.path.join(args.out, "chainsim-1t", "summary.json")) as fh:
        chainsim_result = json.load(fh)
    with open(os.path.join(args.out, "chainsim-2t", "summary.json")) as fh:
        two_threads = json.load(fh)
    kept_targets = []
    for threads in (1, 2):
        with open(os.path.join(args.out, f"chainsim_outputs-{threads}t", "summary.json")) as fh:
            kept_targets.append(json.load(fh)["targets"])
    probabilities = []
    for target in chainsim_result["targets"]:
        p_c = target["probability"]
        p_n = numpy_result["targets"][target["id"]]["probability"]
        pooled = (p_c + p_n) / 2
        se = math.sqrt(max(pooled * (1 - pooled), 1e-300) * 2 / args.runs)
        probabilities.append(dict(id=target["id"], chainsim=p_c, numpy=p_n,
                                  difference_in_se=(p_c - p_n) / se if se > 0 else 0.0))
    identical = all(json.dumps(chainsim_result["targets"]) == json.dumps(targets)
                    for targets in [two_threads["targets"]] + kept_targets)
    result = dict(
        runs=args.runs,
        rounds=args.rounds,
        walls=walls,
        medians=medians,
        peak_rss_mib=rss,
        ratios={
            "numpy_full / chainsim_1t": medians["numpy_full"] / medians["chainsim_1t"],
            "numpy_full / chainsim_2t": medians["numpy_full"] / medians["chainsim_2t"],
            "numpy_minimal / chainsim_1t": medians["numpy_minimal"] / medians["chainsim_1t"],
            "numpy_minimal / chainsim_2t": medians["numpy_minimal"] / medians["chainsim_2t"],
            "chainsim_1t / chainsim_2t": medians["chainsim_1t"] / medians["chainsim_2t"],
            "numpy_minimal / chainsim_outputs_1t":
                medians["numpy_minimal"] / medians["chainsim_outputs_1t"],
            "numpy_minimal / chainsim_outputs_2t":
                medians["numpy_minimal"] / medians["chainsim_outputs_2t"],
        },
        probabilities=probabilities,
        one_and_two_threads_identical=identical,
    )
    with open(os.path.join(args.out, "plain_compare.json"), "w") as fh:
        json.dump(result, fh, indent=2)
        fh.write("\n")
    print(f"{args.runs} runs, median of {args.rounds} interleaved rounds:")
    for name, wall in medians.items():
        print(f"  {name:20s} {wall:7.3f} s  {rss[name]:8.1f} MiB")
    for name, ratio in result["ratios"].items():
        print(f"  {name:36s} {ratio:5.2f}x")
    for p in probabilities:
        print(f"  {p['id']}: chainsim {p['chainsim']:.6f}, numpy {p['numpy']:.6f} "
              f"({p['difference_in_se']:+.2f} standard errors)")
    print(f"  1 and 2 threads, all series or the outputs only, give the same targets: {identical}")
    if any(abs(p["difference_in_se"]) > 4 for p in probabilities) or not identical:
        raise SystemExit("probabilities differ beyond Monte Carlo error, or threads disagree")


if __name__ == "__main__":
    main()
