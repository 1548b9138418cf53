"""Writes a synthetic EXIOBASE-sized table in EXIOBASE 3's text layout (pymrio's save format).

    python benches/compare/exiobase_synthetic.py --regions 49 --sectors 150 --out DIR

writes DIR/IOT_2022_pxp/ as recent EXIOBASE 3 releases ship it: A.txt, x.txt, Y.txt, unit.txt,
file_parameters.json, metadata.json and satellite/ (F.txt, unit.txt), the numbers formatted
by pandas with pymrio's float format (%.12g). The table is made up but shaped like EXIOBASE:
A is dense-ish within a region (30 % of entries non-zero) and sparse across regions (2 %),
with column sums between 0.3 and 0.7 (so A is productive); x is log-normal; final demand
(I - A) x goes to each region's households column; ten stressors F = s x with random s.
Seeded, so the same arguments give the same files.
"""

import argparse
import json
import os

import numpy as np
import pandas as pd

FLOAT_FORMAT = "%.12g"  # pymrio's save() default, as EXIOBASE's files are written


def write(df, path):
    df.to_csv(path, sep="\t", float_format=FLOAT_FORMAT)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=49)
    ap.add_argument("--sectors", type=int, default=150)
    ap.add_argument("--stressors", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20220101)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    r, s = args.regions, args.sectors
    n = r * s

    regions = [f"R{k:02d}" for k in range(r)]
    sectors = [f"product {k:03d}" for k in range(s)]
    index = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])

    region_of = np.repeat(np.arange(r), s)
    same_region = region_of[:, None] == region_of[None, :]
    density = np.where(same_region, 0.30, 0.02)
    a = rng.exponential(1.0, (n, n)) * (rng.random((n, n)) < density)
    del density, same_region
    column_sums = a.sum(axis=0)
    column_sums[column_sums == 0] = 1.0
    a *= rng.uniform(0.3, 0.7, n) / column_sums
    x = rng.lognormal(8.0, 1.5, n)
    f = x - a @ x

    root = os.path.join(args.out, "IOT_2022_pxp")
    os.makedirs(os.path.join(root, "satellite"), exist_ok=True)
    write(pd.DataFrame(a, index=index, columns=index), os.path.join(root, "A.txt"))
    del a
    write(pd.DataFrame({"indout": x}, index=index), os.path.join(root, "x.txt"))
    categories = pd.MultiIndex.from_product(
        [regions, ["Final consumption expenditure by households"]], names=["region", "category"]
    )
    y = np.zeros((n, r))
    y[np.arange(n), region_of] = f
    write(pd.DataFrame(y, index=index, columns=categories), os.path.join(root, "Y.txt"))
    write(pd.DataFrame({"unit": ["M.EUR"] * n}, index=index), os.path.join(root, "unit.txt"))

    stressors = pd.Index([f"stressor {k}" for k in range(args.stressors)], name="stressor")
    f_sat = rng.uniform(0.0, 10.0, (args.stressors, n)) * x
    write(pd.DataFrame(f_sat, index=stressors, columns=index), os.path.join(root, "satellite", "F.txt"))
    write(pd.DataFrame({"unit": ["kg"] * args.stressors}, index=stressors), os.path.join(root, "satellite", "unit.txt"))

    def para(files, systemtype, name=None):
        out = {"files": {k: {"name": f"{k}.txt", "nr_index_col": str(i), "nr_header": str(h)} for k, (i, h) in files.items()},
               "systemtype": systemtype}
        if name:
            out["name"] = name
        return out

    with open(os.path.join(root, "file_parameters.json"), "w") as fh:
        json.dump(para({"A": (2, 2), "x": (2, 1), "Y": (2, 2), "unit": (2, 1)}, "IOSystem"), fh, indent=4)
    with open(os.path.join(root, "satellite", "file_parameters.json"), "w") as fh:
        json.dump(para({"F": (1, 2), "unit": (1, 1)}, "Extension", "satellite"), fh, indent=4)
    with open(os.path.join(root, "metadata.json"), "w") as fh:
        json.dump({"description": f"synthetic EXIOBASE-sized table, {r} x {s}", "name": "synthetic",
                   "system": "pxp", "version": "synthetic", "history": []}, fh, indent=4)
    print(f"wrote {root}: {n} sectors")


if __name__ == "__main__":
    main()
