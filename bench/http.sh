#!/usr/bin/env bash
# Benchmark (not a test): GET /healthz throughput and latency with 64 keep-alive connections.
# Builds a Release binary, starts a throwaway PostgreSQL and the service on loopback, runs wrk, prints
# requests/s and p50/p99, and cleans up. Usage: bench/http.sh [seconds=15] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
connections=${2:-64}

source bench/lib.sh
bench_build ml-connector
bench_start_postgres
port=$(scripts/free-port.sh)

MLC_DATABASE_URL="$MLC_PG_URL" MLC_LISTEN="127.0.0.1:$port" MLC_LOG_LEVEL=warn \
    build-bench/bin/ml-connector run >"$work/service.log" 2>&1 &
bench_track $!
bench_wait_http "http://127.0.0.1:$port/healthz" $! \
    || { echo "http: the service did not come up" >&2; cat "$work/service.log" >&2; exit 1; }

wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port/healthz" >"$work/wrk.txt"
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
errors=$(awk '/Non-2xx|Socket errors/ {print}' "$work/wrk.txt")
bench_machine
echo "GET /healthz, ${connections} keep-alive connections, ${duration}s, wrk -t2"
echo "requests/s: $rps"
echo "latency p50: $p50  p99: $p99"
[ -n "$errors" ] && echo "$errors"
exit 0
