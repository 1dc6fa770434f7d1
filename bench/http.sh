#!/usr/bin/env bash
# Benchmark (not a test): GET /healthz throughput and latency with 64 keep-alive connections.
# Builds a Release binary, starts a throwaway PostgreSQL and the service on loopback, runs wrk, prints
# requests/s and p50/p99, and cleans up. Usage: bench/http.sh [seconds=15] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
connections=${2:-64}

scripts/install-deps.sh --bench
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLC_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target ml-connector >/dev/null

work=$(mktemp -d /tmp/mlc-bench.XXXXXX)
pg_dir=$(mktemp -d /tmp/mlc-bench-pg.XXXXXX)  # its own folder: the server's user must own it
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    scripts/pg-throwaway.sh stop "$pg_dir"
    rm -rf "$work"
}
trap cleanup EXIT
eval "$(scripts/pg-throwaway.sh start "$pg_dir")"
port=$(scripts/free-port.sh)

MLC_DATABASE_URL="$MLC_PG_URL" MLC_LISTEN="127.0.0.1:$port" MLC_LOG_LEVEL=warn \
    build-bench/bin/ml-connector run >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port/healthz" >"$work/wrk.txt"
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
errors=$(awk '/Non-2xx|Socket errors/ {print}' "$work/wrk.txt")
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//')"
echo "GET /healthz, ${connections} keep-alive connections, ${duration}s, wrk -t2"
echo "requests/s: $rps"
echo "latency p50: $p50  p99: $p99"
[ -n "$errors" ] && echo "$errors"
exit 0
