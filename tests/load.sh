#!/usr/bin/env bash
# Load, soak and fault runs (docs/performance.md, "Load, soak and faults"); tests/run.sh runs a 30-second one as a
# smoke (exit 1 when the consistency check finds a duplicate active job, an orphaned claim or a lost status write).
#
#   tests/load.sh [--backend sqlite|postgres] [--replicas N] [--directus-instances N] [--agents N] [--duration S]
#                 [--rest-duration S] [--soak MINUTES] [--fault kill-replica|kill-directus|restart-redis] [--no-build]
#
# Starts a stack of its own (postgres: samples/directus/cluster.sh in $CACHE/load-cluster, replicas behind HAProxy;
# sqlite: the default stack in a temporary folder plus one server in HTTP mode), runs the load mode of
# tests/CreatorProfiles.Mcp.Benchmarks against the front door, and stops the stack. Replicas run with the per-caller
# rate limits off (the run measures capacity, not the limit). --soak runs for that many minutes and samples RSS and
# handles 20 times; --fault does its fault one third into the run. The report goes to stdout and artifacts/load/.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { printf '[load.sh] %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }

BACKEND=postgres REPLICAS=3 INSTANCES=2 AGENTS=12 DURATION=30 REST=15 SOAK="" FAULT="" BUILD=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --backend) BACKEND=$2; shift 2 ;;
    --replicas) REPLICAS=$2; shift 2 ;;
    --directus-instances) INSTANCES=$2; shift 2 ;;
    --agents) AGENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rest-duration) REST=$2; shift 2 ;;
    --soak) SOAK=$2; shift 2 ;;
    --fault) FAULT=$2; shift 2 ;;
    --no-build) BUILD=""; shift ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[[ $BACKEND == sqlite || $BACKEND == postgres ]] || die "--backend is sqlite or postgres"
[[ -z $FAULT || $FAULT =~ ^(kill-replica|kill-directus|restart-redis)$ ]] || die "unknown --fault $FAULT"
[[ -z $FAULT || $BACKEND == postgres ]] || die "--fault needs --backend postgres"
[[ $BACKEND == postgres ]] || REPLICAS=1
SAMPLE=5
if [[ -n $SOAK ]]; then DURATION=$((SOAK * 60)) SAMPLE=$((SOAK * 3)); fi

if [[ -n $BUILD ]]; then
  log "building the server and the harness (Release)"
  dotnet build src/CreatorProfiles.Mcp -c Release --nologo -v quiet -warnaserror >&2
  dotnet build tests/CreatorProfiles.Mcp.Benchmarks -c Release --nologo -v quiet -warnaserror >&2
fi
SERVER_DLL=$ROOT/src/CreatorProfiles.Mcp/bin/Release/net10.0/CreatorProfiles.Mcp.dll
HARNESS=$ROOT/tests/CreatorProfiles.Mcp.Benchmarks/bin/Release/net10.0/CreatorProfiles.Mcp.Benchmarks.dll
CACHE=${CREATORPROFILES_CACHE:-$HOME/.cache/creatorprofiles-mcp}

if [[ $BACKEND == postgres ]]; then
  STATE=$CACHE/load-cluster # kept between runs: its PostgreSQL template is built once
  mkdir -p "$STATE"
  stop_stack() { bash samples/directus/stack.sh down --backend postgres --state-dir "$STATE" || true; }
else
  STATE=$(mktemp -d "${TMPDIR:-/tmp}/creatorprofiles-load.XXXXXX")
  stop_stack() {
    [[ -n ${SERVER_PID:-} ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    bash samples/directus/stack.sh down --state-dir "$STATE" || true
    rm -rf "$STATE"
  }
fi
trap stop_stack EXIT
(umask 077 && printf 'RATE_LIMIT_TOOL_CALLS_PER_MINUTE=0\nRATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE=0\n' >"$STATE/load-server.env")

if [[ $BACKEND == postgres ]]; then
  (umask 077 && bash samples/directus/stack.sh up --backend postgres --directus-instances "$INSTANCES" --replicas "$REPLICAS" \
    --port auto --state-dir "$STATE" --server-env "$STATE/load-server.env" >"$STATE/load-stack.env")
  PIDS=$STATE/pids
else
  (umask 077 && bash samples/directus/stack.sh up --port auto --state-dir "$STATE" >"$STATE/load-stack.env")
  env_get() { sed -n "s/^$1=//p" "$STATE/load-stack.env"; }
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  env -i "PATH=$PATH" "HOME=$HOME" DOTNET_NOLOGO=1 "DIRECTUS_URL=$(env_get DIRECTUS_URL)" "DIRECTUS_TOKEN=$(env_get DIRECTUS_TOKEN)" \
    "CREDENTIALS_ENC_KEY_B64=$(env_get CREDENTIALS_ENC_KEY_B64)" "AUDIT_LOG=$STATE/audit.jsonl" \
    RATE_LIMIT_TOOL_CALLS_PER_MINUTE=0 RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE=0 \
    dotnet "$SERVER_DLL" --transport http --urls "http://127.0.0.1:$PORT" 2>"$STATE/server.log" &
  SERVER_PID=$!
  ready=false
  for _ in $(seq 150); do [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz") == 200 ]] && ready=true && break; sleep 0.2; done
  [[ $ready == true ]] || { echo "load: the server did not get ready in 30 s; its log:" >&2; cat "$STATE/server.log" >&2; exit 1; }
  echo "SERVER_URL=http://127.0.0.1:$PORT" >>"$STATE/load-stack.env"
  PIDS=$STATE/load-pids
  printf 'directus %s\nreplica-1 %s\n' "$(<"$STATE/directus.pid")" "$SERVER_PID" >"$PIDS"
fi

pid_of() { awk -v n="$1" '$1 == n {p = $2} END {print p}' "$PIDS"; }
start_time() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $20}'; }
fault() {
  local pid
  case $FAULT in
    kill-replica) pid=$(pid_of replica-1); log "fault: kill -9 replica-1 (PID $pid)"; kill -KILL "$pid" ;;
    kill-directus) pid=$(pid_of directus-1); log "fault: kill -9 directus-1 (PID $pid)"; kill -KILL "$pid" ;;
    restart-redis)
      pid=$(pid_of redis)
      log "fault: restarting Redis (PID $pid)"
      kill -TERM "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      (exec setsid nohup redis-server "$STATE/redis/redis.conf") </dev/null >>"$STATE/redis.log" 2>&1 &
      echo "redis $! $(sleep 0.2; start_time $!)" >>"$PIDS" # so that `down` stops the new one
      log "fault: Redis back as PID $!"
      ;;
  esac
}

mkdir -p artifacts/load
label="$BACKEND, $REPLICAS replica(s)${SOAK:+, soak $SOAK min}${FAULT:+, fault $FAULT}"
report=artifacts/load/load-$(date -u +%Y%m%dT%H%M%SZ).txt
dotnet "$HARNESS" load --stack-env "$STATE/load-stack.env" --pids "$PIDS" --agents "$AGENTS" --duration "$DURATION" \
  --rest-duration "$REST" --sample "$SAMPLE" --label "$label" >"$report" &
harness=$!
if [[ -n $FAULT ]]; then
  sleep $((DURATION / 3))
  fault
fi
status=0
wait "$harness" || status=$?
[[ $BACKEND == postgres ]] && bash samples/directus/stack.sh status --backend postgres --state-dir "$STATE" >>"$report" || true
cat "$report"
log "report: $report"
exit $status
