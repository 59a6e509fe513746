#!/usr/bin/env bash
# Starts and stops the real servers the tests need -- PostgreSQL 15, MariaDB 10.11, RabbitMQ 3.10 -- as plain
# local processes: no systemd, no containers. Everything lives under one state folder, and every path and port
# is a parameter, so several instances (another state folder, other ports) can run side by side.
#
#   deploy/native/services.sh start|stop|restart|status|env|reset [pg] [mariadb] [rabbitmq]
#   deploy/native/services.sh rabbitmqctl <arguments...>
#
#   start    install missing Debian packages (as root), initialise on first use, start; a no-op when running
#   stop     stop what runs (data is kept); succeeds when nothing runs
#   status   one line per server; exit status 3 when one of them is not running
#   env      `export` lines with the connection URIs the tests read (eval "$(services.sh env)")
#   reset    stop, then delete the state folder
#   rabbitmqctl  run rabbitmqctl against this instance's broker (its HOME, cookie and node name), e.g.
#            import_definitions deploy/rabbitmq/definitions.json
#
# Parameters (environment):
#   CDC_SERVICES_DIR        state folder (default <repo>/.services): <dir>/{pg,mariadb,rabbitmq}/ hold data, config,
#                           logs and pid files
#   CDC_PG_PORT             PostgreSQL port           (default 15432)
#   CDC_MARIADB_PORT        MariaDB port              (default 13306)
#   CDC_RABBITMQ_PORT       RabbitMQ AMQP port        (default 35672)
#   CDC_RABBITMQ_DIST_PORT  RabbitMQ Erlang distribution port (default AMQP port + 1)
#   CDC_RABBITMQ_NODENAME   RabbitMQ node name        (default cdc-<AMQP port>@localhost)
#   CDC_MARIADB_SERVER_ID   MariaDB server_id         (default 1)
#   CDC_SERVICES_TIMEOUT    seconds a server may take to come up or go down (default 60)
#   CDC_TLS_DIR             a folder with ca.pem, server.pem and server.key (PEM): when set at start, PostgreSQL and
#                           MariaDB also accept TLS on their port and RabbitMQ adds a TLS listener on
#                           CDC_RABBITMQ_TLS_PORT (then required). Unset (the default): no TLS. Read at every start.
# An instance remembers the ports it was started with (<dir>/instance.env): later commands on the same state
# folder use them unless the variables above say otherwise.
# Every server listens on 127.0.0.1 only. The user is cdc, password cdc, on all three (superuser / all
# privileges / administrator): tests create restricted users themselves.
set -euo pipefail

readonly REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly STATE=$(realpath -m "${CDC_SERVICES_DIR:-$REPO/.services}")
readonly HOST=127.0.0.1
readonly ALL_SERVICES=(pg mariadb rabbitmq)

say() { printf 'services: %s\n' "$*"; }
die() { printf 'services: error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------------------------------- parameters
# Precedence: the environment, then what this state folder was last started with, then the defaults.
load_parameters() {
  local saved_pg='' saved_mariadb='' saved_amqp='' saved_dist='' saved_node='' saved_sid=''
  if [ -f "$STATE/instance.env" ]; then
    # shellcheck disable=SC1091
    saved_pg=$(. "$STATE/instance.env"; echo "${CDC_PG_PORT:-}")
    saved_mariadb=$(. "$STATE/instance.env"; echo "${CDC_MARIADB_PORT:-}")
    saved_amqp=$(. "$STATE/instance.env"; echo "${CDC_RABBITMQ_PORT:-}")
    saved_dist=$(. "$STATE/instance.env"; echo "${CDC_RABBITMQ_DIST_PORT:-}")
    saved_node=$(. "$STATE/instance.env"; echo "${CDC_RABBITMQ_NODENAME:-}")
    saved_sid=$(. "$STATE/instance.env"; echo "${CDC_MARIADB_SERVER_ID:-}")
  fi
  PG_PORT=${CDC_PG_PORT:-${saved_pg:-15432}}
  MARIADB_PORT=${CDC_MARIADB_PORT:-${saved_mariadb:-13306}}
  RABBITMQ_PORT=${CDC_RABBITMQ_PORT:-${saved_amqp:-35672}}
  if [ -n "${CDC_RABBITMQ_PORT:-}" ] && [ -z "${CDC_RABBITMQ_DIST_PORT:-}" ]; then
    RABBITMQ_DIST_PORT=$((RABBITMQ_PORT + 1))   # a new AMQP port moves the distribution port along
  else
    RABBITMQ_DIST_PORT=${CDC_RABBITMQ_DIST_PORT:-${saved_dist:-$((RABBITMQ_PORT + 1))}}
  fi
  if [ -n "${CDC_RABBITMQ_PORT:-}" ] && [ -z "${CDC_RABBITMQ_NODENAME:-}" ]; then
    RABBITMQ_NODENAME=cdc-$RABBITMQ_PORT@localhost
  else
    RABBITMQ_NODENAME=${CDC_RABBITMQ_NODENAME:-${saved_node:-cdc-$RABBITMQ_PORT@localhost}}
  fi
  MARIADB_SERVER_ID=${CDC_MARIADB_SERVER_ID:-${saved_sid:-1}}
  TIMEOUT=${CDC_SERVICES_TIMEOUT:-60}
  TLS_DIR=${CDC_TLS_DIR:-}
  RABBITMQ_TLS_PORT=${CDC_RABBITMQ_TLS_PORT:-}
  if [ -n "$TLS_DIR" ]; then
    local f
    for f in ca.pem server.pem server.key; do
      [ -r "$TLS_DIR/$f" ] || die "CDC_TLS_DIR: $TLS_DIR/$f is missing; the folder needs ca.pem, server.pem and server.key"
    done
  fi
  [[ $MARIADB_SERVER_ID =~ ^[0-9]+$ ]] || die "CDC_MARIADB_SERVER_ID '$MARIADB_SERVER_ID' is not a number"
  [[ $TIMEOUT =~ ^[0-9]+$ ]] || die "CDC_SERVICES_TIMEOUT '$TIMEOUT' is not a number of seconds"
  [[ $RABBITMQ_NODENAME == *@* ]] || die "CDC_RABBITMQ_NODENAME '$RABBITMQ_NODENAME' must look like name@host"
  local p
  for p in "$PG_PORT" "$MARIADB_PORT" "$RABBITMQ_PORT" "$RABBITMQ_DIST_PORT"; do
    [[ $p =~ ^[0-9]+$ ]] && [ "$p" -gt 0 ] && [ "$p" -le 55526 ] ||
      die "port '$p' is not a number between 1 and 55526 (RabbitMQ's CLI uses distribution port + 10000..10009)"
  done
}

save_parameters() {
  cat >"$STATE/instance.env" <<EOF
# Written by deploy/native/services.sh start: the parameters this instance was last started with.
CDC_PG_PORT=$PG_PORT
CDC_MARIADB_PORT=$MARIADB_PORT
CDC_RABBITMQ_PORT=$RABBITMQ_PORT
CDC_RABBITMQ_DIST_PORT=$RABBITMQ_DIST_PORT
CDC_RABBITMQ_NODENAME=$RABBITMQ_NODENAME
CDC_MARIADB_SERVER_ID=$MARIADB_SERVER_ID
EOF
}

# -------------------------------------------------------------------------------------------------------- helpers
# pid_alive <pid file> <text its command line must contain>: prints the pid when that process runs.
pid_alive() {
  local pid
  [ -r "$1" ] || return 1
  pid=$(head -n1 "$1" 2>/dev/null | tr -dc 0-9)
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  [[ $(tr '\0' ' ' <"/proc/$pid/cmdline") == *"$2"* ]] || return 1
  echo "$pid"
}

# port_busy <port>: something listens on it (any address).
port_busy() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

check_port_free() {
  port_busy "$1" && die "$2: port $1 is already in use by another process (see: ss -ltnp 'sport = :$1');" \
    "choose another port with $3=<port>, or stop that process"
  return 0
}

# run_as <user> <command...>: as that user when we are root (servers refuse or should not run as root).
run_as() {
  local user=$1; shift
  if is_root; then (cd / && runuser -u "$user" -- "$@" 9>&-); else "$@" 9>&-; fi
}

# own <user> <dir...>: create the folders, owned by the user that runs the server.
own() {
  local user=$1; shift
  mkdir -p "$@"
  if is_root; then chown "$user:" "$@"; fi
  chmod 700 "$@"
}

# A unix socket path must fit in sockaddr_un (107 bytes).
check_socket_path() {
  [ "${#1}" -lt 100 ] || die "socket path too long (${#1} bytes, the limit is about 100): $1;" \
    "use a shorter CDC_SERVICES_DIR"
}

# The servers run as postgres/mysql: they must be able to reach the state folder. A fresh clone under a
# mktemp folder (mode 700) or under /root is not reachable, so grant search permission (x, not read) on the
# folders on the way.
make_reachable() {
  is_root || return 0
  local user dir
  for user in "$@"; do
    runuser -u "$user" -- test -x "$STATE" 2>/dev/null && continue
    dir=$STATE
    while [ "$dir" != / ]; do
      if [ "$(( 0$(stat -c %a "$dir") & 1 ))" -eq 0 ]; then
        say "granting search permission (o+x) on $dir so that the $user user can reach $STATE"
        chmod o+x "$dir"
      fi
      dir=$(dirname "$dir")
    done
    runuser -u "$user" -- test -x "$STATE" || die "the $user user cannot reach $STATE; use another CDC_SERVICES_DIR"
  done
}

# tls_copy <user> <folder>: the TLS files of CDC_TLS_DIR in a folder of the server's own (servers refuse a key
# others can read).
tls_copy() {
  own "$1" "$2"
  cp "$TLS_DIR/ca.pem" "$TLS_DIR/server.pem" "$TLS_DIR/server.key" "$2/"
  chmod 600 "$2/server.key"
  if is_root; then chown "$1:" "$2"/*; fi
}

ensure_packages() {
  local s pkgs=() missing=() p
  for s in "$@"; do
    case $s in
      pg) pkgs+=(postgresql postgresql-contrib) ;;
      mariadb) pkgs+=(mariadb-server) ;;
      rabbitmq) pkgs+=(rabbitmq-server) ;;
    esac
  done
  for p in "${pkgs[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = 'install ok installed' ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  is_root || die "missing Debian packages: ${missing[*]}; install them as root:" \
    "apt-get install -y ${missing[*]}"
  say "installing ${missing[*]} (apt does not start them here)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# wait_until <seconds> <pid that must stay alive> <command...>: 0 when the command succeeds, 1 on timeout,
# 2 when the process exited first.
wait_until() {
  local deadline=$((SECONDS + $1)) pid=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || return 2
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# start_failed <server> <wait status> <log files...>
start_failed() {
  local what=$1 rc=$2; shift 2
  if [ "$rc" -eq 2 ]; then fail_with_log "$what exited during start-up" "$@"; fi
  fail_with_log "$what did not come up within ${TIMEOUT}s (CDC_SERVICES_TIMEOUT)" "$@"
}

# wait_gone <pid> <seconds>
wait_gone() {
  local deadline=$((SECONDS + $2))
  while kill -0 "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

fail_with_log() { # <what> <log files...>
  local what=$1 f; shift
  for f in "$@"; do
    [ -s "$f" ] || continue
    printf -- '--- last lines of %s\n' "$f" >&2
    tail -n 20 "$f" >&2
  done
  die "$what; look at $*"
}

# --------------------------------------------------------------------------------------------------- PostgreSQL
pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$d" ] || die "PostgreSQL is not installed (/usr/lib/postgresql/*/bin): apt-get install -y postgresql"
  echo "$d"
}

pg_dir() { echo "$STATE/pg"; }
pg_pid() { pid_alive "$(pg_dir)/data/postmaster.pid" postgres; }

# A postmaster killed with SIGKILL leaves postmaster.pid and the socket lock file behind, its children run on for a
# moment, and it stays a zombie until init reaps it (PostgreSQL counts a zombie as alive and refuses to start).
# Once no process works in the data folder any more (every backend's current folder is the data folder), both lock
# files are stale.
pg_clear_stale_pid() {
  local data=$1 run=$2 deadline=$((SECONDS + 10)) users p
  [ -f "$data/postmaster.pid" ] || return 0
  while :; do
    users=''
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/cwd" 2>/dev/null)" = "$data" ] && users+="${p#/proc/} "
    done
    [ -n "$users" ] || break
    [ $SECONDS -lt $deadline ] || die "pg: processes ${users% } still work in $data although no postmaster runs;" \
      "stop them (kill ${users% }) and start again"
    sleep 0.2
  done
  say "pg: removing the stale lock files of a server that is gone"
  rm -f "$data/postmaster.pid" "$run"/.s.PGSQL.*.lock
}

pg_start() {
  local d bin t0=$SECONDS
  d=$(pg_dir)
  if pg_pid >/dev/null; then say "pg: already running (port $PG_PORT)"; return 0; fi
  check_port_free "$PG_PORT" pg CDC_PG_PORT
  check_socket_path "$d/run/.s.PGSQL.$PG_PORT"
  bin=$(pg_bin)
  mkdir -p "$d"; chmod 755 "$d"
  own postgres "$d/run" "$d/log"
  if [ ! -f "$d/data/PG_VERSION" ]; then
    say "pg: initdb in $d/data"
    rm -rf "$d/data"
    own postgres "$d/data"
    # initdb refuses root: it runs as postgres, in a folder postgres owns.
    run_as postgres "$bin/initdb" -D "$d/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$d/log/initdb.log" 2>&1 ||
      fail_with_log "pg: initdb failed" "$d/log/initdb.log"
    run_as postgres sh -c 'cat >"$1/pg_hba.conf"' sh "$d/data" <<'EOF'
# Written by deploy/native/services.sh: trust on the unix socket (inside the state folder, for the
# postgres superuser), passwords (scram) over TCP from 127.0.0.1, for normal and replication connections.
local   all          all                     trust
local   replication  all                     trust
host    all          all        127.0.0.1/32 scram-sha-256
host    replication  all        127.0.0.1/32 scram-sha-256
EOF
    echo "include 'cdc.conf'" | run_as postgres sh -c 'cat >>"$1/postgresql.conf"' sh "$d/data"
  fi
  # Rewritten at every start so that a new port or folder takes effect.
  run_as postgres sh -c 'cat >"$1/cdc.conf"' sh "$d/data" <<EOF
# Written by deploy/native/services.sh at every start; included from postgresql.conf.
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$d/run'
external_pid_file = '$d/run/postgres.pid'
wal_level = logical
max_replication_slots = 64
max_wal_senders = 64
max_connections = 200
# Test data only: no crash safety.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  if [ -n "$TLS_DIR" ]; then
    tls_copy postgres "$d/tls"
    run_as postgres sh -c 'cat >>"$1/cdc.conf"' sh "$d/data" <<EOF
ssl = on
ssl_cert_file = '$d/tls/server.pem'
ssl_key_file = '$d/tls/server.key'
ssl_ca_file = '$d/tls/ca.pem'
EOF
  fi
  rm -f "$d/run/postgres.pid"
  pg_clear_stale_pid "$d/data" "$d/run"
  run_as postgres "$bin/pg_ctl" -D "$d/data" -l "$d/log/postgresql.log" -w -t "$TIMEOUT" start >/dev/null ||
    fail_with_log "pg: PostgreSQL did not start (pg_ctl start -w -t $TIMEOUT failed)" "$d/log/postgresql.log"
  run_as postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$d/run" -p "$PG_PORT" -U postgres -d postgres <<'EOF' ||
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cdc') THEN
    CREATE ROLE cdc LOGIN SUPERUSER REPLICATION PASSWORD 'cdc';
  ELSE
    ALTER ROLE cdc LOGIN SUPERUSER REPLICATION PASSWORD 'cdc';
  END IF;
END $$;
EOF
    die "pg: could not create the cdc role; look at $d/log/postgresql.log"
  say "pg: started on $HOST:$PG_PORT in $((SECONDS - t0))s (pid $(pg_pid), log $d/log/postgresql.log)"
}

pg_stop() {
  local d pid
  d=$(pg_dir)
  pid=$(pg_pid) || { say "pg: not running"; return 0; }
  run_as postgres "$(pg_bin)/pg_ctl" -D "$d/data" -m fast -w -t "$TIMEOUT" stop >/dev/null ||
    die "pg: PostgreSQL (pid $pid) did not stop within ${TIMEOUT}s; look at $d/log/postgresql.log"
  say "pg: stopped"
}

# ------------------------------------------------------------------------------------------------------ MariaDB
mariadb_dir() { echo "$STATE/mariadb"; }
mariadb_pid() { local d; d=$(mariadb_dir); pid_alive "$d/run/mariadbd.pid" "$d/my.cnf"; }
mariadb_admin_user() { if is_root; then echo root; else id -un; fi; }

mariadb_write_config() {
  local d=$1
  cat >"$d/my.cnf" <<EOF
# Written by deploy/native/services.sh at every start. Passed with --defaults-file, so /etc/mysql is ignored.
[mysqld]
user                         = mysql
datadir                      = $d/data
socket                       = $d/run/mariadbd.sock
pid-file                     = $d/run/mariadbd.pid
log-error                    = $d/log/mariadbd.err
# Its own temporary folder: instances sharing /tmp (several checkouts, CI beside a developer's servers) had the
# bootstrap of one fail on the temporary table files of another.
tmpdir                       = $d/tmp
port                         = $MARIADB_PORT
bind-address                 = $HOST
skip-name-resolve
character-set-server         = utf8mb4
max_connections              = 200
# The binlog as the capturer reads it: row events with full images and full table metadata.
server_id                    = $MARIADB_SERVER_ID
log_bin                      = mariadb-bin
binlog_format                = ROW
binlog_row_image             = FULL
binlog_row_metadata          = FULL
binlog_checksum              = CRC32
gtid_strict_mode             = ON
binlog_expire_logs_seconds   = 604800
# Test data only: no crash safety.
sync_binlog                  = 0
innodb_flush_log_at_trx_commit = 2
${TLS_DIR:+ssl_ca = $d/tls/ca.pem
ssl_cert = $d/tls/server.pem
ssl_key = $d/tls/server.key
}
[client]
socket                       = $d/run/mariadbd.sock
port                         = $MARIADB_PORT
default-character-set        = utf8mb4
EOF
  chmod 644 "$d/my.cnf"   # mariadbd ignores a world-writable config file
}

mariadb_start() {
  local d pid t0=$SECONDS admin
  d=$(mariadb_dir)
  if mariadb_pid >/dev/null; then say "mariadb: already running (port $MARIADB_PORT)"; return 0; fi
  check_port_free "$MARIADB_PORT" mariadb CDC_MARIADB_PORT
  check_socket_path "$d/run/mariadbd.sock"
  command -v mariadbd >/dev/null || die "mariadbd is not installed: apt-get install -y mariadb-server"
  mkdir -p "$d"; chmod 755 "$d"
  own mysql "$d/run" "$d/log" "$d/tmp"
  [ -z "$TLS_DIR" ] || tls_copy mysql "$d/tls"
  mariadb_write_config "$d"
  if [ ! -d "$d/data/mysql" ]; then
    say "mariadb: mariadb-install-db in $d/data"
    rm -rf "$d/data"
    own mysql "$d/data"
    local as_user=()
    is_root && as_user=(--user=mysql)
    mariadb-install-db --defaults-file="$d/my.cnf" "${as_user[@]}" --skip-test-db >"$d/log/install.log" 2>&1 9>&- ||
      fail_with_log "mariadb: mariadb-install-db failed" "$d/log/install.log"
  fi
  rm -f "$d/run/mariadbd.pid" "$d/run/mariadbd.sock"
  # Own session, so that it outlives this script and the terminal; mariadbd switches to the mysql user itself.
  setsid mariadbd --defaults-file="$d/my.cnf" </dev/null >>"$d/log/mariadbd.out" 2>&1 9>&- &
  pid=$!
  admin=$(mariadb_admin_user)
  local rc=0
  wait_until "$TIMEOUT" "$pid" mariadb-admin --defaults-file="$d/my.cnf" -u"$admin" --connect-timeout=2 ping || rc=$?
  [ $rc -eq 0 ] || start_failed "mariadb: MariaDB" $rc "$d/log/mariadbd.err" "$d/log/mariadbd.out"
  # sql_log_bin=0: the accounts are not changes a capturer should ever see in the binlog.
  mariadb --defaults-file="$d/my.cnf" -u"$admin" <<'EOF' || die "mariadb: could not create the cdc user; look at $d/log/mariadbd.err"
SET sql_log_bin = 0;
CREATE USER IF NOT EXISTS 'cdc'@'127.0.0.1' IDENTIFIED BY 'cdc';
CREATE USER IF NOT EXISTS 'cdc'@'localhost' IDENTIFIED BY 'cdc';
CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY 'cdc';
ALTER USER 'cdc'@'127.0.0.1' IDENTIFIED BY 'cdc';
ALTER USER 'cdc'@'localhost' IDENTIFIED BY 'cdc';
ALTER USER 'cdc'@'%' IDENTIFIED BY 'cdc';
GRANT ALL PRIVILEGES ON *.* TO 'cdc'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'cdc'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'cdc'@'%' WITH GRANT OPTION;
EOF
  say "mariadb: started on $HOST:$MARIADB_PORT in $((SECONDS - t0))s (pid $(mariadb_pid), log $d/log/mariadbd.err)"
}

mariadb_stop() {
  local d pid
  d=$(mariadb_dir)
  pid=$(mariadb_pid) || { say "mariadb: not running"; rm -f "$d/run/mariadbd.pid"; return 0; }
  kill -TERM "$pid"
  wait_gone "$pid" "$TIMEOUT" ||
    die "mariadb: MariaDB (pid $pid) did not stop within ${TIMEOUT}s; look at $d/log/mariadbd.err"
  say "mariadb: stopped"
}

# ----------------------------------------------------------------------------------------------------- RabbitMQ
rabbitmq_dir() { echo "$STATE/rabbitmq"; }
rabbitmq_pid() { pid_alive "$(rabbitmq_dir)/run/rabbitmq.pid" beam; }

rabbitmq_sbin() {
  local d
  # The real scripts, called as root: the /usr/sbin wrappers switch to the rabbitmq user and its home.
  d=$(ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin 2>/dev/null | sort -V | tail -n1)
  [ -n "$d" ] || die "RabbitMQ is not installed (/usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin):" \
    "apt-get install -y rabbitmq-server"
  echo "$d"
}

# Every RabbitMQ command needs the same environment: above all HOME, where the Erlang cookie lives.
rabbitmq_env() {
  local d
  d=$(rabbitmq_dir)
  export HOME=$d/home
  export RABBITMQ_CONF_ENV_FILE=$d/rabbitmq-env.conf  # empty: skip /etc/rabbitmq/rabbitmq-env.conf
  export RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf
  export RABBITMQ_ADVANCED_CONFIG_FILE=$d/advanced.config
  export RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins
  export RABBITMQ_MNESIA_BASE=$d/data
  export RABBITMQ_LOG_BASE=$d/log
  export RABBITMQ_PID_FILE=$d/run/rabbitmq.pid
  export RABBITMQ_NODENAME=$RABBITMQ_NODENAME
  export RABBITMQ_NODE_IP_ADDRESS=$HOST
  export RABBITMQ_NODE_PORT=$RABBITMQ_PORT
  export RABBITMQ_DIST_PORT=$RABBITMQ_DIST_PORT
  # The CLI's own distribution ports: by default 35672-35682, right on top of our AMQP port.
  export RABBITMQ_CTL_DIST_PORT_MIN=$((RABBITMQ_DIST_PORT + 10000))
  export RABBITMQ_CTL_DIST_PORT_MAX=$((RABBITMQ_DIST_PORT + 10009))
  # Distribution (server and CLI) and a freshly started epmd bind loopback only, not every interface.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
  export RABBITMQ_CTL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
  export ERL_EPMD_ADDRESS=$HOST
  export ERL_CRASH_DUMP=$d/log/erl_crash.dump
}

rmq() { # <script> <args...>
  local sbin
  sbin=$(rabbitmq_sbin)
  (rabbitmq_env && cd "$(rabbitmq_dir)" && exec "$sbin/$1" "${@:2}") 9>&-
}

rabbitmq_write_config() {
  local d=$1
  : >"$d/rabbitmq-env.conf"
  echo '[].' >"$d/enabled_plugins"
  cat >"$d/rabbitmq.conf" <<EOF
# Written by deploy/native/services.sh at every start. Listener address and ports come from RABBITMQ_NODE_*.
# The default user is created when the node initialises its database (first start): cdc instead of guest.
default_vhost = /
default_user = cdc
default_pass = cdc
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
log.file.level = info
log.console = false
EOF
  if [ -n "$TLS_DIR" ]; then
    [[ $RABBITMQ_TLS_PORT =~ ^[0-9]+$ ]] || die "CDC_TLS_DIR is set: give RabbitMQ's TLS port as CDC_RABBITMQ_TLS_PORT"
    cat >>"$d/rabbitmq.conf" <<EOF
listeners.ssl.1 = $HOST:$RABBITMQ_TLS_PORT
ssl_options.cacertfile = $TLS_DIR/ca.pem
ssl_options.certfile = $TLS_DIR/server.pem
ssl_options.keyfile = $TLS_DIR/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
EOF
  fi
  if [ ! -s "$d/home/.erlang.cookie" ]; then
    # Written before anything starts: the server and a concurrent CLI call would otherwise each make one.
    (umask 077; head -c 32 /dev/urandom | sha256sum | cut -c1-20 | tr a-z A-Z >"$d/home/.erlang.cookie")
    chmod 400 "$d/home/.erlang.cookie"
  fi
}

RABBITMQ_LAUNCHED=''
RABBITMQ_T0=0

# Launches the broker without waiting (it takes seconds); rabbitmq_finish_start waits for it.
rabbitmq_launch() {
  local d
  d=$(rabbitmq_dir)
  if rabbitmq_pid >/dev/null; then say "rabbitmq: already running (port $RABBITMQ_PORT)"; return 0; fi
  check_port_free "$RABBITMQ_PORT" rabbitmq CDC_RABBITMQ_PORT
  check_port_free "$RABBITMQ_DIST_PORT" rabbitmq CDC_RABBITMQ_DIST_PORT
  rabbitmq_sbin >/dev/null
  mkdir -p "$d/data" "$d/log" "$d/run" "$d/home"
  rabbitmq_write_config "$d"
  rm -f "$d/run/rabbitmq.pid"
  RABBITMQ_T0=$SECONDS
  (rabbitmq_env && cd "$d" && exec setsid "$(rabbitmq_sbin)/rabbitmq-server") </dev/null >>"$d/log/server.out" 2>&1 9>&- &
  RABBITMQ_LAUNCHED=$!
}

rabbitmq_finish_start() {
  [ -n "$RABBITMQ_LAUNCHED" ] || return 0
  local d log waiter rc=0 deadline=$((SECONDS + TIMEOUT))
  d=$(rabbitmq_dir)
  log=$d/log/${RABBITMQ_NODENAME}.log
  # `rabbitmqctl wait` keeps waiting for the pid file until its timeout even when the broker died before writing
  # it: watch the broker's process alongside, and keep our own deadline.
  (rabbitmq_env && cd "$d" && exec "$(rabbitmq_sbin)/rabbitmqctl" wait --timeout "$TIMEOUT" "$d/run/rabbitmq.pid") \
    </dev/null >"$d/log/wait.log" 2>&1 9>&- &
  waiter=$!   # the CLI's own Erlang VM, after the execs
  while kill -0 "$waiter" 2>/dev/null; do
    if ! kill -0 "$RABBITMQ_LAUNCHED" 2>/dev/null; then rc=2; break; fi
    if [ $SECONDS -ge $deadline ]; then rc=1; break; fi
    sleep 0.2
  done
  if [ $rc -ne 0 ]; then
    kill "$waiter" 2>/dev/null || true
  else
    wait "$waiter" || rc=1
  fi
  wait "$waiter" 2>/dev/null || true
  [ $rc -eq 0 ] || start_failed "rabbitmq: RabbitMQ" $rc "$log" "$d/log/server.out" "$d/log/wait.log"
  say "rabbitmq: started on $HOST:$RABBITMQ_PORT (node $RABBITMQ_NODENAME, distribution port $RABBITMQ_DIST_PORT)" \
    "in $((SECONDS - RABBITMQ_T0))s (pid $(rabbitmq_pid), log $log)"
}

rabbitmq_stop() {
  local d pid
  d=$(rabbitmq_dir)
  pid=$(rabbitmq_pid) || { say "rabbitmq: not running"; rm -f "$d/run/rabbitmq.pid"; return 0; }
  if ! rmq rabbitmqctl stop "$d/run/rabbitmq.pid" >"$d/log/stop.log" 2>&1; then
    say "rabbitmq: rabbitmqctl stop failed (see $d/log/stop.log); sending SIGTERM to pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
  fi
  wait_gone "$pid" "$TIMEOUT" ||
    die "rabbitmq: RabbitMQ (pid $pid) did not stop within ${TIMEOUT}s; look at $d/log/${RABBITMQ_NODENAME}.log"
  rm -f "$d/run/rabbitmq.pid"
  # Every Erlang command starts a machine-wide epmd that outlives the broker: end it once no node uses it.
  if command -v epmd >/dev/null && [[ $(epmd -names 2>/dev/null) != *$'\nname '* ]]; then
    epmd -kill >/dev/null 2>&1 || true
  fi
  say "rabbitmq: stopped"
}

# ----------------------------------------------------------------------------------------------------- commands
service_pid() { "${1}_pid"; }
service_port() {
  case $1 in pg) echo "$PG_PORT" ;; mariadb) echo "$MARIADB_PORT" ;; rabbitmq) echo "$RABBITMQ_PORT" ;; esac
}

# Serialises start/stop/reset of one state folder. Every server and tool started while it is held gets `9>&-`:
# a server that inherited fd 9 would hold the lock for as long as it runs.
lock_state() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w $((TIMEOUT * 3)) 9 || die "another services.sh holds $STATE/.lock"
}

cmd_start() {
  local t0=$SECONDS
  ensure_packages "$@"
  lock_state
  chmod 755 "$STATE"
  touch "$STATE/.cdc-services"
  local users=()
  has pg "$@" && users+=(postgres)
  has mariadb "$@" && users+=(mysql)
  make_reachable "${users[@]}"
  save_parameters
  # RabbitMQ takes the longest to boot: launch it first and wait for it last.
  has rabbitmq "$@" && rabbitmq_launch
  has pg "$@" && pg_start
  has mariadb "$@" && mariadb_start
  has rabbitmq "$@" && rabbitmq_finish_start
  say "ready in $((SECONDS - t0))s; connection URIs: $0 env"
}

cmd_stop() {
  [ -d "$STATE" ] || { say "nothing to stop ($STATE does not exist)"; return 0; }
  lock_state
  # Reverse order: the broker last, it is the slowest to stop and nothing depends on the databases.
  has mariadb "$@" && mariadb_stop
  has pg "$@" && pg_stop
  has rabbitmq "$@" && rabbitmq_stop
  return 0
}

cmd_status() {
  local s pid rc=0
  for s in "$@"; do
    if pid=$(service_pid "$s"); then
      printf '%-9s running  pid %-8s port %-6s %s\n' "$s" "$pid" "$(service_port "$s")" "$STATE/$s"
    else
      printf '%-9s stopped  pid %-8s port %-6s %s\n' "$s" - "$(service_port "$s")" "$STATE/$s"
      rc=3
    fi
  done
  return $rc
}

cmd_env() {
  local s
  for s in "$@"; do
    case $s in
      pg) echo "export CDC_TEST_POSTGRES=postgres://cdc:cdc@$HOST:$PG_PORT/postgres" ;;
      mariadb) echo "export CDC_TEST_MARIADB=mysql://cdc:cdc@$HOST:$MARIADB_PORT/mysql" ;;
      rabbitmq) echo "export CDC_TEST_BROKER=amqp://cdc:cdc@$HOST:$RABBITMQ_PORT/%2F" ;;
    esac
  done
}

cmd_reset() {
  cmd_stop "${ALL_SERVICES[@]}"
  [ -d "$STATE" ] || return 0
  case $STATE in /|"$REPO"|"${HOME:-/}") die "refusing to delete $STATE" ;; esac
  [ -e "$STATE/.cdc-services" ] || [ -z "$(ls -A "$STATE")" ] ||
    die "refusing to delete $STATE: it was not made by services.sh (no .cdc-services file)"
  rm -rf "$STATE"
  say "deleted $STATE"
}

has() { local want=$1 s; shift; for s in "$@"; do [ "$s" = "$want" ] && return 0; done; return 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  [ $# -ge 1 ] || usage
  local cmd=$1 s services=(); shift
  if [ "$cmd" = rabbitmqctl ]; then
    load_parameters
    rabbitmq_pid >/dev/null || die "rabbitmq: not running in $STATE; start it first: $0 start rabbitmq"
    rmq rabbitmqctl "$@"
    return
  fi
  for s in "$@"; do
    case $s in
      pg|postgres|postgresql) services+=(pg) ;;
      mariadb|mysql) services+=(mariadb) ;;
      rabbitmq|rabbit|broker) services+=(rabbitmq) ;;
      *) die "unknown service '$s' (known: ${ALL_SERVICES[*]})" ;;
    esac
  done
  [ ${#services[@]} -gt 0 ] || services=("${ALL_SERVICES[@]}")
  load_parameters
  case $cmd in
    start) cmd_start "${services[@]}" ;;
    stop) cmd_stop "${services[@]}" ;;
    restart) cmd_stop "${services[@]}"; cmd_start "${services[@]}" ;;
    status) cmd_status "${services[@]}" ;;
    env) cmd_env "${services[@]}" ;;
    reset) cmd_reset ;;
    -h|--help|help) usage ;;
    *) die "unknown command '$cmd' (start, stop, restart, status, env, reset)" ;;
  esac
}

main "$@"
