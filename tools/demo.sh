#!/usr/bin/env bash
# The whole StreamMesh tree on loopback in one process: an origin with the moving test pattern and the
# tracker embedded, and three relays. Prints the player and dashboard URLs and a live status line.
# Installs ffmpeg when it is missing. Stop with Ctrl+C. Extra arguments go to 'streammesh demo'
# (e.g. --relays 5, --http 0.0.0.0:8080 to watch from another machine).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/install-deps.sh runtime
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/StreamMesh.Node -c Release -nologo -v quiet
exec dotnet src/StreamMesh.Node/bin/Release/net10.0/streammesh.dll demo --http "${STREAMMESH_HTTP:-127.0.0.1:8080}" "$@"
