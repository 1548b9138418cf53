"""The chainsim model (docs/model.md) as a vectorised numpy/scipy program, for comparison.

It reads the same scenario TOML and simulates the same model: per run, lognormal coefficient
draws, f0 = (I - A) x0, correlated AR(1) Gaussian shocks mapped through each sector's growth law
(normal, lognormal, triangular, PERT via scipy's inverse regularised incomplete beta), then
f_t = f_{t-1} (1 + g_t) and x_t = (I - A)^-1 f_t, and scores the targets. Runs are processed in
batches of --batch runs, each batch fully vectorised (batched LAPACK solves over runs).

What it reports is a subset of chainsim's summary (target probabilities, expected shortfall,
mean output per sector and year); chainsim also keeps 90 quantile sketches and the first year
each target is met, so the comparison favours numpy.

    python engine_numpy.py ../data/jilin-2030-four-bases.toml --runs 1000000 --json out.json
"""

import argparse
import json
import sys
import time
import tomllib

import numpy as np
from scipy import special


def load(path):
    with open(path, "rb") as fh:
        sc = tomllib.load(fh)
    ids = [s["id"] for s in sc["sectors"]]
    idx = {s: k for k, s in enumerate(ids)}
    n = len(ids)
    base_year = sc["scenario"]["base_year"]
    horizon = sc["scenario"]["horizon"]
    n_years = horizon - base_year
    x0 = np.array([float(s["base"]) for s in sc["sectors"]])

    default_sd = sc.get("coefficient_uncertainty", {}).get("relative_sd", 0.0)
    a_mean = np.zeros((n, n))
    uncertain = []  # (i, j, log_mean, log_sd), in file order like chainsim
    for c in sc.get("coefficients", []):
        i, j, v = idx[c["from"]], idx[c["to"]], float(c["value"])
        a_mean[i, j] = v
        sd = c.get("relative_sd", default_sd)
        if sd > 0 and v > 0:
            log_var = np.log1p(sd * sd)
            uncertain.append((i, j, np.log(v) - log_var / 2, np.sqrt(log_var)))

    # laws[t][i] = (kind, params, persistence) for year index t.
    laws = [[None] * n for _ in range(n_years)]
    for g in sc.get("growth", []):
        i = idx[g["sector"]]
        lo = g.get("from", base_year + 1)
        hi = g.get("to", horizon)
        kind = g["distribution"]
        if kind == "normal":
            params = (g["mean"], g["sd"])
        elif kind == "lognormal":
            params = (g["log_mean"], g["log_sd"])
        elif kind in ("triangular", "pert"):
            params = (g["min"], g["mode"], g["max"])
        else:
            raise SystemExit(f"growth law {kind} is not implemented here")
        for year in range(lo, hi + 1):
            laws[year - base_year - 1][i] = (kind, params, g.get("persistence", 0.0))

    corr = np.eye(n)
    for c in sc.get("correlations", []):
        i, j = idx[c["between"][0]], idx[c["between"][1]]
        corr[i, j] = corr[j, i] = c["value"]
    chol = np.linalg.cholesky(corr)

    targets = []
    for t in sc.get("targets", []):
        at_least = "at_least" in t
        targets.append(
            dict(
                id=t["id"],
                sector=idx[t["sector"]],
                measure=t.get("measure", "output"),
                kind=t["kind"],
                year=t["year"] - base_year,
                start=t.get("from", base_year) - base_year,
                threshold=t["at_least"] if at_least else t["at_most"],
                at_least=at_least,
            )
        )
    return dict(n=n, n_years=n_years, x0=x0, a_mean=a_mean, uncertain=uncertain,
                laws=laws, chol=chol, targets=targets, ids=ids)


def growth_factor(law, z):
    """1 + g for standard-normal shocks z (the Gaussian-copula map)."""
    kind, params, _ = law
    if kind == "normal":
        m, s = params
        return np.maximum(1.0 + m + s * z, 0.0)
    if kind == "lognormal":
        mu, sigma = params
        return np.exp(mu + sigma * z)
    p = special.ndtr(z)
    lo, mode, hi = params
    if kind == "triangular":
        width = hi - lo
        cut = (mode - lo) / width
        g = np.where(
            p < cut,
            lo + np.sqrt(p * width * (mode - lo)),
            hi - np.sqrt((1.0 - p) * width * (hi - mode)),
        )
    else:  # standard PERT: Beta(1 + 4(mode-min)/(max-min), 1 + 4(max-mode)/(max-min))
        width = hi - lo
        a = 1.0 + 4.0 * (mode - lo) / width
        b = 1.0 + 4.0 * (hi - mode) / width
        g = lo + width * special.betaincinv(a, b, p)
    return np.maximum(1.0 + g, 0.0)


def simulate_batch(m, rng, runs, tally):
    n, T = m["n"], m["n_years"]
    k = len(m["uncertain"])
    draws = rng.standard_normal((runs, T * n + k))
    eps = draws[:, : T * n].reshape(runs, T, n)
    a = np.broadcast_to(m["a_mean"], (runs, n, n)).copy()
    if k:
        frm = np.array([c[0] for c in m["uncertain"]])
        to = np.array([c[1] for c in m["uncertain"]])
        mu = np.array([c[2] for c in m["uncertain"]])
        sd = np.array([c[3] for c in m["uncertain"]])
        a[:, frm, to] = np.exp(mu + sd * draws[:, T * n:])
    i_minus_a = np.eye(n) - a
    x0 = m["x0"]
    f0 = x0 - a @ x0
    s = np.linalg.solve(i_minus_a, np.ones((runs, n, 1)))[..., 0]
    ok = np.all(s > 0, axis=1) & np.all(f0 >= 0, axis=1)
    tally["rejected"] += int(runs - ok.sum())
    i_minus_a, f0, eps = i_minus_a[ok], f0[ok], eps[ok]
    runs = int(ok.sum())

    w = eps @ m["chol"].T  # (runs, T, n): correlated shocks
    f = np.empty((runs, n, T + 1))
    f[:, :, 0] = f0
    z = np.empty((runs, n))
    for t in range(T):
        for i in range(n):
            law = m["laws"][t][i]
            if t == 0:
                z[:, i] = w[:, t, i]
            else:
                rho = law[2]
                z[:, i] = rho * z[:, i] + np.sqrt(1.0 - rho * rho) * w[:, t, i]
            f[:, i, t + 1] = f[:, i, t] * growth_factor(law, z[:, i])
    x = np.empty_like(f)
    x[:, :, 0] = x0
    x[:, :, 1:] = np.linalg.solve(i_minus_a, f[:, :, 1:])

    tally["accepted"] += runs
    tally["output_sum"] += x.sum(axis=0)
    for k_t, t in enumerate(m["targets"]):
        y = (x if t["measure"] == "output" else f)[:, t["sector"], :]
        year, start = t["year"], t["start"]
        if t["kind"] == "level":
            metric = y[:, year]
        elif t["kind"] == "growth":
            metric = y[:, year] / y[:, year - 1] - 1.0
        elif t["kind"] == "ratio":
            metric = y[:, year] / y[:, start]
        else:  # average_growth
            metric = (y[:, year] / y[:, start]) ** (1.0 / (year - start)) - 1.0
        met = metric >= t["threshold"] if t["at_least"] else metric <= t["threshold"]
        short = np.where(met, 0.0, (t["threshold"] - metric) if t["at_least"] else (metric - t["threshold"]))
        tally["met"][k_t] += int(met.sum())
        tally["shortfall_sum"][k_t] += float(short.sum())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario")
    ap.add_argument("--runs", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()

    m = load(args.scenario)
    rng = np.random.default_rng(args.seed)
    tally = dict(
        accepted=0,
        rejected=0,
        met=[0] * len(m["targets"]),
        shortfall_sum=[0.0] * len(m["targets"]),
        output_sum=np.zeros((m["n"], m["n_years"] + 1)),
    )
    start = time.perf_counter()
    done = 0
    while done < args.runs:
        runs = min(args.batch, args.runs - done)
        simulate_batch(m, rng, runs, tally)
        done += runs
    seconds = time.perf_counter() - start

    acc = tally["accepted"]
    result = dict(
        runs=args.runs,
        seconds=seconds,
        runs_per_second=args.runs / seconds,
        accepted=acc,
        rejected=tally["rejected"],
        targets={
            t["id"]: dict(
                probability=tally["met"][k] / acc,
                expected_shortfall=(tally["shortfall_sum"][k] / (acc - tally["met"][k]))
                if acc > tally["met"][k] else None,
            )
            for k, t in enumerate(m["targets"])
        },
        mean_output={sid: list(tally["output_sum"][i] / acc) for i, sid in enumerate(m["ids"])},
    )
    text = json.dumps(result, indent=2)
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(text + "\n")
    print(f"numpy: {args.runs} runs in {seconds:.2f} s ({args.runs / seconds:,.0f} runs/s)", file=sys.stderr)


if __name__ == "__main__":
    main()
