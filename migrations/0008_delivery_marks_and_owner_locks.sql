-- step: expand: nullable columns and an index only; the previous release ignores them.
-- Exactly-once deliveries decided from stored state, never from a job's attempt counter (which replays reset).
--
-- Set before a delivery POST (or a cancel) is sent and cleared only by a definite answer: a POST whose answer
-- was lost (timeout, 502, empty 500, a crash) leaves it, and whatever runs next for this shipment (a retry, an
-- operator's replay, a void) looks for the stamped delivery, and for a draft waiting for approval, first.
ALTER TABLE shipment_links ADD COLUMN delivery_in_doubt_at timestamptz;

-- The sales order's update after its delivery exists (TrackingNumber and the order UDFs): the delivery is the
-- record, this is its follow-up. NULL: no delivery yet; pending: to write (a retry or a replay only patches);
-- done: written; refused: SAP refused it (a closed document, an unknown UDF), kept with SAP's message until an
-- operator replays the order.
ALTER TABLE shipment_links ADD COLUMN order_update text
    CHECK (order_update IN ('pending', 'done', 'refused'));
ALTER TABLE shipment_links ADD COLUMN order_update_error text;

-- The admin view and the metrics look for refused order updates.
CREATE INDEX shipment_links_order_update_idx ON shipment_links (order_update) WHERE order_update = 'refused';

-- A worker that holds a PostgreSQL session advisory lock for as long as its process lives names that lock on
-- the jobs it leases: when the lock is gone (the process died, its session with it) the job is taken over at
-- once instead of after its lease. NULL: the owner holds no such lock, only the lease counts.
ALTER TABLE job_queue ADD COLUMN lease_lock bigint;
