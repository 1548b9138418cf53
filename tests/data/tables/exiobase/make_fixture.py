"""Writes the small EXIOBASE 3 fixture: 2 regions x 3 products, in EXIOBASE 3's layout.

Standard library only. Run from the repository root:

    python3 tests/data/tables/exiobase/make_fixture.py

It writes
- folder/IOT_2022_pxp/: the layout of releases up to 3.8.1 (Z.txt and A.txt, Y.txt,
  x.txt, unit.txt, satellite/ and impacts/ each with F.txt, F_Y.txt, unit.txt);
- zip/IOT_2022_pxp.zip: the same system as recent releases ship it, one folder
  IOT_2022_pxp/ inside the archive, with A.txt and x.txt but no Z.txt.
The numbers are made up (a productive A; x = Z 1 + Y 1); the layout follows the
EXIOBASE 3 readme and pymrio's parse_exiobase3 (README.md here).
"""

import json
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REGIONS = ["AT", "DE"]
PRODUCTS = ["Paddy rice", "Wheat", "Electricity by coal"]
CATEGORIES = [
    "Final consumption expenditure by households",
    "Gross fixed capital formation",
    "Changes in inventories",
]
SECTORS = [(r, p) for r in REGIONS for p in PRODUCTS]
N = len(SECTORS)

# Intermediate flows Z (M.EUR): row sells to column.
Z = [
    [12.0, 3.5, 0.8, 1.2, 0.4, 0.1],
    [2.0, 20.0, 1.5, 0.3, 2.2, 0.2],
    [6.0, 8.0, 30.0, 0.9, 1.1, 4.0],
    [0.5, 0.2, 0.1, 15.0, 4.0, 1.0],
    [0.3, 1.8, 0.4, 3.0, 25.0, 2.5],
    [0.7, 0.6, 3.2, 7.0, 9.0, 40.0],
]
# Final demand Y (M.EUR): columns (region, category); inventories may be negative.
Y = [
    [60.0, 5.0, -1.5, 8.0, 0.5, 0.2],
    [45.0, 6.0, 0.8, 5.0, 1.0, 0.0],
    [80.0, 12.0, 0.0, 6.0, 2.0, 0.0],
    [9.0, 0.6, 0.1, 70.0, 6.0, -2.0],
    [7.0, 1.1, 0.0, 90.0, 9.0, 1.2],
    [5.0, 0.9, 0.0, 150.0, 20.0, 0.0],
]
X = [sum(Z[i]) + sum(Y[i]) for i in range(N)]
A = [[Z[i][j] / X[j] for j in range(N)] for i in range(N)]

SATELLITE = {  # stressor: (unit, F per sector, F_Y per final-demand column)
    "Employment: Low-skilled male": ("1000 p", [1.2, 0.9, 0.3, 1.5, 1.1, 0.6], [0] * 6),
    "CO2 - combustion - air": ("kg", [2.1e6, 1.7e6, 9.5e7, 3.0e6, 2.6e6, 1.8e8], [4.0e7, 0, 0, 6.5e7, 0, 0]),
    "Water Consumption Blue - Agriculture - rice": ("Mm3", [3.3, 0.0, 0.0, 1.4, 0.0, 0.0], [0] * 6),
}
IMPACTS = {
    "Value Added": ("M.EUR", [55.0, 50.0, 70.0, 95.0, 80.0, 120.0], [0] * 6),
    "GHG emissions (GWP100) | Problem oriented approach: baseline (CML, 2001) | GWP100 (IPCC, 2007)": (
        "kg CO2 eq",
        [2.4e6, 1.9e6, 9.8e7, 3.3e6, 2.9e6, 1.85e8],
        [4.1e7, 0, 0, 6.6e7, 0, 0],
    ),
}


def cell(v):
    return repr(float(v)) if not float(v).is_integer() else repr(int(v)) if abs(v) < 1e15 else repr(float(v))


def frame(index_names, rows, column_names, columns, values):
    """A table as pandas' to_csv(sep="\\t") writes it (the layout pymrio saves)."""
    lines = []
    if len(column_names) > 1:
        for level, name in enumerate(column_names):
            lines.append([name] + [""] * (len(index_names) - 1) + [c[level] for c in columns])
        lines.append(list(index_names) + [""] * len(columns))
    else:
        lines.append(list(index_names) + [c[0] for c in columns])
    for row, vals in zip(rows, values):
        lines.append(list(row) + [v if isinstance(v, str) else cell(v) for v in vals])
    return "".join("\t".join(line) + "\n" for line in lines)


def parameters(files, systemtype, name=None):
    para = {"files": {k: {"name": f"{k}.txt", "nr_index_col": str(i), "nr_header": str(h)} for k, (i, h) in files.items()}}
    para["systemtype"] = systemtype
    if name is not None:
        para["name"] = name
    return json.dumps(para, indent=4)


def write_system(root, with_z):
    os.makedirs(root, exist_ok=True)
    sectors = [list(s) for s in SECTORS]
    fd = [[r, c] for r in REGIONS for c in CATEGORIES]
    files = {}

    def put(key, text, index_col, header, folder=root):
        with open(os.path.join(folder, f"{key}.txt"), "w") as fh:
            fh.write(text)
        return key, (index_col, header)

    if with_z:
        k, v = put("Z", frame(["region", "sector"], sectors, ["region", "sector"], sectors, Z), 2, 2)
        files[k] = v
    k, v = put("A", frame(["region", "sector"], sectors, ["region", "sector"], sectors, A), 2, 2)
    files[k] = v
    k, v = put("Y", frame(["region", "sector"], sectors, ["region", "category"], fd, Y), 2, 2)
    files[k] = v
    k, v = put("x", frame(["region", "sector"], sectors, ["indout"], [["indout"]], [[x] for x in X]), 2, 1)
    files[k] = v
    k, v = put("unit", frame(["region", "sector"], sectors, ["unit"], [["unit"]], [["M.EUR"]] * N), 2, 1)
    files[k] = v
    with open(os.path.join(root, "file_parameters.json"), "w") as fh:
        fh.write(parameters(files, "IOSystem"))
    with open(os.path.join(root, "metadata.json"), "w") as fh:
        json.dump(
            {"description": "test fixture in the layout of EXIOBASE 3 (made-up numbers)", "name": "EXIOBASE",
             "system": "pxp", "version": "3.x fixture", "history": []},
            fh, indent=4)
    for folder, name, data in (("satellite", "satellite", SATELLITE), ("impacts", "impacts", IMPACTS)):
        ext = os.path.join(root, folder)
        os.makedirs(ext, exist_ok=True)
        stressors = [[s] for s in data]
        files = dict([
            put("F", frame(["stressor"], stressors, ["region", "sector"], sectors, [d[1] for d in data.values()]), 1, 2, ext),
            put("F_Y", frame(["stressor"], stressors, ["region", "category"], fd, [d[2] for d in data.values()]), 1, 2, ext),
            put("unit", frame(["stressor"], stressors, ["unit"], [["unit"]], [[d[0]] for d in data.values()]), 1, 1, ext),
        ])
        with open(os.path.join(ext, "file_parameters.json"), "w") as fh:
            fh.write(parameters(files, "Extension", name))


def main():
    folder = os.path.join(HERE, "folder")
    shutil.rmtree(folder, ignore_errors=True)
    write_system(os.path.join(folder, "IOT_2022_pxp"), with_z=True)

    staging = os.path.join(HERE, "zip", "staging")
    shutil.rmtree(os.path.join(HERE, "zip"), ignore_errors=True)
    write_system(os.path.join(staging, "IOT_2022_pxp"), with_z=False)
    archive = os.path.join(HERE, "zip", "IOT_2022_pxp.zip")
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for base, _, names in sorted(os.walk(staging)):
            for name in sorted(names):
                path = os.path.join(base, name)
                info = zipfile.ZipInfo(os.path.relpath(path, staging).replace(os.sep, "/"), (2022, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as fh:
                    zf.writestr(info, fh.read())
    shutil.rmtree(staging)


if __name__ == "__main__":
    main()
