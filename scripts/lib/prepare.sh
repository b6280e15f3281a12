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
}

# $1: "system" lets tests use the machine's own Postgres on 5432; anything else uses the project's cluster.
start_infrastructure() {
  step "kafka" bash scripts/kafka.sh start
  step "imap" bash scripts/imap.sh start
  if [ "${1:-}" = system ]; then export STEPWISE_PG=system; fi
  step "postgres" bash scripts/postgres.sh start
}
