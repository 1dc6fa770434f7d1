-- step: expand: a column, indexes and functions only; the previous release keeps working against this schema.
-- Retention of succeeded jobs and of the audit log's payloads. An "expand" step: it only adds (a column, two
-- indexes, a function) and widens the append-only trigger by one narrow exception, so the previous release
-- keeps working against this schema.

-- When the request/response summaries of a row were cleared (NULL: never). The row itself stays.
ALTER TABLE audit_log ADD COLUMN payload_cleared_at timestamptz;

-- The clearing walks the rows still holding a payload, oldest first; cleared rows drop out of the index.
CREATE INDEX audit_log_payload_held_idx ON audit_log (occurred_at)
    WHERE payload_cleared_at IS NULL AND (request_summary IS NOT NULL OR response_summary IS NOT NULL);

-- Job retention deletes succeeded jobs oldest first.
CREATE INDEX job_queue_succeeded_idx ON job_queue (finished_at) WHERE state = 'succeeded';

-- The log stays append-only except for one change: setting both summaries to NULL and stamping
-- payload_cleared_at once, every other column (present or added later) unchanged. The summaries hold
-- personal data (addresses, names, emails) that must not be kept for ever; the evidence (who, what, when,
-- outcome, error) stays.
CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Nested: OLD and NEW exist only for row-level UPDATE (the function also guards DELETE and TRUNCATE).
    IF TG_OP = 'UPDATE' THEN
        IF OLD.payload_cleared_at IS NULL AND NEW.payload_cleared_at IS NOT NULL
           AND NEW.request_summary IS NULL AND NEW.response_summary IS NULL
           AND to_jsonb(NEW) - 'request_summary' - 'response_summary' - 'payload_cleared_at'
               = to_jsonb(OLD) - 'request_summary' - 'response_summary' - 'payload_cleared_at' THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The service's one way to use that exception: clears up to batch_size rows that occurred before cutoff and
-- returns how many it cleared. SECURITY DEFINER, so a runtime role without UPDATE on audit_log can still run
-- it; the search_path is pinned to the schema it was created in, so a caller cannot substitute objects.
CREATE FUNCTION audit_log_clear_payloads(cutoff timestamptz, batch_size integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    cleared integer;
BEGIN
    UPDATE audit_log SET request_summary = NULL, response_summary = NULL, payload_cleared_at = now()
    WHERE id IN (SELECT id FROM audit_log
                 WHERE payload_cleared_at IS NULL
                   AND (request_summary IS NOT NULL OR response_summary IS NOT NULL)
                   AND occurred_at < cutoff
                 ORDER BY occurred_at LIMIT batch_size FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS cleared = ROW_COUNT;
    RETURN cleared;
END;
$$;
