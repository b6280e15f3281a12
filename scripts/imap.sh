#!/usr/bin/env bash
# Runs an unprivileged Dovecot IMAP server on 127.0.0.1:${IMAP_PORT:-10143} for tests and benchmarks:
# its own config, state and maildirs under .local/imap (git-ignored), users in a passwd-file that
# tests append to (Dovecot re-reads it when it changes). Installs Debian's dovecot-imapd when
# missing (root only). Idempotent: start twice is fine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR="${IMAP_HOME_DIR:-$ROOT/.local/imap}"
# A link made by place_state (below): the state lives where it points.
if [ -L "$DIR" ]; then DIR=$(readlink -f "$DIR"); fi
PORT="${IMAP_PORT:-10143}"
set_paths() {
  CONF="$DIR/dovecot.conf"
  LOG="$DIR/dovecot.log"
  USERS="$DIR/users"
}
set_paths

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

install_dovecot() {
  if [ -x /usr/sbin/dovecot ]; then return; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "imap: dovecot is not installed; run: sudo apt-get install -y dovecot-imapd" >&2
    return 1
  fi
  echo "imap: installing Debian's dovecot-imapd"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
}

# Root runs the instance as the package's unprivileged "dovecot" user; anyone else as themselves.
run_user() { if [ "$(id -u)" -eq 0 ]; then echo dovecot; else id -un; fi; }

# That user must reach the users file and the maildirs. A checkout it cannot traverse (a clone under
# /root, mode 0700) keeps them in /var/tmp instead, linked from .local/imap so tests find them.
place_state() {
  if [ -n "${IMAP_HOME_DIR:-}" ] || [ "$(id -u)" -ne 0 ] || [ -L "$ROOT/.local/imap" ]; then return; fi
  if runuser -u dovecot -- test -x "$ROOT" 2>/dev/null; then return; fi
  DIR="/var/tmp/stepwise-imap-$(printf %s "$ROOT" | md5sum | cut -c1-12)"
  mkdir -p "$DIR" "$ROOT/.local"
  rm -rf "$ROOT/.local/imap"
  ln -s "$DIR" "$ROOT/.local/imap"
  set_paths
  echo "imap: $ROOT is closed to the dovecot user; state in $DIR (linked from .local/imap)"
}

write_config() {
  local user group uid gid
  user=$(run_user)
  group=$(id -gn "$user")
  uid=$(id -u "$user")
  gid=$(id -g "$user")
  mkdir -p "$DIR/run" "$DIR/state" "$DIR/mail"
  touch "$USERS" "$LOG"
  # The bench opens 500+ connections from one address to one account: limits raised accordingly.
  cat >"$CONF" <<CONF
instance_name = stepwise-imap
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $LOG
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = $user
default_internal_user = $user
default_internal_group = $group
first_valid_uid = $uid
last_valid_uid = $uid
mail_location = maildir:$DIR/mail/%u
mail_max_userip_connections = 2000
default_process_limit = 2000
default_client_limit = 4000
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $USERS
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$DIR/mail/%u
}
service imap-login {
  chroot =
  user = $user
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
  # One login process serves many clients: 500 connections need not cost 500 login processes.
  service_count = 0
  process_min_avail = 1
  process_limit = 8
  client_limit = 4000
}
service imap-urlauth-login {
  process_limit = 8
}
service imap {
  process_limit = 2000
}
service auth {
  user = $user
  unix_listener auth-userdb {
    user = $user
  }
}
service auth-worker {
  user = $user
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    user = $user
  }
  unix_listener stats-writer {
    user = $user
  }
}
CONF
  if [ "$(id -u)" -eq 0 ]; then chown -R "$user:$group" "$DIR"; fi
}

running() { [ -f "$DIR/run/master.pid" ] && kill -0 "$(cat "$DIR/run/master.pid")" 2>/dev/null; }

start() {
  if port_open "$PORT"; then echo "imap: already answering on 127.0.0.1:$PORT"; return 0; fi
  install_dovecot
  place_state
  write_config
  echo "imap: starting dovecot on 127.0.0.1:$PORT (log: $LOG)"
  # Each IMAP connection holds file descriptors in the master and the login process.
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
  # Detached from this script's output: a daemon holding the caller's stdout open would keep a
  # pipe reading it (CI's, `… | tail`) waiting after the tests end.
  /usr/sbin/dovecot -c "$CONF" </dev/null >>"$LOG" 2>&1
  for _ in $(seq 1 40); do
    if port_open "$PORT"; then echo "imap: up"; return 0; fi
    sleep 0.25
  done
  echo "imap: did not answer within 10s, see $LOG" >&2
  tail -20 "$LOG" >&2
  return 1
}

stop() {
  if running; then
    /usr/sbin/dovecot -c "$CONF" stop
    for _ in $(seq 1 40); do running || break; sleep 0.25; done
    echo "imap: stopped"
  else
    echo "imap: not running"
  fi
}

status() {
  if port_open "$PORT"; then echo "imap: answering on 127.0.0.1:$PORT (users: $USERS)"; else echo "imap: down"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  users-file) echo "$USERS" ;;
  *) echo "usage: $0 start|stop|restart|status|users-file" >&2; exit 2 ;;
esac
