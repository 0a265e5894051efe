# One image for every Shop process; the command picks which one runs, e.g.
#   docker run --init shop:local node dist/catalog/main.js
# (docker-compose.yml does this for auth, catalog, order, analytics and the gateway).
# Needs BuildKit (RUN --mount): Docker 23+ uses it by default, or DOCKER_BUILDKIT=1 / docker buildx.
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
 && cp --parents package.json package-lock.json libs/*/package.json services/*/package.json gateway/package.json /manifests/ \
 && if [ -d patches ]; then cp -r patches /manifests/; fi

# ── build: the full install, then `npm run build` (type-check + one bundle per app in dist/) ──────
# --ignore-scripts: no package needs an install script (esbuild finds its binary through its
# optional @esbuild/<platform> package, bcrypt its prebuilt one in its own prebuilds/ at run time),
# and the slim image has no compiler for node-gyp anyway.
FROM base AS build
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY . .
RUN npm run build

# ── prod-deps: the production dependencies of the apps (gateway, services/*), nothing else ───────
# Not the root's (tsx, esbuild, vitest… are dev dependencies) nor libs/testing's; the workspace's
# own libraries are inlined in the bundles, so their links go. No TypeScript loader gets in.
# patches/ (patch-package, the root's postinstall) is applied here by the version package.json names,
# fetched for this step: it is a dev dependency, so --omit=dev does not install it.
FROM base AS prod-deps
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --workspace gateway --workspace services \
 && if [ -d patches ]; then \
      npx --yes "patch-package@$(node -p "require('./package.json').devDependencies['patch-package']")" --error-on-fail; \
    fi \
 && rm -rf node_modules/@shop node_modules/.bin patches \
 && test ! -e node_modules/tsx

# ── runtime ─────────────────────────────────────────────────────────────────────────────────────
FROM base AS runtime
ENV NODE_ENV=production \
    DEV_KEY_FILE=/var/lib/shop/keys/auth-ed25519.pem
# Code and modules stay owned by root (read-only to the service); the one place a process writes
# is auth's development key directory, which a named volume mounted there inherits ownership of.
RUN mkdir -p /var/lib/shop/keys && chown node:node /var/lib/shop/keys
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY deploy/docker/readyz.sh /usr/local/bin/shop-readyz
USER node

# Each service listens on PORT (auth 8081, catalog 8082, order 8083, analytics 8084), the gateway on
# GATEWAY_PORT (8080); the check asks that port's /readyz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["shop-readyz"]

# The gateway's port; each service's own is set where it runs (compose `expose`, k8s containerPort).
EXPOSE 8080
# Exec form: node itself receives SIGTERM (no shell in between). Run it under an init
# (`init: true` in compose, `docker run --init`) so a signal during start-up, before the service
# installs its handler, still stops it, and so node is not PID 1.
CMD ["node", "dist/gateway/main.js"]
