#!/usr/bin/env bash
# The clustered local stack: PostgreSQL 15 and Redis 7 (Debian packages), several Directus 12.4.0 instances on one
# database, several replicas of the built server in HTTP mode, and HAProxy in front of both (round robin, health
# checks). stack.sh runs this for `--backend postgres`; see docs/deployment.md ("A clustered stack").
#
#   stack.sh up --backend postgres [--directus-instances N] [--replicas N] [--port N|auto] [--state-dir DIR]
#                                  [--server-command "CMD ARGS"] [--server-env FILE]
#   stack.sh down|status|env --backend postgres [--state-dir DIR]
#
# `up` prints stack.env (KEY=VALUE) on STDOUT, progress on STDERR. Every daemon runs as a process of ours (no
# system service is enabled), with its data under the state dir (default $CACHE/cluster), on loopback ports.
set -euo pipefail
STACK_LIB=1 source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"

PG_BIN=${CREATORPROFILES_PG_BIN:-/usr/lib/postgresql/15/bin}
# Bump when the way the PostgreSQL template database is built changes here (the hash covers schema and seed).
CLUSTER_FORMAT=1

# ---- packages ------------------------------------------------------------------------------------------------
cmd_packages() {
  local missing=()
  [[ -x $PG_BIN/postgres ]] || missing+=(postgresql-15)
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=(redis-server)
  command -v haproxy >/dev/null || missing+=(haproxy)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  [[ $EUID -eq 0 ]] || die "missing Debian packages; install them as root: apt-get install -y ${missing[*]}"
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.packages.lock"
  lock 9 600 "the package install"
  local t0=$SECONDS
  log "installing Debian packages ${missing[*]} (once per machine; no service is enabled: this script runs the daemons)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=300 "${missing[@]}" >&2 ||
    die "apt-get install ${missing[*]} failed (is the package list current? apt-get update)"
  log "packages installed in $((SECONDS - t0)) s"
  exec 9>&-
}

# ---- arguments -------------------------------------------------------------------------------------------------
parse_cluster() {
  PORT_ARG=5180 STATE_DIR=$CACHE/cluster DIRECTUS_INSTANCES=2 REPLICAS=3 SERVER_ENV_FILE=""
  SERVER_COMMAND=${CREATORPROFILES_SERVER_COMMAND:-}
  while [[ $# -gt 0 ]]; do
    [[ $1 == --*=* ]] && set -- "${1%%=*}" "${1#*=}" "${@:2}"
    [[ $# -ge 2 ]] || die "$1 needs a value"
    case $1 in
      --backend) [[ $2 == postgres ]] || die "cluster.sh is --backend postgres" ;;
      --directus-instances) DIRECTUS_INSTANCES=$2 ;;
      --replicas) REPLICAS=$2 ;;
      --port) PORT_ARG=$2 ;;
      --state-dir) STATE_DIR=$2 ;;
      --server-command) SERVER_COMMAND=$2 ;;
      --server-env) SERVER_ENV_FILE=$2 ;;
      *) die "unknown argument: $1" ;;
    esac
    shift 2
  done
  [[ $DIRECTUS_INSTANCES =~ ^[1-9]$ ]] || die "--directus-instances must be 1..9"
  [[ $REPLICAS =~ ^[0-9]$ ]] || die "--replicas must be 0..9"
  [[ $PORT_ARG == auto || $PORT_ARG =~ ^[0-9]+$ ]] || die "--port must be a number or 'auto'"
  [[ -z $SERVER_ENV_FILE || -r $SERVER_ENV_FILE ]] || die "--server-env $SERVER_ENV_FILE is not readable"
  mkdir -p "$STATE_DIR"
  STATE_DIR=$(cd "$STATE_DIR" && pwd -P)
}

# The server replicas run: --server-command, else the Release (or Debug) build of src/CreatorProfiles.Mcp.
server_command() {
  if [[ -n $SERVER_COMMAND ]]; then
    read -ra SERVER_CMD <<<"$SERVER_COMMAND"
    return
  fi
  local dll
  for dll in "$HERE"/../../src/CreatorProfiles.Mcp/bin/{Release,Debug}/net*/CreatorProfiles.Mcp.dll; do
    [[ -f $dll ]] && { SERVER_CMD=(dotnet "$(readlink -f "$dll")"); return; }
  done
  die "no built server: run 'dotnet build src/CreatorProfiles.Mcp -c Release' or pass --server-command"
}

# The EXIT trap of a failed `up`: stop what this run started, newest first (PostgreSQL last, with a fast shutdown:
# a plain SIGTERM would wait for the Directus connections to close).
cleanup() {
  local i pid
  for ((i = ${#CLEANUP_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${CLEANUP_PIDS[i]}
    [[ $pid == "${PG_PID:-}" ]] && kill -INT "$pid" 2>/dev/null
    stop_pid "$pid"
  done
}

# ---- processes: $STATE_DIR/pids holds "name pid start-time" per component, so down stops only what up started --
# Field 22 of /proc/PID/stat, counted after the command name (which may hold spaces or parentheses).
start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }
ours() { alive "$1" && [[ $(start_time "$1") == "$2" ]]; } # pid start
record_pid() { echo "$1 $2 $(start_time "$2")" >>"$STATE_DIR/pids"; }

# Starts a command in its own session (its PID leads its process group), detached, logging to a file.
spawn() { # name logfile command...
  local name=$1 logf=$2; shift 2
  (exec setsid nohup "$@") </dev/null >>"$logf" 2>&1 7>&- 8>&- 9>&- &
  STARTED_PID=$!
  CLEANUP_PIDS+=("$STARTED_PID")
  record_pid "$name" "$STARTED_PID"
}

stop_all() {
  [[ -f $STATE_DIR/pids ]] || return 0
  local name pid start
  # Reverse start order: the balancer and replicas first, PostgreSQL last.
  while read -r name pid start; do
    if ours "$pid" "$start"; then
      log "stopping $name (PID $pid)"
      [[ $name == postgres ]] && kill -INT "$pid" 2>/dev/null # fast shutdown: roll back open transactions, no wait
      stop_pid "$pid"
    fi
  done < <(tac "$STATE_DIR/pids")
  rm -f "$STATE_DIR/pids"
}

wait_for() { # what seconds command...: polls until the command succeeds
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what did not become ready in time"
    sleep 0.2
  done
}

# ---- PostgreSQL: initdb/postgres refuse to run as root, so as root they run as the Debian package's postgres user --
AS_PG=(); [[ $EUID -eq 0 ]] && AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups)
as_pg() { "${AS_PG[@]}" "$@"; }

# Sets PG_DATA: $STATE_DIR/pg, or, when the postgres user cannot reach the state dir (root's home is 0700), a folder
# under /var/tmp that $STATE_DIR/pg links to.
pg_data_dir() {
  PG_DATA=$STATE_DIR/pg
  if [[ -L $PG_DATA ]]; then PG_DATA=$(readlink "$PG_DATA"); return; fi
  [[ $EUID -ne 0 || -d $PG_DATA ]] && return
  as_pg test -x "$STATE_DIR" && return
  PG_DATA=/var/tmp/creatorprofiles-mcp-pg/$(printf %s "$STATE_DIR" | sha256sum | cut -c1-12)
  log "the postgres user cannot enter $STATE_DIR: PostgreSQL's data goes to $PG_DATA (linked from $STATE_DIR/pg)"
  ln -sfn "$PG_DATA" "$STATE_DIR/pg"
}

psql_admin() { # sql: one statement, as the superuser, on the maintenance database
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAtX -c "$1"
}

start_postgres() {
  pg_data_dir
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    log "initdb: a new PostgreSQL cluster in $PG_DATA"
    mkdir -p "$PG_DATA" && chmod 700 "$PG_DATA"
    local pwfile; pwfile=$(mktemp)
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$PG_DATA" "$pwfile"; fi
    as_pg env -i PATH=/usr/bin:/bin LANG=C.UTF-8 "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
      --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$STATE_DIR/postgres.log" 2>&1 ||
      { rm -f "$pwfile"; fail_with_log "initdb failed" "$STATE_DIR/postgres.log"; }
    rm -f "$pwfile"
  fi
  PG_PORT=$(free_port)
  # Loopback TCP only (no Unix socket: /var/run/postgresql is the system service's). fsync and synchronous commit
  # are off: this is a disposable local stack on shared cores, never a production setting.
  spawn postgres "$STATE_DIR/postgres.log" "${AS_PG[@]}" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 "$PG_BIN/postgres" \
    -D "$PG_DATA" -c listen_addresses=127.0.0.1 -c port="$PG_PORT" -c unix_socket_directories= \
    -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off
  PG_PID=$STARTED_PID
  wait_for "PostgreSQL (log: $STATE_DIR/postgres.log)" 60 psql_admin "select 1"
}

# ---- Redis ---------------------------------------------------------------------------------------------------
start_redis() {
  REDIS_PORT=$(free_port)
  mkdir -p "$STATE_DIR/redis"
  (umask 077 && cat >"$STATE_DIR/redis/redis.conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
requirepass $REDIS_PASSWORD
dir $STATE_DIR/redis
save ""
appendonly no
daemonize no
EOF
  )
  spawn redis "$STATE_DIR/redis.log" redis-server "$STATE_DIR/redis/redis.conf"
  wait_for "Redis (log: $STATE_DIR/redis.log)" 30 redis_ping
}
redis_ping() { [[ $(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping) == PONG ]]; }

# ---- Directus ----------------------------------------------------------------------------------------------------
pg_db_env() { # database
  printf 'DB_CLIENT=pg\nDB_HOST=127.0.0.1\nDB_PORT=%s\nDB_DATABASE=%s\nDB_USER=postgres\nDB_PASSWORD=%s' \
    "$PG_PORT" "$1" "$PG_PASSWORD"
}

# Sets TEMPLATE_ENV: a database named after the schema/seed hash, bootstrapped and seeded through the API once per
# PostgreSQL cluster; every `up` copies it (CREATE DATABASE ... TEMPLATE), as the SQLite stack copies its file.
pg_template() {
  local hash; hash=$(template_hash)
  local db=tpl_${hash}_$CLUSTER_FORMAT
  TEMPLATE_ENV=$STATE_DIR/templates/$db.env TEMPLATE_DB=$db
  if [[ -f $TEMPLATE_ENV && $(psql_admin "select 1 from pg_database where datname = '$db'") == 1 ]]; then return; fi
  local t0=$SECONDS dir=$STATE_DIR/directus-template port
  log "building the PostgreSQL template database $db (bootstrap, schema, roles, demo data; once per schema/seed)"
  mkdir -p "$STATE_DIR/templates" "$dir"
  psql_admin "drop database if exists $db"
  psql_admin "create database $db"
  local key secret admin_password admin_token alice_token bob_token worker_token enc_key
  key=$(rand_hex 16) secret=$(rand_hex 32) admin_password=$(rand_hex 16)
  admin_token=$(rand_hex 32) alice_token=$(rand_hex 32) bob_token=$(rand_hex 32) worker_token=$(rand_hex 32)
  enc_key=$(openssl rand -base64 32)
  port=$(free_port)
  DIRECTUS_DB_ENV=$(pg_db_env "$db") write_directus_env "$dir" "$port" "$key" "$secret" \
    ADMIN_EMAIL=admin@example.com "ADMIN_PASSWORD=$admin_password"
  directus_cli "$dir" bootstrap >>"$dir/directus.log" 2>&1 || fail_with_log "directus bootstrap failed" "$dir/directus.log"
  start_directus "$dir"
  local pid=$STARTED_PID
  wait_ready "http://127.0.0.1:$port" "$pid" "$dir/directus.log"
  "${CLEAN_ENV[@]}" DIRECTUS_URL="http://127.0.0.1:$port" \
    ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD="$admin_password" ADMIN_TOKEN="$admin_token" \
    ALICE_TOKEN="$alice_token" BOB_TOKEN="$bob_token" WORKER_TOKEN="$worker_token" \
    CREDENTIALS_ENC_KEY_B64="$enc_key" DB_CLIENT=pg "$NODE" "$HERE/seed.mjs" >"$dir/seed.out" ||
    fail_with_log "seed.mjs failed" "$dir/directus.log"
  stop_pid "$pid"
  (umask 077 && {
    echo "# Generated $(date -u +%FT%TZ) by cluster.sh; local development secrets, never commit."
    printf '%s\n' "KEY=$key" "SECRET=$secret" ADMIN_EMAIL=admin@example.com "ADMIN_PASSWORD=$admin_password" \
      "DIRECTUS_TOKEN=$admin_token" "CREDENTIALS_ENC_KEY_B64=$enc_key" "ALICE_TOKEN=$alice_token" \
      "BOB_TOKEN=$bob_token" "WORKER_TOKEN=$worker_token"
    cat "$dir/seed.out"
  } >"$TEMPLATE_ENV")
  rm -rf "$dir"
  log "template $db built in $((SECONDS - t0)) s"
}

start_directus_instances() {
  local i port dir
  DIRECTUS_URLS=()
  for ((i = 1; i <= DIRECTUS_INSTANCES; i++)); do
    port=$(free_port) dir=$STATE_DIR/directus-$i
    mkdir -p "$dir" && echo "--- stack.sh up $(date -u +%FT%TZ)" >>"$dir/directus.log"
    # Several instances on one database: one SECRET (tokens signed by one are valid on all), and Redis for what
    # they share (names verified in Directus 12.4.0's source, see docs/deployment.md). REDIS also moves the bus
    # that carries schema-cache invalidation and realtime events between instances onto Redis.
    DIRECTUS_DB_ENV=$(pg_db_env directus) write_directus_env "$dir" "$port" \
      "$(env_get "$TEMPLATE_ENV" KEY)" "$(env_get "$TEMPLATE_ENV" SECRET)" \
      "REDIS=redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT" SYNCHRONIZATION_STORE=redis CACHE_STORE=redis \
      RATE_LIMITER_STORE=redis CACHE_ENABLED=false
    start_directus "$dir"
    record_pid "directus-$i" "$STARTED_PID"
    DIRECTUS_URLS+=("http://127.0.0.1:$port")
  done
  for ((i = 1; i <= DIRECTUS_INSTANCES; i++)); do
    wait_ready "${DIRECTUS_URLS[i - 1]}" "$(awk -v n="directus-$i" '$1 == n {print $2}' "$STATE_DIR/pids")" \
      "$STATE_DIR/directus-$i/directus.log"
  done
}

# ---- HAProxy: the server replicas on --port, the Directus instances on a second frontend, stats on a third ------
start_haproxy() {
  local i
  {
    printf 'global\n  maxconn 4000\n\ndefaults\n  mode http\n  log stderr format raw local0 notice\n'
    printf '  timeout connect 5s\n  timeout client 10m\n  timeout server 10m\n  timeout tunnel 1h\n\n'
    printf 'frontend mcp\n  bind 127.0.0.1:%s\n  default_backend replicas\n\n' "$SERVER_PORT"
    # HTTP/1.1 with a loopback Host: the server answers 403 to a Host that is not loopback (DNS-rebinding guard).
    printf 'backend replicas\n  balance roundrobin\n  option httpchk\n'
    # A replica that was killed refuses connections until two failed checks (~2 s) mark it down: a request that could
    # not connect is tried again (twice) on another replica instead of answered 503. Only connection failures: a
    # request a replica has received is never sent twice.
    printf '  option redispatch\n  retries 2\n  retry-on conn-failure\n'
    printf '  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1\n  http-check expect status 200\n'
    printf '  default-server inter 1s fall 2 rise 1\n'
    for ((i = 1; i <= REPLICAS; i++)); do printf '  server replica-%s 127.0.0.1:%s check\n' "$i" "${REPLICA_PORTS[i - 1]}"; done
    printf '\nfrontend directus\n  bind 127.0.0.1:%s\n  default_backend directus\n\n' "$DIRECTUS_LB_PORT"
    printf 'backend directus\n  balance roundrobin\n  option httpchk\n'
    printf '  http-check send meth GET uri /server/ping ver HTTP/1.1 hdr Host 127.0.0.1\n  http-check expect string pong\n'
    printf '  default-server inter 1s fall 2 rise 1\n'
    for ((i = 1; i <= DIRECTUS_INSTANCES; i++)); do printf '  server directus-%s %s check\n' "$i" "${DIRECTUS_URLS[i - 1]#http://}"; done
    printf '\nlisten stats\n  bind 127.0.0.1:%s\n  stats enable\n  stats uri /\n' "$STATS_PORT"
  } >"$STATE_DIR/haproxy.cfg"
  haproxy -c -q -f "$STATE_DIR/haproxy.cfg" >&2 || die "haproxy rejected $STATE_DIR/haproxy.cfg"
  spawn haproxy "$STATE_DIR/haproxy.log" haproxy -db -f "$STATE_DIR/haproxy.cfg"
}

# "backend server status" lines from HAProxy's CSV statistics (status: UP, DOWN, ...).
haproxy_servers() {
  curl -fsS --max-time 2 "http://127.0.0.1:$STATS_PORT/;csv" |
    awk -F, '$1 != "# pxname" && $2 != "FRONTEND" && $2 != "BACKEND" && $2 != "" {print $1, $2, $18}'
}
all_servers_up() { local servers; servers=$(haproxy_servers) && [[ -n $servers ]] && ! grep -qv ' UP$' <<<"$servers"; }

# ---- server replicas -----------------------------------------------------------------------------------------
start_replicas() {
  local i port dir settings=()
  [[ -n $SERVER_ENV_FILE ]] && mapfile -t settings < <(grep -E '^[A-Z_][A-Z0-9_]*=' "$SERVER_ENV_FILE")
  for ((i = 1; i <= REPLICAS; i++)); do
    port=${REPLICA_PORTS[i - 1]} dir=$STATE_DIR/replica-$i
    mkdir -p "$dir" && echo "--- stack.sh up $(date -u +%FT%TZ)" >>"$dir/server.log"
    # Every replica talks to the Directus balancer, so each Directus request may go to any instance, and shares
    # its rate limits and credential-entry links through Redis (REDIS_URL). Links point at the balancer
    # (PUBLIC_URL), so a browser may open and submit one on any replica.
    spawn "replica-$i" "$dir/server.log" env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$HOME" \
      DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
      "DIRECTUS_URL=$DIRECTUS_LB_URL" "DIRECTUS_TOKEN=$(env_get "$TEMPLATE_ENV" DIRECTUS_TOKEN)" \
      "CREDENTIALS_ENC_KEY_B64=$(env_get "$TEMPLATE_ENV" CREDENTIALS_ENC_KEY_B64)" "AUDIT_LOG=$dir/audit.jsonl" \
      "REDIS_URL=redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT" "PUBLIC_URL=http://127.0.0.1:$SERVER_PORT" \
      "${settings[@]}" "${SERVER_CMD[@]}" --transport http --urls "http://127.0.0.1:$port"
  done
  for ((i = 1; i <= REPLICAS; i++)); do
    local pid; pid=$(awk -v n="replica-$i" '$1 == n {print $2}' "$STATE_DIR/pids")
    local deadline=$((SECONDS + READY_TIMEOUT))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:${REPLICA_PORTS[i - 1]}/readyz") == 200 ]]; do
      alive "$pid" || fail_with_log "replica-$i exited" "$STATE_DIR/replica-$i/server.log"
      ((SECONDS < deadline)) || fail_with_log "replica-$i not ready within $READY_TIMEOUT s" "$STATE_DIR/replica-$i/server.log"
      sleep 0.2
    done
  done
}

# ---- commands ------------------------------------------------------------------------------------------------
cmd_up() {
  parse_cluster "$@"
  local t0=$SECONDS
  cmd_packages
  cmd_install
  ((REPLICAS == 0)) || server_command
  exec 7>"$STATE_DIR/.lock"
  lock 7 300 "$STATE_DIR"
  stop_all # a cluster of this state dir (complete or not) is replaced: fresh data, as the SQLite stack's up does
  rm -f "$STATE_DIR/stack.env"

  SERVER_PORT=$PORT_ARG
  if [[ $SERVER_PORT == auto ]]; then SERVER_PORT=$(free_port)
  elif port_in_use "$SERVER_PORT"; then die "port $SERVER_PORT on 127.0.0.1 is in use (another stack? --port auto, or down)"
  fi
  # Generated once per state dir (the PostgreSQL cluster and its template database outlive down/up).
  [[ -f $STATE_DIR/secrets.env ]] ||
    (umask 077 && printf 'PG_PASSWORD=%s\nREDIS_PASSWORD=%s\n' "$(rand_hex 24)" "$(rand_hex 24)" >"$STATE_DIR/secrets.env")
  PG_PASSWORD=$(env_get "$STATE_DIR/secrets.env" PG_PASSWORD) REDIS_PASSWORD=$(env_get "$STATE_DIR/secrets.env" REDIS_PASSWORD)

  start_postgres
  start_redis
  pg_template
  psql_admin "drop database if exists directus with (force)"
  psql_admin "create database directus template $TEMPLATE_DB"
  start_directus_instances

  DIRECTUS_LB_PORT=$(free_port) STATS_PORT=$(free_port) REPLICA_PORTS=()
  local i
  for ((i = 1; i <= REPLICAS; i++)); do REPLICA_PORTS+=("$(free_port)"); done
  DIRECTUS_LB_URL=http://127.0.0.1:$DIRECTUS_LB_PORT
  start_haproxy
  wait_for "the Directus balancer" 30 curl -fsS --max-time 2 "$DIRECTUS_LB_URL/server/ping"
  # Demo times relative to now (as the SQLite stack does after copying its template).
  "${CLEAN_ENV[@]}" DIRECTUS_URL="$DIRECTUS_LB_URL" DIRECTUS_TOKEN="$(env_get "$TEMPLATE_ENV" DIRECTUS_TOKEN)" \
    SEED_TIME="$(env_get "$TEMPLATE_ENV" SEED_TIME)" "$NODE" "$HERE/seed.mjs" shift-times >&2 ||
    die "seed.mjs shift-times failed"
  ((REPLICAS == 0)) || start_replicas
  all_servers_up || sleep 3 # the checks run every second
  all_servers_up || die "HAProxy's health checks did not pass: $(haproxy_servers | tr '\n' ';')"

  local joined_replicas="" joined_directus
  for ((i = 1; i <= REPLICAS; i++)); do joined_replicas+="${joined_replicas:+,}http://127.0.0.1:${REPLICA_PORTS[i - 1]}"; done
  joined_directus=$(IFS=,; echo "${DIRECTUS_URLS[*]}")
  (umask 077 && {
    echo "STACK_BACKEND=postgres"
    echo "SERVER_URL=http://127.0.0.1:$SERVER_PORT"
    echo "REPLICA_URLS=$joined_replicas"
    echo "DIRECTUS_URL=$DIRECTUS_LB_URL"
    echo "DIRECTUS_INSTANCE_URLS=$joined_directus"
    echo "DIRECTUS_TOKEN=$(env_get "$TEMPLATE_ENV" DIRECTUS_TOKEN)"
    echo "REDIS_URL=redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT"
    echo "DATABASE_URL=postgres://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/directus"
    echo "HAPROXY_STATS_URL=http://127.0.0.1:$STATS_PORT/"
    echo "CLUSTER_STATE_DIR=$STATE_DIR"
    demo_env_lines "$TEMPLATE_ENV"
  } >"$STATE_DIR/stack.env")
  CLEANUP_PIDS=() # ready: they outlive this script
  log "cluster ready in $((SECONDS - t0)) s: $REPLICAS replica(s) behind http://127.0.0.1:$SERVER_PORT/mcp," \
    "$DIRECTUS_INSTANCES Directus instance(s) behind $DIRECTUS_LB_URL (state $STATE_DIR)"
  cat "$STATE_DIR/stack.env"
}

cmd_down() {
  parse_cluster "$@"
  exec 7>"$STATE_DIR/.lock"
  lock 7 300 "$STATE_DIR"
  [[ -f $STATE_DIR/pids ]] || log "nothing to stop in $STATE_DIR"
  stop_all
  rm -f "$STATE_DIR/stack.env"
}

cmd_status() {
  parse_cluster "$@"
  [[ -f $STATE_DIR/pids ]] || { echo "cluster down (state $STATE_DIR)"; return 0; }
  local name pid start state
  while read -r name pid start; do
    if ours "$pid" "$start"; then
      state="up    PID $pid  RSS $(awk '/^VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status")"
    else state="down  (was PID $pid)"
    fi
    printf '%-12s %s\n' "$name" "$state"
  done <"$STATE_DIR/pids"
  if [[ -f $STATE_DIR/stack.env ]]; then
    STATS_PORT=$(env_get "$STATE_DIR/stack.env" HAPROXY_STATS_URL | sed 's#.*:\([0-9]*\)/$#\1#')
    echo "HAProxy health checks (backend server status):"
    haproxy_servers | sed 's/^/  /' || echo "  (HAProxy statistics do not answer)"
    echo "front door: $(env_get "$STATE_DIR/stack.env" SERVER_URL)/mcp"
  fi
}

cmd_env() {
  parse_cluster "$@"
  [[ -f $STATE_DIR/stack.env ]] || die "no $STATE_DIR/stack.env: run stack.sh up --backend postgres first"
  cat "$STATE_DIR/stack.env"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) shift; cmd_status "$@" ;;
  env) shift; cmd_env "$@" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
