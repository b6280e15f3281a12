#!/usr/bin/env bash
# `npm run bench`: the end-to-end benchmark. Installs what is missing, starts Kafka and the
# project's own Postgres (configured like production), then runs bench/system.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh

prepare_workspace
start_infrastructure own
exec node -r @swc-node/register bench/system.ts
