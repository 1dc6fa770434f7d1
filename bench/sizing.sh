#!/usr/bin/env bash
# Benchmark (not a test): what N orders and their shipments cost, for the README's sizing section. Starts a
# throwaway PostgreSQL, both simulators and the service (Release) on 127.0.0.1; the SAP simulator holds N new
# orders; once all are in ShipStation, bench/sizing.py buys one label per order whose items need no batch or
# serial numbers (each fires SHIP_NOTIFY) and waits until every one is an SAP delivery. Prints the PostgreSQL
# growth per table (bytes and rows, per 1,000 orders), ShipStation calls per order and per shipment, and the
# service's resident memory idle (before the first order arrives), at its peak and after the work.
# Usage: bench/sizing.sh [N=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-1000}

source bench/lib.sh
bench_build ml-connector sap-b1-sim shipstation-sim
bench_start_postgres
bench_start_sap_sim --seed 1 --orders "$orders" --items 50 --partners 200
bench_start_shipstation_sim 1000

bench_export_service_settings 1000
export MLC_SAP_PAGE_SIZE=500
build-bench/bin/ml-connector migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }

# Each table of the connector's schema: "name bytes rows" (bytes with indexes and TOAST).
table_sizes() {
    psql "$MLC_PG_URL" -XAtF' ' -c "VACUUM" -c "
        SELECT c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 1"
}
table_sizes >"$work/sizes.before"

# The SAP simulator answers nothing until the service logs in, so the first second is the idle figure.
build-bench/bin/ml-connector run --no-migrate >"$work/service.log" 2>&1 &
pid=$!
bench_track "$pid"
bench_wait_http "http://127.0.0.1:$svc_port/healthz" "$pid" || { cat "$work/service.log" >&2; exit 1; }
awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" >"$work/rss.idle"
( while rss=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [ -n "$rss" ]; do
      echo "$rss" >"$work/rss.peak"; sleep 0.5
  done ) &
bench_track $!

bench_machine
python3 bench/sizing.py "http://127.0.0.1:$svc_port" "$bench_admin_token" "http://127.0.0.1:$sap_port" \
    "http://127.0.0.1:$ss_port" "$orders"
table_sizes >"$work/sizes.after"
echo "resident memory: idle $(( $(cat "$work/rss.idle") / 1024 )) MB, peak $(( $(cat "$work/rss.peak") / 1024 )) MB," \
    "after the work $(( $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status") / 1024 )) MB"
python3 - "$work/sizes.before" "$work/sizes.after" "$orders" <<'EOF'
import sys
def read(path):
    return {f[0]: (int(f[1]), int(f[2])) for f in (l.split() for l in open(path)) if len(f) == 3}
before, after, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
per = 1000 / n
print(f"PostgreSQL growth per 1,000 orders (and their shipments), after VACUUM:")
print(f"  {'table':<28} {'bytes':>12} {'rows':>8}")
total = 0
for name in sorted(after):
    grew = after[name][0] - before.get(name, (0, 0))[0]
    rows = after[name][1] - max(before.get(name, (0, 0))[1], 0)
    if grew <= 0 and rows <= 0:
        continue
    total += grew
    print(f"  {name:<28} {grew * per:>12,.0f} {rows * per:>8,.0f}")
print(f"  {'total':<28} {total * per:>12,.0f}")
EOF
grep -E '"level":"(warn|error)"|\[(warn|error)\]' "$work/service.log" | head -5 || true
