#!/usr/bin/env bash
# Start-up time of every process in an image, from `node` starting to its first /readyz 200, measured
# inside the container (no docker exec polling in the figure). Uses docker-compose.yml's PostgreSQL
# and RabbitMQ in a project of its own, then starts auth, catalog, order, analytics and the gateway
# one after the other (each stays up: the gateway's /readyz needs them). The first pass migrates.
#   bash scripts/build/image-start-time.sh shop:local                  # node dist/<app>/main.js
#   bash scripts/build/image-start-time.sh shop:before tsx             # node --import tsx <app>/src/main.ts
set -euo pipefail
cd "$(dirname "$0")/../.."
image=${1:-shop:local}
mode=${2:-dist}
project=shop-start-time
net=${project}_default
compose() { docker compose -p "$project" -f docker-compose.yml "$@"; }
compose up -d --wait postgres rabbitmq >/dev/null 2>&1
trap 'docker rm -f $(docker ps -aq --filter label=shop-start-time) >/dev/null 2>&1 || true; compose down -v >/dev/null 2>&1' EXIT

command_of() {
  local app=$1 dir=services/$1
  [ "$app" = gateway ] && dir=gateway
  if [ "$mode" = tsx ]; then echo "node --import tsx $dir/src/main.ts"; else echo "node dist/$app/main.js"; fi
}

# Runs the app in the background in its container, and prints the milliseconds until /readyz is 200.
timed_start() {
  local app=$1 port=$2
  shift 2
  docker run -d --init --label shop-start-time --network "$net" --network-alias "$app" --name "$project-$app" \
    -e NODE_ENV=development -e LOG_LEVEL=warn -e LOG_FORMAT=json -e PORT="$port" \
    -e DATABASE_URL=postgres://postgres:postgres@postgres:5432/shop -e AMQP_URL=amqp://guest:guest@rabbitmq:5672 \
    -e AUTH_URL=http://auth:8081 -e DEV_KEY_FILE=/tmp/auth-key.pem "$@" "$image" \
    bash -c 'start=$(date +%s%N); '"$(command_of "$app")"' & until (exec 3<>/dev/tcp/127.0.0.1/'"$port"' && printf "GET /readyz HTTP/1.0\r\n\r\n" >&3 && IFS= read -r -t 2 s <&3 && [[ $s == *" 200 "* ]]) 2>/dev/null; do sleep 0.02; done; echo "ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))"; wait' >/dev/null
  until docker logs "$project-$app" 2>/dev/null | grep -q ready_ms; do sleep 0.2; done
  echo "$app $(docker logs "$project-$app" 2>/dev/null | grep -o 'ready_ms=[0-9]*')"
}

for pass in 1 2; do
  echo "pass $pass ($image, $mode)"
  timed_start auth 8081
  timed_start catalog 8082
  timed_start order 8083
  timed_start analytics 8084
  timed_start gateway 8080 -e GATEWAY_PORT=8080 -e UPSTREAMS=auth,catalog,order,analytics \
    -e CATALOG_URL=http://catalog:8082 -e ORDER_URL=http://order:8083 -e ANALYTICS_URL=http://analytics:8084
  docker rm -f $(docker ps -aq --filter label=shop-start-time) >/dev/null
done
