"""Reading a table and computing its multipliers: chainsim-tables vs pymrio, time and peak memory.

    python benches/compare/pymrio_tables.py --chainsim target/release/examples/multipliers \
        --table tests/data/tables/pymrio/test_mrio --table target/compare/synthetic-7350/IOT_2022_pxp \
        --pairs 3 --out target/compare

For each table, PAIRS interleaved pairs of fresh processes, each under /usr/bin/time -v:
- chainsim: the `multipliers` example of chainsim-tables reads the folder (Format::detect:
  pymrio or EXIOBASE) into an IoTable and runs chainsim_io::multipliers (output multipliers
  and M = S L for every satellite row, by LU solves; L is never formed);
- pymrio: `pymrio.load_all` (or `parse_exiobase3` for an EXIOBASE-named folder) and
  `calc_all()` (A or Z, L = inv(I - A), and for every extension S, M = S L and the
  footprint accounts D_cba, D_pba, D_imp, D_exp per sector and region).
Reported: medians of each tool's own timing of read and compute, the process wall time and the
peak resident memory (max RSS); the numbers of the last pair are checked to agree (output
multipliers and every M, max relative difference). Results: OUT/pymrio_tables.json.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

TOLERANCE = 1e-9


def pymrio_run(path, out):
    """The pymrio side, run in its own process by the comparison."""
    import pymrio

    start = time.perf_counter()
    if re.fullmatch(r"IOT_\d{4}_(pxp|ixi)(\.zip)?", os.path.basename(os.path.normpath(path))):
        system = pymrio.parse_exiobase3(path)
    else:
        system = pymrio.load_all(path)
    read_seconds = time.perf_counter() - start
    start = time.perf_counter()
    system.calc_all()
    compute_seconds = time.perf_counter() - start
    sat = {}
    for ext in system.get_extensions(data=True):
        for key, row in zip(ext.M.index, ext.M.to_numpy()):
            name = "/".join(key) if isinstance(key, tuple) else str(key)
            sat[f"{ext.name}/{name}"] = row.tolist()
    with open(out, "w") as fh:
        json.dump({"summary": {"read_seconds": read_seconds, "multipliers_seconds": compute_seconds},
                   "output_multipliers": system.L.to_numpy().sum(axis=0).tolist(),
                   "satellite_multipliers": sat}, fh)


def timed(cmd):
    """Runs cmd under GNU time; returns (wall seconds, max RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{proc.stdout}\n{proc.stderr}")
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return wall, rss_kib / 1024


def max_rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.maximum(np.abs(b), np.finfo(float).tiny)
    return float(np.max(np.abs(a - b) / scale))


def compare(table, chainsim, pairs, scratch):
    runs = {"chainsim": [], "pymrio": []}
    outs = {name: os.path.join(scratch, f"{name}.json") for name in runs}
    commands = {
        "chainsim": [chainsim, table, outs["chainsim"]],
        "pymrio": [sys.executable, os.path.abspath(__file__), "--pymrio-run", table, outs["pymrio"]],
    }
    for _ in range(pairs):
        for name in ("chainsim", "pymrio"):
            wall, rss = timed(commands[name])
            with open(outs[name]) as fh:
                own = json.load(fh)["summary"]
            runs[name].append(dict(wall=wall, rss=rss, read=own["read_seconds"], compute=own["multipliers_seconds"]))
    with open(outs["chainsim"]) as fh:
        ours = json.load(fh)
    with open(outs["pymrio"]) as fh:
        theirs = json.load(fh)
    worst = {"output multipliers": max_rel(ours["output_multipliers"], theirs["output_multipliers"])}
    for name, row in theirs["satellite_multipliers"].items():
        worst[f"M[{name}]"] = max_rel(ours["satellite_multipliers"][name], row)
    medians = {
        name: {key: statistics.median(r[key] for r in rs) for key in ("read", "compute", "wall", "rss")}
        for name, rs in runs.items()
    }
    c, p = medians["chainsim"], medians["pymrio"]
    return dict(
        table=table,
        n_sectors=len(theirs["output_multipliers"]),
        pairs=pairs,
        medians=medians,
        ratios=dict(read=p["read"] / c["read"], compute=p["compute"] / c["compute"],
                    read_and_compute=(p["read"] + p["compute"]) / (c["read"] + c["compute"]),
                    wall=p["wall"] / c["wall"], rss=p["rss"] / c["rss"]),
        runs=runs,
        max_relative_difference=max(worst.values()),
        agree_to_1e9=all(v <= TOLERANCE for v in worst.values()),
    )


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--pymrio-run":
        pymrio_run(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chainsim", required=True, help="the multipliers example of chainsim-tables (release)")
    ap.add_argument("--table", action="append", required=True)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--out", default="target/compare")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for table in args.table:
            result = compare(table, args.chainsim, args.pairs, scratch)
            summary = {k: v for k, v in result.items() if k != "runs"}
            print(json.dumps(summary, indent=2), flush=True)
            results.append(result)
    with open(os.path.join(args.out, "pymrio_tables.json"), "w") as fh:
        json.dump(results, fh, indent=2)
    if not all(r["agree_to_1e9"] for r in results):
        sys.exit("pymrio_tables: results differ by more than 1e-9 relative")


if __name__ == "__main__":
    main()
