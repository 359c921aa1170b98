#!/usr/bin/env bash
# Renders a month's report.html with headless Chromium: a full-page PNG (--screenshot) and the
# DOM after loading (--dump-dom). Fails on a console message of level error or a failed load
# in Chromium's log, on a page that loaded anything from elsewhere or runs a script, on a DOM
# without the report's sections, or on a blank page (a PNG of one colour).
# Installs chromium (and a Chinese font, fonts-wqy-microhei, when fontconfig knows none) from apt.
# Usage: [WINDOW=W,H] scripts/check-report.sh [REPORT.html] [OUT.png]
#   (default work-samples/out/2026-11/report.html, as run-samples.sh leaves it, and work-samples/report.png)
set -euo pipefail
cd "$(dirname "$0")/.."
report="${1:-work-samples/out/2026-11/report.html}"
png="${2:-work-samples/report.png}"
[ -s "$report" ] || { echo "no report at $report" >&2; exit 1; }
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Self-contained: nothing fetched, no script.
if grep -qiE '<script|<link |<img|<iframe|<object|src=|href="https?:|url\(' "$report"; then
  echo "FAIL $report: loads something from elsewhere or carries a script" >&2; exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
url="file://$(realpath "$report")"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile"
       --enable-logging=stderr --v=0 --disable-background-networking --no-first-run)
chromium "${flags[@]}" --window-size="${WINDOW:-1280,2400}" --screenshot="$tmp/shot.png" "$url" 2>"$tmp/shot.log" >/dev/null
chromium "${flags[@]}" --dump-dom "$url" 2>"$tmp/dom.log" >"$tmp/dom.html"

# Chromium logs a page's console as `INFO:CONSOLE:<line>] "message"`; a page without script has none.
if grep -hE ':CONSOLE[:(]|Uncaught|ERR_FILE_NOT_FOUND|net::ERR|Failed to load' "$tmp/shot.log" "$tmp/dom.log"; then
  echo "FAIL $report: Chromium reported the errors above" >&2; exit 1
fi
for heading in 各区报送与审核情况 问题分布 全市合计 各区近; do
  grep -q "$heading" "$tmp/dom.html" || { echo "FAIL $report: the page has no section 「$heading」" >&2; exit 1; }
done
[ "$(grep -o '<svg' "$tmp/dom.html" | wc -l)" -gt 0 ] || { echo "FAIL $report: no chart" >&2; exit 1; }

python3 - "$tmp/shot.png" <<'PY'
import sys, zlib, struct
# A PNG reader of our own (no imaging library needed): counts the distinct pixel rows' colours.
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height, ctype = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if kind == b"IHDR": width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT": idat += body
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}[ctype]
stride = width * bpp
colours, prev = set(), bytearray(stride)
i = 0
for _ in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp * 7): colours.add(bytes(line[x:x + 3]))
    prev = line
print(f"screenshot {width}x{height}, {len(colours)} colours sampled")
if len(colours) < 8: sys.exit("FAIL: the page renders blank")
PY
cp "$tmp/shot.png" "$png"
echo "ok   $report → $png"
