# syntax=docker/dockerfile:1
# One image for every Stepwise service and local stand-in; the command (CMD) picks which one runs:
#   docker run stepwise node dist/apps/dispatcher/main.js            (a service)
#   docker run stepwise node dist/apps/enrollment/main.js migrate    (its migrations, then exit)
#   docker run stepwise node dist/tools/smtp-sink/main.js            (a local stand-in)
# Node's current LTS, slim Debian (glibc: the prebuilt @swc/core and Prisma WASM need nothing else).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Every dependency, the generated Prisma clients and the compiled services.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Install scripts are not needed (prebuilt binaries come as optional packages) and Prisma's would
# try to download an engine: the same policy as package.json's allowScripts, for any npm version.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN node scripts/prisma-generate.mjs && node scripts/build.mjs

# 2. Production dependencies only: what the compiled services require (scripts/build.mjs checks it).
# The librdkafka producer (@confluentinc/kafka-javascript) is built from the librdkafka source it
# ships, linked against Debian's compression and SASL libraries; kafkajs gets the project's patch
# (patches/, what patch-package applies on a developer's install).
FROM ${NODE_IMAGE} AS production-dependencies
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ make python3 patch libzstd-dev liblz4-dev libsasl2-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && CKJS_LINKING=dynamic npm_config_build_from_source=true npm rebuild @confluentinc/kafka-javascript \
    && for p in patches/*.patch; do patch -p1 < "$p"; done \
    && npm cache clean --force

# 3. The runtime: compiled code and production dependencies, owned by root, run as the node user.
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node and exits with node's status. Node itself as PID 1 gets
# no default signal actions: the SIGTERM Nest re-raises after its shutdown hooks is dropped, and
# the process ends only when nothing is left on its event loop (an idle service does; a leftover
# handle would hold it until SIGKILL). tini makes the stop deterministic and reaps any child.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini libzstd1 liblz4-1 libsasl2-2 \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HTTP_PORT=3000
WORKDIR /app
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY deploy/docker/healthcheck.js ./deploy/docker/healthcheck.js
USER node
EXPOSE 3000
# The command is exec form (no shell, no npm in between), so SIGTERM reaches the service through
# tini: bootstrapService handles it (readiness turns 503, in-flight batches finish, then exit).
# Compose `command:` and Kubernetes `args:` replace CMD and keep this entrypoint.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/enrollment/main.js"]
