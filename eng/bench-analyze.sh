#!/usr/bin/env bash
# Whole-process benchmark of `alpha-learn analyze` (all six detectors, JSON output), start-up included.
# Generates the logs once (deterministic generator), then measures the tool as it installs:
#   native  the native (ahead-of-time compiled) executable that the linux-x64 tool package ships
#           (dotnet publish -c Release -r linux-x64), on linux-x64 only;
#   fdd     the framework-dependent alpha-learn.dll of the `any` package (packed, unpacked, run with dotnet).
# The builds run in turn, round after round, so that a shared machine's drift hits both alike. Prints each run's
# elapsed time, CPU time and peak resident set, then per build the best and median throughput in MB/s.
# Usage: bash eng/bench-analyze.sh [SIZE_MB=200] [RUNS=7] [LOGS_DIR=/tmp/alpha-bench-<SIZE_MB>] [BUILDS="native fdd"]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

size=${1:-200}
runs=${2:-7}
logs=${3:-/tmp/alpha-bench-$size}
builds=${4:-native fdd}
[ -x /usr/bin/time ] || { echo "bench-analyze: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v unzip >/dev/null || { echo "bench-analyze: needs unzip (apt-get install unzip)" >&2; exit 2; }
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  builds=${builds//native/}
  echo "== not linux-x64: measuring the framework-dependent build only"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A cmd
for build in $builds; do
  case $build in
    native)
      echo "== publishing the native tool (takes a minute)"
      dotnet publish src/Alpha.Learning.Cli -c Release -r linux-x64 -o "$work/native" -v q -nologo >/dev/null
      cmd[native]="$work/native/alpha-learn" ;;
    fdd)
      # The package's own files: its runtimeconfig differs from the build output's (no AOT feature switches).
      dotnet pack src/Alpha.Learning.Cli -c Release -r any -o "$work/any" -v q -nologo >/dev/null
      (cd "$work/any" && unzip -q ./*.nupkg -d fdd)
      cmd[fdd]="dotnet $work/any/fdd/tools/net10.0/any/alpha-learn.dll" ;;
    *) echo "bench-analyze: unknown build '$build' (native, fdd)" >&2; exit 2 ;;
  esac
done

first=(${builds})
if [ ! -d "$logs" ]; then
  echo "== generating $size MB of logs in $logs"
  ${cmd[${first[0]}]} generate --out "$logs" --size-mb "$size" --files 4 >/dev/null
fi

bytes=$(cat "$logs"/* | wc -c)
echo "== alpha-learn analyze --logs $logs --format json: $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB, $runs runs per build, $(nproc) processors"
for build in $builds; do
  ${cmd[$build]} analyze --logs "$logs" --format json >/dev/null # warm the page cache (and the JIT profile)
done
for i in $(seq "$runs"); do
  for build in $builds; do
    /usr/bin/time -f "%e %U %S %M" -o "$work/$build.times" -a ${cmd[$build]} analyze --logs "$logs" --format json >/dev/null
    tail -n 1 "$work/$build.times" | awk -v b="$bytes" -v i="$i" -v n="$build" '{printf "run %d %-6s: %.2f s elapsed, %.2f s CPU, %.0f MB/s, peak RSS %.0f MiB\n", i, n, $1, $2+$3, b/1e6/$1, $4/1024}'
  done
done
for build in $builds; do
  sort -n "$work/$build.times" | awk -v b="$bytes" -v n="$build" '{e[NR]=$1; if ($4>m) m=$4} END{printf "%-6s best %.2f s = %.0f MB/s, median %.2f s = %.0f MB/s, peak RSS %.0f MiB\n", n, e[1], b/1e6/e[1], e[int((NR+1)/2)], b/1e6/e[int((NR+1)/2)], m/1024}'
done
