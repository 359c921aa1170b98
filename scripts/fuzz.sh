#!/usr/bin/env bash
# Fuzzes the XLSX reader with libFuzzer for SECONDS (default 60), seeded with the corpus
# workbooks. Exits non-zero on a crash, a sanitizer report, a leak or a hang, and keeps the
# input that caused it (its path is printed).
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
corpus_src="Tests/XLSXTests/Corpus"

scripts/bootstrap.sh
[ -d "$corpus_src" ] || { echo "fuzz: no seed corpus at $corpus_src" >&2; exit 1; }

# Its own scratch path: other builds share this tree. The linker's "Cannot export local
# symbol" warnings about ASan's helpers are noise.
build_log="$(mktemp)"
if ! swift build -c debug --package-path Fuzz --scratch-path .build-fuzz \
     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >"$build_log" 2>&1; then
  grep -v "Cannot export local symbol" "$build_log" >&2
  rm -f "$build_log"
  echo "fuzz: build failed" >&2
  exit 1
fi
rm -f "$build_log"
fuzzer=".build-fuzz/debug/FuzzXLSX"

work="$(mktemp -d "${TMPDIR:-/tmp}/weigai-fuzz.XXXXXX")"
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
find "$corpus_src" -maxdepth 1 -type f \( -name '*.xlsx' -o -name '*.xlsm' \) -exec cp {} "$work/seeds/" \;
echo "fuzz: $(ls "$work/seeds" | wc -l) seeds, ${seconds}s, work dir $work" >&2

status=0
# New inputs go to corpus/ (the first directory); seeds/ is only read.
ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" "$fuzzer" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 -max_len=1048576 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$work/corpus" "$work/seeds" 2>"$work/fuzz.log" || status=$?
grep -E "^(#[0-9]+ +(INITED|DONE)|stat::|Done)|ERROR|SUMMARY" "$work/fuzz.log" >&2 || true

if [ "$status" -ne 0 ] || [ -n "$(ls -A "$work/artifacts")" ]; then
  echo "fuzz: FAILED (exit $status); inputs kept in $work/artifacts, log in $work/fuzz.log:" >&2
  ls -l "$work/artifacts" >&2
  exit "$(( status == 0 ? 1 : status ))"
fi
rm -rf "$work"
echo "fuzz: no crash in ${seconds}s" >&2
