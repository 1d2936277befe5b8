#!/usr/bin/env bash
# Starts a StreamMesh origin with the moving test pattern on loopback and prints the player URL.
# Installs ffmpeg when it is missing. Stop with Ctrl+C.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/install-deps.sh runtime
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/StreamMesh.Node -c Release -nologo -v quiet
exec dotnet src/StreamMesh.Node/bin/Release/net10.0/streammesh.dll origin --source testsrc --stream demo --http "${STREAMMESH_HTTP:-127.0.0.1:8080}" "$@"
