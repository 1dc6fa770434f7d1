#!/usr/bin/env bash
# Runs ml-connector locally on defaults: installs what is missing, builds, starts a throwaway PostgreSQL
# and serves on 127.0.0.1:8080 until Ctrl-C, then removes the database again.
# (The SAP and ShipStation simulators join here once their issues land.)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target ml-connector

pg_dir=$(mktemp -d /tmp/mlc-local-pg.XXXXXX)
trap 'scripts/pg-throwaway.sh stop "$pg_dir"' EXIT
eval "$(scripts/pg-throwaway.sh start "$pg_dir")"

export MLC_DATABASE_URL="${MLC_DATABASE_URL:-$MLC_PG_URL}"
export MLC_LISTEN="${MLC_LISTEN:-127.0.0.1:8080}"
export MLC_LOG_FORMAT="${MLC_LOG_FORMAT:-text}"
echo "ml-connector on http://$MLC_LISTEN (/healthz, /readyz, /metrics); Ctrl-C stops it" >&2
# Not exec: the trap must still remove the database when the service stops.
build/bin/ml-connector run "$@"
