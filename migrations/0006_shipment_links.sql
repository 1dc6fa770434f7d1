-- step: expand: a new table (shipment_links); no earlier release reads it.
-- Shipment links: one row per ShipStation shipment (a label) or fulfillment (marked shipped without one) the
-- shipments flow has received, tying it to its sales order and, once written, to its SAP delivery.
CREATE TABLE shipment_links (
    kind                 text NOT NULL CHECK (kind IN ('shipment', 'fulfillment')),
    shipstation_id       bigint NOT NULL,          -- shipmentId or fulfillmentId
    shipstation_order_id bigint,                   -- orderId (null for a label made without an order)
    order_key            text,                     -- orderKey as ShipStation reports it
    order_number         text,
    tracking_number      text,
    carrier_code         text,
    service_code         text,
    ship_date            date,                     -- shipDate as ShipStation gives it (a Pacific date)
    voided               boolean NOT NULL DEFAULT false,
    payload              jsonb NOT NULL,           -- the record as fetched, items included
    -- received: waiting for its delivery; delivered: the SAP delivery exists; skipped: nothing to deliver
    -- (voided before delivery, an order the connector does not know); failed / dead: as the job says;
    -- cancelled: its delivery was cancelled after a void.
    state                text NOT NULL DEFAULT 'received'
                         CHECK (state IN ('received', 'delivered', 'skipped', 'failed', 'dead', 'cancelled')),
    delivery_doc_entry   integer,
    delivery_doc_num     integer,
    last_error           text,
    correlation_id       text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, shipstation_id)
);

-- GET /admin/orders/{DocNum} lists an order's shipments.
CREATE INDEX shipment_links_order_key_idx ON shipment_links (order_key) WHERE order_key IS NOT NULL;
CREATE INDEX shipment_links_order_id_idx ON shipment_links (shipstation_order_id)
    WHERE shipstation_order_id IS NOT NULL;
