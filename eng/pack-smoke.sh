#!/usr/bin/env bash
# Packs the solution (Release) into a temp folder, checks the packages (library + symbols + the alpha-learn tool,
# readme, licence, the library's dependencies equal to Alpha.Learning.nuspec), installs the tool from that folder
# into a temp tool path and runs it: --help, demo, and report's missing-database exit code. Non-zero on failure.
# Usage: bash eng/pack-smoke.sh [PACKAGES_DIR]   (keeps the packages there; default: a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "pack-smoke: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkgs=${1:-$work/packages}
mkdir -p "$pkgs"
tools="$work/tools"
demo="$work/demo"

version=$(dotnet msbuild src/Alpha.Learning.Cli/Alpha.Learning.Cli.csproj -getProperty:Version -p:Configuration=Release)
[ -n "$version" ] || fail "could not read the package version."

echo "== pack $version (Release) into $pkgs"
dotnet pack -c Release -o "$pkgs" -v q -nologo >/dev/null

lib="$pkgs/Alpha.Learning.$version.nupkg"
symbols="$pkgs/Alpha.Learning.$version.snupkg"
tool="$pkgs/Alpha.Learning.Cli.$version.nupkg"
for f in "$lib" "$symbols" "$tool"; do
  [ -f "$f" ] || fail "$(basename "$f") was not produced; $pkgs holds: $(ls "$pkgs" | tr '\n' ' ')"
done
extra=$(ls "$pkgs" | grep -vE "^Alpha\.Learning(\.Cli)?\.$version\.s?nupkg$" || true)
[ -z "$extra" ] || fail "unexpected packages (only the library and the tool ship): $extra"

echo "== check package contents"
python3 - "$lib" "$symbols" "$tool" Alpha.Learning.nuspec <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET

lib, symbols, tool, source = sys.argv[1:5]
failures = []

def nuspec(path):
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".nuspec") and "/" not in n)
        return z.namelist(), ET.fromstring(z.read(name))

def local(tag): return tag.rsplit("}", 1)[-1]
def find(root, name): return [e for e in root.iter() if local(e.tag) == name]
def text(root, name):
    found = find(root, name)
    return found[0].text if found else None

names, spec = nuspec(lib)
for needed in ("README.md", "LICENSE", "lib/net10.0/Alpha.Learning.dll", "lib/net10.0/Alpha.Learning.xml"):
    if needed not in names: failures.append(f"{lib}: lacks {needed}")
if text(spec, "readme") != "README.md": failures.append("the library package names no readme")
if text(spec, "license") != "MIT": failures.append("the library package's licence is not the MIT expression")
packed = {e.get("id"): e.get("version") for e in find(spec, "dependency")}
expected = {e.get("id"): e.get("version") for e in find(ET.parse(source).getroot(), "dependency")}
if packed != expected:
    failures.append(f"the packed dependencies differ from {source}: packed {sorted(packed.items())}, nuspec {sorted(expected.items())}")
for dep, version in packed.items():
    if not version or version.startswith("["):
        failures.append(f"dependency {dep} is pinned ({version}); central versions are lower bounds")

with zipfile.ZipFile(symbols) as z:
    if "lib/net10.0/Alpha.Learning.pdb" not in z.namelist(): failures.append(f"{symbols}: lacks the pdb")

names, spec = nuspec(tool)
types = [e.get("name") for e in find(spec, "packageType")]
if "DotnetTool" not in types: failures.append(f"the tool package's types are {types}, not DotnetTool")
for needed in ("README.md", "LICENSE", "tools/net10.0/any/alpha-learn.dll", "tools/net10.0/any/DotnetToolSettings.xml"):
    if needed not in names: failures.append(f"{tool}: lacks {needed}")
if find(spec, "dependency"): failures.append("the tool package declares dependencies; a tool carries its own")

print(f"library: {len(packed)} dependencies, as in {source}; tool: {len(names)} files")
for f in failures: print("pack-smoke: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
PY

echo "== install the tool from $pkgs"
# Only the local folder: the tool package has no dependencies, so nothing is fetched from elsewhere.
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
  </packageSources>
</configuration>
EOF
# A private package cache: the user's cache may hold an older build of the same version, which would be installed instead.
NUGET_PACKAGES="$work/nuget-packages" dotnet tool install --tool-path "$tools" --configfile "$work/nuget.config" --add-source "$pkgs" Alpha.Learning.Cli --version "$version" >/dev/null
[ -x "$tools/alpha-learn" ] || fail "the tool was installed but $tools/alpha-learn is missing."

echo "== run the installed tool"
"$tools/alpha-learn" --help >"$work/help.txt" || fail "alpha-learn --help failed."
for command in analyze demo report; do
  grep -qE "^\s+$command\b" "$work/help.txt" || fail "alpha-learn --help does not list '$command'."
done
"$tools/alpha-learn" demo --dir "$demo" >"$work/demo.txt" || { cat "$work/demo.txt" >&2; fail "alpha-learn demo failed."; }
grep -q "events analysed" "$work/demo.txt" || fail "alpha-learn demo printed no analysis figures."
grep -q "What changed in config.yaml" "$work/demo.txt" || fail "alpha-learn demo printed no config diff."
[ -f "$demo/learning.db" ] && [ -f "$demo/config.yaml" ] || fail "alpha-learn demo wrote no database or config into $demo."
[ -n "$(ls -A "$demo/logs" 2>/dev/null)" ] || fail "alpha-learn demo wrote no logs into $demo/logs."
set +e
"$tools/alpha-learn" report --db "$work/missing.db" --out "$work/report.html" 2>"$work/report.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "alpha-learn report with a missing database exited $code, not 1."
[ ! -e "$work/missing.db" ] || fail "alpha-learn report created the missing database."
echo "pack-smoke: OK (Alpha.Learning $version, Alpha.Learning.Cli $version; installed tool ran --help, demo, report)"
