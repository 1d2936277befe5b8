#!/usr/bin/env bash
# Runs every StreamMesh test: unit, property, real-ffmpeg and real-Chromium end-to-end tests.
# Installs ffmpeg and chromium first when they are missing. Prints one summary line at the end:
#   Tests: N passed, N failed, N skipped
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/install-deps.sh test || exit 1

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build StreamMesh.sln -c Release -nologo -v quiet 2>&1 | grep -E "error|Warn|Build succeeded" | sort -u
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "Tests: 0 passed, 1 failed (build failed)"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=1500000 \
    > "$results/$name.log" 2>&1 || status=1
  grep -E "^ *(Total tests|Passed|Failed|Skipped):|^ *Failed [A-Za-z]|Test Run (Aborted|Failed)|error" "$results/$name.log" | head -40
done

# One summary line for the whole run, from each project's closing "Passed: / Failed: / Skipped:" counts.
cat "$results"/*.log | awk '
  /^ *Passed: *[0-9]+ *$/  { p += $2 }
  /^ *Failed: *[0-9]+ *$/  { f += $2 }
  /^ *Skipped: *[0-9]+ *$/ { s += $2 }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s; if (f > 0 || p == 0) exit 1 }' || status=1
exit $status
