"""pymrio's numbers for chainsim-tables' EXIOBASE 3 tests.

Needs pymrio 0.7.0. Run from the repository root after make_fixture.py:

    python tests/data/tables/exiobase/expected.py

Parses both fixtures with pymrio's own EXIOBASE 3 parser (`pymrio.parse_exiobase3`, which
reads the zip archive or the folder), runs `calc_all()` and writes expected.json: for each
fixture the sector labels, Z (given, or pymrio's A x̂), x, the output multipliers (column
sums of L) and each extension's M = S L under chainsim's satellite labels
("<extension name>/<stressor>").
"""

import importlib.util
import json
import os

import pymrio

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = {
    "folder": os.path.join(HERE, "folder", "IOT_2022_pxp"),
    "zip": os.path.join(HERE, "zip", "IOT_2022_pxp.zip"),
}

# The pymrio fixture's script computes the same results, under the same labels.
_spec = importlib.util.spec_from_file_location("pymrio_expected", os.path.join(HERE, "..", "pymrio", "expected.py"))
pymrio_expected = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pymrio_expected)


def main():
    expected = {"pymrio_version": pymrio.__version__}
    for name, path in FIXTURES.items():
        expected[name] = pymrio_expected.results(pymrio.parse_exiobase3(path), with_z=True)
        del expected[name]["pymrio_version"]
    with open(os.path.join(HERE, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
