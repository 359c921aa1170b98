#!/usr/bin/env bash
# Proves a change leaves the outputs alone: builds BASE_REF in a temporary git worktree, runs it
# and the working tree's weigai over the same inputs with the same --now, and diffs the out/
# trees byte for byte. Two months are compared: the samples' (as scripts/run-samples.sh runs
# it) and a national-scale month written by weigai-monthdata (COUNT workbooks, default 300,
# of CLUES clues, default 30). So is an archive of 14 months of 60 districts (as
# scripts/bench-history.sh writes them), after its first run and again after a corrected file
# for its latest month: the cross-period checks' window, the trends' months before it, the
# ledger taken from the store. `weigai extract` of the samples is compared too.
#   scripts/compare-outputs.sh BASE_REF [COUNT [CLUES]]
# Set WEIGAI_BASE_BIN to a weigai binary built from BASE_REF to skip building it, and
# WEIGAI_SCRATCH to the scratch path of the working tree's release build (default
# .build-compare-head).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: scripts/compare-outputs.sh BASE_REF [COUNT [CLUES]]" >&2; exit 2; }
base_ref=$1
count=${2:-300}
clues=${3:-30}
scripts/bootstrap.sh

work=".bench/compare"
rm -rf "$work"
mkdir -p "$work"

# Its own scratch paths: other builds share this tree.
scratch=${WEIGAI_SCRATCH:-.build-compare-head}
for product in weigai weigai-monthdata; do
  swift build -c release --scratch-path "$scratch" --product "$product" >&2
done
head_bin="$PWD/$scratch/release/weigai"
base_bin=${WEIGAI_BASE_BIN:-}
if [ -z "$base_bin" ]; then
  tree="$PWD/.build-compare-base/tree"
  git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  git worktree add --detach "$tree" "$base_ref" >&2
  trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
  swift build -c release --package-path "$tree" --scratch-path .build-compare-base/build --product weigai >&2
  base_bin="$PWD/.build-compare-base/build/release/weigai"
fi

month=".bench/month-$count-$clues"
[ -f "$month/weigai.yaml" ] || "$scratch/release/weigai-monthdata" "$count" "$clues" "$month" >&2

# The archive: its months ending 2026-11, each written once under .bench/compare-archive/.
archive=".bench/compare-archive"
archive_months=$(python3 -c "
y, m, out = 2026, 11, []
for _ in range(14):
    out.append(f'{y}-{m:02d}'); y, m = (y - 1, 12) if m == 1 else (y, m - 1)
print(' '.join(reversed(out)))")
since=${archive_months%% *}
for p in $archive_months; do
  [ -f "$archive/$p/weigai.yaml" ] || "$scratch/release/weigai-monthdata" 60 "$clues" "$archive/$p" --month "$p" --since "$since" >/dev/null
done
[ -f "$archive/corrected/weigai.yaml" ] || "$scratch/release/weigai-monthdata" 1 "$clues" "$archive/corrected" --month 2026-11 \
  --since "$since" --received 2026-11-27T11:00:00+08:00 --corrected >/dev/null

# run NAME BIN: the samples' month and the national month, each from a fresh copy of its inbox.
run() {
  local name=$1 bin=$2 root status
  root="$work/$name-samples"
  mkdir -p "$root/inbox"
  cp samples/inbox/*.xlsx "$root/inbox/"
  tail -n +2 samples/received.tsv | while IFS=$'\t' read -r file received; do
    [ -n "$file" ] && touch -d "$received" "$root/inbox/$file"
  done
  status=0
  "$bin" run --root "$root" --now 2026-11-28T12:00:00+08:00 --log-level error >/dev/null || status=$?
  [ "$status" -le 1 ] || { echo "compare-outputs: $name run over the samples exited $status" >&2; exit 1; }

  root="$work/$name-month"
  mkdir -p "$root"
  cp -a "$month/inbox" "$root/inbox"
  status=0
  "$bin" run --root "$root" --config "$month/weigai.yaml" --now 2026-11-26T23:00:00+08:00 --log-level error >/dev/null || status=$?
  [ "$status" -le 1 ] || { echo "compare-outputs: $name run over the national month exited $status" >&2; exit 1; }

  root="$work/$name-archive"
  mkdir -p "$root/inbox"
  for p in $archive_months; do cp -a "$archive/$p/inbox" "$root/inbox/$p"; done
  status=0
  "$bin" run --root "$root" --config "$archive/2026-11/weigai.yaml" --now 2026-11-27T10:00:00+08:00 --log-level error >/dev/null || status=$?
  [ "$status" -le 1 ] || { echo "compare-outputs: $name run over the archive exited $status" >&2; exit 1; }
  cp -a "$root/out" "$work/$name-archive-first"
  cp -a "$archive/corrected/inbox/." "$root/inbox/"
  status=0
  "$bin" run --root "$root" --config "$archive/2026-11/weigai.yaml" --now 2026-11-27T12:00:00+08:00 --log-level error >/dev/null || status=$?
  [ "$status" -le 1 ] || { echo "compare-outputs: $name run after the corrected file exited $status" >&2; exit 1; }

  "$bin" extract samples/inbox/*.xlsx -o "$work/$name-extract" >/dev/null
}
run base "$base_bin"
run head "$head_bin"

same=0
for what in samples/out month/out archive-first archive/out extract; do
  if diff -r "$work/base-$what" "$work/head-$what" >"$work/${what//\//-}.diff"; then
    echo "identical: $what ($(find "$work/head-$what" -type f | wc -l) files)"
  else
    echo "DIFFERENT: $what (see $work/${what//\//-}.diff)"
    same=1
  fi
done
exit "$same"
