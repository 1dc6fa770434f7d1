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

source bench/lib.sh
bench_build ml-connector sap-b1-sim shipstation-sim
bench_start_postgres
bench_start_sap_sim --seed 1 --orders 100
bench_start_shipstation_sim 1000

bench_export_service_settings 1000
build-bench/bin/ml-connector run >"$work/service.log" 2>&1 &
bench_track $!
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$svc_port/metrics" 2>/dev/null | grep -q '^mlc_order_links{state="sent"} 100' && break
    sleep 0.1
done

bench_machine
python3 bench/delivery_latency.py "http://127.0.0.1:$svc_port" "$bench_admin_token" "http://127.0.0.1:$sap_port" \
    "http://127.0.0.1:$ss_port" "$k"
grep -E '"level":"(warn|error)"' "$work/service.log" | head -5 || true
exit 0
