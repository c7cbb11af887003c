#!/usr/bin/env bash
# The whole test suite from a fresh clone (the README's second command; .ci/run calls it).
# Installs what the tests need (Directus 12.4.0 + Node 22 and the seeded template database, cached outside the repo
# under ~/.cache/creatorprofiles-mcp; the npm clients in tests/clients/*), builds with warnings as errors, then runs
# the unit tests and the integration tests (real Directus, real MCP clients).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
started=$SECONDS

bash samples/directus/stack.sh install
bash samples/directus/stack.sh template

# npm ci only when the lock file changed since the last install (a second run skips it): the TypeScript SDK client,
# playwright-core for the credentials entry page's browser test (it drives Debian's Chromium, downloads none), the
# MCP Inspector's CLI and the MCP conformance suite. The last two need Node 22, so npm runs them with the Node 22
# that stack.sh cached for Directus (and the tests run them with it too).
node22=$(bash samples/directus/stack.sh node)
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
for client_dir in tests/clients/ts tests/clients/browser tests/clients/inspector tests/clients/conformance; do
  lock_hash=$(sha256sum "$client_dir/package-lock.json" | cut -c1-16)
  if [[ "$(cat "$client_dir/node_modules/.installed-lock" 2>/dev/null)" != "$lock_hash" ]]; then
    case $client_dir in
      */inspector | */conformance)
        (cd "$client_dir" && PATH="${node22%/*}:$PATH" "$node22" "$npm_cli" ci --no-audit --no-fund --loglevel=error >&2) ;;
      *) (cd "$client_dir" && npm ci --no-audit --no-fund --loglevel=error >&2) ;;
    esac
    echo "$lock_hash" >"$client_dir/node_modules/.installed-lock"
  fi
done

# Debian's Chromium for that browser test (a few seconds' check when it is there already).
command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium) >&2

dotnet build CreatorProfiles.Mcp.sln -c Release --nologo -v quiet -warnaserror

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test CreatorProfiles.Mcp.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# One closing line over all test assemblies: "N passed, N failed".
read -r passed failed skipped < <(awk '
  /(Passed|Failed)!  *- *Failed:/ {
    for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
  }
  END { print p + 0, f + 0, s + 0 }' "$log")
echo "tests finished in $((SECONDS - started)) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
exit $status
