#!/usr/bin/env bash
# The whole test suite from a fresh clone (the README's second command; .ci/run calls it).
# Installs what the tests need (Directus 12.4.0 + Node 22 and the seeded template database, cached outside the repo
# under ~/.cache/creatorprofiles-mcp; the npm clients in tests/clients/*), builds with warnings as errors, then runs
# the unit tests and the integration tests (real Directus, real MCP clients). Debian's Chromium must be installed
# (the browser test drives it); the script says how when it is not, and installs no system package itself.
#
#   tests/run.sh          everything, then the cluster smoke (PostgreSQL, Redis, 2 Directus, 3 replicas behind HAProxy;
#                         installs the Debian packages postgresql-15, redis-server and haproxy once, as root) and a
#                         30-second load on such a cluster, then the Native AOT publish and its smoke subset
#   tests/run.sh --fast   the unit tests and the integration tests marked [Trait("Category", "Fast")]: no AOT, no Chromium
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
started=$SECONDS

fast=false
case "${1:-}" in
  "") ;;
  --fast) fast=true ;;
  *) echo "usage: tests/run.sh [--fast]" >&2; exit 2 ;;
esac

# Checked first, so a missing browser stops the run in a second rather than after the installs and the build.
if [[ $fast == false ]] && ! command -v chromium >/dev/null; then
  echo "tests/run.sh: Chromium is missing; the credentials entry page's browser test needs Debian's package. Install it with:" >&2
  echo "  apt-get install -y chromium        (as root; sudo otherwise)" >&2
  echo "or run the subset that needs no browser: tests/run.sh --fast" >&2
  exit 1
fi

bash samples/directus/stack.sh install
bash samples/directus/stack.sh template

# npm ci only when the lock file changed since the last install (a second run skips it): the TypeScript SDK client,
# playwright-core for the credentials entry page's browser test (it drives Debian's Chromium, downloads none), the
# MCP Apps host that shows the scrape dashboard in that browser (the same two packages), the MCP Inspector's CLI, the MCP conformance suite and the test OpenID provider (oidc-provider, for --auth oauth). The
# last three need Node 22, so npm runs them with the Node 22 that stack.sh cached for Directus (and the tests run them
# with it too).
node22=$(bash samples/directus/stack.sh node)
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
for client_dir in tests/clients/ts tests/clients/browser tests/clients/app-host tests/clients/inspector tests/clients/conformance tests/clients/oidc; do
  lock_hash=$(sha256sum "$client_dir/package-lock.json" | cut -c1-16)
  if [[ "$(cat "$client_dir/node_modules/.installed-lock" 2>/dev/null)" != "$lock_hash" ]]; then
    case $client_dir in
      */inspector | */conformance | */oidc)
        (cd "$client_dir" && PATH="${node22%/*}:$PATH" "$node22" "$npm_cli" ci --no-audit --no-fund --loglevel=error >&2) ;;
      *) (cd "$client_dir" && npm ci --no-audit --no-fund --loglevel=error >&2) ;;
    esac
    echo "$lock_hash" >"$client_dir/node_modules/.installed-lock"
  fi
done

dotnet build CreatorProfiles.Mcp.sln -c Release --nologo -v quiet -warnaserror

log=$(mktemp)
smoke_log=
trap 'rm -f "$log" ${smoke_log:+"$smoke_log"}' EXIT
status=0
if [[ $fast == true ]]; then
  dotnet test CreatorProfiles.Mcp.sln -c Release --no-build --nologo \
    --filter "FullyQualifiedName~CreatorProfiles.Mcp.UnitTests|Category=Fast" 2>&1 | tee "$log" || status=$?
else
  # The cluster tests run on their own below (one cluster for them, timed apart).
  dotnet test CreatorProfiles.Mcp.sln -c Release --no-build --nologo --filter "Category!=Cluster" 2>&1 | tee "$log" || status=$?
fi

# "passed failed skipped" summed over the `dotnet test` summary lines of a log (of one test assembly when a second
# argument names it).
count_tests() {
  awk -v assembly="${2:-}" '
    /(Passed|Failed)!  *- *Failed:/ && index($0, assembly) {
      for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
    }
    END { print p + 0, f + 0, s + 0 }' "$1"
}

# One integration-test category run on its own after the main run: its output joins the log, its passed count is left in
# subset_passed for the step's summary line, and a filter that matched no test fails the run.
run_subset() { # step-name category (the caller's environment reaches dotnet test)
  local subset_log
  subset_log=$(mktemp)
  dotnet test tests/CreatorProfiles.Mcp.IntegrationTests -c Release --no-build --nologo --filter "Category=$2" 2>&1 |
    tee "$subset_log" || status=$?
  cat "$subset_log" >>"$log"
  read -r subset_passed _ _ < <(count_tests "$subset_log")
  rm -f "$subset_log"
  if [[ $subset_passed -eq 0 ]]; then
    echo "$1: no test ran (filter Category=$2)" >&2
    status=1
  fi
}

# Native AOT: the same server published as a native binary (zero trim/AOT warnings: -warnaserror), and the AotSmoke
# subset of the integration tests run against it through the suite's one switch, CREATORPROFILES_SERVER_COMMAND.
# A failed publish, a failed smoke test or a filter that matched no test fails the run.
aot_smoke() {
  local rid aot_dir aot_started aot_published
  rid=$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')
  aot_dir=$ROOT/artifacts/aot/$rid
  aot_started=$SECONDS
  if dotnet publish src/CreatorProfiles.Mcp -c Release -r "$rid" -p:PublishAot=true -o "$aot_dir" --nologo -v quiet -warnaserror; then
    aot_published=$SECONDS
    echo "aot: published $aot_dir/CreatorProfiles.Mcp ($(du -m "$aot_dir/CreatorProfiles.Mcp" | cut -f1) MB) in $((aot_published - aot_started)) s"
    CREATORPROFILES_SERVER_COMMAND=$aot_dir/CreatorProfiles.Mcp run_subset aot AotSmoke
    echo "aot: smoke subset ($subset_passed passed) against the native binary in $((SECONDS - aot_published)) s"
  else
    echo "aot: Native AOT publish FAILED" >&2
    status=1
  fi
}

# The clustered stack (samples/directus/stack.sh up --backend postgres) and the exactly-once checks across its
# replicas and Directus instances. A filter that matched no test fails the run.
cluster_smoke() {
  local cluster_started=$SECONDS
  run_subset cluster Cluster
  echo "cluster: smoke ($subset_passed passed) on PostgreSQL, Redis, 2 Directus instances and 3 replicas behind HAProxy in $((SECONDS - cluster_started)) s"
}

# Thirty seconds of the load harness through HAProxy on the cluster (tests/load.sh, docs/performance.md), ending with its
# consistency check over the database: a duplicate active job, an orphaned claim or a lost status write fails the run;
# the throughput and latency figures never do (the machine is shared).
load_smoke() {
  local load_started=$SECONDS load_log
  load_log=$(mktemp)
  if bash tests/load.sh --backend postgres --agents 6 --duration 30 --rest-duration 5 --no-build >"$load_log" 2>&1; then
    echo "load: smoke passed ($(awk '/^our MCP/ {print $(NF-5) " MCP calls/s, " $(NF-1) " errors"; exit}' "$load_log"); consistency kept) in $((SECONDS - load_started)) s"
  else
    cat "$load_log"
    echo "load: smoke FAILED (see above) in $((SECONDS - load_started)) s" >&2
    status=1
  fi
  cat "$load_log" >>"$log"
  rm -f "$load_log"
}

if [[ $fast == false ]]; then
  cluster_smoke
  load_smoke
  aot_smoke
else
  # A trait spelled wrong would otherwise pass as a run of the unit tests alone.
  read -r fast_passed _ _ < <(count_tests "$log" CreatorProfiles.Mcp.IntegrationTests.dll)
  if [[ $fast_passed -eq 0 ]]; then
    echo "fast: no integration test ran (filter Category=Fast)" >&2
    status=1
  fi
fi

# One closing line over all test runs: "N passed, N failed".
read -r passed failed skipped < <(count_tests "$log")
echo "tests finished in $((SECONDS - started)) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
exit $status
