#!/usr/bin/env bash
# Benchmark (not a test): POST /webhooks/shipstation ingest against the running service on a real PostgreSQL
# with durable commits (fsync, synchronous_commit and full_page_writes on), next to pgbench doing the same
# transaction in the same run. Every request carries a different body (batchId varies), so each 200 is one
# new webhook_inbox row plus one audit_log row committed before the answer, never a duplicate.
#   1. max throughput: wrk -t2 -cC -dS --latency with a Lua script building a unique body per request;
#      prints requests/s, p50, p99, non-2xx, and checks the rows stored against the 2xx answers.
#   2. fixed rate: R (1,000) requests/s for S seconds over C keep-alive connections from an open-loop Python
#      client (wrk cannot pace and wrk2 is not a Debian package); latency is measured from each request's
#      scheduled send time, so a stalled service is not hidden by coordinated omission. Prints the achieved
#      rate, p50, p99, max.
#   3. pgbench -M extended -cC -j2 -TS with a custom script doing the service's transaction (the inbox
#      INSERT ... ON CONFLICT DO NOTHING RETURNING id, the fetch job's job_queue upsert and the audit_log
#      INSERT, unique payload each time; keep it in step with server/handlers/webhook_handlers.cpp);
#      prints tps and service requests/s as a percentage of it.
# Targets (issue): p99 < 20 ms at 1,000 webhooks/s; service requests/s >= 50% of pgbench's tps.
# Usage: bench/webhook_ingest.sh [--seconds S=15] [--connections C=32] [--rate R=1000]
#        (MLC_DB_POOL_SIZE and other MLC_* settings in the environment reach the service unchanged)
set -euo pipefail
trap 'echo "webhook_ingest: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

seconds=15
connections=32
rate=1000
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds S] [--connections C] [--rate R]" >&2; exit 2 ;;
    esac
done

source bench/lib.sh
bench_build ml-connector
bench_start_postgres
psql_() { psql "$MLC_PG_URL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# pg-throwaway.sh starts the server with -c fsync=off -c synchronous_commit=off -c full_page_writes=off;
# command-line options beat postgresql.auto.conf, so set them durable there and restart without them.
psql_ -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "ALTER SYSTEM SET full_page_writes = on"
durable_restart=${MLC_PG_RESTART//-c fsync=off /}
durable_restart=${durable_restart//-c synchronous_commit=off /}
durable_restart=${durable_restart//-c full_page_writes=off /}
eval "$durable_restart" >/dev/null
pg_fsync=$(psql_ -c "SHOW fsync")
pg_sync_commit=$(psql_ -c "SHOW synchronous_commit")
pg_fpw=$(psql_ -c "SHOW full_page_writes")
pg_wal_sync=$(psql_ -c "SHOW wal_sync_method")
if [ "$pg_fsync" != on ] || [ "$pg_sync_commit" != on ] || [ "$pg_fpw" != on ]; then
    echo "webhook_ingest: PostgreSQL is not durable (fsync=$pg_fsync synchronous_commit=$pg_sync_commit" \
        "full_page_writes=$pg_fpw)" >&2
    exit 1
fi

port=$(scripts/free-port.sh)
token="bench-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
MLC_DATABASE_URL="$MLC_PG_URL" MLC_LISTEN="127.0.0.1:$port" MLC_LOG_LEVEL=warn MLC_WEBHOOK_TOKEN="$token" \
    build-bench/bin/ml-connector run >"$work/service.log" 2>&1 &
pid=$!
bench_track $pid
bench_wait_http "http://127.0.0.1:$port/healthz" $pid \
    || { echo "webhook_ingest: the service did not come up" >&2; cat "$work/service.log" >&2; exit 1; }
url="http://127.0.0.1:$port/webhooks/shipstation?token=$token"
body='{"resource_url":"https://ssapi.shipstation.com/shipments?batchId=0&includeShipmentItems=False","resource_type":"SHIP_NOTIFY"}'
code=$(curl -s -o "$work/smoke.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$body" "$url")
[ "$code" = 200 ] || { echo "webhook_ingest: smoke POST answered $code: $(cat "$work/smoke.json")" >&2; exit 1; }

inbox_rows() { psql_ -c "SELECT count(*) FROM webhook_inbox"; }
audit_rows() { psql_ -c "SELECT count(*) FROM audit_log WHERE action = 'webhook_received'"; }
job_rows() { psql_ -c "SELECT count(*) FROM job_queue WHERE kind = 'fetch_shipstation_resource'"; }
wal_syncs() { psql_ -c "SELECT wal_sync FROM pg_stat_wal"; }
# Waits until the inbox count stops moving (requests in flight when the load generator stopped), prints it.
settled_rows() {
    local prev=-1 now
    now=$(inbox_rows)
    while [ "$now" != "$prev" ]; do sleep 0.5; prev=$now; now=$(inbox_rows); done
    echo "$now"
}
# wrk's latency figure ("812.00us", "3.21ms", "1.02s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

# batchId = phase * 1e14 + wrk thread * 1e12 + per-thread counter: unique across threads and phases.
cat >"$work/unique.lua" <<'EOF'
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
end
function init(args)
    prefix = tonumber(args[1]) * 1e14 + tid * 1e12
    counter = 0
end
function request()
    counter = counter + 1
    local body = string.format('{"resource_url":"https://ssapi.shipstation.com/shipments?batchId=%.0f'
        .. '&includeShipmentItems=False","resource_type":"SHIP_NOTIFY"}', prefix + counter)
    return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
EOF

# Warm-up (the pool opens its connections lazily), not measured.
wrk -t2 -c"$connections" -d2s -s "$work/unique.lua" "$url" -- 1 >/dev/null
settled_rows >/dev/null

# 1. Max throughput.
psql_ -c "CHECKPOINT"
rows0=$(inbox_rows); audit0=$(audit_rows); jobs0=$(job_rows); sync0=$(wal_syncs)
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/unique.lua" "$url" -- 2 >"$work/wrk.txt"
rows1=$(settled_rows); audit1=$(audit_rows); jobs1=$(job_rows); sync1=$(wal_syncs)
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")")
p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")")
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt"); non2xx=${non2xx:-0}
sockerr=$(awk '/Socket errors/ {sub(/^ */, ""); print}' "$work/wrk.txt")
ok=$((requests - non2xx))
stored=$((rows1 - rows0))
wrk_syncs=$((sync1 - sync0))

# 2. Fixed rate, open loop.
psql_ -c "CHECKPOINT"
rows2=$(inbox_rows); sync2=$(wal_syncs)
python3 - "$port" "$token" "$rate" "$seconds" "$connections" 3 >"$work/paced.txt" <<'EOF'
# Open-loop pacing client: request i is due at start + i/rate and goes out on the first free keep-alive
# connection; its latency is answer time - due time, so queueing behind a slow answer counts (no
# coordinated omission). "dispatch lag" = how late the client itself queued a request (its own limit, not
# the service's); "connection wait" = queued until a keep-alive connection was free (the service's doing).
import asyncio, math, sys, time

port, token, rate, seconds, conns, phase = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
    int(sys.argv[5]), int(sys.argv[6])
head = (f"POST /webhooks/shipstation?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n")
def request(n):
    body = ('{"resource_url":"https://ssapi.shipstation.com/shipments?batchId=%d&includeShipmentItems=False",'
            '"resource_type":"SHIP_NOTIFY"}' % n).encode()
    return head.format(len(body)).encode() + body

results = []  # (due, queued, sent, done, status); status 0 = connection error
async def worker(queue):
    reader = writer = None
    while True:
        item = await queue.get()
        if item is None:
            break
        n, due, queued = item
        sent = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", int(port))
            writer.write(request(n))
            hdr = await reader.readuntil(b"\r\n\r\n")
            status = int(hdr[9:12])
            length, close = 0, False
            for line in hdr.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length": length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close": close = True
            if length: await reader.readexactly(length)
            if close:
                writer.close(); reader = writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            status = 0
            if writer is not None: writer.close()
            reader = writer = None
        results.append((due, queued, sent, time.perf_counter(), status))
    if writer is not None: writer.close()

async def main():
    queue = asyncio.Queue()
    workers = [asyncio.create_task(worker(queue)) for _ in range(conns)]
    total = rate * seconds
    start = time.perf_counter() + 0.2
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0: await asyncio.sleep(delay)
        queue.put_nowait((phase * 10**14 + i + 1, due, time.perf_counter()))
    for _ in workers: queue.put_nowait(None)
    done, pending = await asyncio.wait(workers, timeout=seconds + 60)
    for t in pending: t.cancel()
    return start, total

cpu0 = time.process_time()
start, total = asyncio.run(main())
cpu = time.process_time() - cpu0
def pct(values, p):
    if not values: return float("nan")
    values = sorted(values)
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]  # nearest rank
answered = [r for r in results if r[4] != 0]
ok = [r for r in answered if 200 <= r[4] < 300]
lat = [(r[3] - r[0]) * 1000 for r in answered]
svc = [(r[3] - r[2]) * 1000 for r in answered]
lag = [(r[1] - r[0]) * 1000 for r in results]
wait = [(r[2] - r[1]) * 1000 for r in results]
span = (max(r[3] for r in results) - start) if results else float("nan")
print(f"scheduled {total} answered {len(answered)} 2xx {len(ok)} other {len(answered) - len(ok)} "
      f"errors {len(results) - len(answered)} unfinished {total - len(results)}")
print(f"achieved {len(ok) / span:.1f} cpu {100 * cpu / span:.0f}")
print(f"latency {pct(lat, 50):.2f} {pct(lat, 99):.2f} {max(lat) if lat else float('nan'):.2f}")
print(f"service {pct(svc, 50):.2f} {pct(svc, 99):.2f}")
print(f"lag {pct(lag, 99):.2f} {max(lag) if lag else float('nan'):.2f}")
print(f"wait {pct(wait, 99):.2f} {max(wait) if wait else float('nan'):.2f}")
EOF
rows3=$(settled_rows); sync3=$(wal_syncs)
read -r _ paced_total _ paced_answered _ paced_ok _ paced_other _ paced_err _ paced_unfinished \
    < <(awk '$1 == "scheduled"' "$work/paced.txt")
read -r _ paced_rate _ paced_cpu < <(awk '$1 == "achieved"' "$work/paced.txt")
read -r _ paced_p50 paced_p99 paced_max < <(awk '$1 == "latency"' "$work/paced.txt")
read -r _ svc_p50 svc_p99 < <(awk '$1 == "service"' "$work/paced.txt")
read -r _ lag_p99 lag_max < <(awk '$1 == "lag"' "$work/paced.txt")
read -r _ wait_p99 wait_max < <(awk '$1 == "wait"' "$work/paced.txt")
paced_stored=$((rows3 - rows2))
paced_syncs=$((sync3 - sync2))

# 3. pgbench: the service's transaction, a new payload each time.
cat >"$work/ingest.sql" <<'EOF'
\set r random(1, 9000000000000000000)
BEGIN;
WITH u AS (
    SELECT format('https://ssapi.shipstation.com/shipments?batchId=%s&includeShipmentItems=False', :r::bigint) AS url
), p AS (
    SELECT url, format('{"resource_url":"%s","resource_type":"SHIP_NOTIFY"}', url) AS payload FROM u
)
INSERT INTO webhook_inbox (source, event_type, resource_url, payload, payload_sha256, correlation_id)
SELECT 'shipstation', 'SHIP_NOTIFY', url, payload, encode(sha256(convert_to(payload, 'UTF8')), 'hex'),
       md5(:r::text)
FROM p
ON CONFLICT (source, payload_sha256) DO NOTHING
RETURNING id, resource_url AS url, octet_length(payload) AS bytes \gset
INSERT INTO job_queue AS j (kind, dedupe_key, payload, priority, max_attempts, next_attempt_at, correlation_id)
VALUES ('fetch_shipstation_resource', 'inbox:' || :id::text, jsonb_build_object('inbox_id', :id::bigint), 10, 10,
        now() + 0 * interval '1 millisecond', md5(:r::text))
ON CONFLICT (kind, dedupe_key) DO UPDATE SET
    payload = EXCLUDED.payload,
    priority = EXCLUDED.priority,
    max_attempts = EXCLUDED.max_attempts,
    correlation_id = EXCLUDED.correlation_id,
    next_attempt_at = EXCLUDED.next_attempt_at,
    rerun_requested = (j.state = 'running'),
    state = CASE WHEN j.state = 'running' THEN 'running' ELSE 'queued' END,
    attempts = CASE WHEN j.state = 'running' THEN j.attempts ELSE 0 END,
    last_error = CASE WHEN j.state = 'running' THEN j.last_error END,
    finished_at = NULL,
    updated_at = now()
RETURNING id, (xmax = 0), rerun_requested;
INSERT INTO audit_log (direction, entity_type, entity_key, action, outcome, request_summary, correlation_id)
VALUES ('inbound', 'shipstation_webhook', :id::text, 'webhook_received', 'ok',
        jsonb_build_object('resource_type', 'SHIP_NOTIFY', 'resource_url', :url::text, 'bytes', :bytes::int),
        md5(:r::text));
END;
EOF
psql_ -c "CHECKPOINT"
rows4=$(inbox_rows); sync4=$(wal_syncs)
pgbench -n -M extended -c "$connections" -j 2 -T "$seconds" -f "$work/ingest.sql" \
    -h 127.0.0.1 -p "$MLC_PG_PORT" -U postgres mlc >"$work/pgbench.txt" 2>"$work/pgbench.err" \
    || { echo "webhook_ingest: pgbench failed" >&2; cat "$work/pgbench.txt" "$work/pgbench.err" >&2; exit 1; }
rows5=$(inbox_rows); sync5=$(wal_syncs)
tps=$(awk '/^tps = / {print $3; exit}' "$work/pgbench.txt")
pg_lat=$(awk -F' = ' '/^latency average/ {print $2}' "$work/pgbench.txt")
pg_tx=$(awk -F': ' '/number of transactions actually processed/ {print $2}' "$work/pgbench.txt" | awk '{print $1}')
pg_failed=$(awk -F': ' '/number of failed transactions/ {print $2}' "$work/pgbench.txt")
pg_stored=$((rows5 - rows4))
pg_syncs=$((sync5 - sync4))

per_sync() { awk -v c="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", c / s; else print "n/a" }'; }
bench_machine
echo "PostgreSQL $(psql_ -c 'SHOW server_version' | awk '{print $1}'): fsync=$pg_fsync" \
    "synchronous_commit=$pg_sync_commit full_page_writes=$pg_fpw wal_sync_method=$pg_wal_sync" \
    "(data on $(df -PT "$pg_dir" | awk 'NR == 2 {print $2}'))"
echo "service: MLC_DB_POOL_SIZE=${MLC_DB_POOL_SIZE:-default} MLC_HTTP_THREADS=${MLC_HTTP_THREADS:-default}"
echo "POST /webhooks/shipstation, unique body per request, ${connections} keep-alive connections, ${seconds}s"
echo "-- max throughput (wrk -t2 -c${connections}):"
echo "requests/s: $rps"
echo "latency p50: ${p50} ms  p99: ${p99} ms"
echo "requests: $requests, 2xx: $ok, non-2xx: $non2xx${sockerr:+, $sockerr}"
echo "webhook_inbox rows stored: $stored (audit_log webhook_received rows: $((audit1 - audit0))," \
    "job_queue fetch jobs: $((jobs1 - jobs0)));" \
    "stored - 2xx = $((stored - ok)) (0..${connections} expected: answers in flight when wrk stopped)"
echo "WAL fsyncs: $wrk_syncs ($(per_sync "$stored" "$wrk_syncs") commits per fsync)"
echo "-- fixed rate (open-loop Python client, ${connections} keep-alive connections," \
    "latency from each request's scheduled send time, i.e. corrected for coordinated omission):"
echo "target: $rate/s, achieved: $paced_rate/s (scheduled $paced_total, 2xx $paced_ok, other $paced_other," \
    "connection errors $paced_err, unfinished $paced_unfinished; rows stored $paced_stored)"
echo "latency p50: ${paced_p50} ms  p99: ${paced_p99} ms  max: ${paced_max} ms"
echo "(from actual send: p50 ${svc_p50} ms, p99 ${svc_p99} ms; waiting for a free connection: p99 ${wait_p99} ms," \
    "max ${wait_max} ms; client's own dispatch lag: p99 ${lag_p99} ms, max ${lag_max} ms; client CPU ${paced_cpu}%)"
echo "WAL fsyncs: $paced_syncs ($(per_sync "$paced_stored" "$paced_syncs") commits per fsync)"
echo "-- pgbench (-M extended -c${connections} -j2 -T${seconds}; inbox INSERT ... RETURNING, job_queue upsert," \
    "audit_log INSERT):"
echo "tps: $tps (latency average $pg_lat; transactions $pg_tx, failed ${pg_failed:-0}; rows stored $pg_stored)"
echo "WAL fsyncs: $pg_syncs ($(per_sync "$pg_stored" "$pg_syncs") commits per fsync)"
[ -s "$work/pgbench.err" ] && { echo "pgbench stderr:"; head -5 "$work/pgbench.err"; }
ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "n/a" }')
echo "-- targets:"
echo "service requests/s / pgbench tps: ${ratio}% (target >= 50%)"
echo "p99 at ${rate}/s: ${paced_p99} ms (target < 20 ms at 1,000/s)"
warns=$(grep -c . "$work/service.log" || true)
echo "service log lines (MLC_LOG_LEVEL=warn): $warns"
[ "$warns" -gt 0 ] && head -5 "$work/service.log"
exit 0
