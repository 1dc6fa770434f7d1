#!/usr/bin/env bash
# A throwaway PostgreSQL 15 primary and its streaming standby on 127.0.0.1, for fail-over tests and demos.
#   scripts/pg-pair.sh start DIR          a primary made by pg-throwaway.sh (database "mlc") and a standby
#                                         pg_basebackup -R made from it; prints shell assignments: MLC_PAIR_DIR,
#                                         MLC_PAIR_PRIMARY_PORT, MLC_PAIR_STANDBY_PORT and MLC_PAIR_URL (both
#                                         hosts, target_session_attrs=read-write)
#   scripts/pg-pair.sh stop-primary DIR   stop the primary (fast: sessions end, its WAL reaches the standby)
#   scripts/pg-pair.sh promote DIR        promote the standby and wait until it accepts writes
#   scripts/pg-pair.sh stop DIR           stop both and remove DIR
# As root the servers run as the "postgres" user (initdb refuses root).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pg_bin=${MLC_PG_BIN:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)}
[ -x "$pg_bin/pg_basebackup" ] || { echo "pg-pair: PostgreSQL 15 server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop-primary|promote|stop DIR" >&2; exit 2; }

case "$cmd" in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # PostgreSQL 15's defaults (wal_level=replica, max_wal_senders=10) and initdb's pg_hba.conf (replication
    # trusted from 127.0.0.1) are all a streaming standby needs.
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    primary=$("$here/pg-throwaway.sh" start "$dir/primary")
    eval "$primary"
    as_pg "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$MLC_PG_PORT" -U postgres -D "$dir/standby" -R -X stream \
        --checkpoint=fast --no-sync >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
    standby_port=$("$here/free-port.sh")
    opts="-p $standby_port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    as_pg "$pg_bin/pg_ctl" -D "$dir/standby" -o "$opts" -l "$dir/standby.log" -w -t 60 start >/dev/null \
        || { cat "$dir/standby.log" >&2; exit 1; }
    echo "MLC_PAIR_DIR='$dir'"
    echo "MLC_PAIR_PRIMARY_PORT='$MLC_PG_PORT'"
    echo "MLC_PAIR_STANDBY_PORT='$standby_port'"
    echo "MLC_PAIR_URL='host=127.0.0.1,127.0.0.1 port=$MLC_PG_PORT,$standby_port dbname=mlc user=postgres target_session_attrs=read-write'"
    ;;
stop-primary)
    as_pg "$pg_bin/pg_ctl" -D "$dir/primary/data" -m fast -w -t 60 stop >/dev/null
    ;;
promote)
    as_pg "$pg_bin/pg_ctl" -D "$dir/standby" -w -t 60 promote >/dev/null
    ;;
stop)
    [ -d "$dir/standby" ] && as_pg "$pg_bin/pg_ctl" -D "$dir/standby" -m immediate -w stop >/dev/null 2>&1 || true
    "$here/pg-throwaway.sh" stop "$dir/primary"
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop-primary|promote|stop DIR" >&2; exit 2 ;;
esac
