#!/usr/bin/env bash
# Times `weigai run` over archives of 1, 12 and 24 months (or the MONTHS given) of COUNT
# districts (default 300, about 30 clues listed a month each, written by weigai-monthdata: each
# month's titles and filing dates its own, received on the 20th, its clues registered, carried
# and closed as a district's ledger would be since the archive's first month): the first run
# over the whole archive, then the run after one corrected file for the latest month, that one
# BENCH_HISTORY_RUNS times (default 5) on copies of the archive's tree, alternating between the
# archives, and its median taken. Prints, per archive, both times, the first run's time per
# month, the store's size per month, the findings of the month the corrected file rebuilt and the
# clues its ledger carried (its work), the corrected-file ratio 24 months / 1 month (the goal is
# at most 1.2: a rebuild costs one month, whatever the archive's age) and between the two longest
# archives (whose latest months carry the same work), and the share of the corrected-file run
# the clue ledger takes: the time the run spends taking it from the store, and waiting for its
# save, which runs beside the month's publication (the last "in N ms" of each `ledger:` line of
# the log).
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

# The time now, from bash itself: a python3 started to read the clock read it only after its own
# start (about 0.1 s here), which fell inside every timing.
seconds() { local t=$EPOCHREALTIME; echo "${t/,/.}"; }  # a comma where the locale has one

results=".bench/history.results"
rm -f "$results"
# The trees of an earlier invocation are moved aside and deleted only after this one's timings:
# on this machine's file system ext4 passes over the inodes freed in the last minutes when it
# allocates new ones (`recently_deleted`), and a corrected-file run that creates 600 files some
# seconds after the 24-month tree's 8,000 were deleted paid for that search, not for its work.
trash=".bench/history.deleted"
mkdir -p "$trash"
for old in .bench/history-[0-9]*; do
  [ -e "$old" ] && mv "$old" "$trash/$(basename "$old")-$(date +%s%N)"
done
# Each archive's first run, timed; then RUNS copies of its tree, each with the corrected file in
# its inbox (cp -a keeps the marked-up copies' extended attributes, which the run reuses).
runs=${BENCH_HISTORY_RUNS:-5}
for n in $archives; do
  root=".bench/history-$n"
  mkdir -p "$root/inbox"
  since=$(months "$n" | cut -d' ' -f1)
  for p in $(months "$n"); do
    source=".bench/history-src/$count-$clues-$p-since-$since"
    [ -f "$source/weigai.yaml" ] || "$bin/weigai-monthdata" "$count" "$clues" "$source" --month "$p" --since "$since" >/dev/null
    cp -a "$source/inbox" "$root/inbox/$p"  # -a keeps the modification times: the received times
  done
  cp "$source/weigai.yaml" "$root.yaml"  # the latest month's roster and settings
  status=0
  start=$(seconds)
  "$bin/weigai" run --root "$root" --config "$root.yaml" --now 2026-11-27T10:00:00+08:00 --log-level warning >/dev/null || status=$?
  first=$(python3 -c "print($(seconds) - $start)")
  [ "$status" -le 1 ] || { echo "bench-history: weigai run exited $status" >&2; exit "$status"; }
  size=$(stat -c %s "$root/weigai.sqlite")
  echo "$n $first $size" >> "$results.first"
  corrected=".bench/history-src/$count-$clues-corrected-since-$since"
  [ -f "$corrected/weigai.yaml" ] || "$bin/weigai-monthdata" 1 "$clues" "$corrected" --month 2026-11 --since "$since" \
    --received 2026-11-27T11:00:00+08:00 --corrected >/dev/null
  for r in $(seq "$runs"); do
    cp -a "$root" "$root-c$r"
    cp -a "$corrected/inbox/." "$root-c$r/inbox/"
  done
done
sync
# The corrected-file runs, alternating between the archives, each on its own copy.
for r in $(seq "$runs"); do
  for n in $archives; do
    root=".bench/history-$n-c$r"
    status=0
    start=$(seconds)
    "$bin/weigai" run --root "$root" --config ".bench/history-$n.yaml" --now 2026-11-27T12:00:00+08:00 --log-level info \
      > "$root/corrected.txt" 2> "$root/corrected.log" || status=$?
    again=$(python3 -c "print($(seconds) - $start)")
    [ "$status" -le 1 ] || { echo "bench-history: weigai run exited $status" >&2; exit "$status"; }
    grep -q "本次重建 1 个月" "$root/corrected.txt" || { echo "bench-history: the corrected file rebuilt more than its month" >&2; exit 1; }
    ledger=$(sed -n 's/.*ledger: .* in \([0-9]*\) ms.*/\1/p' "$root/corrected.log" | awk '{s += $1} END {print s / 1000}')
    echo "$n $again $ledger" >> "$results.corrected"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
path = sys.argv[1]
first = {int(r[0]): r[1:] for r in (l.split() for l in open(path + ".first") if l.strip())}
again = {}
for r in (l.split() for l in open(path + ".corrected") if l.strip()):
    again.setdefault(int(r[0]), []).append((float(r[1]), float(r[2])))
with open(path, "w") as out:
    for n, (t, size) in sorted(first.items()):
        runs = again[n]
        out.write(f"{n} {t} {statistics.median(a for a, _ in runs)} {size} {statistics.median(l for _, l in runs)}"
                  f" {' '.join(str(a) for a, _ in runs)}\n")
PY
rm -f "$results.first" "$results.corrected"
# The copies are let go of now that the timings are taken (1.1 GB each of a 24-month tree); each
# archive's own tree and its first copy, with the corrected run's summary and log, stay for a look.
for n in $archives; do
  for r in $(seq 2 "$runs"); do mv ".bench/history-$n-c$r" "$trash/"; done
done
rm -rf "$trash"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$count" "$clues" "$results" <<'PY'
import csv, re, sys
count, clues, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rows = {int(r[0]): r[1:] for r in (line.split() for line in open(path) if line.strip())}

def findings(n):
    """The findings the corrected file's run published for the latest month."""
    with open(f".bench/history-{n}-c1/out/2026-11/anomalies.csv", encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1

def carried(n):
    """The clues of earlier months the ledger followed into the latest month, as the run's log says."""
    log = open(f".bench/history-{n}-c1/corrected.log", encoding="utf-8").read()
    return int(re.search(r"ledger: \S+ .*?, (\d+) clues followed", log).group(1))

print(f"{count} districts x {clues} clues a month; the corrected file's run timed {len(next(iter(rows.values()))) - 4} times"
      " an archive, alternating, each on a copy of the archive's tree (median, then each run); the findings of its"
      " month, and the clues the ledger carried into it")
print("months  first run  per month  corrected file  of which ledger  store MB  store MB/month  findings  clues carried"
      "  corrected file's runs")
for n, (first, again, size, ledger, *each) in sorted(rows.items()):
    first, again, size, ledger = float(first), float(again), int(size) / 1e6, float(ledger)
    print(f"{n:6d}  {first:8.2f} s  {first / n:7.2f} s  {again:12.2f} s  {ledger:6.2f} s ({100 * ledger / again:4.1f} %)"
          f"  {size:8.1f}  {size / n:14.1f}  {findings(n):8d}  {carried(n):13d}"
          f"  {' '.join(f'{float(e):.2f}' for e in each)}")
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
