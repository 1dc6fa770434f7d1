-- step: expand: a wider rate_budget_take beside the old one (kept, now a wrapper) and two helper functions
-- The shared ShipStation rate budget, mended (0013 stays as released: its checksum is stored). The lock,
-- the estimate and the waiter claim, each written twice in 0013, become small functions of their own. An "expand"
-- step: the previous release keeps calling rate_budget_take with seven arguments and rate_budget_feedback,
-- which behave as before.
-- A replica that cannot reach the database sends from its local share without recording those sends. The
-- nine-argument rate_budget_take takes them along once the database answers again (their ages and
-- priorities) and records them in the past, by the database clock, before it decides: the other replicas
-- then count them for the rest of their window instead of overspending the key.

-- Locks `p_bucket`'s state row (created when missing), the lock that serialises the bucket's takers and
-- reports; returns the row as it is under the lock.
CREATE FUNCTION rate_budget_lock(p_bucket text)
RETURNS rate_budget_state
LANGUAGE plpgsql AS $$
DECLARE
    st rate_budget_state%ROWTYPE;
BEGIN
    INSERT INTO rate_budget_state (bucket) VALUES (p_bucket) ON CONFLICT DO NOTHING;
    SELECT * INTO st FROM rate_budget_state s WHERE s.bucket = p_bucket FOR UPDATE;
    RETURN st;
END;
$$;

-- What the server should still allow: its Remaining `p_remaining` (counted after send `p_as_of_send_id`)
-- less the sends granted since. NULL when either is NULL.
CREATE FUNCTION rate_budget_estimate(p_bucket text, p_remaining integer, p_as_of_send_id bigint)
RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT p_remaining - count(*)::integer FROM rate_budget_sends d
    WHERE d.bucket = p_bucket AND d.id > p_as_of_send_id
$$;

-- Stores `p_prio` as the replica's waiting claim until `p_expires_at`; a claim keeps its `since` while its
-- priority stays the same.
CREATE FUNCTION rate_budget_claim(p_bucket text, p_replica text, p_prio smallint, p_now timestamptz,
                                  p_expires_at timestamptz)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO rate_budget_waiters AS w (bucket, replica, priority, since, seen_at, expires_at)
    VALUES (p_bucket, p_replica, p_prio, p_now, p_now, p_expires_at)
    ON CONFLICT (bucket, replica) DO UPDATE
        SET priority = EXCLUDED.priority, seen_at = EXCLUDED.seen_at, expires_at = EXCLUDED.expires_at,
            since = CASE WHEN w.priority = EXCLUDED.priority THEN w.since ELSE EXCLUDED.since END
$$;

-- rate_budget_take of 0013, plus the sends the replica made while the database was away: p_earlier_ms[i]
-- milliseconds ago with priority p_earlier_prio[i] (NULL arrays: none). Those still inside the span are
-- recorded first, so this decision and every later one counts them.
CREATE FUNCTION rate_budget_take(p_bucket text, p_replica text, p_prio smallint, p_ceiling integer,
                                 p_span_ms integer, p_background_share double precision,
                                 p_still_waiting smallint, p_earlier_ms integer[], p_earlier_prio smallint[])
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
    st := rate_budget_lock(p_bucket);
    -- The time of the decision is taken once the lock is held: a send recorded with an earlier time than one
    -- granted before it could overfill a window the earlier taker already judged.
    now_ts := clock_timestamp();
    INSERT INTO rate_budget_sends (bucket, sent_at, replica, priority)
    SELECT p_bucket, now_ts - make_interval(secs => e.age_ms / 1000.0), p_replica, e.prio
    FROM unnest(p_earlier_ms, p_earlier_prio) AS e(age_ms, prio)
    WHERE e.age_ms >= 0 AND e.age_ms < p_span_ms AND e.prio IS NOT NULL;
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
        estimate := rate_budget_estimate(p_bucket, st.server_remaining, st.remaining_as_of_send_id);
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
        PERFORM rate_budget_claim(p_bucket, p_replica, p_prio, now_ts, retry_at + interval '3 seconds');
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
        PERFORM rate_budget_claim(p_bucket, p_replica, p_still_waiting, now_ts, now_ts + interval '3 seconds');
    END IF;
    RETURN QUERY SELECT true, new_id, 0, live_replicas,
        least(eff_ceiling - in_window - 1, coalesce(estimate - 1, eff_ceiling))::integer;
END;
$$;

-- 0013's rate_budget_take, for the previous release during a rolling upgrade: no earlier sends.
CREATE OR REPLACE FUNCTION rate_budget_take(p_bucket text, p_replica text, p_prio smallint, p_ceiling integer,
                                            p_span_ms integer, p_background_share double precision,
                                            p_still_waiting smallint)
RETURNS TABLE (granted boolean, send_id bigint, retry_ms integer, live_replicas integer,
               expected_remaining integer)
LANGUAGE sql AS $$
    SELECT * FROM rate_budget_take(p_bucket, p_replica, p_prio, p_ceiling, p_span_ms, p_background_share,
                                   p_still_waiting, NULL::integer[], NULL::smallint[])
$$;

-- 0013's rate_budget_feedback, unchanged in behaviour, on rate_budget_lock and rate_budget_estimate.
CREATE OR REPLACE FUNCTION rate_budget_feedback(p_bucket text, p_send_id bigint, p_status integer,
                                                p_limit integer, p_remaining integer, p_reset_s integer,
                                                p_retry_after_s integer, p_window_ms integer,
                                                p_slack_ms integer, p_default_backoff_s integer,
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
    st := rate_budget_lock(p_bucket);
    now_ts := clock_timestamp();
    IF p_limit > 0 THEN
        UPDATE rate_budget_state s SET server_limit = p_limit WHERE s.bucket = p_bucket;
    END IF;
    IF p_remaining IS NOT NULL THEN
        reset_at := now_ts + make_interval(secs => coalesce(p_reset_s * 1000, p_window_ms) / 1000.0)
                    + make_interval(secs => p_slack_ms / 1000.0);
        IF st.server_reset_at > now_ts THEN
            current_estimate := rate_budget_estimate(p_bucket, st.server_remaining, st.remaining_as_of_send_id);
        END IF;
        IF current_estimate IS NULL
           OR rate_budget_estimate(p_bucket, p_remaining, p_send_id) < current_estimate THEN
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
