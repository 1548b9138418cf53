"""Writes miller-blair.xlsx (run: /work/venv-formats/bin/python make_fixture.py;
needs openpyxl).

Miller & Blair (2009), Input-Output Analysis, 2nd ed., Table 2.3: two sectors,
flows Z = [[150, 500], [200, 100]], household final demand [350, 1700], value
added [650, 1400], total output [1000, 2000]. Laid out as a statistical
office's workbook would: a title row, a blank row, the table from column B
with a blank spacer column between the sectors and final demand, a blank row
and a source note. Each further sheet breaks one thing (see README.md).
"""

from openpyxl import Workbook

TITLE = "Table 2.3 Flows for the two-sector example (dollars)"
SOURCE = "Source: Miller and Blair (2009), Input-Output Analysis, Table 2.3."


def table_23(ws, edits=None, output_row=False):
    ws["A1"] = TITLE
    if output_row:
        header = [None, "agriculture", "manufacturing", None, "households"]
        rows = [
            ["agriculture", 150, 500, None, 350],
            ["manufacturing", 200, 100, None, 1700],
            ["value added", 650, 1400, None, None],
            ["Gross output", 1000, 2000, None, None],
        ]
    else:
        header = [None, "agriculture", "manufacturing", None, "households", "total output"]
        rows = [
            ["agriculture", 150, 500, None, 350, 1000],
            ["manufacturing", 200, 100, None, 1700, 2000],
            ["value added", 650, 1400, None, None, None],
        ]
    for j, value in enumerate(header):
        ws.cell(row=3, column=2 + j, value=value)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(row=4 + i, column=2 + j, value=value)
    ws.cell(row=5 + len(rows), column=1, value=SOURCE)
    for address, value in (edits or {}).items():
        ws[address] = value


wb = Workbook()
table_23(wb.active)
wb.active.title = "Table 2.3"
table_23(wb.create_sheet("text"), {"D5": "n/a"})
table_23(wb.create_sheet("duplicate"), {"B5": "agriculture"})
table_23(wb.create_sheet("no total"), {"G3": None, "G4": None, "G5": None})
table_23(wb.create_sheet("unlabelled"), {"E4": 5})
table_23(wb.create_sheet("output row"), output_row=True)
wb.save("miller-blair.xlsx")
