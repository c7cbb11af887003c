#!/usr/bin/env bash
# The README's first command: brings up the local Directus (installed, bootstrapped, schema applied and seeded on
# first use; reused while it runs) and serves MCP over stdio against it. Every setup message goes to stderr, because
# stdout belongs to the MCP client that launched this script (see mcp.json). Extra arguments go to the server
# (e.g. `doctor`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

stack_env=$(bash "$ROOT/samples/directus/stack.sh" up)
set -a
eval "$stack_env"
set +a

server=$ROOT/src/CreatorProfiles.Mcp/bin/Release/net10.0/CreatorProfiles.Mcp.dll
# Build only when a source is newer than the last build: an MCP client waits for this script on every launch.
if [[ ! -f $server || -n "$(find "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" -newer "$server" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -print -quit)" ]]; then
  dotnet build "$ROOT/src/CreatorProfiles.Mcp/CreatorProfiles.Mcp.csproj" -c Release --nologo -v quiet >&2
fi
exec dotnet "$server" "$@"
