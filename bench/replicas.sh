#!/usr/bin/env bash
# Benchmark (not a test): N `ml-connector run` replicas on one database against both simulators on 127.0.0.1.
# For each N, a fresh schema and fresh simulators: the SAP simulator holds a backlog of new orders, the
# ShipStation simulator enforces R requests per fixed minute and every replica runs with
# MLC_SHIPSTATION_RATE_LIMIT=R (the key's limit, not a share). Prints the backlog's throughput as a share of the
# key's bound (ceil(orders/100) calls at R per minute), the 429s, the simulator's busiest sliding minute, the
# fail-over time after a SIGKILL of the orders poller's leader (N >= 2: until another replica logs
# leader.acquired) and each replica's peak resident memory (VmRSS sampled every 0.5 s).
# The throughput share must not grow with N (the limit is the key's) nor fall (replicas must not get in each
# other's way).
# Usage: bench/replicas.sh [N ...] [--orders O=10000] [--rate R=200]   (N: 1 2 3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

orders=10000
rate=200
counts=()
while [ $# -gt 0 ]; do
    case "$1" in
    --orders) orders=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    [0-9]*) counts+=("$1"); shift ;;
    *) echo "usage: $0 [N ...] [--orders O] [--rate R]" >&2; exit 2 ;;
    esac
done
[ ${#counts[@]} -gt 0 ] || counts=(1 2 3)

source bench/lib.sh
bench_build ml-connector sap-b1-sim shipstation-sim
bench_start_postgres
export MLC_DATABASE_URL="$MLC_PG_URL"

run_pids=()
stop_run() {
    local p
    for p in "${run_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    run_pids=()
}
bench_on_exit stop_run

# Peak VmRSS (kB) of PID into FILE, sampled every 0.5 s while it runs.
sample_rss() {
    ( peak=0
      while rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null) && [ -n "$rss" ]; do
          [ "$rss" -gt "$peak" ] && { peak=$rss; echo "$peak" >"$2"; }
          sleep 0.5
      done ) &
    run_pids+=($!)
}

# How many orders the ShipStation simulator holds (its control side: no rate limit spent).
ss_orders() {
    curl -fs "http://127.0.0.1:$ss_port/_control/orders" \
        | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["orders"]))' 2>/dev/null || echo 0
}

# The replica (index) whose log last says it acquired the orders poller's lock and never lost it; -1 if none.
poller_leader() {
    python3 - "$work" "$1" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    held = False
    for line in open(f"{work}/replica{i}.log", errors="replace"):
        if '"leader.' not in line: continue
        try: e = json.loads(line)
        except ValueError: continue
        if str(e.get("lock", "")).startswith("orders_poller"): held = e["event"] == "leader.acquired"
    if held: print(i); break
else: print(-1)
PY
}

run_once() {
    local n=$1 i
    bench_start_sap_sim --seed 1 --orders "$orders" --items 50 --partners 200
    run_pids+=("${bench_pids[-1]}")
    bench_start_shipstation_sim "$rate"
    run_pids+=("${bench_pids[-1]}")
    bench_export_simulator_settings
    export MLC_DB_SCHEMA="bench_replicas_$n" MLC_LOG_FORMAT=json MLC_LOG_LEVEL=info
    export MLC_SAP_PAGE_SIZE=500 MLC_SHIPSTATION_RATE_LIMIT="$rate" MLC_POLL_INTERVAL=2s MLC_SYNC_SINCE=2025-07-01
    build-bench/bin/ml-connector migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }
    local start pids=()
    start=$(date +%s.%N)
    for ((i = 0; i < n; i++)); do
        MLC_LISTEN="127.0.0.1:$(scripts/free-port.sh)" build-bench/bin/ml-connector run --no-migrate \
            >/dev/null 2>"$work/replica$i.log" &
        pids+=($!)
        run_pids+=($!)
        sample_rss $! "$work/rss$i.peak"
    done
    local deadline=$(( $(date +%s) + 3 * (orders + 99) / 100 * 60 / rate + 180 )) have=0
    while [ "$have" -lt "$orders" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; have=$(ss_orders); done
    local elapsed
    elapsed=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
    local stats
    stats=$(curl -fs "http://127.0.0.1:$ss_port/_control/stats")

    local failover="n/a (one replica)"
    if [ "$n" -ge 2 ]; then
        local leader heir=-1 killed_at
        leader=$(poller_leader "$n")
        if [ "$leader" -ge 0 ]; then
            kill -KILL "${pids[$leader]}"
            killed_at=$(date +%s.%N)
            : >"$work/replica$leader.log"  # its lines no longer say anything
            for _ in $(seq 1 300); do
                heir=$(poller_leader "$n")
                [ "$heir" -ge 0 ] && break
                sleep 0.1
            done
            failover=$(python3 -c "import time; print(f'{time.time() - $killed_at:.1f} s (replica $leader to $heir)')")
            [ "$heir" -ge 0 ] || failover="not taken over within 30 s"
        else
            failover="no leader found in the logs"
        fi
    fi
    local rss=""
    for ((i = 0; i < n; i++)); do
        rss+="$(awk -v k="$(cat "$work/rss$i.peak" 2>/dev/null || echo 0)" 'BEGIN {printf "%.1f", k / 1024}') MB "
    done
    python3 - "$n" "$orders" "$rate" "$have" "$elapsed" "$stats" "$failover" "$rss" <<'PY'
import json, math, sys
n, orders, rate, have, elapsed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
s = json.loads(sys.argv[6])
bound = math.ceil(orders / 100) * 60 / rate
done = "all" if have >= orders else f"ONLY {have} of"
print(f"N={n}: {done} {orders} orders in {elapsed:.1f} s (bound {bound:.1f} s, share of the bound "
      f"{100 * bound / elapsed:.0f}%); ShipStation calls {s['requests']} "
      f"(createorders {s['by_endpoint'].get('POST /orders/createorders', 0)}); 429s {s['throttled']}; busiest sliding minute "
      f"{s['max_in_sliding_window']} of {rate}; fail-over {sys.argv[7]}; peak RSS {sys.argv[8].strip()}")
PY
    stop_run
}

bench_machine
echo "orders: $orders per run, rate limit: $rate/min (simulator fixed window; every replica's MLC_SHIPSTATION_RATE_LIMIT)"
for n in "${counts[@]}"; do run_once "$n"; done
exit 0
