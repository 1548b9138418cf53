"""Writes the OECD ICIO fixtures of this folder (run: python3 make_fixtures.py).

ICIO2023_2020.csv is a two-country, two-industry table in the 2023 release's
layout (see README.md); every other file is it with one thing broken.
"""

INDUSTRIES = ["AUS_A01_02", "AUS_C20", "CHN_A01_02", "CHN_C20"]
CATEGORIES = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
FINAL = [f"{c}_{k}" for c in ["AUS", "CHN"] for k in CATEGORIES]

Z = [
    [20, 30, 5, 5],
    [10, 40, 10, 20],
    [5, 10, 30, 40],
    [5, 20, 25, 60],
]
#      AUS: HFCE NPISH GGFC GFCF INVNT DPABR  CHN: HFCE NPISH GGFC GFCF INVNT DPABR
Y = [
    [80, 0, 0, 10, 5, 0, 40, 0, 0, 0, 5, 0],
    [150, 5, 20, 60, -5, 0, 50, 0, 0, 40, 0, 0],
    [15, 0, 0, 0, 0, 0, 180, 0, 0, 10, 10, 0],
    [40, 0, 0, 30, 0, 0, 200, 5, 35, 80, 0, 0],
]
X = [200, 400, 300, 500]
TLS = [2, 5, 3, 5]
TLS_FINAL = [6, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0]
VA = [x - sum(Z[i][j] for i in range(4)) - t for j, (x, t) in enumerate(zip(X, TLS))]


def table(corner="V1", rows=None, header=None):
    header = header or [corner] + INDUSTRIES + FINAL + ["OUT"]
    if rows is None:
        rows = [[INDUSTRIES[i]] + Z[i] + Y[i] + [X[i]] for i in range(4)]
        rows.append(["TLS"] + TLS + TLS_FINAL + [0])
        rows.append(["VA"] + VA + [0] * len(FINAL) + [0])
        rows.append(["OUT"] + X + [0] * len(FINAL) + [sum(X)])
    return [header] + rows


def write(name, lines):
    with open(name, "w", newline="") as f:
        for line in lines:
            f.write(",".join(str(c) for c in line) + "\n")


good = table()
write("ICIO2023_2020.csv", good)

# No OUT column: the last column dropped from every line.
write("missing-out.csv", [line[:-1] for line in good])

# A ragged row: CHN_A01_02 lost its last cell.
ragged = [list(line) for line in good]
ragged[3] = ragged[3][:-1]
write("ragged.csv", ragged)

# A duplicate label: the fourth industry row is labelled AUS_C20 again.
duplicate = [list(line) for line in good]
duplicate[4][0] = "AUS_C20"
write("duplicate.csv", duplicate)

# Text where a number belongs: CHN_C20's purchase by AUS gross fixed capital formation.
text = [list(line) for line in good]
text[4][1 + 4 + 3] = "n/a"
write("text.csv", text)

# Output that does not balance: AUS_C20's OUT is 410 where its uses sum to 400.
unbalanced = [list(line) for line in good]
unbalanced[2][-1] = 410
write("unbalanced.csv", unbalanced)

# The 2021 release's layout: an empty corner, a TOTAL column, VALU and OUTPUT rows.
older = [list(line) for line in good]
older[0][0] = ""
older[0][-1] = "TOTAL"
older[5][0] = "AUS_TAXSUB"
older[6][0] = "VALU"
older[7][0] = "OUTPUT"
write("ICIO2021_2018.csv", older)

# The extended tables split China into CN1 and CN2: CHN_C20 becomes CN1_C20.
extended = [[("CN1_C20" if c == "CHN_C20" else c) for c in line] for line in good]
write("extended.csv", extended)
