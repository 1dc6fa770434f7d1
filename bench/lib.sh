# Shared set-up of the benchmark scripts (sourced, not run): the Release build, a throwaway PostgreSQL, the
# simulators, waiting for a port, and one cleanup for whatever was started. Every process binds 127.0.0.1.
# After sourcing: $work (a scratch folder), $pg_dir; bench_track PID registers a process to stop at exit,
# bench_on_exit CMD runs CMD first at exit (e.g. keeping a log).

bench_pids=()
bench_exit_hooks=()
work=$(mktemp -d /tmp/mlc-bench.XXXXXX)
pg_dir=$(mktemp -d /tmp/mlc-bench-pg.XXXXXX)  # its own folder: the server's user must own it

bench_cleanup() {
    local hook p
    for hook in "${bench_exit_hooks[@]}"; do eval "$hook" || true; done
    for p in "${bench_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    scripts/pg-throwaway.sh stop "$pg_dir"
    rm -rf "$work"
}
trap bench_cleanup EXIT

bench_track() { bench_pids+=("$1"); }
bench_on_exit() { bench_exit_hooks+=("$1"); }

# Installs the benchmark tools and builds TARGETs in build-bench (Release). Tests are always on, so that no
# script flips the build's cache for another (the simulators are built with the tests); a failed build
# prints its tail.
bench_build() {
    scripts/install-deps.sh --bench
    cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLC_BUILD_TESTS=ON >/dev/null
    local log
    log=$(cmake --build build-bench -j"$(nproc)" --target "$@" 2>&1) \
        || { echo "$log" | tail -40 >&2; echo "$(basename "$0"): the build failed" >&2; exit 1; }
}

# Starts the throwaway PostgreSQL (fast, not durable); sets MLC_PG_URL and MLC_PG_RESTART (not exported: the
# service warns about MLC_ variables it does not know).
bench_start_postgres() {
    eval "$(scripts/pg-throwaway.sh start "$pg_dir")"
}

# Waits up to 30 s until URL answers 2xx (and, given, process PID still runs); false otherwise.
bench_wait_http() {
    local url=$1 pid=${2:-}
    for _ in $(seq 1 300); do
        curl -fs "$url" >/dev/null 2>&1 && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
        sleep 0.1
    done
    return 1
}

# Starts sap-b1-sim with ARGS (after --listen) and sets $sap_port; its log is $work/sap.log.
bench_start_sap_sim() {
    sap_port=$(scripts/free-port.sh)
    build-bench/bin/sap-b1-sim --listen "127.0.0.1:$sap_port" --log-level warn "$@" >"$work/sap.log" 2>&1 &
    bench_track $!
    bench_wait_http "http://127.0.0.1:$sap_port/ping/" $! \
        || { echo "$(basename "$0"): sap-b1-sim did not come up" >&2; cat "$work/sap.log" >&2; exit 1; }
}

# Starts shipstation-sim (key ShipStation, secret Rocks) allowing RATE requests a minute, with further ARGS
# (e.g. --v2-rate-limit N); sets $ss_port.
bench_start_shipstation_sim() {
    ss_port=$(scripts/free-port.sh)
    build-bench/bin/shipstation-sim --listen "127.0.0.1:$ss_port" --api-key ShipStation --api-secret Rocks \
        --rate-limit "$1" "${@:2}" >"$work/ss.log" 2>&1 &
    bench_track $!
    bench_wait_http "http://127.0.0.1:$ss_port/_control/stats" $! \
        || { echo "$(basename "$0"): shipstation-sim did not come up" >&2; cat "$work/ss.log" >&2; exit 1; }
}

# The service's settings for both simulators (call after both started).
bench_export_simulator_settings() {
    export MLC_SAP_URL="http://127.0.0.1:$sap_port/b1s/v2" MLC_SAP_COMPANY_DB=SBODEMOUS
    export MLC_SAP_USERNAME=manager MLC_SAP_PASSWORD=manager
    export MLC_SHIPSTATION_URL="http://127.0.0.1:$ss_port" MLC_SHIPSTATION_API_KEY=ShipStation
    export MLC_SHIPSTATION_API_SECRET=Rocks
}

# The service's settings for one replica on 127.0.0.1 (call after both simulators started): a free $svc_port,
# the admin token $bench_admin_token, SHIP_NOTIFY subscribed at start (MLC_PUBLIC_URL), SAP polled at start only
# (MLC_POLL_INTERVAL=1h), and ShipStation's limit RATE a minute (give the simulator the same).
bench_export_service_settings() {
    svc_port=$(scripts/free-port.sh)
    bench_admin_token=bench-admin-0123456789abcdef
    export MLC_DATABASE_URL="$MLC_PG_URL" MLC_LISTEN="127.0.0.1:$svc_port" MLC_LOG_LEVEL=warn
    bench_export_simulator_settings
    export MLC_SHIPSTATION_RATE_LIMIT="$1" MLC_POLL_INTERVAL=1h MLC_SYNC_SINCE=2025-07-01
    export MLC_ADMIN_TOKEN=$bench_admin_token MLC_WEBHOOK_TOKEN=bench-webhook-0123456789abcdef
    export MLC_PUBLIC_URL="http://127.0.0.1:$svc_port"
}

bench_machine() {
    echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//')"
}
