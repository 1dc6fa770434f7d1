-- step: expand: a new table (webhook_inbox); no earlier release reads it.
-- Webhook inbox: ShipStation notifications are stored before they are acknowledged, then processed from
-- here, so a crash between "200 OK" and the work never loses one.
CREATE TABLE webhook_inbox (
    id             bigserial PRIMARY KEY,
    source         text NOT NULL,                  -- e.g. 'shipstation'
    event_type     text NOT NULL,                  -- e.g. 'SHIP_NOTIFY'
    resource_url   text,
    payload        text NOT NULL,                  -- the body exactly as received
    payload_sha256 text NOT NULL,                  -- hex SHA-256 of payload
    received_at    timestamptz NOT NULL DEFAULT now(),
    state          text NOT NULL DEFAULT 'received'
                   CHECK (state IN ('received', 'processing', 'processed', 'rejected', 'failed')),
    attempts       integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error          text,
    processed_at   timestamptz,
    correlation_id text,
    -- Senders retry deliveries: the same bytes from the same source are one row, not two.
    CONSTRAINT webhook_inbox_source_payload_key UNIQUE (source, payload_sha256)
);

-- The processor's work list: only rows not yet finished, oldest first.
CREATE INDEX webhook_inbox_pending_idx ON webhook_inbox (received_at)
    WHERE state IN ('received', 'processing', 'failed');
