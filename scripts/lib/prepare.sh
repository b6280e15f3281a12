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

# Every service and stand-in compiled to dist/ (Nx build targets): tests and the demo run this output.
build_services() {
  step "build" npm run -s build
}

# The Kubernetes manifests are rendered by kubectl's kustomize in tests. Debian's kubernetes-client
# (kubectl 1.20) is enough: deploy/k8s keeps to what its kustomize reads.
ensure_kubectl() {
  if command -v kubectl >/dev/null 2>&1; then return; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  step "kubectl (Debian's kubernetes-client)" bash -c \
    "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq kubernetes-client >/dev/null"
}

# promtool checks and unit-tests the alert rules (deploy/prometheus). Only the binary is needed, so it
# is taken out of Debian's prometheus package into .local/tools rather than installing a server.
ensure_promtool() {
  if command -v promtool >/dev/null 2>&1 || [ -x .local/tools/prometheus/usr/bin/promtool ]; then return; fi
  step "promtool (from Debian's prometheus package)" bash -c \
    'set -e; dir=$(mktemp -d); (cd "$dir" && apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus >/dev/null; }); mkdir -p .local/tools/prometheus; dpkg -x "$dir"/prometheus_*.deb .local/tools/prometheus; rm -rf "$dir"'
}

# $1: "system" lets tests use the machine's own Postgres on 5432; anything else uses the project's cluster.
start_infrastructure() {
  step "kafka" bash scripts/kafka.sh start
  step "imap" bash scripts/imap.sh start
  if [ "${1:-}" = system ]; then export STEPWISE_PG=system; fi
  step "postgres" bash scripts/postgres.sh start
}
