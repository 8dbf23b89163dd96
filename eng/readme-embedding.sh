#!/usr/bin/env bash
# The newcomer path, run as the README says: from an empty folder outside the repository, `dotnet new console`,
# `dotnet add package` Alpha.Learning (the packed package in PACKAGES_DIR) and the two hosting packages, the README's
# Program.cs (between the readme-embedding markers), `dotnet run`; it must apply a first change. Prints the time
# taken. Uses a private package cache, so a stale package of the same version is never used.
# Usage: bash eng/readme-embedding.sh PACKAGES_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
fail() { echo "readme-embedding: $*" >&2; exit 1; }
pkgs=$(cd "${1:?usage: bash eng/readme-embedding.sh PACKAGES_DIR}" && pwd)
version=$(dotnet msbuild src/Alpha.Learning/Alpha.Learning.csproj -getProperty:Version -p:Configuration=Release)
[ -f "$pkgs/Alpha.Learning.$version.nupkg" ] || fail "$pkgs holds no Alpha.Learning.$version.nupkg (run eng/pack-smoke.sh $pkgs first)."
# The hosting packages at the versions this repository builds with (the versions served here).
di=$(grep -oP 'Include="Microsoft.Extensions.DependencyInjection" Version="\K[^"]+' Directory.Packages.props)
console=$(grep -oP 'Include="Microsoft.Extensions.Logging.Console" Version="\K[^"]+' Directory.Packages.props)
readme=$(pwd)/README.md

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/nuget-packages"
started=$(date +%s)
cd "$work"
# The user's package sources plus the folder of the packed package.
cat >nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="alpha-learning-local" value="$pkgs" />
  </packageSources>
</configuration>
XML
dotnet new console -o my-agent >/dev/null
cd my-agent
dotnet add package Alpha.Learning --version "$version" >/dev/null
dotnet add package Microsoft.Extensions.DependencyInjection --version "$di" >/dev/null
dotnet add package Microsoft.Extensions.Logging.Console --version "$console" >/dev/null
awk '/<!-- readme-embedding:begin -->/{on=1; next} /<!-- readme-embedding:end -->/{on=0} on' "$readme" | sed '1{/^```/d}; ${/^```/d}' >Program.cs
grep -q "AddAlphaLearning" Program.cs || fail "the README's embedding Program.cs was not found between its markers."
dotnet run >run.txt 2>&1 || { cat run.txt >&2; fail "the README's Program.cs failed to build or run."; }
cat run.txt
grep -q "^\[applied\]" run.txt || fail "the README's Program.cs applied no change."
grep -q "# my agent" agent.yaml && grep -q "# seconds" agent.yaml || fail "the applied change lost the config's comments."
elapsed=$(( $(date +%s) - started ))
echo "readme-embedding: OK, from an empty folder to a first applied change in $elapsed s (new console app, 3 packages, README Program.cs, dotnet run)"
