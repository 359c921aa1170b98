#!/usr/bin/env bash
# What the history store adds to a first run of the national month (the goal: at most 10 %):
# `weigai run` over COUNT district workbooks (default 3000) with CLUES clues (default 30), as
# scripts/bench-run.sh makes them, alternating with the same run saving nothing to the store
# (`--bench-without-store-saves`: no workbooks, ledger or tables written; everything else the
# same), RUNS times each (default 8), the order swapped every round. Each run gets a tree of its
# own, and the trees are deleted only after the timings (`fresh_runs_root` in bench-setup.sh).
# Prints both medians, the median of the rounds' ratios, and the store's size.
#   scripts/bench-store.sh [COUNT [CLUES [RUNS]]]
# WEIGAI_SCRATCH names the release build's scratch path (default .build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3000}
clues=${2:-30}
runs=${3:-8}

source scripts/bench-setup.sh

national_month "$count" "$clues"
fresh_runs_root store-run
times=".bench/store-run.times"
rm -f "$times"
cat "$source"/inbox/*.xlsx > /dev/null  # the page cache warmed
for i in $(seq "$runs"); do
  order="saving without"
  [ $((i % 2)) -eq 0 ] && order="without saving"
  for mode in $order; do
    root="$runs_root/$i-$mode"
    mkdir -p "$root"
    cp -a "$source/inbox" "$root/inbox"  # -a keeps the modification times: the received times
    flag=""
    [ "$mode" = without ] && flag="--bench-without-store-saves"
    status=0
    /usr/bin/time -f "$i $mode %e %U %S %M" -a -o "$times" "$bin/weigai" run --root "$root" --config "$source/weigai.yaml" \
      --now 2026-11-26T23:00:00+08:00 --log-level warning $flag >/dev/null || status=$?
    [ "$status" -le 1 ] || { echo "bench-store: weigai run exited $status" >&2; exit "$status"; }
    accepted=$(grep -c ',accepted,' "$root/out/2026-11/submissions.csv")
    [ "$accepted" -eq $((2 * count)) ] || { echo "bench-store: $accepted tables accepted, expected $((2 * count))" >&2; exit 1; }
  done
done
store_mb=$(du -m "$runs_root/1-saving/weigai.sqlite" | cut -f1)
[ ! -e "$runs_root/1-without/weigai.sqlite" ] || { echo "bench-store: a run without saving left a store" >&2; exit 1; }

rm -rf "$trash"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$count" "$clues" "$times" "$store_mb" <<'PY'
import statistics, sys
count, clues, path, store_mb = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
runs = {}
for line in open(path):
    i, mode, wall, user, system, kib = line.split()
    runs.setdefault(mode, {})[int(i)] = (float(wall), float(user) + float(system), int(kib) / 1024)
s, w = runs["saving"], runs["without"]
med = lambda d, k: statistics.median(v[k] for v in d.values())
ratios = [s[i][0] / w[i][0] for i in s if i in w]
print(f"weigai run, {count} workbooks x {clues} clues, first run of the month, {len(ratios)} alternated rounds:")
print(f"  saving to the store   median {med(s, 0):.2f} s, CPU {med(s, 1):.2f} s, peak {max(v[2] for v in s.values()):.0f} MiB; store {store_mb} MB")
print(f"  without saving        median {med(w, 0):.2f} s, CPU {med(w, 1):.2f} s, peak {max(v[2] for v in w.values()):.0f} MiB")
print(f"the store adds {100 * (med(s, 0) / med(w, 0) - 1):.1f} % (medians), {100 * (statistics.median(ratios) - 1):.1f} % "
      f"(median of the rounds' ratios: {', '.join(f'{r:.3f}' for r in sorted(ratios))}); goal <= 10 %")
PY
