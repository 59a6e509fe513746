#!/usr/bin/env bash
# The sample topology (deploy/topology.conf) as local processes, where no container engine runs: its own
# PostgreSQL, MariaDB and RabbitMQ servers (through deploy/native/services.sh), the sample schema in every office,
# a capturer next to each office database and the appliers, each a bin/cdc process with a pid file and a log.
#
#   deploy/native/topology.sh up|down|status|demo [seconds]|reset
#
#   up      start the servers, create the offices and the broker's users and streams, start capturers and appliers,
#           wait until they run, seed the head office's catalogue; a no-op for what already runs
#   down    stop the capturers and appliers (SIGTERM: they drain), then the servers; the data is kept
#   status  one line per server and process; exit status 3 when something is not running
#   demo    run the sample workload at every office for some seconds (default 60), then say what arrived where
#   reset   down, then delete the state folder
#
# Parameters (environment):
#   CDC_TOPOLOGY_DIR            state folder (default <repo>/.topology): servers/, run/*.pid, log/*.log
#   CDC_TOPOLOGY_PG_PORT        PostgreSQL port (default 16432); the PostgreSQL offices are databases of that server
#   CDC_TOPOLOGY_MARIADB_PORT   MariaDB port (default 14306)
#   CDC_TOPOLOGY_RABBITMQ_PORT  RabbitMQ AMQP port (default 36672; the distribution port is the next one)
#   CDC_TOPOLOGY_HTTP_PORT      the first capturer's /readyz and /metrics port (default: the AMQP port + 2); the
#                               other bin/cdc processes take the next ones, in the order `status` lists them
#   CDC_TOPOLOGY_CONFIG         the topology (default deploy/topology.conf)
#   CDC_TOPOLOGY_MYSQL          auto|yes|no: start the MySQL offices (auto: when bin/cdc captures and applies mysql://)
#   CDC_BINARY                  the cdc tool (default <repo>/bin/cdc, made by `make build`)
# A folder remembers the ports it was started with (<dir>/topology.env). The ports differ from the test servers'
# (15432, 13306, 35672), so `make up` and `make test` run side by side. The offices and flows are deploy/topology.conf's,
# read by deploy/topology-conf.sh, as deploy/generate-compose.sh reads them for compose.yaml.
set -euo pipefail

readonly REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly STATE=$(realpath -m "${CDC_TOPOLOGY_DIR:-$REPO/.topology}")
readonly CONFIG=$(realpath -m "${CDC_TOPOLOGY_CONFIG:-$REPO/deploy/topology.conf}")
readonly CDC=$(realpath -m "${CDC_BINARY:-$REPO/bin/cdc}")
readonly SERVICES=$REPO/deploy/native/services.sh
readonly WORKLOAD=$REPO/deploy/sample/workload.sh
# shellcheck source=deploy/topology-conf.sh
. "$REPO/deploy/topology-conf.sh"
readonly HOST=127.0.0.1
readonly READY_TIMEOUT=${CDC_TOPOLOGY_TIMEOUT:-60}

say() { printf 'topology: %s\n' "$*"; }
die() { printf 'topology: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------- parameters
load_parameters() {
  local saved_pg='' saved_mariadb='' saved_amqp='' saved_http=''
  if [ -f "$STATE/topology.env" ]; then
    saved_pg=$(. "$STATE/topology.env"; echo "${CDC_TOPOLOGY_PG_PORT:-}")
    saved_mariadb=$(. "$STATE/topology.env"; echo "${CDC_TOPOLOGY_MARIADB_PORT:-}")
    saved_amqp=$(. "$STATE/topology.env"; echo "${CDC_TOPOLOGY_RABBITMQ_PORT:-}")
    saved_http=$(. "$STATE/topology.env"; echo "${CDC_TOPOLOGY_HTTP_PORT:-}")
  fi
  PG_PORT=${CDC_TOPOLOGY_PG_PORT:-${saved_pg:-16432}}
  MARIADB_PORT=${CDC_TOPOLOGY_MARIADB_PORT:-${saved_mariadb:-14306}}
  RABBITMQ_PORT=${CDC_TOPOLOGY_RABBITMQ_PORT:-${saved_amqp:-36672}}
  [[ $RABBITMQ_PORT =~ ^[0-9]+$ ]] || die "port '$RABBITMQ_PORT' is not a number"
  HTTP_PORT=${CDC_TOPOLOGY_HTTP_PORT:-${saved_http:-$((RABBITMQ_PORT + 2))}}
  local p
  for p in "$PG_PORT" "$MARIADB_PORT" "$RABBITMQ_PORT" "$HTTP_PORT"; do
    [[ $p =~ ^[0-9]+$ ]] || die "port '$p' is not a number"
  done
}

save_parameters() {
  cat >"$STATE/topology.env" <<EOF
# Written by deploy/native/topology.sh up: the ports this topology was last started with.
CDC_TOPOLOGY_PG_PORT=$PG_PORT
CDC_TOPOLOGY_MARIADB_PORT=$MARIADB_PORT
CDC_TOPOLOGY_RABBITMQ_PORT=$RABBITMQ_PORT
CDC_TOPOLOGY_HTTP_PORT=$HTTP_PORT
EOF
}

# services <command> [servers...]: deploy/native/services.sh on this topology's own state folder and ports.
services() {
  CDC_SERVICES_DIR=$STATE/servers CDC_PG_PORT=$PG_PORT CDC_MARIADB_PORT=$MARIADB_PORT \
    CDC_RABBITMQ_PORT=$RABBITMQ_PORT CDC_RABBITMQ_DIST_PORT=$((RABBITMQ_PORT + 1)) "$SERVICES" "$@"
}

# ------------------------------------------------------------------------------------------------ configuration
# mysql_enabled: the MySQL offices take part (CDC_TOPOLOGY_MYSQL, or whether bin/cdc supports mysql:// both ways).
mysql_enabled() {
  case ${CDC_TOPOLOGY_MYSQL:-auto} in
    yes) return 0 ;;
    no) return 1 ;;
    auto) [ -f "$STATE/mysql.supported" ] && return 0; [ -f "$STATE/mysql.unsupported" ] && return 1 ;;
    *) die "CDC_TOPOLOGY_MYSQL '${CDC_TOPOLOGY_MYSQL}' is none of auto, yes, no" ;;
  esac
  # A build without MySQL support refuses mysql:// at once; one with it goes on to connect (to nowhere: port 1).
  local capture apply
  capture=$(mktemp) apply=$(mktemp)
  CDC_Capture__Source=mysql://probe:probe@$HOST:1/probe CDC_Capture__Broker=amqp://probe:probe@$HOST:1/%2F \
    timeout 10 "$CDC" capture --office probe >"$capture" 2>&1 &
  local probes=($!)
  CDC_Apply__Target=mysql://probe:probe@$HOST:1/probe CDC_Apply__Broker=amqp://probe:probe@$HOST:1/%2F \
    timeout 10 "$CDC" apply --name probe --streams cdc.probe >"$apply" 2>&1 &
  probes+=($!)
  wait "${probes[@]}" || true
  if grep -q "not supported by this build" "$capture" "$apply"; then
    rm -f "$capture" "$apply"; touch "$STATE/mysql.unsupported"; return 1
  fi
  rm -f "$capture" "$apply"
  touch "$STATE/mysql.supported"
}

active() { [ "${ENGINE[$1]}" = postgres ] || mysql_enabled; }

# The streams an applier consumes, without those of offices that do not take part.
active_streams() {
  local stream office out=()
  IFS=, read -r -a all <<<"${STREAMS[$1]}"
  for stream in "${all[@]}"; do
    office=${stream#cdc.}
    if [ -z "${ENGINE[$office]:-}" ] || active "$office"; then out+=("$stream"); fi
  done
  local IFS=,; echo "${out[*]}"
}

office_uri() { # <office>
  case ${ENGINE[$1]} in
    postgres) echo "postgres://cdc:cdc@$HOST:$PG_PORT/${DATABASE[$1]}" ;;
    mysql) echo "mysql://cdc:cdc@$HOST:$MARIADB_PORT/${DATABASE[$1]}" ;;
  esac
}

# The sample's broker users (deploy/rabbitmq/definitions.json): password = user name; sample use only.
broker_uri() { echo "amqp://$1:$1@$HOST:$RABBITMQ_PORT/%2F"; }

# ------------------------------------------------------------------------------------------------------ secrets
# Passwords never go on a command line (any local user reads those with ps): URIs are written to files under
# $STATE/secrets (directory 0700, files 0600) and reach bin/cdc as CDC_*_FILE settings, the workload as WORKLOAD_URI.

# applier_uri <office>: the URI an applier writes into that office with: on PostgreSQL the role retail_applier,
# which owns the retail schema (deploy/sample/postgres.sql), not the superuser cdc.
applier_uri() {
  case ${ENGINE[$1]} in
    postgres) echo "postgres://retail_applier:retail_applier@$HOST:$PG_PORT/${DATABASE[$1]}" ;;
    *) office_uri "$1" ;;
  esac
}

# secret_file <name> <value>: writes the value to $STATE/secrets/<name> readable by this user only; prints the path.
secret_file() {
  local dir=$STATE/secrets
  (umask 077 && mkdir -p "$dir" && printf '%s\n' "$2" >"$dir/$1.new" && mv -f "$dir/$1.new" "$dir/$1")
  chmod 700 "$dir" && chmod 600 "$dir/$1"
  echo "$dir/$1"
}

# ------------------------------------------------------------------------------------------------------ offices
create_offices() {
  local office
  for office in "${OFFICES[@]}"; do
    active "$office" || continue
    case ${ENGINE[$office]} in
      postgres)
        PGPASSWORD=cdc psql -X -q -h $HOST -p "$PG_PORT" -U cdc -d postgres -tAc \
          "SELECT 1 FROM pg_database WHERE datname = '${DATABASE[$office]}'" | grep -q 1 ||
          PGPASSWORD=cdc psql -X -q -h $HOST -p "$PG_PORT" -U cdc -d postgres -c "CREATE DATABASE ${DATABASE[$office]}"
        PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=cdc psql -X -q -v ON_ERROR_STOP=1 -h $HOST -p "$PG_PORT" -U cdc -d "${DATABASE[$office]}" \
          -f "$REPO/deploy/sample/postgres.sql" >/dev/null ||
          die "$office: could not create the sample schema in ${DATABASE[$office]}" ;;
      mysql)
        MYSQL_PWD=cdc mariadb --protocol=TCP -h $HOST -P "$MARIADB_PORT" -u cdc <"$REPO/deploy/sample/mysql.sql" ||
          die "$office: could not create the sample schema in MariaDB" ;;
    esac
  done
}

# ---------------------------------------------------------------------------------------------------- processes
# pid_of <name>: prints the pid when that bin/cdc process runs (its command line is the one launched: a pid file
# can outlive its process, and the pid be reused).
pid_of() {
  local pid
  [ -r "$STATE/run/$1.pid" ] && [ -r "$STATE/run/$1.cmdline" ] || return 1
  pid=$(tr -dc 0-9 <"$STATE/run/$1.pid")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # Through a pipe: cmp -s trusts the sizes, and /proc says 0.
  cat "/proc/$pid/cmdline" 2>/dev/null | cmp -s - "$STATE/run/$1.cmdline" || return 1
  echo "$pid"
}

# launch <name> <http port> <cdc arguments...>: in its own session (outlives make), output appended to
# log/<name>.log, serving /readyz on that port, with the variables of LAUNCH_ENV (VAR=value words: the CDC_*_FILE
# settings) in its environment.
LAUNCH_ENV=()
launch() {
  local name=$1 port=$2; shift 2
  if pid_of "$name" >/dev/null; then
    # A process keeps running the build it started with: after a rebuild, it is restarted onto the new one.
    if [ -z "$(find "$(dirname "$CDC")" -maxdepth 1 -name '*.dll' -newer "$STATE/run/$name.pid" -print -quit)" ]; then
      say "$name: already running (pid $(pid_of "$name"))"
      return 0
    fi
    say "$name: restarting onto the new build of $CDC"
    stop_processes "$name"
  fi
  mkdir -p "$STATE/run" "$STATE/log"
  set -- "$@" --metrics-port "$port"
  printf '%s\0' "$CDC" "$@" >"$STATE/run/$name.cmdline"
  echo "$port" >"$STATE/run/$name.port"
  env "${LAUNCH_ENV[@]}" setsid "$CDC" "$@" </dev/null >>"$STATE/log/$name.log" 2>&1 &
  echo $! >"$STATE/run/$name.pid"
  LAUNCH_ENV=()
}

# readyz <name>: the process's /readyz answer (HTTP over bash's /dev/tcp: no client needed); exit status 0 when it
# says ready (200), 1 otherwise or when nothing answers.
readyz() {
  local port response
  port=$(cat "$STATE/run/$1.port" 2>/dev/null) || return 1
  response=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "GET /readyz HTTP/1.0\r\nHost: $0\r\n\r\n" >&3 && cat <&3' \
    "$HOST" "$port" 2>/dev/null | tr -d '\r') || { echo "nothing answers on port $port"; return 1; }
  sed '1,/^$/d' <<<"$response"
  [[ ${response%%$'\n'*} == *' 200 '* ]]
}

# wait_ready <name>: until its /readyz says ready (every session connected to its database and the broker), or fail
# with the log's tail when the process exits, or with what /readyz says after READY_TIMEOUT.
wait_ready() {
  local name=$1 deadline=$((SECONDS + READY_TIMEOUT)) said
  until said=$(readyz "$name"); do
    # kill -0, not pid_of: right after the launch the process may still be the shell on its way to exec cdc.
    if ! kill -0 "$(cat "$STATE/run/$name.pid")" 2>/dev/null; then
      tail -n 20 "$STATE/log/$name.log" >&2 || true
      die "$name exited during start-up; look at $STATE/log/$name.log"
    fi
    [ $SECONDS -lt $deadline ] || die "$name is not ready after ${READY_TIMEOUT}s: $(tr '\n' ' ' <<<"$said"); look at $STATE/log/$name.log"
    sleep 0.2
  done
}

# The bin/cdc processes, in the order they start and `status` lists them: capture-<office>, apply-<target>.
processes() {
  local office target
  for office in "${OFFICES[@]}"; do active "$office" && echo "capture-$office"; done
  for target in "${APPLIERS[@]}"; do active "$target" && [ -n "$(active_streams "$target")" ] && echo "apply-$target"; done
  return 0
}

start_processes() {
  local name port=$HTTP_PORT office target
  local -a names
  mapfile -t names < <(processes)
  for name in "${names[@]}"; do
    case $name in
      capture-*)
        office=${name#capture-}
        LAUNCH_ENV=("CDC_Capture__Source_FILE=$(secret_file "$name.source" "$(office_uri "$office")")"
          "CDC_Capture__Broker_FILE=$(secret_file "$name.broker" "$(broker_uri "$office")")")
        launch "$name" "$port" capture --office "$office" ;;
      apply-*)
        target=${name#apply-}
        LAUNCH_ENV=("CDC_Apply__Target_FILE=$(secret_file "$name.target" "$(applier_uri "$target")")"
          "CDC_Apply__Broker_FILE=$(secret_file "$name.broker" "$(broker_uri applier)")")
        launch "$name" "$port" apply --name "to-$target" --streams "$(active_streams "$target")" ;;
    esac
    port=$((port + 1))
  done
  for name in "${names[@]}"; do wait_ready "$name"; done
}

# stop_processes [name...]: SIGTERM (they drain what is in flight), SIGKILL after 35 s; all of them by default.
stop_processes() {
  local file name pid pids=() deadline names=("$@")
  if [ ${#names[@]} -eq 0 ]; then
    for file in "$STATE"/run/*.pid; do [ -e "$file" ] && names+=("$(basename "$file" .pid)"); done
  fi
  for name in "${names[@]}"; do
    if pid=$(pid_of "$name"); then kill -TERM "$pid"; pids+=("$pid:$name"); fi
    rm -f "$STATE/run/$name.pid" "$STATE/run/$name.cmdline" "$STATE/run/$name.port"
  done
  deadline=$((SECONDS + 35))   # the host drains for up to 30 s
  for pid in "${pids[@]}"; do
    while kill -0 "${pid%%:*}" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then
        say "${pid#*:}: did not stop within 35s; killing it (pid ${pid%%:*})"
        kill -KILL "${pid%%:*}" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
    say "${pid#*:}: stopped"
  done
}

# ----------------------------------------------------------------------------------------------------- commands
cmd_up() {
  local t0=$SECONDS servers=(pg rabbitmq) office
  [ -x "$CDC" ] || die "$CDC is missing: run make build"
  mkdir -p "$STATE"
  rm -f "$STATE/mysql.supported" "$STATE/mysql.unsupported"   # the binary may have changed since
  save_parameters
  mysql_enabled && servers+=(mariadb)
  services start "${servers[@]}"
  # Users, permissions and streams; importing again changes nothing.
  services rabbitmqctl import_definitions "$REPO/deploy/rabbitmq/definitions.json" >"$STATE/log-import.txt" 2>&1 ||
    { cat "$STATE/log-import.txt" >&2; die "could not load deploy/rabbitmq/definitions.json into the broker"; }
  rm -f "$STATE/log-import.txt"
  create_offices
  start_processes
  for office in "${OFFICES[@]}"; do
    if active "$office" && [ "${ROLE[$office]}" = head ]; then
      WORKLOAD_URI=$(office_uri "$office") "$WORKLOAD" seed "$office" head -
    fi
  done
  say "up in $((SECONDS - t0))s"
  summary
}

summary() {
  local office target
  echo
  echo "The sample topology runs (deploy/topology.conf; state, logs and pid files in $STATE):"
  printf '  %-22s %s\n' "RabbitMQ" "amqp://cdc:cdc@$HOST:$RABBITMQ_PORT/%2F (streams cdc.<office>, cdc.schemas)"
  for office in "${OFFICES[@]}"; do
    if active "$office"; then
      printf '  %-22s %s\n' "$office (${ROLE[$office]})" "$(office_uri "$office"), schema retail; capturer: log/capture-$office.log"
    else
      printf '  %-22s %s\n' "$office (${ROLE[$office]})" "not started: $CDC cannot capture or apply ${ENGINE[$office]}:// yet"
    fi
  done
  for target in "${APPLIERS[@]}"; do
    active "$target" && [ -n "$(active_streams "$target")" ] || continue
    printf '  %-22s %s\n' "applier to $target" "$(active_streams "$target") -> $target; log/apply-$target.log"
  done
  echo
  echo "Try:"
  echo "  make demo        # sales at the branches, new products and prices at the head office, for 60 s"
  echo "  PGPASSWORD=cdc psql -h $HOST -p $PG_PORT -U cdc head_office -c 'SELECT branch, count(*), sum(total) FROM retail.sales GROUP BY branch'"
  echo "Then: make status; make down."
}

cmd_down() {
  [ -d "$STATE" ] || { say "nothing runs ($STATE does not exist)"; return 0; }
  stop_processes
  [ -d "$STATE/servers" ] && services stop
  return 0
}

cmd_status() {
  local rc=0 name pid file
  [ -d "$STATE" ] || { say "nothing runs ($STATE does not exist); start it: make up"; return 3; }
  services status "pg" "rabbitmq" || rc=3
  if mysql_enabled; then services status mariadb || rc=3; fi
  for office in "${OFFICES[@]}"; do
    active "$office" || printf '%-18s %s\n' "capture-$office" "not part of this run (no ${ENGINE[$office]}:// support in $CDC)"
  done
  for name in $(processes); do status_line "$name" || rc=3; done
  return $rc
}

# status_line <name>: running (and what its /readyz says) or stopped; exit status 1 unless running and ready.
status_line() {
  local pid said
  if pid=$(pid_of "$1"); then
    if said=$(readyz "$1"); then
      printf '%-18s running  pid %-8s log %s  ready (http://%s:%s/readyz)\n' "$1" "$pid" "$STATE/log/$1.log" "$HOST" "$(cat "$STATE/run/$1.port")"
    else
      printf '%-18s running  pid %-8s log %s  not ready: %s\n' "$1" "$pid" "$STATE/log/$1.log" "$(tr '\n' ' ' <<<"$said")"
      return 1
    fi
  else
    printf '%-18s stopped  pid %-8s log %s\n' "$1" - "$STATE/log/$1.log"
    return 1
  fi
}

cmd_demo() {
  local seconds=${1:-60} office pids=() rc=0
  [[ $seconds =~ ^[0-9]+$ ]] || die "seconds '$seconds' is not a whole number"
  for office in "${OFFICES[@]}"; do
    active "$office" || continue
    pid_of "capture-$office" >/dev/null || die "capture-$office does not run: make up first"
    WORKLOAD_URI=$(office_uri "$office") "$WORKLOAD" run "$office" "${ROLE[$office]}" - "$seconds" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  [ $rc -eq 0 ] || die "the workload failed at an office (see above)"
  sleep 2   # the last changes reach the other offices
  report
}

# What each office holds now: its own writes and what the appliers brought.
report() {
  local office
  echo
  for office in "${OFFICES[@]}"; do
    active "$office" || continue
    case ${ENGINE[$office]} in
      postgres)
        printf '%s: ' "$office"
        PGPASSWORD=cdc psql -X -q -tA -F ' ' -h $HOST -p "$PG_PORT" -U cdc -d "${DATABASE[$office]}" -c \
          "SELECT (SELECT count(*) FROM retail.products) || ' products, ' || (SELECT count(*) FROM retail.prices) || ' prices, '
                  || coalesce((SELECT string_agg(branch || ' ' || n || ' sales', ', ') FROM
                       (SELECT branch, count(*) AS n FROM retail.sales GROUP BY branch ORDER BY branch) s), 'no sales')" ;;
      mysql)
        printf '%s: ' "$office"
        MYSQL_PWD=cdc mariadb --protocol=TCP -h $HOST -P "$MARIADB_PORT" -u cdc -N -B retail -e \
          "SELECT CONCAT((SELECT COUNT(*) FROM products), ' products, ', (SELECT COUNT(*) FROM prices), ' prices, ',
                  COALESCE((SELECT GROUP_CONCAT(CONCAT(branch, ' ', n, ' sales') ORDER BY branch SEPARATOR ', ') FROM
                    (SELECT branch, COUNT(*) AS n FROM sales GROUP BY branch) s), 'no sales'))" ;;
    esac
  done
}

cmd_reset() {
  cmd_down
  [ -d "$STATE" ] || return 0
  case $STATE in /|"$REPO"|"${HOME:-/}") die "refusing to delete $STATE" ;; esac
  [ -f "$STATE/topology.env" ] || die "refusing to delete $STATE: it was not made by topology.sh (no topology.env)"
  rm -rf "$STATE"
  say "deleted $STATE"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  [ $# -ge 1 ] || usage
  local cmd=$1; shift
  load_parameters
  read_topology "$CONFIG"
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    demo) cmd_demo "$@" ;;
    reset) cmd_reset ;;
    -h|--help|help) usage ;;
    *) die "unknown command '$cmd' (up, down, status, demo, reset)" ;;
  esac
}

main "$@"
