#!/usr/bin/env bash
# Times `weigai run` over archives of 1, 12 and 24 months (or the MONTHS given) of COUNT
# districts (default 300, about 30 clues listed a month each, written by weigai-monthdata: each
# month's titles and filing dates its own, received on the 20th, its clues registered, carried
# and closed as a district's ledger would be since the archive's first month): the first run
# over the whole archive, then the run after one corrected file for the latest month. Prints, per archive, both times, the first run's time
# per month, the store's size per month, and the corrected-file ratio 24 months / 1 month
# (the goal is at most 1.2: a rebuild costs one month, whatever the archive's age) and between
# the two longest archives (whose latest months carry the same work), and the
# share of the corrected-file run the clue ledger takes: the time the run spends taking it
# from the store, and waiting for its save, which runs beside the month's publication (the
# last "in N ms" of each `ledger:` line of the log).
#   scripts/bench-history.sh [COUNT [CLUES [MONTHS...]]]     e.g. 3000 30 1 12: the national archive
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-300}
clues=${2:-30}
archives=${*:3}
archives=${archives:-1 12 24}

scripts/bootstrap.sh
for product in weigai weigai-monthdata; do
  swift build -c release --scratch-path .build-release --product "$product" >&2
done
bin=".build-release/release"

# The months ending 2026-11, oldest first.
months() {
  python3 -c "import sys
n = int(sys.argv[1]); y, m = 2026, 11
out = []
for _ in range(n):
    out.append(f'{y}-{m:02d}'); y, m = (y - 1, 12) if m == 1 else (y, m - 1)
print(' '.join(reversed(out)))" "$1"
}

seconds() { python3 -c "import time; print(f'{time.monotonic():.3f}')"; }

results=".bench/history.results"
rm -f "$results"
for n in $archives; do
  root=".bench/history-$n"
  rm -rf "$root"
  mkdir -p "$root/inbox"
  since=$(months "$n" | cut -d' ' -f1)
  for p in $(months "$n"); do
    source=".bench/history-src/$count-$clues-$p-since-$since"
    [ -f "$source/weigai.yaml" ] || "$bin/weigai-monthdata" "$count" "$clues" "$source" --month "$p" --since "$since" >/dev/null
    cp -a "$source/inbox" "$root/inbox/$p"  # -a keeps the modification times: the received times
    config="$source/weigai.yaml"
  done
  status=0
  start=$(seconds)
  "$bin/weigai" run --root "$root" --config "$config" --now 2026-11-27T10:00:00+08:00 --log-level warning >/dev/null || status=$?
  first=$(python3 -c "print($(seconds) - $start)")
  [ "$status" -le 1 ] || { echo "bench-history: weigai run exited $status" >&2; exit "$status"; }

  corrected=".bench/history-src/$count-$clues-corrected-since-$since"
  [ -f "$corrected/weigai.yaml" ] || "$bin/weigai-monthdata" 1 "$clues" "$corrected" --month 2026-11 --since "$since" \
    --received 2026-11-27T11:00:00+08:00 --corrected >/dev/null
  cp -a "$corrected/inbox/." "$root/inbox/"
  start=$(seconds)
  "$bin/weigai" run --root "$root" --config "$config" --now 2026-11-27T12:00:00+08:00 --log-level info \
    > "$root/corrected.txt" 2> "$root/corrected.log" || status=$?
  again=$(python3 -c "print($(seconds) - $start)")
  ledger=$(sed -n 's/.*ledger: .* in \([0-9]*\) ms.*/\1/p' "$root/corrected.log" | awk '{s += $1} END {print s / 1000}')
  [ "$status" -le 1 ] || { echo "bench-history: weigai run exited $status" >&2; exit "$status"; }
  grep -q "本次重建 1 个月" "$root/corrected.txt" || { echo "bench-history: the corrected file rebuilt more than its month" >&2; exit 1; }
  size=$(stat -c %s "$root/weigai.sqlite")
  echo "$n $first $again $size $ledger" >> "$results"
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$count" "$clues" "$results" <<'PY'
import sys
count, clues, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rows = {int(r[0]): r[1:] for r in (line.split() for line in open(path) if line.strip())}
print(f"{count} districts x {clues} clues a month")
print("months  first run  per month  corrected file  of which ledger  store MB  store MB/month")
for n, (first, again, size, ledger) in sorted(rows.items()):
    first, again, size, ledger = float(first), float(again), int(size) / 1e6, float(ledger)
    print(f"{n:6d}  {first:8.2f} s  {first / n:7.2f} s  {again:12.2f} s  {ledger:6.2f} s ({100 * ledger / again:4.1f} %)"
          f"  {size:8.1f}  {size / n:14.1f}")
if 1 in rows and len(rows) > 1:
    n = max(rows)
    ratio = float(rows[n][1]) / float(rows[1][1])
    print(f"corrected-file ratio, {n} months / 1 month: {ratio:.2f} (goal <= 1.2 at 24 months)")
# A 1-month archive's month is its ledger's first: every clue new, a tenth of a running month's
# findings. Between two archives past the ledger's start, the month's work is the same and only
# the archive's age differs.
longer = sorted(m for m in rows if m > 1)
if len(longer) > 1:
    a, b = longer[-2], longer[-1]
    print(f"corrected-file ratio, {b} months / {a} months: {float(rows[b][1]) / float(rows[a][1]):.2f} (the same month's work, an archive twice as old)")
PY
