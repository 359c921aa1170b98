#!/usr/bin/env bash
# Opens every annotated workbook of a run (out/YYYY-MM/receipts/<区>/*.xlsx) with LibreOffice
# headless and saves it again as .xlsx; fails when LibreOffice reports an error or writes
# nothing. Then reads LibreOffice's copy with openpyxl and checks that what the patch added
# survived LibreOffice's reading of it: 审核结果 is the first sheet, every note (comment) and
# every fill of the annotated copy is there. Also runs scripts/validate-xlsx.sh on the copies.
# Installs libreoffice-calc-nogui from apt when soffice is missing.
# Usage: scripts/check-annotated.sh [OUT_DIR]   (default work-samples/out, as run-samples.sh leaves it)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-work-samples/out}"
if ! command -v soffice >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi
mapfile -t files < <(find "$out" -path '*/receipts/*' -name '*.xlsx' -not -path '*/.tmp-*' | sort)
[ ${#files[@]} -gt 0 ] || { echo "no annotated workbooks under $out/*/receipts/" >&2; exit 1; }

scripts/validate-xlsx.sh "${files[@]}" >/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0
n=0
for f in "${files[@]}"; do
  n=$((n + 1))
  mkdir -p "$tmp/$n"
  # A profile of its own: no first-start dialogs, no lock on a running user's profile.
  if ! soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
       --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp/$n" "$f" >"$tmp/$n.log" 2>&1; then
    echo "FAIL $f: soffice exited non-zero"; cat "$tmp/$n.log"; failed=1; continue
  fi
  if grep -v 'failed to launch javaldx' "$tmp/$n.log" | grep -qiE 'error|failed|exception'; then
    echo "FAIL $f: LibreOffice reported:"; cat "$tmp/$n.log"; failed=1; continue
  fi
  converted="$tmp/$n/$(basename "$f")"
  if [ ! -s "$converted" ]; then echo "FAIL $f: LibreOffice wrote nothing"; cat "$tmp/$n.log"; failed=1; continue; fi
  if ! .venv-tools/bin/python - "$f" "$converted" <<'PY'
import sys, warnings
import openpyxl
warnings.simplefilter("ignore")
ours, theirs = (openpyxl.load_workbook(p) for p in sys.argv[1:3])
def marks(book):
    notes, fills = set(), set()
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None: notes.add((ws.title, c.coordinate))
                if c.fill is not None and c.fill.fill_type == "solid":
                    fills.add((ws.title, c.coordinate, (c.fill.fgColor.rgb or "")[-6:].upper()))
    return notes, fills
problems = []
if theirs.sheetnames[0] != "审核结果" or theirs.sheetnames != ours.sheetnames:
    problems.append(f"sheets {theirs.sheetnames} (annotated: {ours.sheetnames})")
(n1, f1), (n2, f2) = marks(ours), marks(theirs)
if not n1 <= n2: problems.append(f"notes lost: {sorted(n1 - n2)}")
if not f1 <= f2: problems.append(f"fills lost: {sorted(f1 - f2)}")
links = [c for c in theirs.worksheets[0]["D"] if c.hyperlink is not None]
if len(links) == 0 and theirs.worksheets[0].max_row > 1: problems.append("no links on 审核结果")
print(f"  {len(n2)} notes, {len(f2)} filled cells, {len(links)} links")
if problems:
    print("  " + "; ".join(problems)); sys.exit(1)
PY
  then echo "FAIL $f"; failed=1; continue; fi
  echo "ok   $f"
done
exit $failed
