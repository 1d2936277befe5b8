#!/usr/bin/env bash
# Measures what an origin costs in CPU for a 1080p30 H.264 source, passed through vs transcoded.
# Starts the origin (dotnet + its ffmpeg) on a generated 1080p30 High-profile file without B-frames,
# connects one headless Chromium viewer, and reads utime+stime from /proc for the origin process and its
# ffmpeg children over a fixed window, several times per configuration, and prints each run and the median.
# Usage: [WARMUP=30] tools/ingest-cpu.sh [seconds] [runs] (defaults 30 and 3). Linux only.
set -euo pipefail
WINDOW=${1:-30}
RUNS=${2:-3}
# Seconds between the viewer joining and the window: tiered JIT compilation (tier-0, instrumented, then
# tier-1 code) costs about one point of a core for the first half minute; the window measures steady state.
WARMUP=${WARMUP:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/streammesh-cpu-XXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
TICKS=$(getconf CLK_TCK)

dotnet build "$ROOT/src/StreamMesh.Node" -c Release -o "$WORK/bin" -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
SOURCE="$WORK/source-1080p30.mp4"
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
  -t 20 -c:v libx264 -preset veryfast -profile:v high -bf 0 -g 60 -b:v 5M -maxrate 5M -bufsize 5M -pix_fmt yuv420p -c:a aac -b:a 128k "$SOURCE"

# Sum of utime+stime (clock ticks) of a process and its direct children (or only of the children).
cpu_ticks() {
  local total=0 pid pids
  pids="$1 $(pgrep -P "$1" | tr '\n' ' ' || true)"
  [ "${2:-}" = children ] && pids=$(pgrep -P "$1" | tr '\n' ' ' || true)
  for pid in $pids; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat")))
  done
  echo "$total"
}

measure() {
  local mode=$1 port=$2 width=$3 height=$4 complexity=${5:-10} fec=${6:-false}
  env "Logging__LogLevel__StreamMesh.Media.Sources.FfmpegMediaSource=Trace" dotnet "$WORK/bin/streammesh.dll" origin --source "$SOURCE" --stream cpu --http "127.0.0.1:$port" \
    --passthrough "$mode" --width "$width" --height "$height" --fps 30 --bitrate 5000 --audio-complexity "$complexity" --audio-fec "$fec" >"$WORK/origin-$mode-$complexity.log" 2>&1 &
  local origin=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  chromium --headless=new --no-sandbox --disable-gpu --allow-loopback-in-peer-connection \
    --disable-features=WebRtcHideLocalIpsWithMdns --autoplay-policy=no-user-gesture-required \
    --user-data-dir="$WORK/chrome-$mode" "http://127.0.0.1:$port/watch/cpu" >/dev/null 2>&1 &
  local viewer=$!
  sleep "$WARMUP"
  local sessions
  sessions=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^streammesh_whep_sessions /{print $2}')
  local before after start end fbefore fafter
  before=$(cpu_ticks "$origin"); fbefore=$(cpu_ticks "$origin" children); start=$(date +%s.%N)
  sleep "$WINDOW"
  after=$(cpu_ticks "$origin"); fafter=$(cpu_ticks "$origin" children); end=$(date +%s.%N)
  local passthrough
  passthrough=$(curl -fs "http://127.0.0.1:$port/metrics/ingest" | awk '/^streammesh_ingest_passthrough/{print $2}')
  kill "$viewer" "$origin" 2>/dev/null || true
  wait "$origin" 2>/dev/null || true
  # ffmpeg's own progress: whether it kept real time (speed 1x) while measured.
  grep -o 'progress: frame=.*' "$WORK/origin-$mode-$complexity.log" | grep -v 'frame=0 ' | tail -1 | sed 's/^/       ffmpeg /' || true
  awk -v b="$before" -v a="$after" -v s="$start" -v e="$end" -v t="$TICKS" -v m="$mode" -v v="$sessions" -v p="$passthrough" -v fb="$fbefore" -v fa="$fafter" \
    -v c="$complexity" -v f="$fec" 'BEGIN { d = t * (e - s); printf "%-6s opus-complexity=%-2s fec=%-5s viewers=%s passthrough=%s  origin CPU = %.1f%% of one core (dotnet %.1f%%, ffmpeg %.1f%%) over %.0f s\n", m, c, f, v, p, 100 * (a - b) / d, 100 * ((a - b) - (fa - fb)) / d, 100 * (fa - fb) / d, e - s }'
}

# Runs one configuration RUNS times and prints the median of the total and of each part.
median_of() {
  local label=$1; shift
  local results=()
  for _ in $(seq 1 "$RUNS"); do
    local out
    out=$(measure "$@")
    echo "$out"
    results+=("$(echo "$out" | grep 'origin CPU')")
  done
  printf '%s\n' "${results[@]}" | sed -E 's/.*CPU = ([0-9.]+)% .*dotnet ([0-9.]+)%, ffmpeg ([0-9.]+)%.*/\1 \2 \3/' \
    | sort -n | awk -v l="$label" -v n="$RUNS" '{ t[NR] = $1; d[NR] = $2; f[NR] = $3 } END { m = int((n + 1) / 2); printf "MEDIAN %-34s origin %.1f%% (dotnet %.1f%%, ffmpeg %.1f%%) of one core, %d runs\n", l, t[m], d[m], f[m], n }'
}

echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
median_of "passthrough" auto 18901 1920 1080 10 false
median_of "passthrough, Opus FEC on" auto 18903 1920 1080 10 true
median_of "transcode (libx264 veryfast)" never 18902 1920 1080 10 false
