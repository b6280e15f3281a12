#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs what is missing, starts Kafka and Postgres,
# builds every service, then static checks, unit specs, and integration/end-to-end tests (which start
# the built services, and render docker-compose.yml and deploy/k8s) against the real broker and database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh

prepare_workspace
ensure_kubectl
ensure_promtool
build_services
start_infrastructure system
export DATABASE_URL="$(bash scripts/postgres.sh url stepwise_test)"
echo "test: Postgres $DATABASE_URL, Kafka 127.0.0.1:9092"

step "lint" npm run -s lint
step "format" npx prettier --check . --log-level warn
step "typecheck" npm run -s typecheck
step "unit tests" npx jest --selectProjects unit --ci
step "integration and end-to-end tests" npx jest --selectProjects integration e2e --ci --runInBand --forceExit
# On a broker (9192) and a Postgres cluster (5434) of its own, which it restarts mid-run.
step "chaos test" npx jest --selectProjects chaos --ci --runInBand --forceExit
echo "test: all checks passed"
