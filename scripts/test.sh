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
