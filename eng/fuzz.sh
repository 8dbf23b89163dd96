#!/usr/bin/env bash
# Coverage-guided fuzzing: SharpFuzz instruments Alpha.Learning.dll, afl-fuzz (AFL++) drives each target for a
# bounded time from the committed seed corpus (tests/Alpha.Learning.Fuzz/corpus/<target>).
#   eng/fuzz.sh [seconds per target, default 75] [target...]   (targets: jsonl yaml settings otlp jsonconfig fleet)
# CI runs all six for 75 s each: 7.5 minutes of fuzzing plus the build, under its 10-minute budget.
# Prints executions per second and edges covered per target; exits 1 when a target found a crash or a hang (the
# inputs are copied to tests/Alpha.Learning.Fuzz/findings/<target>/ to become regression tests).
# Needs afl-fuzz (Debian: apt-get install afl++) and the sharpfuzz tool (installed here into eng/.tools).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-75}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jsonl yaml settings otlp jsonconfig fleet)

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is not installed (apt-get install afl++)" >&2; exit 2; }
tools=eng/.tools
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

out=$(mktemp -d)
dotnet build tests/Alpha.Learning.Fuzz -c Release -o "$out/bin" -v q -nologo >/dev/null
"$tools/sharpfuzz" "$out/bin/Alpha.Learning.dll" >/dev/null

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export DOTNET_TieredCompilation=0
found=0
for target in "${targets[@]}"; do
  findings="$out/findings-$target"
  afl-fuzz -i "tests/Alpha.Learning.Fuzz/corpus/$target" -o "$findings" -t 10000 -m none -V "$seconds" \
    -- dotnet "$out/bin/Alpha.Learning.Fuzz.dll" "$target" >"$out/$target.log" 2>&1 || { tail -20 "$out/$target.log" >&2; found=1; continue; }
  stats="$findings/default/fuzzer_stats"
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
  eps=$(awk -F' *: *' '$1=="execs_per_sec"{print $2}' "$stats")
  edges=$(awk -F' *: *' '$1=="edges_found"{print $2}' "$stats")
  total=$(awk -F' *: *' '$1=="total_edges"{print $2}' "$stats")
  corpus=$(awk -F' *: *' '$1=="corpus_count"{print $2}' "$stats")
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
  echo "fuzz $target: ${seconds}s, $execs executions ($eps/s), $edges edges covered (map $total), corpus $corpus, $crashes crashes, $hangs hangs"
  if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
    found=1
    mkdir -p "tests/Alpha.Learning.Fuzz/findings/$target"
    cp "$findings"/default/crashes/id:* "$findings"/default/hangs/id:* "tests/Alpha.Learning.Fuzz/findings/$target/" 2>/dev/null || true
  fi
done
rm -rf "$out"
exit $found
