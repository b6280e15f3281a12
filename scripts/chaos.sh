#!/usr/bin/env bash
# `npm run test:chaos`: the chaos test (e2e/chaos). It starts a Kafka broker and a Postgres cluster
# of its own (ports 9192 and 5434) and restarts them mid-run, so it disturbs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh

prepare_workspace
step "kafka jars" bash scripts/kafka.sh start
exec npx jest --selectProjects chaos --runInBand --forceExit "$@"
