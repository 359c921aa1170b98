"""Reads every cell of every .xlsx under a folder with python-calamine: what a bare read of a
month's inbox costs, the yardstick of scripts/bench-run.sh. Prints the count of non-empty
cells and files to standard error."""
import os
import sys

from python_calamine import CalamineWorkbook

cells = files = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        if not name.endswith(".xlsx"):
            continue
        wb = CalamineWorkbook.from_path(os.path.join(folder, name))
        for sheet in wb.sheet_names:
            for row in wb.get_sheet_by_name(sheet).iter_rows():
                for value in row:
                    if value != "":
                        cells += 1
        files += 1
print(f"{cells} cells in {files} files", file=sys.stderr)
