#!/usr/bin/env bash
# Installs what StreamMesh needs at run and test time on Debian, when missing:
# ffmpeg (sources, recording), chromium, firefox-esr and openssl (interop tests), a font for the test pattern's clock,
# GStreamer's RTSP server with Python bindings (the RTSP camera of the ingest tests).
# Usage: tools/install-deps.sh [runtime|test]
set -euo pipefail
want=(ffmpeg fonts-dejavu-core)
if [ "${1:-test}" = test ]; then want+=(chromium firefox-esr openssl python3-gi python3-gst-1.0 gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly); fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dotnet.microsoft.com/download)." >&2
  exit 1
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
