"""Writes the Eurostat fixtures of this folder (run: python3 make_fixtures.py).

The numbers are the Eurostat Manual of Supply, Use and Input-Output Tables
(2008), Table 15.4, "Input-output table of domestic output at basic prices"
(Germany, 1995, million euro, six product groups), with the ESA 2010 codes
of Eurostat's naio_10_cp1700 (see README.md). Every other file is the table
with one thing broken.
"""

PRODUCTS = ["CPA_A", "CPA_B-E", "CPA_F", "CPA_G-I", "CPA_J-N", "CPA_O-T"]
FINAL = ["P3_S14", "P3_S13", "P51G", "P52", "P6"]

Z = [
    [1131, 25480, 1, 607, 710, 762],
    [7930, 304584, 64167, 41082, 11981, 30360],
    [426, 7334, 3875, 5296, 23457, 9155],
    [3559, 72717, 14190, 74399, 10835, 21008],
    [3637, 96115, 31027, 65755, 193176, 34223],
    [1552, 14986, 1747, 11225, 15058, 22070],
]
Y = [
    [8500, 16, 2975, -6, 3734],
    [197792, 8588, 91692, 7559, 313711],
    [3457, 742, 191715, 0, 149],
    [269663, 13492, 14155, 0, 46045],
    [214757, 10061, 30124, 0, 13612],
    [119504, 317251, 3483, 0, 2042],
]
# Primary inputs by product column, then (where the manual prints them) by final use.
ROWS = {
    "P7": ([2927, 156703, 13427, 21943, 13371, 13772], [80187, 2970, 41436, -4233, 42597]),
    "D21X31": ([1084, 6505, 1548, 8349, 8473, 12551], [107200, 3670, 28660, 260, -1160]),
    "D1": ([9382, 296464, 78819, 214450, 124810, 272975], None),
    "D29X39": ([-2012, 1457, 963, 2748, 5946, -8602], None),
    "K1": ([7871, 63769, 5860, 41100, 98610, 49260], None),
    "B2A3N": ([6423, 33332, 29982, 53109, 186060, 51384], None),
    "B1G": ([21664, 395022, 115624, 311407, 415426, 365017], None),
    "P1": ([43910, 1079446, 245606, 540063, 692487, 508918], None),
}
X = ROWS["P1"][0]

# The manual's identities, checked here so that the fixture is the table it says.
for i in range(6):
    assert sum(Z[i]) + sum(Y[i]) == X[i], PRODUCTS[i]
for j in range(6):
    inputs = sum(Z[i][j] for i in range(6))
    inputs += sum(ROWS[r][0][j] for r in ["P7", "D21X31", "D1", "D29X39", "K1", "B2A3N"])
    assert inputs == X[j], PRODUCTS[j]
    va = sum(ROWS[r][0][j] for r in ["D1", "D29X39", "K1", "B2A3N"])
    assert va == ROWS["B1G"][0][j], PRODUCTS[j]

# The totals Eurostat publishes beside the components (read by nobody).
TOTAL_ROW = [sum(Z[i][j] for i in range(6)) for j in range(6)]
TOTAL_COL = [sum(Z[i]) for i in range(6)]


def observations():
    """(induse, prod_na, value, flags) for every published cell."""
    for i, p in enumerate(PRODUCTS):
        for j, u in enumerate(PRODUCTS):
            yield u, p, Z[i][j], ""
        for k, u in enumerate(FINAL):
            yield u, p, Y[i][k], ""
        yield "TOTAL", p, TOTAL_COL[i], ""
    for j, u in enumerate(PRODUCTS):
        yield u, "TOTAL", TOTAL_ROW[j], ""
    for r, (by_product, by_final) in ROWS.items():
        # Net operating surplus flagged as estimated, to exercise the flags.
        flags = "e" if r == "B2A3N" else ""
        for j, u in enumerate(PRODUCTS):
            yield u, r, by_product[j], flags
        for k, u in enumerate(FINAL if by_final else []):
            yield u, r, by_final[k], ""


def tsv(name, edit=lambda key, cells: [(key, cells)], unit=lambda key: "MIO_EUR"):
    """One series a line, sorted by key; 1995 holds the table, 1996 nothing (:)."""
    lines = []
    for induse, prod_na, value, flags in observations():
        key = f"A,{unit((induse, prod_na))},DOM,{induse},{prod_na},DE"
        for k, cells in edit(key, [f"{value} {flags}", ": "]):
            lines.append("\t".join([k] + cells))
    lines.sort()
    with open(name, "w", newline="") as f:
        f.write("freq,unit,stk_flow,induse,prod_na,geo\\TIME_PERIOD\t1995 \t1996 \n")
        f.writelines(line + "\n" for line in lines)


tsv("naio_10_cp1700_DE.tsv")

with open("naio_10_cp1700_DE_1995.csv", "w", newline="") as f:
    f.write("DATAFLOW,LAST UPDATE,freq,unit,stk_flow,induse,prod_na,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n")
    for induse, prod_na, value, flags in observations():
        f.write(
            f"ESTAT:NAIO_10_CP1700(1.0),01/02/25 23:00:00,A,MIO_EUR,DOM,{induse},{prod_na},DE,1995,{value},{flags},\n"
        )

CONFIDENTIAL = "A,MIO_EUR,DOM,CPA_F,CPA_A,DE"


def confidential(key, cells):
    return [(key, [": c", ": "] if key == CONFIDENTIAL else cells)]


tsv("confidential.tsv", confidential)
tsv("mixed-units.tsv", unit=lambda key: "MIO_NAC" if key == ("CPA_F", "CPA_A") else "MIO_EUR")
tsv("ragged.tsv", lambda key, cells: [(key, cells[:1] if key == CONFIDENTIAL else cells)])
tsv("duplicate.tsv", lambda key, cells: [(key, cells)] * (2 if key == CONFIDENTIAL else 1))
tsv("missing-output.tsv", lambda key, cells: [] if key == "A,MIO_EUR,DOM,CPA_F,P1,DE" else [(key, cells)])
tsv(
    "text.tsv",
    lambda key, cells: [(key, ["n.a. ", ": "] if key == "A,MIO_EUR,DOM,CPA_J-N,CPA_G-I,DE" else cells)],
)
