#!/usr/bin/env bash
# Benchmark (not a test): from a label bought in ShipStation to the SAP delivery, when nothing else is queued.
# Starts a throwaway PostgreSQL, both simulators and the service (Release) on 127.0.0.1; the service subscribes
# SHIP_NOTIFY at start-up (MLC_PUBLIC_URL) and syncs the SAP simulator's orders; then bench/delivery_latency.py
# buys K labels one after the other (the simulator sends each webhook at once) and times each until the
# delivery shows in GET /admin/orders/{DocNum}. Target (issue): median under 2 s.
# Usage: bench/delivery_latency.sh [K=20]
set -euo pipefail
cd "$(dirname "$0")/.."
k=${1:-20}

scripts/install-deps.sh --bench
# The simulators are built with the tests.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLC_BUILD_TESTS=ON >/dev/null
cmake --build build-bench -j2 --target ml-connector sap-b1-sim shipstation-sim >/dev/null

work=$(mktemp -d /tmp/mlc-bench.XXXXXX)
pg_dir=$(mktemp -d /tmp/mlc-bench-pg.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    scripts/pg-throwaway.sh stop "$pg_dir"
    rm -rf "$work"
}
trap cleanup EXIT
eval "$(scripts/pg-throwaway.sh start "$pg_dir")"

sap_port=$(scripts/free-port.sh)
build-bench/bin/sap-b1-sim --listen "127.0.0.1:$sap_port" --seed 1 --orders 100 --log-level warn >"$work/sap.log" 2>&1 &
pids+=($!)
ss_port=$(scripts/free-port.sh)
build-bench/bin/shipstation-sim --listen "127.0.0.1:$ss_port" --api-key ShipStation --api-secret Rocks \
    --rate-limit 1000 >"$work/ss.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$sap_port/ping/" >/dev/null 2>&1 \
        && curl -fs "http://127.0.0.1:$ss_port/_control/stats" >/dev/null 2>&1 && break
    sleep 0.1
done

svc_port=$(scripts/free-port.sh)
export MLC_DATABASE_URL="$MLC_PG_URL" MLC_LISTEN="127.0.0.1:$svc_port" MLC_LOG_LEVEL=warn
export MLC_SAP_URL="http://127.0.0.1:$sap_port/b1s/v2" MLC_SAP_COMPANY_DB=SBODEMOUS
export MLC_SAP_USERNAME=manager MLC_SAP_PASSWORD=manager
export MLC_SHIPSTATION_URL="http://127.0.0.1:$ss_port" MLC_SHIPSTATION_API_KEY=ShipStation
export MLC_SHIPSTATION_API_SECRET=Rocks MLC_SHIPSTATION_RATE_LIMIT=1000
export MLC_POLL_INTERVAL=1h MLC_SYNC_SINCE=2025-07-01 MLC_ADMIN_TOKEN=bench-admin
export MLC_WEBHOOK_TOKEN=bench-webhook MLC_PUBLIC_URL="http://127.0.0.1:$svc_port"
build-bench/bin/ml-connector run >"$work/service.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$svc_port/metrics" 2>/dev/null | grep -q '^mlc_order_links{state="sent"} 100' && break
    sleep 0.1
done

echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//')"
python3 bench/delivery_latency.py "http://127.0.0.1:$svc_port" bench-admin "http://127.0.0.1:$sap_port" \
    "http://127.0.0.1:$ss_port" "$k"
grep -E '"level":"(warn|error)"' "$work/service.log" | head -5 || true
exit 0
