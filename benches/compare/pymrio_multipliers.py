"""chainsim's multipliers report vs pymrio's calc_all() on pymrio's bundled test system.

pymrio 0.7 ships a 6-region x 8-sector (48-sector) multi-regional system with two satellite
extensions (factor inputs: value added; emissions: two stressors). This script

1. exports the system (Z, x, satellite totals F) as JSON for `compare-multipliers`;
2. times pymrio's calc_all() on fresh copies (it computes A, L, S, M and the footprint
   accounts), and, for reference, the minimal numpy path of pymrio's own iomath
   (A, L = inv(I - A), M = S L);
3. runs chainsim's multipliers report through `compare-multipliers` (median of many repeats);
4. checks that the output multipliers (column sums of L) and the satellite multipliers
   (M = S L) agree to 1e-9 relative, and prints the ratios.

    python pymrio_multipliers.py --rust target/release/compare-multipliers --out target/compare
"""

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pymrio
from pymrio.tools import iomath

TOLERANCE = 1e-9


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rust", required=True, help="path of the compare-multipliers binary")
    ap.add_argument("--out", default="target/compare")
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--rust-repeats", type=int, default=2000)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    fresh = pymrio.load_test()
    ref = copy.deepcopy(fresh)
    ref.calc_all()
    x = ref.x["indout"].to_numpy()
    sectors = [list(label) for label in ref.Z.index]
    accounts = {}
    multipliers = {}
    for ext in ref.get_extensions(data=True):
        for key, f_row, m_row in zip(ext.F.index, ext.F.to_numpy(), ext.M.to_numpy()):
            name = f"{ext.name}: " + (" / ".join(key) if isinstance(key, tuple) else str(key))
            accounts[name] = f_row.tolist()
            multipliers[name] = m_row
    output_multipliers = ref.L.to_numpy().sum(axis=0)

    system_path = os.path.join(args.out, "pymrio_test_system.json")
    with open(system_path, "w") as fh:
        json.dump(dict(sectors=sectors, Z=ref.Z.to_numpy().tolist(), x=x.tolist(), F=accounts), fh)

    # pymrio's calc_all() on a fresh copy each time (copying is outside the timing).
    copies = [copy.deepcopy(fresh) for _ in range(args.repeats)]
    pymrio_median, pymrio_min = median_time(lambda: copies.pop().calc_all(), args.repeats)

    # The minimal numpy path through pymrio's iomath: A, L by explicit inverse, M = S L.
    z, s_all = ref.Z, [ext.S for ext in ref.get_extensions(data=True)]

    def minimal():
        a = iomath.calc_A(z, ref.x)
        lmat = iomath.calc_L(a)
        return [iomath.calc_M(s, lmat) for s in s_all]

    numpy_median, numpy_min = median_time(minimal, args.repeats * 10)

    result_path = os.path.join(args.out, "chainsim_multipliers.json")
    subprocess.run([args.rust, system_path, result_path, str(args.rust_repeats)], check=True)
    with open(result_path) as fh:
        rust = json.load(fh)

    def max_rel(a, b):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        scale = np.maximum(np.abs(b), np.finfo(float).tiny)
        return float(np.max(np.abs(a - b) / scale))

    worst = {"output multipliers": max_rel(rust["output_multipliers"], output_multipliers)}
    for name, m_row in multipliers.items():
        worst[f"M[{name}]"] = max_rel(rust["satellite_totals"][name], m_row)

    rust_median = rust["seconds_median"]
    summary = dict(
        system=f"pymrio {pymrio.__version__} test system, {len(sectors)} sectors, {len(accounts)} satellite rows",
        pymrio_calc_all_seconds_median=pymrio_median,
        pymrio_calc_all_seconds_min=pymrio_min,
        pymrio_iomath_minimal_seconds_median=numpy_median,
        chainsim_multipliers_seconds_median=rust_median,
        ratio_vs_calc_all=pymrio_median / rust_median,
        ratio_vs_iomath_minimal=numpy_median / rust_median,
        max_relative_difference=worst,
        agree_to_1e9=all(v <= TOLERANCE for v in worst.values()),
    )
    with open(os.path.join(args.out, "pymrio_summary.json"), "w") as fh:
        json.dump(summary, fh, indent=2)
    print(json.dumps(summary, indent=2))
    if not summary["agree_to_1e9"]:
        print("pymrio comparison: results differ by more than 1e-9 relative", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
