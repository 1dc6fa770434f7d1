-- step: expand: a new table (sku_map); the previous release never reads it.
-- The SKU map: where a ShipStation SKU is not the SAP ItemCode (a channel's SKU, a customer's catalogue
-- number), one row says which item it is. Maintained through /admin/sku-map (one row, or a CSV import); read
-- both ways: an order line's ItemCode to the SKU sent, a shipment item's SKU back to the ItemCode.
CREATE TABLE sku_map (
    -- As ShipStation shows it, matched exactly (case included). Byte order ("C"): paging and "the lowest SKU"
    -- do not depend on the database's locale.
    sku        text COLLATE "C" PRIMARY KEY,
    item_code  text NOT NULL,                -- SAP's ItemCode
    -- Several SKUs may name one item (every one of them maps back); the preferred one is what orders send
    -- for the item (else the lowest SKU).
    preferred  boolean NOT NULL DEFAULT false,
    note       text,                         -- the operator's why, shown by the admin API
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Outbound: the SKUs of an order's items.
CREATE INDEX sku_map_item_code_idx ON sku_map (item_code);
-- At most one preferred SKU per item: the outbound choice is never ambiguous.
CREATE UNIQUE INDEX sku_map_preferred_idx ON sku_map (item_code) WHERE preferred;
