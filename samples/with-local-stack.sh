#!/usr/bin/env bash
# Runs a command with the local Directus's variables (DIRECTUS_URL, DIRECTUS_TOKEN (admin), CREDENTIALS_ENC_KEY_B64,
# and the demo users' tokens), bringing the stack up first if it is not running: how mcp.json launches the INSTALLED
# server (the package: `dotnet dnx CreatorProfiles.Mcp ...` or the `creator-profiles-mcp` command) against the same
# local stack as samples/run-local.sh. Setup messages go to stderr; stdout belongs to the command (the MCP client
# reads it). Example: samples/with-local-stack.sh creator-profiles-mcp doctor
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

stack_env=$(bash "$ROOT/samples/directus/stack.sh" up)
set -a
eval "$stack_env"
set +a
exec "$@"
