# Shared by scripts/test.sh and scripts/demo.sh: install what is missing and start the infrastructure.

step() { # name command...
  local name=$1; shift
  local started=$SECONDS
  echo "== $name"
  "$@"
  echo "== $name: ok ($((SECONDS - started)) s)"
}

# Debian packages (as root; apt-get update first), installed only when missing.
apt_install() { # package...
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

prepare_workspace() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # @confluentinc/kafka-javascript (the librdkafka producer) cannot download its prebuilt binary
    # here, so it is built from the librdkafka source it ships, against Debian's compression and
    # SASL libraries (about 3 minutes of CPU on a quiet 2-core box).
    step "build tools for librdkafka" apt_install g++ make python3 libzstd-dev liblz4-dev libsasl2-dev
    CKJS_LINKING=dynamic npm_config_build_from_source=true step "npm ci" npm ci --no-audit --no-fund
  fi
  step "prisma generate" node scripts/prisma-generate.mjs
}

# $1: "system" lets tests use the machine's own Postgres on 5432; anything else uses the project's cluster.
start_infrastructure() {
  step "kafka" bash scripts/kafka.sh start
  if [ "${1:-}" = system ]; then export STEPWISE_PG=system; fi
  step "postgres" bash scripts/postgres.sh start
}
