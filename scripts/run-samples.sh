#!/usr/bin/env bash
# The README's main command: three months of 示例市 through `weigai run`, on a copy of samples/.
# Copies samples/inbox into work-samples/ (git-ignored; the committed samples are never moved),
# gives each copy the received time of samples/received.tsv as its modification time, and runs
# cron's job twice, after each month's deadline:
#   weigai run --root work-samples --now 2026-11-28T12:00:00+08:00   (October and November; December's files are not there yet)
#   weigai run --root work-samples --now 2026-12-28T12:00:00+08:00   (December: the clue ledger moves on)
# and says where the results are. The samples hold clerks' mistakes on purpose, so a run
# exits 1 (errors found); this script exits 0 when each run exits 0 or 1, else the run's code.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --product weigai >&2
bin="$(swift build --show-bin-path)/weigai"

work=work-samples
rm -rf "$work"
mkdir -p "$work/inbox"
cp -R samples/inbox/. "$work/inbox/"
tail -n +2 samples/received.tsv | while IFS=$'\t' read -r file received; do
  [ -n "$file" ] && touch -d "$received" "$work/inbox/$file"
done

for now in 2026-11-28T12:00:00+08:00 2026-12-28T12:00:00+08:00; do
  echo "== weigai run --root $work --now $now"
  status=0
  "$bin" run --root "$work" --now "$now" || status=$?
  if [ "$status" -gt 1 ]; then exit "$status"; fi
  echo "weigai run exited $status (1 = the samples' deliberate mistakes were found)"
  echo
done
echo "结果 (results): $work/out/2026-10/, 2026-11/, 2026-12/ — anomalies.csv, ledger.csv (线索台账), submissions.csv,"
echo "  attachment1_city.xlsx, receipts/<区>/ (回执.txt and the marked-up workbooks), report.html, summary.txt"
echo "归档 (archive): $work/archive/    隔离 (quarantine): $work/quarantine/"
