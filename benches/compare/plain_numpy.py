"""The plain model of benches/data/plain.toml as a researcher writes it in numpy.

Five sectors with a fixed coefficient matrix A, final demand growing by correlated normal
rates f_t = f_{t-1} (1 + g_t), g_t ~ N(mu, diag(sigma) R diag(sigma)) with rho(1, 2) = 0.6,
output x_t = L f_t with L = (I - A)^-1, five years. It keeps what chainsim's summary keeps of
the same model: for every sector and year (base year included) the mean and the P10, median
and P90 of output, final demand and intermediate sales (x - f), exact over all runs; and the
probabilities of the two targets x_1 >= 1200 and x_2 >= 200 in year 5 with their expected
shortfalls. With --minimal it keeps only the targets and the five outputs' quantiles in the
last year (what a researcher asking "how likely" writes). Vectorised over runs, one process;
numpy's own threads are left as they are (run under OMP_NUM_THREADS=1 for one core).

    python plain_numpy.py --runs 1000000 --json out.json
"""

import argparse
import json
import sys
import time

import numpy as np

# The model (also benches/data/plain.toml): issue 14's specification.
F0 = np.array([600.0, 60.0, 800.0, 150.0, 1200.0])
A = np.array(
    [
        [0.10, 0.05, 0.02, 0.04, 0.03],
        [0.08, 0.15, 0.01, 0.02, 0.01],
        [0.03, 0.02, 0.12, 0.05, 0.04],
        [0.05, 0.03, 0.04, 0.10, 0.06],
        [0.10, 0.12, 0.15, 0.12, 0.20],
    ]
)
MU = np.array([0.07, 0.15, 0.10, 0.08, 0.05])
SIGMA = np.array([0.03, 0.08, 0.06, 0.04, 0.02])
RHO_12 = 0.6
YEARS = 5
TARGETS = [("x1-2030", 0, 1200.0), ("x2-2030", 1, 200.0)]


def base_output():
    """x_0 = L f_0: the scenario's base levels."""
    return np.linalg.solve(np.eye(5) - A, F0)


def simulate(runs, seed, minimal=False):
    rng = np.random.default_rng(seed)
    leontief = np.linalg.inv(np.eye(5) - A)
    corr = np.eye(5)
    corr[0, 1] = corr[1, 0] = RHO_12
    chol = np.linalg.cholesky(corr)

    # Two-dimensional products go to BLAS; numpy's stacked matmul over (runs, years, 5) is
    # several times slower.
    z = (rng.standard_normal((runs * YEARS, 5)) @ chol.T).reshape(runs, YEARS, 5)
    growth = np.maximum(1.0 + MU + SIGMA * z, 0.0)
    f = np.empty((runs, YEARS + 1, 5))
    f[:, 0] = F0
    np.cumprod(growth, axis=1, out=f[:, 1:])
    f[:, 1:] *= F0
    x = (f.reshape(-1, 5) @ leontief.T).reshape(runs, YEARS + 1, 5)
    x[:, 0] = base_output()

    result = {"targets": {}, "series": {}}
    for name, sector, level in TARGETS:
        final = x[:, YEARS, sector]
        met = final >= level
        missed = ~met
        result["targets"][name] = {
            "probability": float(met.mean()),
            "expected_shortfall": float((level - final[missed]).mean()) if missed.any() else None,
        }
    if minimal:
        # Only what the targets ask: the outputs' quantiles in the target year.
        quantiles = np.quantile(x[:, YEARS], [0.1, 0.5, 0.9], axis=0)
        for sector in range(5):
            result["series"][f"s{sector + 1}.output.{YEARS}"] = quantiles[:, sector].tolist()
        return result
    for measure, values in (("output", x), ("final_demand", f), ("intermediate", x - f)):
        quantiles = np.quantile(values, [0.1, 0.5, 0.9], axis=0)
        means = values.mean(axis=0)
        for sector in range(5):
            result["series"][f"s{sector + 1}.{measure}"] = {
                "mean": means[:, sector].tolist(),
                "p10": quantiles[0, :, sector].tolist(),
                "median": quantiles[1, :, sector].tolist(),
                "p90": quantiles[2, :, sector].tolist(),
            }
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--base", action="store_true", help="print x_0 = L f_0 and exit")
    ap.add_argument(
        "--minimal",
        action="store_true",
        help="keep only the targets and the outputs' quantiles in the last year",
    )
    args = ap.parse_args()
    if args.base:
        print(" ".join(repr(float(v)) for v in base_output()))
        return
    start = time.perf_counter()
    result = simulate(args.runs, args.seed, args.minimal)
    seconds = time.perf_counter() - start
    result.update(runs=args.runs, seconds=seconds)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)
            fh.write("\n")
    print(f"numpy: {args.runs} runs in {seconds:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
