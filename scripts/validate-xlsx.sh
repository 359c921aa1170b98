#!/usr/bin/env bash
# Opens each .xlsx with openpyxl (full mode, not read-only) and prints its sheets, dimensions,
# merged ranges and data validations. Exits non-zero if openpyxl warns about or fails on any file:
# an independent reader's check that the writer's packages are clean.
# Usage: scripts/validate-xlsx.sh FILE...
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 FILE..." >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-tools"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  echo '*' > "$venv/.gitignore"
fi
if ! "$venv/bin/python" -c 'import openpyxl' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet openpyxl
fi

exec "$venv/bin/python" - "$@" <<'PY'
import sys, warnings
import openpyxl

failed = False
for path in sys.argv[1:]:
    print(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            book = openpyxl.load_workbook(path)
            for ws in book.worksheets:
                print(f"  sheet {ws.title!r} state={ws.sheet_state} dimensions={ws.dimensions}")
                merges = sorted(str(r) for r in ws.merged_cells.ranges)
                if merges:
                    print(f"    merged: {' '.join(merges)}")
                for dv in ws.data_validations.dataValidation:
                    print(f"    validation {dv.type} {dv.sqref} formula1={dv.formula1!r}"
                          f" showDropDown={dv.showDropDown} allowBlank={dv.allow_blank}")
        except Exception as e:
            print(f"  FAILED: {type(e).__name__}: {e}")
            failed = True
    for w in caught:
        print(f"  WARNING: {w.category.__name__}: {w.message}")
        failed = True
sys.exit(1 if failed else 0)
PY
