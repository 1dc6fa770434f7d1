-- step: expand: a new table (order_links); no earlier release reads it.
-- Order links: one row per SAP sales order the orders flow has seen, tying it to its ShipStation order and
-- recording where its synchronisation stands. The job queue holds the work; this table holds the answers.
CREATE TABLE order_links (
    company_db           text NOT NULL,           -- upper case, as in the orderKey
    doc_entry            integer NOT NULL,        -- SAP's key of the order
    doc_num              integer NOT NULL,        -- what users see; the idempotency key
    order_key            text NOT NULL,           -- ShipStation orderKey, mlc-<COMPANYDB>-<DocNum>
    -- The SAP version last processed, "YYYY-MM-DD HH:MM:SS" from UpdateDate and UpdateTime (company time):
    -- a poll that sees the same version again (overlapping windows) does nothing.
    sap_version          text,
    -- SHA-256 of the order as SAP returned it: catches a second edit within the same second, which
    -- UpdateTime (whole seconds) cannot tell apart.
    sap_hash             text,
    -- seen: read, nothing decided yet; ignored: not for ShipStation (closed, filtered); refused: data
    -- ShipStation would refuse (retried when the order changes); queued: a push is waiting; sent: ShipStation
    -- has the latest content; failed: a push failed and will be retried; dead: out of attempts (replayable);
    -- cancelled / shipped: locked in ShipStation, later SAP changes are skipped.
    state                text NOT NULL DEFAULT 'seen'
                         CHECK (state IN ('seen', 'ignored', 'refused', 'queued', 'sent', 'failed', 'dead',
                                          'cancelled', 'shipped')),
    shipstation_order_id bigint,
    shipstation_status   text,                    -- orderStatus as last known
    queued_hash          text,                    -- SHA-256 of the body last queued: detects real changes
    sent_hash            text,                    -- SHA-256 of the body ShipStation last accepted
    sent_body            jsonb,                   -- that body: a cancel resends it whole (no partial updates)
    sent_at              timestamptz,
    -- Set before a push and cleared by its answer: a push whose outcome is unknown (timeout, 5xx, crash)
    -- leaves it, and the next attempt looks the order up in ShipStation before sending again.
    in_doubt_hash        text,
    in_doubt_at          timestamptz,
    last_error           text,                    -- why it is ignored, refused, failed or dead
    correlation_id       text,                    -- the audit rows of the latest version
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_db, doc_entry),
    CONSTRAINT order_links_order_key_key UNIQUE (order_key)
);

-- GET /admin/orders/{DocNum}; DocNum is unique per company (series ranges do not overlap).
CREATE UNIQUE INDEX order_links_doc_num_idx ON order_links (company_db, doc_num);
-- The shipments flow finds an order by ShipStation's orderId.
CREATE INDEX order_links_shipstation_order_id_idx ON order_links (shipstation_order_id)
    WHERE shipstation_order_id IS NOT NULL;
