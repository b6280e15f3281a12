# Shared by scripts/test.sh and scripts/demo.sh: install what is missing and start the infrastructure.

step() { # name command...
  local name=$1; shift
  local started=$SECONDS
  echo "== $name"
  "$@"
  echo "== $name: ok ($((SECONDS - started)) s)"
}

prepare_workspace() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci" npm ci --no-audit --no-fund
  fi
  step "prisma generate" node scripts/prisma-generate.mjs
  step "dashboard API client" npm run -s dashboard:client
  ensure_chromium
}

# The dashboard's browser tests drive Debian's chromium package (browser downloads are not possible).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  step "chromium" bash -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null"
}

# $1: "system" lets tests use the machine's own Postgres on 5432; anything else uses the project's cluster.
start_infrastructure() {
  step "kafka" bash scripts/kafka.sh start
  if [ "${1:-}" = system ]; then export STEPWISE_PG=system; fi
  step "postgres" bash scripts/postgres.sh start
}
