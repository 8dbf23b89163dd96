#!/usr/bin/env bash
# Renders `alpha-learn report` from a seeded learning store and checks it in headless Chromium: the DOM holds the
# SVG charts with drawn points, hostile log text stays text, and a screenshot shows the lines in their colours.
# Installs Debian's chromium when it is missing (CI runs as root). Exit code non-zero on any failure.
# Usage: bash eng/check-report.sh [OUT_DIR]   (OUT_DIR keeps report.html, dom.html and report.png; default: a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
  echo "== installing chromium"
  if [ "$(id -u)" -ne 0 ]; then
    echo "check-report: $chromium is missing and installing it needs root." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

work=$(mktemp -d)
profile=$(mktemp -d)
keep=${1:-}
out=${1:-$(mktemp -d)}
mkdir -p "$out"
# Without OUT_DIR the report and screenshot are kept only when a check fails, to look at.
trap 'status=$?; rm -rf "$work" "$profile"; if [ -z "$keep" ]; then if [ "$status" -eq 0 ]; then rm -rf "$out"; else echo "check-report: the report and screenshot are in $out" >&2; fi; fi' EXIT

echo "== build (Release)"
dotnet build -c Release -v q -nologo src/Alpha.Learning.Cli/Alpha.Learning.Cli.csproj >/dev/null
dotnet build -c Release -v q -nologo tests/Alpha.Learning.ReportSeed/Alpha.Learning.ReportSeed.csproj >/dev/null

echo "== seed and render"
dotnet tests/Alpha.Learning.ReportSeed/bin/Release/net10.0/Alpha.Learning.ReportSeed.dll "$work/learning.db"
dotnet src/Alpha.Learning.Cli/bin/Release/net10.0/alpha-learn.dll report --db "$work/learning.db" --out "$out/report.html"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile")

echo "== chromium: DOM"
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$out/report.html" >"$out/dom.html" 2>"$work/chromium-dom.log" || {
  echo "check-report: chromium --dump-dom failed:" >&2
  tail -20 "$work/chromium-dom.log" >&2
  exit 1
}

echo "== chromium: screenshot"
rm -f "$out/report.png"
timeout 120 "$chromium" "${flags[@]}" --window-size=1280,3400 --screenshot="$out/report.png" "file://$out/report.html" \
  >"$work/chromium-shot.log" 2>&1 || {
  echo "check-report: chromium --screenshot failed:" >&2
  tail -20 "$work/chromium-shot.log" >&2
  exit 1
}

echo "== checks"
python3 - "$out/dom.html" "$out/report.png" <<'PY'
import html.parser, re, struct, sys, zlib

dom_path, png_path = sys.argv[1], sys.argv[2]
dom = open(dom_path, encoding="utf-8").read()
failures = []

class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.polylines, self.text, self.csp = {}, [], [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "polyline":
            self.polylines.append(a.get("points", ""))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
    def handle_data(self, data):
        self.text.append(data)

d = Dom()
d.feed(dom)
text = "".join(d.text)
svgs, circles = d.tags.get("svg", 0), d.tags.get("circle", 0)
drawn = 0
for points in d.polylines:
    pairs = [p.split(",") for p in points.split()]
    try:
        coords = [(float(x), float(y)) for x, y in pairs]
    except ValueError:
        failures.append(f"a polyline has points that are not numbers: {points[:80]!r}")
        continue
    if len(coords) >= 2 and all(0 <= x <= 600 and 0 <= y <= 220 for x, y in coords):
        drawn += 1
print(f"DOM: {svgs} svg charts, {len(d.polylines)} polylines ({drawn} with 2+ points inside the plot), {circles} points, "
      f"{d.tags.get('tr', 0)} table rows")
if svgs < 13: failures.append(f"expected at least 13 SVG charts (8 patterns, 5 metrics), found {svgs}")
if drawn < 8 + 12: failures.append(f"expected at least 20 drawn polylines (8 patterns, 12 metric subjects), found {drawn}")
if circles < 500: failures.append(f"expected at least 500 drawn points, found {circles}")
if d.tags.get("script", 0): failures.append("the DOM holds a <script> element")
if "<script>alert(1)</script>" not in text: failures.append("the hostile pattern key is not shown as text")
if d.csp != "default-src 'none'; style-src 'unsafe-inline'; img-src data:": failures.append(f"CSP meta is {d.csp!r}")
if "Nothing recorded yet" in text: failures.append("the report says nothing was recorded")
for needed in ("Patterns over time", "Trends", "Improvements", "Store statistics", "rolled_back", "regressed", "cost_per_call"):
    if needed not in text: failures.append(f"the page text lacks {needed!r}")

# The screenshot: decode the PNG (8-bit RGB/RGBA) and count pixels in the first two series colours.
def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {ctype})")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    prev, rows, i = bytearray(stride), [], 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return width, height, bpp, rows

try:
    width, height, bpp, rows = pixels(png_path)
    def count(rgb, tol=24):
        n = 0
        for line in rows:
            for x in range(0, len(line), bpp):
                if abs(line[x] - rgb[0]) <= tol and abs(line[x + 1] - rgb[1]) <= tol and abs(line[x + 2] - rgb[2]) <= tol:
                    n += 1
        return n
    blue, orange = count((0x00, 0x72, 0xB2)), count((0xD5, 0x5E, 0x00))
    white = count((255, 255, 255), 0)
    print(f"screenshot: {width}x{height}, {blue} blue (#0072B2) and {orange} vermilion (#D55E00) line pixels, {white} white pixels")
    if blue < 2000: failures.append(f"the screenshot shows too few blue line pixels ({blue}): the charts were not drawn")
    if orange < 300: failures.append(f"the screenshot shows too few vermilion line pixels ({orange})")
    if white < width * height // 20: failures.append("the screenshot is not a rendered page (hardly any white)")
except (OSError, ValueError, zlib.error) as e:
    failures.append(f"screenshot: {e}")

for f in failures:
    print("check-report: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
echo "check-report: OK"
