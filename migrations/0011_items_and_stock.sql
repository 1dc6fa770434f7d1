-- step: expand: new tables and an index; the previous release never reads them.
-- Items, products, stock and customers: what the connector aligned in ShipStation for SAP's master data.
-- (Migration 0010 is the SKU map.)

-- One row per item whose SKU the connector has sent in an order: ShipStation made a product of it, and the
-- connector keeps that product's owned fields (name, weight, dimensions, customs, bin, active) like SAP's item.
CREATE TABLE item_links (
    company_db    text NOT NULL,
    item_code     text NOT NULL,
    sku           text NOT NULL,          -- the SKU ShipStation knows the item by
    product_id    bigint,                 -- ShipStation's productId, once found
    aligned_hash  text,                   -- SHA-256 of the owned fields as last written or found equal
    aligned       jsonb,                  -- those fields, for GET /admin/items/{ItemCode}
    aligned_at    timestamptz,
    sap_version   text,                   -- UpdateDate UpdateTime of the item when last queued for alignment
    first_sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_db, item_code)
);
CREATE INDEX item_links_sku_idx ON item_links (company_db, sku);

-- Stock per item and SAP warehouse as set in ShipStation's V2 inventory (the warehouse's location).
CREATE TABLE item_stock (
    company_db        text NOT NULL,
    item_code         text NOT NULL,
    warehouse_code    text NOT NULL,
    location_id       text NOT NULL,      -- inventory_location_id the warehouse maps to
    sku               text NOT NULL,
    sap_quantity      bigint,             -- SAP's figure when last read
    sent_quantity     bigint,             -- the level ShipStation last confirmed (null: never set)
    sent_at           timestamptz,
    reported_quantity bigint,             -- ShipStation's own listing when last read (absent: 0)
    reported_at       timestamptz,
    pending_since     timestamptz,        -- SAP differs from what ShipStation confirmed since then
    last_error        text,
    PRIMARY KEY (company_db, item_code, warehouse_code)
);
-- The age of the oldest pending change (a metric) and the pending rows of a sync.
CREATE INDEX item_stock_pending_idx ON item_stock (pending_since) WHERE pending_since IS NOT NULL;

-- ShipStation's customerId beside the business partner it was built from (customerUsername = CardCode).
CREATE TABLE customer_links (
    company_db  text NOT NULL,
    card_code   text NOT NULL,
    customer_id bigint NOT NULL,
    seen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_db, card_code)
);
-- customer_links.record() keeps only the customers of orders the connector sent.
CREATE INDEX order_links_customer_username_idx ON order_links (company_db, (sent_body ->> 'customerUsername'));
