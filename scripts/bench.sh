#!/usr/bin/env bash
# Times `weigai dump FILE > /dev/null` against python-calamine reading every cell of the same
# synthetic clue register (Attachment 2 shape, 12 columns, texts as shared strings), and prints
# median seconds, peak RSS and the ratios weigai/calamine. Generated files stay in .bench/.
#   scripts/bench.sh [ROWS...]        (default: 100000 1000000)
# Then times `weigai extract` against its floor (scripts/bench-extract.sh), the monthly run at
# national scale (scripts/bench-run.sh) and what its history store adds (scripts/bench-store.sh),
# at the end of this file.
# Run it on an idle machine: the figures are only comparable within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
rows_list=("$@")
[ ${#rows_list[@]} -gt 0 ] || rows_list=(100000 1000000)

BENCH_PRODUCTS="weigai weigai-benchdata" source scripts/bench-setup.sh

calamine_read='
import sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in wb.sheet_names:
    for row in wb.get_sheet_by_name(name).iter_rows():
        for value in row:
            if value != "":
                cells += 1
print(cells, file=sys.stderr)
'

mkdir -p .bench
measure() {  # measure OUTFILE COMMAND...: appends "seconds peak_kib"
  /usr/bin/time -f "%e %M" -o "$1.one" "${@:2}" >/dev/null 2>/dev/null
  cat "$1.one" >> "$1"
}

# How idle the CPUs were over two seconds: the figures mean little when this is low.
idle_percent() {
  local a b
  read -r -a a < /proc/stat; sleep 2; read -r -a b < /proc/stat
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( 100 * (b[4] - a[4]) / (total > 0 ? total : 1) ))
}
echo "machine: $(nproc) cores, $(idle_percent)% idle just before the runs"
printf "%-9s %-9s %10s %14s\n" rows reader median_s peak_rss_MiB
for rows in "${rows_list[@]}"; do
  file=".bench/register-$rows.xlsx"
  [ -f "$file" ] || "$bin/weigai-benchdata" "$rows" "$file"
  runs=$(( rows > 200000 ? 3 : 5 ))
  w=".bench/weigai-$rows.times"; c=".bench/calamine-$rows.times"
  rm -f "$w" "$c"
  # One untimed run each, so both start from a warm page cache.
  "$bin/weigai" dump "$file" >/dev/null
  .venv-bench/bin/python -c "$calamine_read" "$file" 2>/dev/null
  for _ in $(seq "$runs"); do
    measure "$w" "$bin/weigai" dump "$file"
    measure "$c" .venv-bench/bin/python -c "$calamine_read" "$file"
  done
  python3 - "$rows" "$w" "$c" <<'PY'
import statistics, sys
rows, w, c = sys.argv[1], sys.argv[2], sys.argv[3]
def load(p):
    runs = [line.split() for line in open(p) if line.strip()]
    return statistics.median(float(t) for t, _ in runs), max(int(k) for _, k in runs) / 1024
wt, wm = load(w); ct, cm = load(c)
print(f"{rows:<9} {'weigai':<9} {wt:10.2f} {wm:14.0f}")
print(f"{rows:<9} {'calamine':<9} {ct:10.2f} {cm:14.0f}")
print(f"{rows:<9} {'ratio':<9} {wt / ct:10.2f} {wm / cm:14.2f}")
PY
done

# ---- The monthly run at national scale (scripts/bench-run.sh) -------------------------------
# 3,000 district workbooks of 30 clues each through one `weigai run`; BENCH_RUN=0 skips it.
[ "${BENCH_RUN:-1}" = 0 ] || scripts/bench-run.sh

# ---- `weigai extract` against the bare libxml2 read (scripts/bench-extract.sh) ----------------
# The same 3,000 workbooks, one core; BENCH_EXTRACT=0 skips it.
[ "${BENCH_EXTRACT:-1}" = 0 ] || scripts/bench-extract.sh

# ---- What the history store adds to the national month's first run (scripts/bench-store.sh) ---
# The same 3,000 workbooks, runs saving to the store alternated with runs that save nothing;
# BENCH_STORE=0 skips it.
[ "${BENCH_STORE:-1}" = 0 ] || scripts/bench-store.sh
