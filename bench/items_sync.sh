#!/usr/bin/env bash
# Benchmark (not a test): the items flow against both simulators on 127.0.0.1.
# 1. Stock: the SAP B1 simulator holds N items with stock in its warehouses; the service maps three
#    warehouses (01, 02, 03) to V2 inventory locations and starts with an empty ShipStation inventory. Its first
#    stock look is a full resync: ShipStation's levels are listed, every item compared, every level that
#    differs set with `adjust`. Measures the V2 calls (listing pages and adjusts), the time from the service's
#    start to the end of the scan (its inventory.scanned log event), and compares that time with the least
#    time any client keeping to the V2 limit in every sliding minute could take for the same calls,
#    floor((calls - 1) / R2) minutes; also what the same calls take at V2's default 200 a minute.
# 2. Products: M orders bring the simulator's first K items to ShipStation (products made from the orders,
#    then aligned); then C items change weight in SAP. Counts the V1 product calls (GET and PUT /products)
#    spent per changed item.
# Usage: bench/items_sync.sh [--items N=10000] [--v2-rate R2=6000] [--changed C=20] [--log FILE]
set -euo pipefail
cd "$(dirname "$0")/.."

items=10000
v2_rate=6000
changed=20
keep_log=""
while [ $# -gt 0 ]; do
    case "$1" in
    --items) items=$2; shift 2 ;;
    --v2-rate) v2_rate=$2; shift 2 ;;
    --changed) changed=$2; shift 2 ;;
    --log) keep_log=$2; shift 2 ;;
    *) echo "usage: $0 [--items N] [--v2-rate R2] [--changed C] [--log FILE]" >&2; exit 2 ;;
    esac
done

source bench/lib.sh
bench_build ml-connector sap-b1-sim shipstation-sim
pid=""
bench_on_exit 'if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi'
bench_on_exit 'if [ -n "$keep_log" ] && [ -f "$work/service.log" ]; then cp "$work/service.log" "$keep_log"; fi'
bench_start_postgres
bench_start_sap_sim --seed 1 --orders 40 --items "$items" --partners 20
bench_start_shipstation_sim 2000 --v2-rate-limit "$v2_rate"

export MLC_DATABASE_URL="$MLC_PG_URL"
svc_port=$(scripts/free-port.sh)
export MLC_LISTEN="127.0.0.1:$svc_port"
export MLC_LOG_FORMAT=json MLC_LOG_LEVEL=info
bench_export_simulator_settings
export MLC_SAP_PAGE_SIZE=500 MLC_SHIPSTATION_RATE_LIMIT=2000 MLC_POLL_INTERVAL=5s MLC_SYNC_SINCE=2025-07-01
export MLC_SHIPSTATION_V2_URL="http://127.0.0.1:$ss_port" MLC_SHIPSTATION_V2_API_KEY=ShipStationV2
export MLC_SHIPSTATION_V2_RATE_LIMIT="$v2_rate" MLC_INVENTORY_LOCATION_MAP=01=se-4567,02=se-4568,03=se-4569
build-bench/bin/ml-connector migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }

# The first event named $1 in the service log: its JSON, or nothing.
event() {
    python3 - "$work/service.log" "$1" <<'PY'
import json, sys
for line in open(sys.argv[1], errors="replace"):
    try: e = json.loads(line)
    except ValueError: continue
    if e.get("event") == sys.argv[2]: print(json.dumps(e)); break
PY
}
# Sum of field $2 over events $1.
event_sum() {
    python3 - "$work/service.log" "$1" "$2" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1], errors="replace"):
    try: e = json.loads(line)
    except ValueError: continue
    if e.get("event") == sys.argv[2]: n += e.get(sys.argv[3], 0)
print(n)
PY
}
stat() { curl -fs "http://127.0.0.1:$ss_port/_control/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['by_endpoint'].get('$1', 0))"; }

start=$(date +%s.%N)
build-bench/bin/ml-connector run --no-migrate >/dev/null 2>"$work/service.log" &
pid=$!
deadline=$(( $(date +%s) + 1800 ))
until [ -n "$(event inventory.scanned)" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "items_sync: the service exited" >&2; tail -5 "$work/service.log" >&2; exit 1; }
    [ "$(date +%s)" -ge "$deadline" ] && { echo "items_sync: no scan after 30 minutes" >&2; exit 1; }
    sleep 0.5
done
scanned=$(event inventory.scanned)
lists=$(stat "GET /v2/inventory"); adjusts=$(stat "POST /v2/inventory")

bench_machine
echo "stock: $items items, warehouses 01 02 03 mapped, V2 limit $v2_rate/min (simulator and MLC_SHIPSTATION_V2_RATE_LIMIT)"
python3 - "$start" "$scanned" "$lists" "$adjusts" "$v2_rate" <<'PY'
import datetime as d, json, math, sys
start, e, lists, adjusts, rate = float(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
end = d.datetime.fromisoformat(e["ts"].replace("Z", "+00:00")).timestamp()
calls = lists + adjusts
bound = math.floor((calls - 1) / rate) * 60 if calls else 0
elapsed = end - start
print(f"full resync: {e.get('items')} items read, {e.get('changed')} levels differed, {e.get('sent')} set, "
      f"{e.get('failed')} failed; V2 calls {calls} (listing pages {lists}, adjusts {adjusts})")
print(f"elapsed (service start to scan end): {elapsed:.1f}s; sliding-window bound for {calls} calls at {rate}/min: "
      f"{bound}s; efficiency bound/elapsed: {100 * bound / elapsed:.0f}%" if bound else
      f"elapsed (service start to scan end): {elapsed:.1f}s (the calls fit in one window: no bound)")
print(f"the same calls at V2's default 200/min: at least {math.floor((calls - 1) / 200)} min")
PY

# Products: wait for the orders' items to be aligned (their first alignment waits a minute after the push).
until [ "$(event_sum items.products_aligned updated)" -gt 0 ] && \
      [ "$(( $(event_sum items.products_aligned updated) + $(event_sum items.products_aligned unchanged) ))" -ge \
        "$(curl -fs "http://127.0.0.1:$ss_port/_control/stats" >/dev/null; python3 - "$ss_port" <<'PY'
import json, urllib.request, sys, base64
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/products?pageSize=500",
                             headers={"Authorization": "Basic " + base64.b64encode(b"ShipStation:Rocks").decode()})
print(json.load(urllib.request.urlopen(req))["total"])
PY
)" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "items_sync: the service exited" >&2; exit 1; }
    [ "$(date +%s)" -ge "$deadline" ] && { echo "items_sync: products not aligned in time" >&2; exit 1; }
    sleep 1
done
# An alignment that finds nothing to change (an item without a weight unit keeps no weight) counts as done.
aligned() { echo $(( $(event_sum items.products_aligned updated) + $(event_sum items.products_aligned unchanged) )); }
aligned_before=$(aligned)
gets0=$(stat "GET /products"); puts0=$(stat "PUT /products/{id}")
# C items of the orders change weight in SAP (through the Service Layer, as a user saving the item).
skus=$(python3 - "$ss_port" "$changed" <<'PY'
import json, urllib.request, sys, base64
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/products?pageSize=500",
                             headers={"Authorization": "Basic " + base64.b64encode(b"ShipStation:Rocks").decode()})
print(" ".join(p["sku"] for p in json.load(urllib.request.urlopen(req))["products"][: int(sys.argv[2])]))
PY
)
jar="$work/sap.cookies"
curl -fs -c "$jar" -H 'Content-Type: application/json' -d '{"CompanyDB":"SBODEMOUS","UserName":"manager","Password":"manager"}' \
    "http://127.0.0.1:$sap_port/b1s/v2/Login" >/dev/null
n=0
for sku in $skus; do
    curl -fs -b "$jar" -X PATCH -H 'Content-Type: application/json' -d '{"SalesUnitWeight": 9.75}' \
        "http://127.0.0.1:$sap_port/b1s/v2/Items('$sku')" >/dev/null && n=$((n + 1))
done
until [ "$(( $(aligned) - aligned_before ))" -ge "$n" ]; do
    [ "$(date +%s)" -ge "$deadline" ] && { echo "items_sync: changed items not aligned in time" >&2; break; }
    sleep 1
done
sleep 2
gets=$(( $(stat "GET /products") - gets0 )); puts=$(( $(stat "PUT /products/{id}") - puts0 ))
echo "products: $n items changed in SAP; V1 product calls $((gets + puts)) (GET $gets, PUT $puts): $(python3 -c "print(f'{($gets + $puts) / max($n, 1):.2f}')") per changed item"
echo "log warnings/errors: $(python3 - "$work/service.log" <<'PY'
import collections, json, sys
c = collections.Counter()
for line in open(sys.argv[1], errors="replace"):
    try: e = json.loads(line)
    except ValueError: continue
    if e.get("level") in ("warn", "error"): c[f"{e['level']} {e.get('event')}"] += 1
print(", ".join(f"{k} x{v}" for k, v in c.most_common()) or "none")
PY
)"
exit 0
