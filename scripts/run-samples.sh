#!/usr/bin/env bash
# The README's main command: one month of 示例市 through `weigai run`, on a copy of samples/.
# Copies samples/inbox into work-samples/ (git-ignored; the committed samples are never moved),
# gives each copy the received time of samples/received.tsv as its modification time, runs
#   weigai run --root work-samples --now 2026-11-28T12:00:00+08:00
# and says where the results are. The samples hold clerks' mistakes on purpose, so the run
# exits 1 (errors found); this script exits 0 for a run that exits 0 or 1, else the run's code.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --product weigai >&2
bin="$(swift build --show-bin-path)/weigai"

work=work-samples
rm -rf "$work"
mkdir -p "$work/inbox"
cp samples/inbox/*.xlsx "$work/inbox/"
tail -n +2 samples/received.tsv | while IFS=$'\t' read -r file received; do
  [ -n "$file" ] && touch -d "$received" "$work/inbox/$file"
done

status=0
"$bin" run --root "$work" --now 2026-11-28T12:00:00+08:00 || status=$?
echo
echo "结果 (results): $work/out/2026-11/ — anomalies.csv, submissions.csv, attachment1_city.xlsx, receipts/<区>/ (回执.txt and the marked-up workbooks), report.html, summary.txt"
echo "归档 (archive): $work/archive/    隔离 (quarantine): $work/quarantine/"
if [ "$status" -le 1 ]; then
  echo "weigai run exited $status (1 = the samples' deliberate mistakes were found)"
  exit 0
fi
exit "$status"
