#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to
# src/<project>/PublicAPI.Unshipped.txt and drops the ones reported as removed (RS0017).
# Usage: eng/update-public-api.sh [project folder under src, default Alpha.Learning]
# Review the diff of the file: every line is a change of the public API.
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-Alpha.Learning}
file=src/$project/PublicAPI.Unshipped.txt
log=$(mktemp)
dotnet build "src/$project/$project.csproj" --no-incremental -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
added=$(grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" "$log" | sort -u || true)
removed=$(grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API, but)" "$log" | sort -u || true)
{
  echo "#nullable enable"
  { grep -v "^#nullable" "$file" || true; if [ -n "$added" ]; then printf "%s\n" "$added"; fi; } \
    | grep -vxF -f <(printf '%s\n' "$removed" | sed '/^$/d'; echo '#never#') | sed '/^$/d' | LC_ALL=C sort -u
} >"$file.new"
mv "$file.new" "$file"
rm -f "$log"
echo "public API: $(printf '%s' "$added" | grep -c . || true) added, $(printf '%s' "$removed" | grep -c . || true) removed"
