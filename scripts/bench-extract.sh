#!/usr/bin/env bash
# Times `weigai extract` over the national month's COUNT workbooks (default 3000, of CLUES clues,
# default 30; the files of scripts/bench-run.sh), one process on one core, against two peers over
# the same files in the same rounds, alternating:
#   - the floor: scripts/xml-floor.c, libzip + zlib + libxml2 streaming every XML part weigai
#     reads through the same SAX2 push parser, with callbacks that only count;
#   - python-calamine reading every cell (scripts/calamine-read-all.py).
# Prints each one's CPU (user + system) per workbook, medians of RUNS rounds (default 5), and
# the ratios. Issue 10's goal for extract is 0.5 ms a workbook.
#   scripts/bench-extract.sh [COUNT [CLUES [RUNS]]]
# WEIGAI_SCRATCH names the release build's scratch path (default .build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3000}
clues=${2:-30}
runs=${3:-5}

source scripts/bench-setup.sh
mkdir -p .bench
# clang comes with the Swift toolchain.
clang -O2 scripts/xml-floor.c -o .bench/xml-floor $(pkg-config --cflags --libs libxml-2.0 libzip)

national_month "$count" "$clues"
files=("$source"/inbox/*.xlsx)
[ "${#files[@]}" -eq "$count" ] || { echo "bench-extract: ${#files[@]} workbooks in $source/inbox, expected $count" >&2; exit 1; }
out=".bench/extract-out"
times=".bench/extract"
rm -f "$times".*.times
measure() {  # measure NAME COMMAND...: appends "user system elapsed peak_kib"
  /usr/bin/time -f "%U %S %e %M" -o "$times.one" "${@:2}" >/dev/null 2>/dev/null
  cat "$times.one" >> "$times.$1.times"
}
.venv-bench/bin/python scripts/calamine-read-all.py "$source/inbox"  # warms the page cache
for _ in $(seq "$runs"); do
  rm -rf "$out"
  measure extract "$bin/weigai" extract "$source/inbox" -o "$out"  # the folder: 3,000 arguments cost ArgumentParser 0.3 s
  measure floor .bench/xml-floor "${files[@]}"
  measure calamine .venv-bench/bin/python scripts/calamine-read-all.py "$source/inbox"
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$count" "$times" <<'PY'
import statistics, sys
count, times = int(sys.argv[1]), sys.argv[2]
def stats(name):
    runs = [[float(x) for x in line.split()] for line in open(f"{times}.{name}.times") if line.strip()]
    return statistics.median(1000 * (u + s) / count for u, s, _, _ in runs), max(k for *_, k in runs) / 1024, len(runs)
extract, epeak, n = stats("extract")
floor, fpeak, _ = stats("floor")
calamine, cpeak, _ = stats("calamine")
print(f"CPU per workbook, medians of {n} alternated rounds over {count} workbooks:")
print(f"  weigai extract (with its five CSV tables)   {extract:6.3f} ms   peak {epeak:4.0f} MiB")
print(f"  libzip + libxml2 SAX, callbacks that count  {floor:6.3f} ms   peak {fpeak:4.0f} MiB")
print(f"  python-calamine, every cell                 {calamine:6.3f} ms   peak {cpeak:4.0f} MiB")
print(f"extract / floor {extract / floor:.2f}x, extract / calamine {extract / calamine:.2f}x; goal 0.5 ms")
PY
