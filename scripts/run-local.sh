#!/usr/bin/env bash
# Runs ml-connector locally on defaults: installs what is missing, builds, starts a throwaway PostgreSQL and the
# SAP Business One and ShipStation simulators, checks every dependency, and serves on 127.0.0.1:8080 until
# Ctrl-C; then removes the database again and stops the simulators. The orders flow sends the SAP simulator's
# 50 seeded orders to the ShipStation simulator; then labels are bought there for three of them (two whole, one
# partial), the shipments flow writes the deliveries back to SAP, and a summary of both is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target ml-connector sap-b1-sim shipstation-sim

pg_dir=$(mktemp -d /tmp/mlc-local-pg.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    scripts/pg-throwaway.sh stop "$pg_dir"
}
trap cleanup EXIT
eval "$(scripts/pg-throwaway.sh start "$pg_dir")"

sap_port=$(scripts/free-port.sh)
build/bin/sap-b1-sim --listen "127.0.0.1:$sap_port" --seed 1 --log-level warn &
pids+=($!)
ss_port=$(scripts/free-port.sh)
build/bin/shipstation-sim --listen "127.0.0.1:$ss_port" --api-key ShipStation --api-secret Rocks &
pids+=($!)

export MLC_DATABASE_URL="${MLC_DATABASE_URL:-$MLC_PG_URL}"
export MLC_LISTEN="${MLC_LISTEN:-127.0.0.1:8080}"
export MLC_LOG_FORMAT="${MLC_LOG_FORMAT:-text}"
export MLC_SAP_URL="${MLC_SAP_URL:-http://127.0.0.1:$sap_port/b1s/v2}"
export MLC_SAP_COMPANY_DB="${MLC_SAP_COMPANY_DB:-SBODEMOUS}" MLC_SAP_USERNAME="${MLC_SAP_USERNAME:-manager}"
export MLC_SAP_PASSWORD="${MLC_SAP_PASSWORD:-manager}"
export MLC_SHIPSTATION_URL="${MLC_SHIPSTATION_URL:-http://127.0.0.1:$ss_port}"
export MLC_SHIPSTATION_API_KEY="${MLC_SHIPSTATION_API_KEY:-ShipStation}"
export MLC_SHIPSTATION_API_SECRET="${MLC_SHIPSTATION_API_SECRET:-Rocks}"
# The simulator's orders are dated from 2025-08-01; a real deployment starts today (the default).
export MLC_SYNC_SINCE="${MLC_SYNC_SINCE:-2025-07-01}"
export MLC_ADMIN_TOKEN="${MLC_ADMIN_TOKEN:-local-admin-0123456789abcdef}"
# The ShipStation simulator sends its webhooks here; the service subscribes SHIP_NOTIFY at start-up.
export MLC_WEBHOOK_TOKEN="${MLC_WEBHOOK_TOKEN:-local-webhook-0123456789abcdef}"
export MLC_PUBLIC_URL="${MLC_PUBLIC_URL:-http://$MLC_LISTEN}"
# Stock goes to the simulator's V2 inventory: SAP warehouses 01 and 02 to two of its locations.
export MLC_SHIPSTATION_V2_URL="${MLC_SHIPSTATION_V2_URL:-http://127.0.0.1:$ss_port}"
export MLC_SHIPSTATION_V2_API_KEY="${MLC_SHIPSTATION_V2_API_KEY:-ShipStationV2}"
export MLC_INVENTORY_LOCATION_MAP="${MLC_INVENTORY_LOCATION_MAP:-01=se-4567,02=se-4568}"

for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$sap_port/ping/" >/dev/null 2>&1 \
        && curl -fs "http://127.0.0.1:$ss_port/_control/stats" >/dev/null 2>&1 && break
    sleep 0.1
done
build/bin/ml-connector migrate
build/bin/ml-connector check || echo "run-local: a dependency check failed (see above); serving anyway" >&2
echo "ml-connector on http://$MLC_LISTEN (/healthz, /readyz, /metrics); SAP simulator on :$sap_port," \
     "ShipStation simulator on :$ss_port; Ctrl-C stops everything" >&2
summary() {
    local base="http://$MLC_LISTEN" auth="Authorization: Bearer $MLC_ADMIN_TOKEN"
    for _ in $(seq 1 100); do
        curl -fs "$base/metrics" 2>/dev/null | grep -q '^mlc_order_links{state="sent"} [1-9]' && break
        sleep 0.2
    done
    sleep 2  # let the last batch land
    echo "---- orders flow: SAP orders by sync state (mlc_order_links) ----" >&2
    curl -fs "$base/metrics" | grep '^mlc_order_links' | grep -v ' 0$' >&2 || true
    echo "---- ShipStation simulator: $(curl -fs "http://127.0.0.1:$ss_port/_control/stats" | tr -d '\n' | cut -c1-160)" >&2
    echo "---- one order: curl -H '$auth' $base/admin/orders/1" >&2
    curl -fs -H "$auth" "$base/admin/orders/1" | head -c 600 >&2 || true
    echo >&2
    echo "---- one item (SKU, product, stock per location): curl -H '$auth' $base/admin/items/A00001" >&2
    curl -fs -H "$auth" "$base/admin/items/A00001" | head -c 600 >&2 || true
    echo >&2
    scripts/demo_loop.py "$base" "$MLC_ADMIN_TOKEN" "http://127.0.0.1:$sap_port" "http://127.0.0.1:$ss_port" \
        || echo "run-local: the shipments demo failed (see above)" >&2
}
summary &
pids+=($!)
# Not exec: the trap must still stop the simulators and remove the database when the service stops.
build/bin/ml-connector run --no-migrate "$@"
