"""SALib's side of the Sobol-indices benchmark (see crates/chainsim-sensitivity/benches).

The same job as the criterion benchmark `sobol_indices/ishigami`: Saltelli's design for the
Ishigami function (a = 7, b = 0.1, inputs uniform on [-pi, pi]) with N = 2^14 base samples,
first and total order only (calc_second_order=False), the model evaluated on every row, and
the indices with 100 bootstrap resamples. Prints the best and median wall time of several
repetitions, in seconds, and the indices of the last one.

Set up and run (SALib 1.6.0 on numpy 2.4 and scipy 1.17 when this was written):

    python3 -m venv /tmp/salib && /tmp/salib/bin/pip install SALib==1.6.0
    /tmp/salib/bin/python benches/compare/salib_ishigami.py
"""

import statistics
import sys
import time
from importlib.metadata import version

import numpy as np
from SALib.analyze import sobol
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

N = 2**14
RESAMPLES = 100
REPEATS = 10

PROBLEM = {
    "num_vars": 3,
    "names": ["x1", "x2", "x3"],
    "bounds": [[-np.pi, np.pi]] * 3,
}


def run(seed):
    x = sobol_sample.sample(PROBLEM, N, calc_second_order=False, seed=seed)
    y = Ishigami.evaluate(x)
    return sobol.analyze(
        PROBLEM,
        y,
        calc_second_order=False,
        num_resamples=RESAMPLES,
        conf_level=0.95,
        print_to_console=False,
        seed=seed,
    )


def main():
    run(0)  # warm-up: imports, caches
    times = []
    for rep in range(REPEATS):
        start = time.perf_counter()
        result = run(rep + 1)
        times.append(time.perf_counter() - start)
    print(f"SALib {version('SALib')}, numpy {np.__version__}, python {sys.version.split()[0]}")
    print(f"N = {N}, resamples = {RESAMPLES}, {REPEATS} repetitions")
    print(f"best   {min(times):.4f} s")
    print(f"median {statistics.median(times):.4f} s")
    print("S1", np.round(result["S1"], 4), "ST", np.round(result["ST"], 4))


if __name__ == "__main__":
    main()
