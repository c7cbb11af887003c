#!/usr/bin/env bash
# The benchmark (docs/performance.md): one command, never part of tests/run.sh.
#
#   tests/bench.sh [harness options]      e.g. --repeats 3 --calls 100 --concurrency 16 --serve fdd
#   BENCH_BUILDS=fdd,r2r,aot tests/bench.sh --sections 5,6     only cold start and memory (a minute of measuring)
#
# Builds the solution, publishes the server builds it compares (framework-dependent, ReadyToRun, Native AOT; `dotnet
# run` uses the build), starts a Directus of its own (samples/directus/stack.sh, own port and state folder, seeded
# demo data), runs tests/CreatorProfiles.Mcp.Benchmarks against it, then stops that Directus. The table goes to stdout,
# progress to stderr, the JSON to artifacts/bench/results-<time>.json (no tokens in it).
#
# The Node reference MCP server (tests/clients/ts/reference-server.mjs, the official TypeScript SDK on the system
# `node`) is measured beside our builds in the cold-start and memory sections, as the contract's measuring stick; its
# node_modules are installed here when missing, and without node its rows and bars say why (n/a).
#
# BENCH_BUILDS=fdd,aot  limits the builds (default dotnet-run,fdd,r2r,aot); the first Native AOT publish takes a few
# minutes on 2 cores (later ones are incremental). Exit code: 0 when every measurement ran, whatever the figures.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/artifacts/bench
BUILDS=,${BENCH_BUILDS:-dotnet-run,fdd,r2r,aot},
SERVER=src/CreatorProfiles.Mcp/CreatorProfiles.Mcp.csproj
log() { printf '[bench.sh] %s\n' "$*" >&2; }
wants() { [[ $BUILDS == *,$1,* ]]; }

bash samples/directus/stack.sh install
bash samples/directus/stack.sh template

log "building the solution (Release, warnings as errors)"
dotnet build CreatorProfiles.Mcp.sln -c Release --nologo -v quiet -warnaserror >&2

args=(--node-reference tests/clients/ts/reference-server.mjs)
if command -v npm >/dev/null && [[ ! -d tests/clients/ts/node_modules ]]; then
  log "installing the Node reference server's SDK (npm ci in tests/clients/ts)"
  (cd tests/clients/ts && npm ci --no-audit --no-fund >&2) || log "npm ci failed: the Node reference server is n/a"
fi
wants dotnet-run && args+=(--dotnet-run "$SERVER")
publish() { # name extra-args...
  local name=$1; shift
  local t0=$SECONDS
  log "publishing $name"
  if dotnet publish "$SERVER" -c Release --nologo -v quiet -o "$OUT/$name" "$@" >&2; then
    args+=("--$name" "$OUT/$name")
    log "published $name in $((SECONDS - t0)) s"
  else
    log "publishing $name FAILED: its rows will be missing"
  fi
}
# fdd is the solution build itself, copied out. ReadyToRun and Native AOT each get their own bin/obj folders: both
# build for linux-x64 with different properties, and with a shared obj/ an AOT publish after a ReadyToRun one was a
# full native compile every time (8 minutes here) instead of an incremental one (10 s).
wants fdd && publish fdd --no-build
wants r2r && publish r2r -r linux-x64 --self-contained false -p:PublishReadyToRun=true --artifacts-path "$OUT/build-r2r"
wants aot && publish aot -r linux-x64 -p:PublishAot=true --artifacts-path "$OUT/build-aot"

state=$(mktemp -d "${TMPDIR:-/tmp}/creatorprofiles-bench.XXXXXX")
stop_stack() {
  bash samples/directus/stack.sh down --state-dir "$state" || true
  rm -rf "$state"
}
trap stop_stack EXIT
(umask 077 && bash samples/directus/stack.sh up --port auto --state-dir "$state" >"$state/stack.env")

mkdir -p "$OUT"
results=$OUT/results-$(date -u +%Y%m%dT%H%M%SZ).json
status=0
dotnet tests/CreatorProfiles.Mcp.Benchmarks/bin/Release/net10.0/CreatorProfiles.Mcp.Benchmarks.dll \
  --stack-env "$state/stack.env" --out "$results" "${args[@]}" "$@" || status=$?
exit $status
