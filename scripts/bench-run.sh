#!/usr/bin/env bash
# Times `weigai run` over a national-scale month: COUNT district workbooks (default 3000), each
# both tables of 2026-11 with CLUES clues (default 30), written once by weigai-monthdata into
# .bench/. Each timed run starts from a fresh copy of that inbox (the run moves its files) and
# is one process using both cores. Prints the median seconds, files per second, the peak RSS
# and the CPU use (above 100 % means more than one core was busy).
#   scripts/bench-run.sh [COUNT [CLUES]]        (also run at the end of scripts/bench.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3000}
clues=${2:-30}
runs=3

scripts/bootstrap.sh
if [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >/dev/null
fi
# Its own scratch path: other builds share this tree.
for product in weigai weigai-monthdata; do
  swift build -c release --scratch-path .build-bench --product "$product" >&2
done
bin=".build-bench/release"

source=".bench/month-$count-$clues"
[ -f "$source/weigai.yaml" ] || "$bin/weigai-monthdata" "$count" "$clues" "$source" >&2
root=".bench/month-run"
times=".bench/month-run.times"
rm -f "$times"
for _ in $(seq "$runs"); do
  rm -rf "$root"
  mkdir -p "$root"
  cp -a "$source/inbox" "$root/inbox"  # -a keeps the modification times: the received times
  status=0
  /usr/bin/time -f "%e %M %P" -o "$times.one" "$bin/weigai" run --root "$root" --config "$source/weigai.yaml" \
    --now 2026-11-26T23:00:00+08:00 --log-level warning >/dev/null || status=$?
  [ "$status" -le 1 ] || { echo "bench-run: weigai run exited $status" >&2; exit "$status"; }
  accepted=$(grep -c ',accepted,' "$root/out/2026-11/submissions.csv")
  [ "$accepted" -eq $((2 * count)) ] || { echo "bench-run: $accepted tables accepted, expected $((2 * count))" >&2; exit 1; }
  cat "$times.one" >> "$times"
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$count" "$clues" "$times" <<'PY'
import statistics, sys
count, clues, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
runs = [line.split() for line in open(path) if line.strip()]
seconds = statistics.median(float(r[0]) for r in runs)
peak = max(int(r[1]) for r in runs) / 1024
cpu = statistics.median(int(r[2].rstrip('%')) for r in runs)
print(f"weigai run, {count} workbooks x {clues} clues: median {seconds:.2f} s of {len(runs)} runs, "
      f"{count / seconds:.0f} files/s, peak RSS {peak:.0f} MiB, CPU {cpu:.0f} %")
PY
