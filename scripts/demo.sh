#!/usr/bin/env bash
# One command: installs what is missing, starts Kafka, the project's own Postgres (configured like
# production), an SMTP sink, the Twilio and LinkedIn-provider stand-ins and all six services, runs
# the demo (services from their build output in dist/), prints where to look, and keeps everything running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh

prepare_workspace
build_services
step "dashboard build" npm run -s dashboard:build
start_infrastructure own
export DATABASE_URL="$(bash scripts/postgres.sh url stepwise)"
exec node -r @swc-node/register scripts/demo.ts
