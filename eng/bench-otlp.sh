#!/usr/bin/env bash
# OTLP JSON traces vs JSON-lines logs: ingestion speed of the log source on the same events, and peak memory at three
# sizes (flat in file size is the target). The generator writes the JSON-lines logs; OtlpTraceConverter turns the same
# events into OTLP JSON (one TracesData document a line, as the OpenTelemetry Collector's file exporter writes them).
# Each run is a fresh process (`throughput --logs DIR --repeat 1`, the log source only, no detectors), the two formats
# in turn, so a shared machine's drift hits both alike. Prints each run, then per format and size the median MB/s,
# the OTLP/JSON-lines ratio of the medians (target >= 60 %) and the largest peak resident set (from /usr/bin/time),
# at 1x, 2x and 4x SIZE_MB: the peak should stay flat as the file grows.
# Usage: bash eng/bench-otlp.sh [SIZE_MB=20] [RUNS=5] [PARALLEL=default]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
size=${1:-20}
runs=${2:-5}
parallel=${3:-}
[ -x /usr/bin/time ] || { echo "bench-otlp: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

dotnet build benchmarks/Alpha.Learning.Benchmarks -c Release -v q -nologo -nodeReuse:false >/dev/null
bench=(dotnet benchmarks/Alpha.Learning.Benchmarks/bin/Release/net10.0/Alpha.Learning.Benchmarks.dll)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sizes="$size $((size * 2)) $((size * 4))"
for s in $sizes; do
  "${bench[@]}" convert-otlp --generate-mb "$s" --logs "$work/logs-$s" --traces "$work/traces-$s"
done

extra=()
[ -n "$parallel" ] && extra=(--parallel "$parallel")
for s in $sizes; do
  for i in $(seq "$runs"); do
    for format in logs traces; do
      /usr/bin/time -f "%M" -o "$work/rss" "${bench[@]}" throughput --logs "$work/$format-$s" --repeat 1 "${extra[@]}" > "$work/out"
      mbs=$(sed -n 's/.* = \([0-9.]*\) MB\/s.*/\1/p' "$work/out")
      rss=$(tail -n 1 "$work/rss")
      echo "$s $format $mbs $rss" >> "$work/results"
      printf 'size %4s MB run %d %-6s: %7s MB/s, peak RSS %5.0f MiB\n' "$s" "$i" "$format" "$mbs" "$(awk -v r="$rss" 'BEGIN{print r/1024}')"
    done
  done
done

python3 - "$work/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for size in sorted({int(r[0]) for r in rows}):
    med = {}
    for fmt in ("logs", "traces"):
        sel = [r for r in rows if int(r[0]) == size and r[1] == fmt]
        med[fmt] = statistics.median(float(r[2]) for r in sel)
        print(f"size {size} MB {'JSON lines' if fmt == 'logs' else 'OTLP JSON '}: median {med[fmt]:.1f} MB/s, peak RSS {max(int(r[3]) for r in sel) / 1024:.0f} MiB")
    print(f"size {size} MB OTLP / JSON lines: {100 * med['traces'] / med['logs']:.0f} %")
PY
