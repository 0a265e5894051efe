# syntax=docker/dockerfile:1
#
# One image for every Shop process; the command picks which one runs, e.g.
#   docker run --init shop node --import tsx services/catalog/src/main.ts
# (docker-compose.yml does this for auth, catalog, order, analytics and the gateway).
#
# Base: Debian bookworm-slim rather than Alpine: glibc like the machines the lockfile and the
# benchmarks come from, no musl surprises in DNS resolution (service names, round robin) or in
# prebuilt optional binaries (esbuild), and GNU cp for the manifests stage below.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# ── manifests: only the lockfile and every workspace's package.json ─────────────────────────────
# Copies the same globs as "workspaces" in package.json, so a new service needs no edit here.
# The next stages copy this directory: its content changes only when a manifest does, so the
# `npm ci` layers stay cached across source edits.
FROM base AS manifests
COPY . /src
RUN mkdir /manifests \
 && cd /src \
 && cp --parents package.json package-lock.json libs/*/package.json services/*/package.json gateway/package.json /manifests/

# ── deps: the full install (dev dependencies included), from the lockfile ───────────────────────
# --ignore-scripts: no runtime package needs an install script (esbuild finds its binary through
# its optional @esbuild/<platform> package; ssh2/cpu-features, under testcontainers, are optional
# native add-ons nobody here loads), and the slim image has no compiler for node-gyp anyway.
FROM base AS deps
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

# ── prod-deps: runtime dependencies only ─────────────────────────────────────────────────────────
# tsx is a root runtime dependency: the services run their TypeScript through it (`node --import tsx`).
FROM base AS prod-deps
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts
RUN printf 'const ok: string = "tsx ok";\nconsole.log(ok);\n' > /tmp/check.ts \
 && node --import tsx /tmp/check.ts \
 && rm /tmp/check.ts

# ── runtime ─────────────────────────────────────────────────────────────────────────────────────
FROM base AS runtime
ENV NODE_ENV=production \
    DEV_KEY_FILE=/var/lib/shop/keys/auth-ed25519.pem
# Code and modules stay owned by root (read-only to the service); the one place a process writes
# is auth's development key directory, which a named volume mounted there inherits ownership of.
RUN mkdir -p /var/lib/shop/keys && chown node:node /var/lib/shop/keys
COPY --from=prod-deps /app/node_modules ./node_modules
COPY . .
USER node

# Each service listens on PORT (auth 8081, catalog 8082, order 8083, analytics 8084), the gateway on
# GATEWAY_PORT (8080). node has fetch; the slim image has no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || process.env.GATEWAY_PORT || 8080) + '/readyz', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

EXPOSE 8080 8081 8082 8083 8084
# Exec form: node itself receives SIGTERM (no shell in between). Run it under an init
# (`init: true` in compose, `docker run --init`) so a signal during start-up, before the service
# installs its handler, still stops it, and so node is not PID 1.
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
