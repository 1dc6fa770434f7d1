-- step: expand: the first table (audit_log); nothing existed before it.
-- Append-only audit log: one row per thing the connector did or decided about an entity, so an operator can
-- answer "what happened to order 1234, and why?" without the service's logs.
CREATE TABLE audit_log (
    id               bigserial PRIMARY KEY,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    direction        text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
    entity_type      text NOT NULL,          -- e.g. 'sap_order', 'shipstation_shipment'
    entity_key       text NOT NULL,          -- e.g. the DocNum
    action           text NOT NULL,          -- e.g. 'create_order', 'webhook_received'
    outcome          text NOT NULL CHECK (outcome IN ('ok', 'skipped', 'failed', 'dead_letter', 'info')),
    request_summary  jsonb,                  -- what was sent or received, trimmed and without secrets
    response_summary jsonb,
    error            text,
    correlation_id   text,                   -- ties together the rows of one request or job chain
    job_id           bigint                  -- no foreign key: audit rows must outlive pruned jobs
);

-- "History of one entity, newest first": the admin view and support questions.
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_key, occurred_at DESC);
-- "Everything one request caused"; most rows have a correlation id, the partial index skips the rest.
CREATE INDEX audit_log_correlation_idx ON audit_log (correlation_id) WHERE correlation_id IS NOT NULL;
-- Time-range scans and retention exports.
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);
-- "Recent failures": small because failures are rare, so it stays cheap to keep.
CREATE INDEX audit_log_failures_idx ON audit_log (occurred_at DESC) WHERE outcome IN ('failed', 'dead_letter');

-- The log is evidence: rows are never changed or removed by the service. An operator who must prune it
-- does so deliberately (ALTER TABLE audit_log DISABLE TRIGGER ...), which is itself visible.
CREATE FUNCTION audit_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
