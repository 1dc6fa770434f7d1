-- step: expand: replaces a unique index by a plain one: it only accepts more rows, the previous release's writes still fit.
-- Order keys per SAP document. DocNum is unique only within a numbering series (SAP numbers each Series on its
-- own, and series with period indicators start again every year), so two orders may share one: the unique
-- index on it stopped the intake at the second. order_links stays keyed by (company_db, doc_entry); the
-- orderKey of an order first seen from now on names its DocEntry too (mlc-<COMPANYDB>-<DocNum>-e<DocEntry>)
-- and stays unique, while a link made before keeps the key ShipStation knows its order by
-- (mlc-<COMPANYDB>-<DocNum>).
DROP INDEX order_links_doc_num_idx;

-- GET /admin/orders/{DocNum} lists every order with that number.
CREATE INDEX order_links_doc_num_idx ON order_links (company_db, doc_num);

COMMENT ON COLUMN order_links.doc_num IS 'what users see; unique only within a numbering series';
COMMENT ON COLUMN order_links.order_key IS
    'ShipStation orderKey, set once: mlc-<COMPANYDB>-<DocNum>-e<DocEntry>, or mlc-<COMPANYDB>-<DocNum> for links made before migration 0009';
