#!/usr/bin/env bash
# Forwarding benchmark: one forwarding node (streammesh-forwardbench) serving a synthetic 2.5 Mbit/s
# H.264 + Opus stream to N LoadGen viewers on loopback. Results: one JSON per run in $OUT.
# Usage: tools/StreamMesh.ForwardBench/bench.sh [OUT_DIR] [N...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/forwardbench}
shift || true
SIZES=${*:-100 500 1000}
mkdir -p "$OUT"
dotnet build tools/StreamMesh.ForwardBench -c Release -v q -nologo >/dev/null
dotnet build tools/StreamMesh.LoadGen -c Release -v q -nologo >/dev/null
BENCH=tools/StreamMesh.ForwardBench/bin/Release/net10.0/streammesh-forwardbench.dll
LOADGEN=tools/StreamMesh.LoadGen/bin/Release/net10.0/streammesh-loadgen.dll

dotnet "$BENCH" --send-path-ab 40 | tee "$OUT/send-path-ab.txt"
for n in $SIZES; do
  for mode in sendmmsg sendto; do
    extra=""
    [ "$mode" = sendto ] && extra="--no-sendmmsg"
    # sendto only as an A/B at the smallest size: the kernel path is measured alone by --send-path-ab.
    if [ "$mode" = sendto ] && [ "$n" != "$(echo $SIZES | cut -d' ' -f1)" ]; then continue; fi
    dotnet "$BENCH" --viewers "$n" --ramp 50 --hold 15 $extra --loadgen "$LOADGEN" --json "$OUT/n$n-$mode.json" | tail -n +1 > "$OUT/n$n-$mode.log"
    grep -E '"(viewersAttached|forwardedPacketsPerSecond|cpuCoresUsed|forwardedPacketsPerCoreSecond|cpuMicrosecondsPerForwardedPacket|childDrops|p50Ms|p99Ms|rssKilobytesPerViewer|processAllocatedBytesPerForwardedPacket|machineLoadAverage|loadGenSummary)"' "$OUT/n$n-$mode.json" | sed "s/^/[n=$n $mode] /"
  done
done
