#!/usr/bin/env bash
# One origin (testsrc, 2.5 Mbit/s H.264 720p30 + Opus) and LoadGen runs of N viewers each, on loopback.
# Usage: tools/StreamMesh.LoadGen/bench.sh [OUT_DIR] [N ...]   (defaults: /tmp/loadgen-bench 10 50 100)
# Environment: RAMP (viewers/s, default N/5, at least 10), DURATION (hold seconds, default 20), HTTP_PORT.
# Writes OUT_DIR/loadgen-N.json and OUT_DIR/loadgen-N.txt per run, plus the origin log.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-/tmp/loadgen-bench}"; shift || true
counts=("${@:-10 50 100}"); [ $# -eq 0 ] && counts=(10 50 100)
port="${HTTP_PORT:-18090}"
mkdir -p "$out"
dotnet build "$root/src/StreamMesh.Node" -c Release -v q >/dev/null
dotnet build "$root/tools/StreamMesh.LoadGen" -c Release -v q >/dev/null
node="$root/src/StreamMesh.Node/bin/Release/net10.0/streammesh.dll"
loadgen="$root/tools/StreamMesh.LoadGen/bin/Release/net10.0/streammesh-loadgen.dll"
Logging__LogLevel__Default=Warning setsid dotnet "$node" origin --source testsrc --stream demo --http "127.0.0.1:$port" >"$out/origin.log" 2>&1 </dev/null &
origin=$!
trap 'kill "$origin" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
sleep 3
for n in "${counts[@]}"; do
  ramp="${RAMP:-$(( n < 50 ? 10 : n / 5 ))}"
  echo "== $n viewers (load average: $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out/loadgen-$n.txt"
  dotnet "$loadgen" --whep "http://127.0.0.1:$port/whep/demo" --viewers "$n" --ramp "$ramp" --duration "${DURATION:-20}" \
    --watch-pid "$origin" --json "$out/loadgen-$n.json" --quiet | tee -a "$out/loadgen-$n.txt" || true
  sleep 3
done
