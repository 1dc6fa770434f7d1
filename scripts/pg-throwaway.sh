#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests, the demo and benchmarks.
#   scripts/pg-throwaway.sh start DIR   initdb into DIR, start on a free port, create database "mlc";
#                                       prints shell assignments: MLC_PG_DIR, MLC_PG_PORT, MLC_PG_URL, MLC_PG_RESTART
#   scripts/pg-throwaway.sh stop DIR    stop the cluster and remove DIR
# As root the server runs as the "postgres" user (initdb refuses root).
set -euo pipefail

pg_bin=${MLC_PG_BIN:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)}
[ -x "$pg_bin/initdb" ] || { echo "pg-throwaway: PostgreSQL 15 server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

case "$cmd" in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$("$(dirname "$0")/free-port.sh")
    opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    as_pg "$pg_bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres mlc
    restart="$( [ "$(id -u)" = 0 ] && echo "runuser -u postgres -- ")$pg_bin/pg_ctl -D $dir/data -m fast -w -t 60 restart -o '$opts' -l $dir/server.log"
    echo "MLC_PG_DIR='$dir'"
    echo "MLC_PG_PORT='$port'"
    echo "MLC_PG_URL='postgresql://postgres@127.0.0.1:$port/mlc'"
    printf "MLC_PG_RESTART=%q\n" "$restart"
    ;;
stop)
    [ -d "$dir/data" ] && as_pg "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
