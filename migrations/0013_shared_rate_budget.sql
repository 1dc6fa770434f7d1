-- step: expand: three new tables and two new functions that no older release uses
-- One ShipStation rate budget for every replica using the same API key. An "expand" step: it only adds three
-- tables and two functions that nothing older uses, so the previous release keeps running against it.
-- A bucket names one key's budget: the API version and a short SHA-256 prefix of the key ("v1:3fa9..."),
-- never the key itself. All times come from the database clock (clock_timestamp()), so the replicas' clocks
-- never matter.

-- One row per granted send; rows older than the window are deleted by rate_budget_take itself (a bounded
-- batch per call), so the table holds about one window of sends per bucket.
CREATE TABLE rate_budget_sends (
    id bigserial PRIMARY KEY,
    bucket text NOT NULL,
    sent_at timestamptz NOT NULL,
    replica text NOT NULL,
    priority smallint NOT NULL
);
CREATE INDEX rate_budget_sends_window_idx ON rate_budget_sends (bucket, sent_at);

-- Each replica's best waiting priority. A claim blocks the lower priorities of other replicas until
-- expires_at: 3 s after its last refresh or after the moment its replica was told to ask again, whichever is
-- later, so a crashed replica stops blocking the others within seconds.
CREATE TABLE rate_budget_waiters (
    bucket text NOT NULL,
    replica text NOT NULL,
    priority smallint NOT NULL,
    since timestamptz NOT NULL,
    seen_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (bucket, replica)
);

-- The shared estimate of the server's budget from X-Rate-Limit-* headers and 429s. Its row is also the lock
-- that serialises the takers of one bucket. server_remaining counts what the server allowed after the send
-- remaining_as_of_send_id; the sends granted since are taken off when it is read.
CREATE TABLE rate_budget_state (
    bucket text PRIMARY KEY,
    server_limit integer,
    server_remaining integer,
    remaining_as_of_send_id bigint,
    server_reset_at timestamptz,
    backoff_until timestamptz
);

-- Asks for one send of `prio` (0 tracking .. 3 background) for `replica`. In one statement: locks the
-- bucket's state row, prunes expired sends and claims, and either records the send (granted, its send_id)
-- or says when to ask again (retry_ms from now). still_waiting: the best priority the replica has queued
-- behind this one (NULL: none), kept as its claim after a grant. live_replicas: replicas with a send in the
-- window or a live claim (the caller divides its ceiling by it when the database is away). expected_remaining:
-- what the server should still allow after this send (the caller reports an answer showing less).
CREATE FUNCTION rate_budget_take(p_bucket text, p_replica text, p_prio smallint, p_ceiling integer,
                                 p_span_ms integer, p_background_share double precision,
                                 p_still_waiting smallint)
RETURNS TABLE (granted boolean, send_id bigint, retry_ms integer, live_replicas integer,
               expected_remaining integer)
LANGUAGE plpgsql AS $$
DECLARE
    now_ts timestamptz := clock_timestamp();
    span interval := make_interval(secs => p_span_ms / 1000.0);
    st rate_budget_state%ROWTYPE;
    eff_ceiling integer := p_ceiling;
    in_window integer;
    estimate integer;
    retry_at timestamptz;
    cap integer;
    new_id bigint;
BEGIN
    INSERT INTO rate_budget_state (bucket) VALUES (p_bucket) ON CONFLICT DO NOTHING;
    SELECT * INTO st FROM rate_budget_state s WHERE s.bucket = p_bucket FOR UPDATE;
    -- The time of the decision is taken once the lock is held: a send recorded with an earlier time than one
    -- granted before it could overfill a window the earlier taker already judged.
    now_ts := clock_timestamp();
    DELETE FROM rate_budget_sends WHERE id IN (
        SELECT d.id FROM rate_budget_sends d
        WHERE d.bucket = p_bucket AND d.sent_at <= now_ts - span ORDER BY d.sent_at LIMIT 200);
    DELETE FROM rate_budget_waiters w WHERE w.bucket = p_bucket AND w.expires_at < now_ts - interval '1 minute';

    SELECT count(DISTINCT r.replica)::integer INTO live_replicas FROM (
        SELECT d.replica FROM rate_budget_sends d WHERE d.bucket = p_bucket AND d.sent_at > now_ts - span
        UNION SELECT w.replica FROM rate_budget_waiters w WHERE w.bucket = p_bucket AND w.expires_at > now_ts
        UNION SELECT p_replica) r;

    IF st.server_limit > 0 THEN eff_ceiling := least(eff_ceiling, st.server_limit); END IF;
    SELECT count(*)::integer INTO in_window FROM rate_budget_sends d
    WHERE d.bucket = p_bucket AND d.sent_at > now_ts - span;
    IF st.server_reset_at IS NOT NULL AND st.server_reset_at > now_ts THEN
        SELECT st.server_remaining - count(*)::integer INTO estimate FROM rate_budget_sends d
        WHERE d.bucket = p_bucket AND d.id > st.remaining_as_of_send_id;
    END IF;

    IF st.backoff_until > now_ts THEN
        retry_at := st.backoff_until;
    ELSIF estimate <= 0 THEN
        retry_at := st.server_reset_at;
    ELSIF in_window >= eff_ceiling THEN
        SELECT d.sent_at + span INTO retry_at FROM rate_budget_sends d
        WHERE d.bucket = p_bucket AND d.sent_at > now_ts - span
        ORDER BY d.sent_at OFFSET in_window - eff_ceiling LIMIT 1;
    ELSIF EXISTS (SELECT 1 FROM rate_budget_waiters w
                  WHERE w.bucket = p_bucket AND w.replica <> p_replica AND w.expires_at > now_ts
                    AND w.priority < p_prio) THEN
        -- Another replica waits with a better priority: it goes first; ask again shortly.
        retry_at := now_ts + interval '200 milliseconds';
    ELSIF p_prio = 3 THEN
        cap := CASE WHEN p_background_share <= 0 THEN 0
                    ELSE greatest(1, floor(p_background_share * eff_ceiling + 1e-9)::integer) END;
        IF cap = 0 THEN
            retry_at := now_ts + interval '1 hour';
        ELSE
            SELECT d.sent_at + span INTO retry_at FROM rate_budget_sends d
            WHERE d.bucket = p_bucket AND d.priority = 3 AND d.sent_at > now_ts - span
            ORDER BY d.sent_at DESC OFFSET cap - 1 LIMIT 1;
            IF retry_at IS NULL THEN
                -- Background goes only when the others have been quiet for two ceiling intervals.
                SELECT max(d.sent_at) + 2 * span / eff_ceiling INTO retry_at FROM rate_budget_sends d
                WHERE d.bucket = p_bucket AND d.priority <> 3 AND d.sent_at > now_ts - span;
                IF retry_at <= now_ts THEN retry_at := NULL; END IF;
            END IF;
        END IF;
    END IF;

    IF retry_at IS NOT NULL AND retry_at > now_ts THEN
        INSERT INTO rate_budget_waiters AS w (bucket, replica, priority, since, seen_at, expires_at)
        VALUES (p_bucket, p_replica, p_prio, now_ts, now_ts, retry_at + interval '3 seconds')
        ON CONFLICT (bucket, replica) DO UPDATE
            SET priority = EXCLUDED.priority, seen_at = EXCLUDED.seen_at, expires_at = EXCLUDED.expires_at,
                since = CASE WHEN w.priority = EXCLUDED.priority THEN w.since ELSE EXCLUDED.since END;
        RETURN QUERY SELECT false, NULL::bigint,
            greatest(1, ceil(extract(epoch FROM retry_at - now_ts) * 1000))::integer, live_replicas,
            NULL::integer;
        RETURN;
    END IF;

    INSERT INTO rate_budget_sends (bucket, sent_at, replica, priority)
    VALUES (p_bucket, now_ts, p_replica, p_prio) RETURNING id INTO new_id;
    IF p_still_waiting IS NULL THEN
        DELETE FROM rate_budget_waiters w WHERE w.bucket = p_bucket AND w.replica = p_replica;
    ELSE
        INSERT INTO rate_budget_waiters AS w (bucket, replica, priority, since, seen_at, expires_at)
        VALUES (p_bucket, p_replica, p_still_waiting, now_ts, now_ts, now_ts + interval '3 seconds')
        ON CONFLICT (bucket, replica) DO UPDATE
            SET priority = EXCLUDED.priority, seen_at = EXCLUDED.seen_at, expires_at = EXCLUDED.expires_at,
                since = CASE WHEN w.priority = EXCLUDED.priority THEN w.since ELSE EXCLUDED.since END;
    END IF;
    RETURN QUERY SELECT true, new_id, 0, live_replicas,
        least(eff_ceiling - in_window - 1, coalesce(estimate - 1, eff_ceiling))::integer;
END;
$$;

-- Reports an answer that carries news for the bucket: a 429 (status) blocks every replica until Reset, or
-- Retry-After, or default_backoff_s, plus slack and the caller's jitter; a Remaining lower than the current
-- estimate becomes the estimate (counted after send_id: the sends granted since are taken off when read),
-- so another application on the same key lowers everyone's share; a Limit below the ceiling lowers it.
CREATE FUNCTION rate_budget_feedback(p_bucket text, p_send_id bigint, p_status integer, p_limit integer,
                                     p_remaining integer, p_reset_s integer, p_retry_after_s integer,
                                     p_window_ms integer, p_slack_ms integer, p_default_backoff_s integer,
                                     p_jitter_ms integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    now_ts timestamptz := clock_timestamp();
    st rate_budget_state%ROWTYPE;
    current_estimate integer;
    reset_at timestamptz;
    wait_s integer;
BEGIN
    INSERT INTO rate_budget_state (bucket) VALUES (p_bucket) ON CONFLICT DO NOTHING;
    SELECT * INTO st FROM rate_budget_state s WHERE s.bucket = p_bucket FOR UPDATE;
    now_ts := clock_timestamp();
    IF p_limit > 0 THEN
        UPDATE rate_budget_state s SET server_limit = p_limit WHERE s.bucket = p_bucket;
    END IF;
    IF p_remaining IS NOT NULL THEN
        reset_at := now_ts + make_interval(secs => coalesce(p_reset_s * 1000, p_window_ms) / 1000.0)
                    + make_interval(secs => p_slack_ms / 1000.0);
        IF st.server_reset_at > now_ts THEN
            SELECT st.server_remaining - count(*)::integer INTO current_estimate FROM rate_budget_sends d
            WHERE d.bucket = p_bucket AND d.id > st.remaining_as_of_send_id;
        END IF;
        IF current_estimate IS NULL OR p_remaining - (SELECT count(*) FROM rate_budget_sends d
                                                      WHERE d.bucket = p_bucket AND d.id > p_send_id)
                                       < current_estimate THEN
            UPDATE rate_budget_state s
            SET server_remaining = p_remaining, remaining_as_of_send_id = p_send_id,
                server_reset_at = greatest(reset_at, CASE WHEN current_estimate IS NULL THEN NULL
                                                          ELSE st.server_reset_at END)
            WHERE s.bucket = p_bucket;
        END IF;
    END IF;
    IF p_status = 429 THEN
        wait_s := coalesce(greatest(p_reset_s, p_retry_after_s), p_default_backoff_s);
        UPDATE rate_budget_state s
        SET backoff_until = greatest(s.backoff_until, now_ts + make_interval(secs => wait_s)
                                     + make_interval(secs => (p_slack_ms + p_jitter_ms) / 1000.0))
        WHERE s.bucket = p_bucket;
    END IF;
END;
$$;
