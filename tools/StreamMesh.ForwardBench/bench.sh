#!/usr/bin/env bash
# Forwarding benchmark (docs/benchmarks-forwarding.md): one forwarding node (streammesh-forwardbench)
# serving a synthetic 2.5 Mbit/s H.264 + Opus stream to N LoadGen viewers on loopback. Produces every
# figure of the doc's latest section: per N and run one JSON (node CPU, pkt/s per core, hop latency,
# RSS and allocations per viewer, LoadGen's CPU and glass-to-glass latency), the isolated send-path A/B,
# the receive-loop A/B, the per-packet CPU split from perf (if perf is installed), and the same node as
# a relay (--relay: the stream pulled over WebRTC from a parent process) at RELAY_SIZES.
# Usage: tools/StreamMesh.ForwardBench/bench.sh [OUT_DIR] [N...]
# Env: RUNS (default 2), RAMP viewers/s (default 25), HOLD seconds (default 15), VERIFY_EVERY for
#      LoadGen (default 10; 1 = every packet SRTP-verified), PROFILE=0 to skip perf,
#      RELAY_SIZES (default "100 500"; one relay run each; empty to skip).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/forwardbench}
shift || true
SIZES=${*:-10 100 500 1000}
RUNS=${RUNS:-2}
RAMP=${RAMP:-25}
HOLD=${HOLD:-15}
VERIFY_EVERY=${VERIFY_EVERY:-10}
PROFILE=${PROFILE:-1}
RELAY_SIZES=${RELAY_SIZES-100 500}
mkdir -p "$OUT"
dotnet build tools/StreamMesh.ForwardBench -c Release -v q -nologo >/dev/null
dotnet build tools/StreamMesh.LoadGen -c Release -v q -nologo >/dev/null
BENCH=tools/StreamMesh.ForwardBench/bin/Release/net10.0/streammesh-forwardbench.dll
LOADGEN=tools/StreamMesh.LoadGen/bin/Release/net10.0/streammesh-loadgen.dll
FIELDS='"(viewersAttached|forwardedPacketsPerSecond|cpuCoresUsed|forwardedPacketsPerCoreSecond|cpuMicrosecondsPerForwardedPacket|childDrops|p50Ms|p99Ms|rssKilobytesPerViewer|processAllocatedBytesPerForwardedPacket|workerAllocatedBytesDuringHold|machineLoadAverage|loadGenCpuCores|datagramsPerSegmentedMessage|loadGenSummary|relay|upstreamPacketsPerSecond|upstreamVideoLossFraction|parentCpuCores)"'

run() { # name, extra args...
  local name=$1; shift
  dotnet "$BENCH" --ramp "$RAMP" --hold "$HOLD" --verify-every "$VERIFY_EVERY" --loadgen "$LOADGEN" --json "$OUT/$name.json" "$@" > "$OUT/$name.log"
  grep -E "$FIELDS" "$OUT/$name.json" | sed "s/^/[$name] /"
}

dotnet "$BENCH" --send-path-ab 40 | tee "$OUT/send-path-ab.txt"

for n in $SIZES; do
  for r in $(seq 1 "$RUNS"); do
    run "n$n-r$r" --viewers "$n"
  done
done

# A/Bs at N = 100, one run each: sendmmsg without UDP_SEGMENT (one datagram per message), per-datagram
# sendto instead of sendmmsg, and the runtime's async receive loop instead of the node's dedicated
# receive thread.
run n100-no-gso --viewers 100 --no-gso
run n100-sendto --viewers 100 --no-sendmmsg
run n100-async-receive --viewers 100 --async-receive

# Where the CPU goes at N = 100: perf samples of the whole machine during the hold, split for the
# node's process by perf-split.py (kernel send path, SRTP, worker, wake-ups, ...).
if [ "$PROFILE" = 1 ] && command -v perf >/dev/null; then
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  dotnet "$BENCH" --viewers 100 --ramp "$RAMP" --hold 40 --verify-every "$VERIFY_EVERY" --loadgen "$LOADGEN" --json "$OUT/n100-profile.json" > "$OUT/n100-profile.log" &
  node=$!
  until grep -q "starting the source" "$OUT/n100-profile.log" 2>/dev/null || ! kill -0 $node 2>/dev/null; do sleep 1; done
  sleep 10
  perf record -F 999 -g -a -o "$OUT/n100.perf.data" -- sleep 15 2>/dev/null
  wait $node
  unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute
  perf script -i "$OUT/n100.perf.data" -F pid,tid,comm,ip,sym > "$OUT/n100.perf.txt" 2>/dev/null
  rate=$(grep -oE '"forwardedPacketsPerSecond": [0-9.]+' "$OUT/n100-profile.json" | awk '{print $2}')
  loadgen=$(grep -oE 'LoadGen pid [0-9]+' "$OUT/n100-profile.log" | awk '{print $3}')
  python3 tools/StreamMesh.ForwardBench/perf-split.py "$OUT/n100.perf.txt" "$node" "$rate" 15 | tee "$OUT/n100-cpu-split.txt"
  echo "LoadGen (same samples):" | tee -a "$OUT/n100-cpu-split.txt"
  python3 tools/StreamMesh.ForwardBench/perf-split.py "$OUT/n100.perf.txt" "$loadgen" "$rate" 15 | head -1 | tee -a "$OUT/n100-cpu-split.txt"
fi

# The node as a relay, one run per size: ForwardBench starts a parent (itself, --serve-parent, a process of
# its own so its CPU is not the relay's) publishing the synthetic stream, and pulls it over WHEP through
# the relay's UpstreamLink (ICE, DTLS, SRTP decrypt, rewrite, publish per packet) before the same fan-out.
for n in $RELAY_SIZES; do
  run "relay-n$n" --viewers "$n" --relay
done

python3 tools/StreamMesh.ForwardBench/summarize.py "$OUT" | tee "$OUT/summary.md"
