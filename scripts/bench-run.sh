#!/usr/bin/env bash
# Times `weigai run` over a national-scale month: COUNT district workbooks (default 3000), each
# both tables of 2026-11 with CLUES clues (default 30), written once by weigai-monthdata into
# .bench/. Each timed run starts from a fresh copy of that inbox (the run moves its files) and
# is one process using both cores. Alternating with each run, python-calamine reads every cell
# of the same files (scripts/calamine-read-all.py, one process): the bare read the run is
# measured against. Prints both medians, their ratio, files per second, the peak RSS and the
# CPU use (above 100 % means more than one core was busy).
#   scripts/bench-run.sh [COUNT [CLUES [RUNS]]]      (also run at the end of scripts/bench.sh)
# WEIGAI_SCRATCH names the release build's scratch path (default .build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3000}
clues=${2:-30}
runs=${3:-5}

source scripts/bench-setup.sh

national_month "$count" "$clues"
fresh_runs_root month-run  # each timed run a tree of its own, the last invocation's deleted after the timings
times=".bench/month-run.times"
calamine=".bench/month-calamine.times"
rm -f "$times" "$calamine"
.venv-bench/bin/python scripts/calamine-read-all.py "$source/inbox"  # warms the page cache, names the cell count
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M %P" -o "$calamine.one" .venv-bench/bin/python scripts/calamine-read-all.py "$source/inbox" 2>/dev/null
  cat "$calamine.one" >> "$calamine"
  root="$runs_root/$i"
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

rm -rf "$trash"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$count" "$clues" "$times" "$calamine" <<'PY'
import statistics, sys
count, clues = int(sys.argv[1]), int(sys.argv[2])
def stats(path):
    runs = [line.split() for line in open(path) if line.strip()]
    return (statistics.median(float(r[0]) for r in runs), max(int(r[1]) for r in runs) / 1024,
            statistics.median(int(r[2].rstrip('%')) for r in runs), len(runs))
seconds, peak, cpu, n = stats(sys.argv[3])
cs, cpeak, ccpu, _ = stats(sys.argv[4])
print(f"weigai run, {count} workbooks x {clues} clues: median {seconds:.2f} s of {n} runs, "
      f"{count / seconds:.0f} files/s, peak RSS {peak:.0f} MiB, CPU {cpu:.0f} %")
print(f"python-calamine reading every cell of the same files: median {cs:.2f} s, peak RSS {cpeak:.0f} MiB, CPU {ccpu:.0f} %")
print(f"weigai run / calamine: {seconds / cs:.2f} x time (medians, alternated), peak {peak:.0f} MiB")
PY
