"""pymrio's own numbers for chainsim-tables' pymrio tests.

Needs pymrio 0.7.0 (`python3 -m venv venv && venv/bin/pip install pymrio==0.7.0`).
Run from the repository root:

    python tests/data/tables/pymrio/expected.py --write-fixture   # re-create test_mrio/
    python tests/data/tables/pymrio/expected.py                   # re-create expected.json
    python tests/data/tables/pymrio/expected.py --check DIR       # check a folder chainsim wrote

1. `--write-fixture` saves pymrio's bundled test system (`pymrio.load_test()`, six regions x
   eight sectors, extensions "Factor Inputs" and "Emissions") with pymrio's own `save_all`
   into test_mrio/: the folder format chainsim reads. Only metadata.json's history is
   rewritten, to drop this machine's paths and the time of day.
2. By default it loads test_mrio/ with `pymrio.load_all`, runs `calc_all()` and writes
   expected.json: the sector labels, x, the output multipliers (column sums of L) and each
   extension's multiplier matrix M = S L, with the satellite label chainsim gives each
   stressor row ("<extension name>/<stressor levels joined by />").
3. `--check DIR` loads a folder written by chainsim's `write_pymrio` (for instance by
   `cargo run -p chainsim-tables --example pymrio_write -- tests/data/tables/pymrio/test_mrio DIR`)
   with `pymrio.load_all`, runs `calc_all()` and checks x, the output multipliers and every M
   against expected.json to 1e-12 relative; exit status 1 if any differs.
"""

import argparse
import json
import os
import sys

import numpy as np
import pymrio

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "test_mrio")
EXPECTED = os.path.join(HERE, "expected.json")
TOLERANCE = 1e-12


def label(key):
    return "/".join(str(k) for k in key) if isinstance(key, tuple) else str(key)


def results(system, with_z=False):
    """pymrio's calc_all() results, under chainsim's labels (also used for EXIOBASE)."""
    system.calc_all()
    out = {
        "pymrio_version": pymrio.__version__,
        "sectors": [label(k) for k in system.Z.index],
        "x": system.x["indout"].to_numpy().tolist(),
        "output_multipliers": system.L.to_numpy().sum(axis=0).tolist(),
        "satellite_multipliers": {},
    }
    for ext in system.get_extensions(data=True):
        for key, row in zip(ext.M.index, ext.M.to_numpy()):
            out["satellite_multipliers"][f"{ext.name}/{label(key)}"] = row.tolist()
    if with_z:
        out["Z"] = system.Z.to_numpy().tolist()
    return out


def write_fixture():
    system = pymrio.load_test()
    system.save_all(FIXTURE)
    meta_path = os.path.join(FIXTURE, "metadata.json")
    with open(meta_path) as fh:
        meta = json.load(fh)
    meta["history"] = [
        f"saved by tests/data/tables/pymrio/expected.py from pymrio.load_test() with pymrio {pymrio.__version__}'s save_all"
    ]
    with open(meta_path, "w") as fh:
        json.dump(meta, fh, indent=4)


def max_rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.maximum(np.abs(b), np.finfo(float).tiny)
    return float(np.max(np.abs(a - b) / scale))


def check(folder):
    with open(EXPECTED) as fh:
        expected = json.load(fh)
    got = results(pymrio.load_all(folder))
    worst = {
        "x": max_rel(got["x"], expected["x"]),
        "output multipliers": max_rel(got["output_multipliers"], expected["output_multipliers"]),
    }
    if got["sectors"] != expected["sectors"]:
        print("sector labels differ", file=sys.stderr)
        return 1
    for name, row in expected["satellite_multipliers"].items():
        if name not in got["satellite_multipliers"]:
            print(f"pymrio finds no extension row {name!r} in {folder}", file=sys.stderr)
            return 1
        worst[f"M[{name}]"] = max_rel(got["satellite_multipliers"][name], row)
    print(json.dumps(worst, indent=2))
    bad = {k: v for k, v in worst.items() if not v <= TOLERANCE}
    if bad:
        print(f"differ by more than {TOLERANCE} relative: {bad}", file=sys.stderr)
        return 1
    print(f"pymrio {pymrio.__version__} reads {folder} and its calc_all() agrees to {TOLERANCE}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write-fixture", action="store_true")
    ap.add_argument("--check", metavar="DIR")
    args = ap.parse_args()
    if args.check:
        sys.exit(check(args.check))
    if args.write_fixture:
        write_fixture()
        return
    with open(EXPECTED, "w") as fh:
        json.dump(results(pymrio.load_all(FIXTURE)), fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
