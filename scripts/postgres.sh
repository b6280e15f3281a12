#!/usr/bin/env bash
# Chooses the Postgres that Stepwise runs against, starting the project's own cluster when needed.
#   start | stop | status | url [database]     (url prints a DATABASE_URL; database defaults to stepwise)
# A second own cluster: STEPWISE_PG_NAME=<name> STEPWISE_PG_PORT=<port> (data under .local/<name>).
# Which server, in order:
#   1. $DATABASE_URL when it answers (start/stop then leave it alone);
#   2. STEPWISE_PG=system: the machine's server on 127.0.0.1:5432 when it answers (tests may use it;
#      it runs with autovacuum off, so never benchmark on it);
#   3. the project's own cluster in .local/postgres on 127.0.0.1:5433, configured like production.
# Databases stepwise and stepwise_test are created on server 2 or 3 when missing. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# The postgres OS user must be able to reach the data directory; a clone under /root is not reachable.
# STEPWISE_PG_NAME names a second cluster of the same checkout (the chaos test restarts its own).
default_home() {
  local name="${STEPWISE_PG_NAME:-postgres}"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    echo "/var/lib/stepwise/$(echo "$ROOT" | md5sum | cut -c1-8)/$name"
  else
    echo "$ROOT/.local/$name"
  fi
}
PG_HOME="${STEPWISE_PG_HOME:-$(default_home)}"
DATA="$PG_HOME/data"
LOG="$PG_HOME/postgres.log"
OWN_PORT="${STEPWISE_PG_PORT:-5433}"
SYSTEM_PORT=5432
DATABASES=(stepwise stepwise_test)

log() { echo "postgres: $*" >&2; }

answers() { # url
  command -v psql >/dev/null && PGCONNECT_TIMEOUT=3 psql "$1" -Atqc 'select 1' >/dev/null 2>&1
}

server_url() { echo "postgresql://postgres@127.0.0.1:$1/${2:-stepwise}"; }

# Prints "external", "system" or "own".
choice() {
  if [ -n "${DATABASE_URL:-}" ] && answers "$DATABASE_URL"; then echo external; return; fi
  if [ -n "${DATABASE_URL:-}" ]; then log "DATABASE_URL does not answer, using a local server instead"; fi
  if [ "${STEPWISE_PG:-}" = system ] && answers "$(server_url "$SYSTEM_PORT" postgres)"; then echo system; return; fi
  echo own
}

bindir() {
  local version
  # An existing cluster must keep the major version that created it.
  if [ -f "$DATA/PG_VERSION" ]; then version=$(cat "$DATA/PG_VERSION"); else
    version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
  fi
  if [ -n "$version" ] && [ -x "/usr/lib/postgresql/$version/bin/pg_ctl" ]; then echo "/usr/lib/postgresql/$version/bin"; fi
}

install_binaries() {
  [ -n "$(bindir)" ] && return
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
  [ -n "$(bindir)" ] || { log "no pg_ctl found after installing postgresql"; exit 1; }
}

# initdb/pg_ctl refuse to run as root: as root, run them as the postgres OS user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

write_settings() {
  cat >"$DATA/stepwise.conf" <<CONF
# Written by scripts/postgres.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'            # loopback only: trust auth is for local development
port = $OWN_PORT
unix_socket_directories = '$PG_HOME'      # keep off /var/run/postgresql, which the system server owns
max_connections = 200                     # six services' pools + tests + benchmark clients, with headroom
shared_buffers = 512MB                    # keeps the hot timer/outbox tables and their indexes in memory
effective_cache_size = 4GB                # planner hint: the OS page cache holds much more than shared_buffers
synchronous_commit = on                   # as in production: an acknowledged commit is on disk
fsync = on                                # as in production: crash-safe, so benchmarks pay the real price
max_wal_size = 2GB                        # fewer forced checkpoints during bulk enrolls and benchmark loads
autovacuum = on                           # the system server has it off; churny tables then bloat and slow down
autovacuum_naptime = 10s                  # look for work every 10 s instead of every minute
autovacuum_vacuum_scale_factor = 0.02     # vacuum once 2% of a table is dead rows (default 20%): timers, outbox, claims
autovacuum_vacuum_insert_scale_factor = 0.05  # append-heavy tables (send logs, events) get their visibility map set early
autovacuum_analyze_scale_factor = 0.02    # keep planner statistics fresh on fast-growing tables
autovacuum_vacuum_cost_limit = 2000       # 10x the default I/O budget so vacuum keeps pace with churn
log_autovacuum_min_duration = 1s          # slow vacuums show up in the log when a benchmark degrades
CONF
}

init_cluster() {
  [ -f "$DATA/PG_VERSION" ] && return
  log "creating cluster in $DATA"
  mkdir -p "$DATA"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PG_HOME"; fi
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -w "$DATA"; then
    log "the postgres OS user cannot write $DATA; set STEPWISE_PG_HOME to a directory it can use"; exit 1
  fi
  as_owner "$(bindir)/initdb" -D "$DATA" --username=postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
  echo "include 'stepwise.conf'" >>"$DATA/postgresql.conf"
}

start_own() {
  install_binaries
  init_cluster
  if as_owner "$(bindir)/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then return; fi
  write_settings
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DATA/stepwise.conf"; fi
  log "starting own cluster on 127.0.0.1:$OWN_PORT (log: $LOG)"
  touch "$LOG" && { [ "$(id -u)" != 0 ] || chown postgres:postgres "$LOG"; }
  as_owner "$(bindir)/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null || {
    log "did not start, see $LOG"; tail -20 "$LOG" >&2; exit 1
  }
}

create_databases() { # port
  local db
  for db in "${DATABASES[@]}"; do
    if [ -z "$(psql "$(server_url "$1" postgres)" -Atqc "select 1 from pg_database where datname = '$db'")" ]; then
      psql "$(server_url "$1" postgres)" -qc "create database $db" >/dev/null
    fi
  done
}

start() {
  case "$(choice)" in
    external) log "using DATABASE_URL" ;;
    system) create_databases "$SYSTEM_PORT"; log "using the system server on 127.0.0.1:$SYSTEM_PORT" ;;
    own)
      start_own
      create_databases "$OWN_PORT"
      log "own cluster answering on 127.0.0.1:$OWN_PORT"
      ;;
  esac
}

stop() {
  if [ -f "$DATA/PG_VERSION" ] && [ -n "$(bindir)" ] && as_owner "$(bindir)/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_owner "$(bindir)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    log "own cluster stopped"
  else
    log "own cluster not running"
  fi
}

url() { # [database]
  case "$(choice)" in
    external) echo "$DATABASE_URL" ;;
    system) server_url "$SYSTEM_PORT" "${1:-}" ;;
    own) server_url "$OWN_PORT" "${1:-}" ;;
  esac
}

status() {
  local target
  target=$(url)
  if answers "$target"; then log "answering: $target"; else log "down: $target"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url "${2:-}" ;;
  *) echo "usage: $0 start|stop|status|url [database]" >&2; exit 2 ;;
esac
