#!/usr/bin/env bash
# Whole-process benchmark of `alpha-learn analyze` (all six detectors, JSON output), start-up included.
# Generates the logs once (deterministic generator), builds the CLI in Release, runs it N times and prints each
# run's elapsed time, CPU time and peak resident set, then the best and median throughput in MB/s.
# Usage: bash eng/bench-analyze.sh [SIZE_MB=200] [RUNS=7] [LOGS_DIR=/tmp/alpha-bench-<SIZE_MB>]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

size=${1:-200}
runs=${2:-7}
logs=${3:-/tmp/alpha-bench-$size}
[ -x /usr/bin/time ] || { echo "bench-analyze: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

dotnet build -c Release src/Alpha.Learning.Cli -v q -nologo >/dev/null
cli=src/Alpha.Learning.Cli/bin/Release/net10.0/alpha-learn.dll
if [ ! -d "$logs" ]; then
  echo "== generating $size MB of logs in $logs"
  dotnet "$cli" generate --out "$logs" --size-mb "$size" --files 4 >/dev/null
fi

bytes=$(cat "$logs"/* | wc -c)
echo "== alpha-learn analyze --logs $logs --format json: $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB, $runs runs, $(nproc) processors"
dotnet "$cli" analyze --logs "$logs" --format json >/dev/null # warm the page cache and the JIT profile
times=$(mktemp)
trap 'rm -f "$times"' EXIT
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$times" -a dotnet "$cli" analyze --logs "$logs" --format json >/dev/null
  tail -n 1 "$times" | awk -v b="$bytes" -v i="$i" '{printf "run %d: %.2f s elapsed, %.2f s CPU, %.0f MB/s, peak RSS %.0f MiB\n", i, $1, $2+$3, b/1e6/$1, $4/1024}'
done
sort -n "$times" | awk -v b="$bytes" '{e[NR]=$1; if ($4>m) m=$4} END{printf "best %.2f s = %.0f MB/s, median %.2f s = %.0f MB/s, peak RSS %.0f MiB\n", e[1], b/1e6/e[1], e[int((NR+1)/2)], b/1e6/e[int((NR+1)/2)], m/1024}'
