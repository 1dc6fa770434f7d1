-- step: expand: nullable columns and an index only; the previous release ignores them.
-- When ShipStation made the label (createDate) and voided it (voidDate), stored in UTC: the delivery's date
-- falls back to the label's day in the company's time zone when ShipStation gives no shipDate.
ALTER TABLE shipment_links ADD COLUMN shipstation_created_at timestamptz;
ALTER TABLE shipment_links ADD COLUMN voided_at timestamptz;

-- Inbox retention deletes finished payloads oldest first.
CREATE INDEX webhook_inbox_finished_idx ON webhook_inbox (processed_at) WHERE state IN ('processed', 'rejected');
