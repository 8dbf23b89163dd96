#!/usr/bin/env bash
# Packs (Release) into a temp folder: the library (+ symbols), the alpha-learn pointer package Alpha.Learning.Cli and
# its two tool packages, Alpha.Learning.Cli.any (framework-dependent) and Alpha.Learning.Cli.linux-x64 (native AOT;
# only on a linux-x64 machine, as AOT does not cross-compile). Checks the set of packages and their contents (readme,
# licence, the library's dependencies equal to Alpha.Learning.nuspec, each tool package only what runs), installs the
# tool from that folder into a temp tool path and runs it (--help, demo, report's missing-database exit code); on
# linux-x64 that is the native binary. Then installs Alpha.Learning.Cli.any on its own into a second tool path and
# runs the same checks on it, so the fallback every other platform gets is run too. Non-zero on failure.
# Usage: bash eng/pack-smoke.sh [PACKAGES_DIR]   (keeps the packages there; default: a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "pack-smoke: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkgs=${1:-$work/packages}
mkdir -p "$pkgs"

# Runs a build step quietly; on failure shows its output (warnings are errors, so that is where the reason is).
quiet() {
  local log="$work/step.log"
  "$@" >"$log" 2>&1 || { tail -n 60 "$log" >&2; fail "failed: $*"; }
}

version=$(dotnet msbuild src/Alpha.Learning.Cli/Alpha.Learning.Cli.csproj -getProperty:Version -p:Configuration=Release)
[ -n "$version" ] || fail "could not read the package version."
# The RID the SDK picks a tool package by when it installs one.
rid=$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')
[ -n "$rid" ] || fail "could not read the SDK's runtime identifier from 'dotnet --info'."
native=false
[ "$rid" = linux-x64 ] && native=true

echo "== pack $version (Release) into $pkgs"
# Packages of this version from an earlier run go first: a stale one must not pass for a fresh one.
rm -f "$pkgs"/Alpha.Learning.$version.nupkg "$pkgs"/Alpha.Learning.$version.snupkg "$pkgs"/Alpha.Learning.OpenTelemetry.$version.*nupkg "$pkgs"/Alpha.Learning.PostgreSql.$version.*nupkg "$pkgs"/Alpha.Learning.Cli*.$version.nupkg
quiet dotnet pack -c Release -o "$pkgs" -nologo
quiet dotnet pack src/Alpha.Learning.Cli -c Release -r any -o "$pkgs" -nologo
if $native; then
  quiet dotnet pack src/Alpha.Learning.Cli -c Release -r linux-x64 -o "$pkgs" -nologo
else
  echo "pack-smoke: skipping the native tool package Alpha.Learning.Cli.linux-x64: this machine is $rid, not linux-x64 (AOT does not cross-compile)."
fi

lib="$pkgs/Alpha.Learning.$version.nupkg"
symbols="$pkgs/Alpha.Learning.$version.snupkg"
tool="$pkgs/Alpha.Learning.Cli.$version.nupkg"
tool_any="$pkgs/Alpha.Learning.Cli.any.$version.nupkg"
tool_native="$pkgs/Alpha.Learning.Cli.linux-x64.$version.nupkg"
otel="$pkgs/Alpha.Learning.OpenTelemetry.$version.nupkg"
otel_symbols="$pkgs/Alpha.Learning.OpenTelemetry.$version.snupkg"
pg="$pkgs/Alpha.Learning.PostgreSql.$version.nupkg"
pg_symbols="$pkgs/Alpha.Learning.PostgreSql.$version.snupkg"
expected=("$lib" "$symbols" "$otel" "$otel_symbols" "$pg" "$pg_symbols" "$tool" "$tool_any")
$native && expected+=("$tool_native")
for f in "${expected[@]}"; do
  [ -f "$f" ] || fail "$(basename "$f") was not produced; $pkgs holds: $(ls "$pkgs" | tr '\n' ' ')"
done
extra=$(ls "$pkgs" | grep -vxF -f <(for f in "${expected[@]}"; do basename "$f"; done) || true)
[ -z "$extra" ] || fail "unexpected packages (only the three libraries, their symbols and the tool packages ship): $extra"

# The shared framework a .NET 10 runtime brings (Microsoft.NETCore.App 10.x): the framework-dependent tool must not
# carry its own copy of any of its assemblies (an 11.x Microsoft.Extensions package brings System.Text.Json and others).
shared=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { dir = $3; version = $2 } END { gsub(/[][]/, "", dir); if (dir != "") print dir "/" version }')
[ -n "$shared" ] && [ -f "$shared/System.Text.Json.dll" ] || fail "could not find the Microsoft.NETCore.App 10 runtime's assemblies ('dotnet --list-runtimes')."

echo "== check package contents"
python3 - "$lib" "$symbols" "$tool" "$tool_any" "$($native && echo "$tool_native" || echo -)" Alpha.Learning.nuspec "$shared" <<'PY'
import json, os, re, sys, zipfile, xml.etree.ElementTree as ET

lib, symbols, tool, tool_any, tool_native, source, shared = sys.argv[1:8]
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
def listing(files, most=12):
    files = sorted(files)
    return ", ".join(files[:most]) + (f" and {len(files) - most} more" if len(files) > most else "")
def package_files(names):
    # What the package carries, without the OPC parts every package has.
    return {n for n in names if not (n.startswith("_rels/") or n.startswith("package/") or n == "[Content_Types].xml"
                                     or (n.endswith(".nuspec") and "/" not in n))}

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

# What a reader outside the repository gets: the repository URL and commit, absolute README links, XML docs of the
# public API only.
RELATIVE_LINK = re.compile(r"\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^)\s]+)\)")
repository = find(spec, "repository")
if not repository or not (repository[0].get("url") or "").startswith("https://") or not repository[0].get("commit"):
    failures.append(f"{lib}: no repository URL and commit ({[r.attrib for r in repository]})")
with zipfile.ZipFile(lib) as z:
    relative = RELATIVE_LINK.findall(z.read("README.md").decode("utf-8"))
    if relative: failures.append(f"{lib}: the README has relative links, broken on a gallery: {relative[:5]}")
    if "lib/net10.0/Alpha.Learning.xml" in z.namelist():
        members = [m.get("name") for m in ET.fromstring(z.read("lib/net10.0/Alpha.Learning.xml")).iter("member")]
        internal = [m for m in members if re.match(r"^[A-Z]:[^(]*\.Internal\.", m or "")]
        if internal: failures.append(f"{lib}: the XML docs describe {len(internal)} internal members, for example {internal[:3]}")
        if len(members) < 100: failures.append(f"{lib}: the XML docs describe only {len(members)} members")

def tool_package(path, package_type):
    """The checks every tool package shares: type, metadata, readme and licence, no dependencies."""
    names, spec = nuspec(path)
    types = [e.get("name") for e in find(spec, "packageType")]
    if types != [package_type]: failures.append(f"{path}: package types {types}, not [{package_type}]")
    for needed in ("README.md", "LICENSE"):
        if needed not in names: failures.append(f"{path}: lacks {needed}")
    if text(spec, "readme") != "README.md": failures.append(f"{path}: names no readme")
    if text(spec, "license") != "MIT": failures.append(f"{path}: its licence is not the MIT expression")
    if not (text(spec, "description") or "").startswith("alpha-learn:"): failures.append(f"{path}: lacks the tool's description")
    if find(spec, "dependency"): failures.append(f"{path}: declares dependencies; a tool carries its own")
    return names

def settings(path, name):
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(name))

# The pointer package: only the list of tool packages, exactly 'any' and 'linux-x64'.
names = tool_package(tool, "DotnetTool")
if package_files(names) != {"README.md", "LICENSE", "tools/any/any/DotnetToolSettings.xml"}:
    failures.append(f"{tool}: holds {listing(package_files(names))}; a pointer package holds only the tool settings, readme and licence")
else:
    root = settings(tool, "tools/any/any/DotnetToolSettings.xml")
    listed = {e.get("RuntimeIdentifier"): e.get("Id") for e in find(root, "RuntimeIdentifierPackage")}
    if listed != {"any": "Alpha.Learning.Cli.any", "linux-x64": "Alpha.Learning.Cli.linux-x64"}:
        failures.append(f"{tool}: lists the tool packages {listed}, not exactly any and linux-x64")
    if [e.get("Name") for e in find(root, "Command")] != ["alpha-learn"]: failures.append(f"{tool}: does not name the command alpha-learn")

# The framework-dependent package: the IL, run by `dotnet`, without tiered compilation, on any 10.0 runtime.
names = tool_package(tool_any, "DotnetToolRidPackage")
base = "tools/net10.0/any/"
for needed in ("alpha-learn.dll", "alpha-learn.deps.json", "alpha-learn.runtimeconfig.json", "DotnetToolSettings.xml",
               "Alpha.Learning.dll", "runtimes/linux-x64/native/libe_sqlite3.so"):
    if base + needed not in names: failures.append(f"{tool_any}: lacks {base + needed}")
docs = [n for n in names if n.startswith("tools/") and n.endswith(".xml") and not n.endswith("/DotnetToolSettings.xml")]
if docs: failures.append(f"{tool_any}: carries XML docs {docs}")
if base + "alpha-learn.runtimeconfig.json" in names:
    with zipfile.ZipFile(tool_any) as z:
        config = json.loads(z.read(base + "alpha-learn.runtimeconfig.json"))["runtimeOptions"]
    if config.get("configProperties", {}).get("System.Runtime.TieredCompilation") is not False:
        failures.append(f"{tool_any}: its runtimeconfig does not turn tiered compilation off")
    framework = config.get("framework", {})
    if framework.get("name") != "Microsoft.NETCore.App" or not framework.get("version", "").endswith(".0"):
        failures.append(f"{tool_any}: its runtimeconfig asks for {framework}, not Microsoft.NETCore.App 10.0.0 (any 10.0 runtime)")
if base + "DotnetToolSettings.xml" in names:
    command = find(settings(tool_any, base + "DotnetToolSettings.xml"), "Command")
    if [(c.get("Name"), c.get("EntryPoint"), c.get("Runner")) for c in command] != [("alpha-learn", "alpha-learn.dll", "dotnet")]:
        failures.append(f"{tool_any}: its tool settings do not run alpha-learn.dll with dotnet")
# The framework-dependent tool carries SQLite only for the runtime identifiers a .NET 10 runtime runs on.
RUNS_ON = {"linux-x64", "linux-arm64", "linux-arm", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64", "win-x64", "win-arm64"}
rids = {n.split("/runtimes/", 1)[1].split("/", 1)[0] for n in names if "/runtimes/" in n}
if rids - RUNS_ON: failures.append(f"{tool_any}: carries native libraries for {sorted(rids - RUNS_ON)}, where a .NET 10 runtime does not run")
# What the runtime has, the tool does not ship: those copies are dead weight, and they would be loaded instead of the
# runtime's serviced ones.
inbox = {n for n in os.listdir(shared) if n.endswith(".dll")}
own = sorted(n for n in names if n.startswith(base) and "/" not in n[len(base):] and n[len(base):] in inbox)
if own: failures.append(f"{tool_any}: carries assemblies the .NET runtime has: {listing(n[len(base):] for n in own)}")
size = os.path.getsize(tool_any)
# Issue 20's target: under 10 MB (10,000,000 bytes, the stricter reading).
if size >= 10_000_000: failures.append(f"{tool_any}: {size:,} bytes; it must stay under 10 MB (10,000,000 bytes)")
counts = [f"tool packages: pointer, any ({len(package_files(names))} files, {size:,} bytes = {size / 1048576:.2f} MiB, SQLite for {len(rids)} runtime identifiers)"]

# The native package: the executable and the SQLite library it loads, nothing else (no .dbg, .pdb or XML docs).
if tool_native != "-":
    names = tool_package(tool_native, "DotnetToolRidPackage")
    base = "tools/any/linux-x64/"
    files = package_files(names)
    wanted = {"README.md", "LICENSE", base + "alpha-learn", base + "libe_sqlite3.so", base + "DotnetToolSettings.xml"}
    if files != wanted:
        failures.append(f"{tool_native}: holds {listing(files)}; it should hold only {listing(wanted)}"
                        + (" (it carries symbols)" if any(n.endswith((".dbg", ".pdb")) for n in files) else ""))
    if base + "alpha-learn" in names:
        with zipfile.ZipFile(tool_native) as z:
            header = z.read(base + "alpha-learn")[:20]
        # ELF, 64-bit, little-endian; e_type 2 (EXEC) or 3 (DYN: PIE); e_machine 62 (x86-64).
        if not (header[:4] == b"\x7fELF" and header[4] == 2 and header[5] == 1
                and int.from_bytes(header[16:18], "little") in (2, 3) and int.from_bytes(header[18:20], "little") == 62):
            failures.append(f"{tool_native}: alpha-learn is not a native x86-64 ELF executable")
    if base + "DotnetToolSettings.xml" in names:
        command = find(settings(tool_native, base + "DotnetToolSettings.xml"), "Command")
        if [(c.get("Name"), c.get("EntryPoint"), c.get("Runner")) for c in command] != [("alpha-learn", "alpha-learn", "executable")]:
            failures.append(f"{tool_native}: its tool settings do not run the executable alpha-learn")
    counts.append(f"linux-x64 ({len(files)} files)")

print(f"library: {len(packed)} dependencies, as in {source}; " + ", ".join(counts))
for f in failures: print("pack-smoke: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
PY

# Only the local folder: the tool packages have no dependencies, so nothing is fetched from elsewhere.
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
  </packageSources>
</configuration>
EOF
install_tool() { # install_tool PACKAGE_ID TOOL_PATH
  # A private package cache: the user's cache may hold an older build of the same version, which would be installed instead.
  quiet env NUGET_PACKAGES="$work/nuget-packages" dotnet tool install --tool-path "$2" --configfile "$work/nuget.config" \
    --add-source "$pkgs" "$1" --version "$version"
  [ -x "$2/alpha-learn" ] || fail "$1 was installed but $2/alpha-learn is missing."
}

# Runs the installed tool: --help lists the commands, demo writes and analyses, report refuses a missing database.
# Its local application data (where the framework-dependent tool keeps its JIT profiles) is a temp folder.
smoke() { # smoke TOOL_PATH NAME
  local exe="$1/alpha-learn" out="$work/run-$2"
  mkdir -p "$out"
  export XDG_DATA_HOME="$out/data"
  "$exe" --version >"$out/version.txt" || fail "$2: alpha-learn --version failed."
  case $(head -n 1 "$out/version.txt") in "$version" | "$version+"*) ;; *) fail "$2: alpha-learn --version printed '$(cat "$out/version.txt")', not $version." ;; esac
  "$exe" --help >"$out/help.txt" || fail "$2: alpha-learn --help failed."
  for command in analyze demo report; do
    grep -qE "^\s+$command\b" "$out/help.txt" || fail "$2: alpha-learn --help does not list '$command'."
  done
  "$exe" demo --dir "$out/demo" >"$out/demo.txt" || { cat "$out/demo.txt" >&2; fail "$2: alpha-learn demo failed."; }
  grep -q "events analysed" "$out/demo.txt" || fail "$2: alpha-learn demo printed no analysis figures."
  grep -q "What changed in config.yaml" "$out/demo.txt" || fail "$2: alpha-learn demo printed no config diff."
  [ -f "$out/demo/learning.db" ] && [ -f "$out/demo/config.yaml" ] || fail "$2: alpha-learn demo wrote no database or config into $out/demo."
  [ -n "$(ls -A "$out/demo/logs" 2>/dev/null)" ] || fail "$2: alpha-learn demo wrote no logs into $out/demo/logs."
  local code=0
  "$exe" report --db "$out/missing.db" --out "$out/report.html" 2>"$out/report.err" || code=$?
  [ "$code" -eq 1 ] || fail "$2: alpha-learn report with a missing database exited $code, not 1."
  [ ! -e "$out/missing.db" ] || fail "$2: alpha-learn report created the missing database."
}

tools="$work/tools"
# The SDK picks the tool package by its own RID: linux-x64 gets the native one, a RID without a package of its own
# gets 'any'. (linux-musl-x64 imports linux-x64 in the RID graph, so it would pick linux-x64, which is not packed
# there: this script does not support musl.)
echo "== install Alpha.Learning.Cli from $pkgs (the SDK picks the package for $rid)"
install_tool Alpha.Learning.Cli "$tools"
store="$tools/.store/alpha.learning.cli/$version"
if $native; then
  exe=$(find "$store" -path '*/tools/any/linux-x64/alpha-learn' -type f)
  [ -n "$exe" ] && head -c 4 "$exe" | grep -q "ELF" || fail "the installed tool has no native alpha-learn under $store."
  [ "$(readlink -f "$tools/alpha-learn")" = "$(readlink -f "$exe")" ] || fail "$tools/alpha-learn does not run the native $exe."
  [ -z "$(find "$tools" -name '*.dll')" ] || fail "the native tool was installed with assemblies: $(find "$tools" -name '*.dll' | head -3)"
  kind="the native tool"
else
  [ -n "$(find "$store" -name alpha-learn.dll)" ] || fail "the installed tool is not the framework-dependent package."
  kind="the framework-dependent tool"
fi
echo "== run $kind"
smoke "$tools" pointer
if $native; then
  [ ! -e "$work/run-pointer/data/alpha-learn" ] || fail "the native tool made a JIT profile folder; it has no JIT."
fi

# The fallback: Alpha.Learning.Cli.any installed by its own id (the SDK installs a tool package directly too),
# just as the pointer package installs it where there is no native package.
if $native; then
  echo "== install Alpha.Learning.Cli.any on its own and run it"
  install_tool Alpha.Learning.Cli.any "$work/tools-any"
  [ -n "$(find "$work/tools-any/.store" -name alpha-learn.dll)" ] || fail "Alpha.Learning.Cli.any installed no alpha-learn.dll."
  smoke "$work/tools-any" any
  kind="$kind and the framework-dependent one"
fi
echo "pack-smoke: OK (Alpha.Learning $version, Alpha.Learning.Cli $version for $rid; $kind ran --version, --help, demo, report)"
