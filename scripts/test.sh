#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine: installs what is missing, then swift test.
# The tests make their folders under a TMPDIR of their own, removed when they end (SwiftPM
# leaves its TemporaryDirectory.* folders there too, not in /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scratch=$(mktemp -d "${TMPDIR:-/tmp}/weigai-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
TMPDIR=$scratch swift test "$@"
# The executable allocates through jemalloc (Sources/weigai/Allocator.swift): linked in, and
# before glibc's malloc, or its memory and speed figures are not the ones measured.
log=$("$(swift build --show-bin-path)/weigai" run --root "$(mktemp -d "$scratch/allocator.XXXXXX")" --log-level debug 2>&1 >/dev/null || true)
grep -q "allocator: jemalloc .*, the program's allocations through it" <<< "$log" || {
  echo "test.sh: weigai does not allocate through jemalloc:" >&2
  grep "allocator" <<< "$log" >&2 || echo "$log" | head -5 >&2
  exit 1
}
echo "weigai allocates through jemalloc"
