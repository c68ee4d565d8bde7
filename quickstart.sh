#!/usr/bin/env bash
# One command from a fresh clone to a working demo: the local stack (docker-compose.yml), the assets, the dashboards,
# generated sales with planted fraud, one fraud-checked load, a streamed batch of payments through Kafka, and the search
# API with its status page (which also keeps consuming the stream).
# Needs Docker with compose and the .NET 10 SDK (a preflight checks them first and names what is missing).
# Re-running it is safe: apply, import and load are idempotent.
set -euo pipefail
cd "$(dirname "$0")"

# ---- preflight: say everything that is missing, in one go, before anything starts --------------------------------
missing=()
need() { missing+=("$1"); }

if ! command -v docker >/dev/null 2>&1; then
  need "Docker is not installed (no 'docker' command): install Docker Engine, https://docs.docker.com/engine/install/"
else
  # Compose v2 is the 'docker compose' plugin; without it Docker answers "unknown shorthand flag: 'd' in -d" to 'up -d'.
  docker compose version >/dev/null 2>&1 \
    || need "Docker Compose v2 is missing ('docker compose version' failed): install the Compose plugin (Debian/Ubuntu: the docker-compose-plugin package), https://docs.docker.com/compose/install/linux/"
  docker info >/dev/null 2>&1 \
    || need "the Docker engine is not running or not reachable ('docker info' failed): start it (sudo systemctl start docker) or add yourself to the docker group"
fi
if ! command -v dotnet >/dev/null 2>&1; then
  need "the .NET SDK is not installed (no 'dotnet' command): install the .NET 10 SDK, https://dotnet.microsoft.com/download/dotnet/10.0"
elif ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  need "the .NET 10 SDK is missing ('dotnet --list-sdks' lists no 10.x): install it, https://dotnet.microsoft.com/download/dotnet/10.0"
fi
if [ ! -f .env ]; then
  need ".env is missing: copy .env.example to .env and replace every change-me"
else
  placeholders=$(grep -nE '^[A-Z_]+=.*change-me' .env | cut -d= -f1 | cut -d: -f2 | tr '\n' ' ' || true)
  [ -z "$placeholders" ] || need ".env still has change-me placeholders in: ${placeholders% }; replace each with a value of your own"
  set -a; . ./.env; set +a
fi
# Ports the stack and the API listen on must be free, unless our own stack already holds them (a re-run).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! { command -v docker >/dev/null 2>&1 && [ -n "$(docker compose ps -q 2>/dev/null)" ]; }; then
  for port in "${ES_PORT:-9200}" "${KIBANA_PORT:-5601}" "${MYSQL_PORT:-3306}" "${KAFKA_PORT:-9092}" 8080; do
    port_in_use "$port" && need "port $port is already in use on this machine: stop what listens there or set another port in .env"
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "quickstart: cannot start, ${#missing[@]} thing(s) missing:" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  exit 1
fi
echo "== preflight passed: Docker engine, Compose v2, .NET 10 SDK, free ports, .env filled"

controlplane() { dotnet controlplane/bin/Release/net10.0/controlplane.dll "$@"; }

echo "== starting Elasticsearch, Kibana, MySQL and Kafka (docker compose up --wait)"
docker compose up -d --wait
echo "== building the control plane"
dotnet build controlplane -c Release -v quiet
echo "== validate, then apply the Elasticsearch assets"
controlplane validate
controlplane apply --yes
echo "== importing the Kibana dashboards"
controlplane kibana import
echo "== doctor: settings, Elasticsearch, Kibana, MySQL sources, AOV transforms"
controlplane doctor || echo "quickstart: doctor named problems above; going on (a transform may still be starting)"
echo "== generating ${ROWS:-200000} sales with planted fraud into MySQL"
controlplane generate --rows "${ROWS:-200000}" --days 30
echo "== loading every source once (the fraud check needs the weekly AOV: the transforms run after this load)"
controlplane load --once
# The weekly AOV transform syncs with a 180 s delay behind the daily one (transforms/*.yml), so give both a few
# checkpoints before the fraud check reads the weekly AOV of the loaded days again.
echo "== waiting ${AOV_WAIT:-300} s for the AOV transforms, then re-checking the loaded days for fraud"
sleep "${AOV_WAIT:-300}"
controlplane backfill --from "$(date -d '31 days ago' +%F)" --to "$(date +%F)"
echo "== the stream: publishing ${PAYMENTS:-2000} of the seed's payments to Kafka (with 10 planted BITCOIN-to-STRANGER), then consuming them"
controlplane produce --count "${PAYMENTS:-2000}" --rate 500 --planted 10
controlplane stream --until-idle 10      # fraud-checked into platform_sales, fraud_payments/legit_topic, [ALERT]s into platform_alerts
echo "== serving the search API and status page on http://localhost:8080 (Ctrl+C to stop); dashboards: ${KIBANA_URL}/app/dashboards"
controlplane serve --urls http://localhost:8080
