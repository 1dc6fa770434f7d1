// The stable ShipStation orderKey of an SAP order (the idempotency key): built from CompanyDB, DocNum and
// DocEntry, and read back in that form or the older one without DocEntry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlc::clients::shipstation {

struct order_key_parts {
    std::string company_db;  // upper case
    std::int64_t doc_num = 0;
    // nullopt for the older form "mlc-<COMPANYDB>-<DocNum>", which orders sent before keys named the
    // document keep (DocNum repeats across numbering series, so that form can name two documents).
    std::optional<std::int64_t> doc_entry;
};

// "mlc-<COMPANYDB>-<DocNum>-e<DocEntry>", e.g. "mlc-SBODEMOUS-1001-e412": one key per SAP document, though
// DocNum repeats across numbering series; DocNum stays in it for people reading ShipStation. CompanyDB is
// upper-cased (SAP treats it case-insensitively, the key must not change with the configuration's spelling).
// Throws std::invalid_argument if company_db is empty, longer than 100 characters or holds characters other
// than [A-Za-z0-9_-], or if doc_num or doc_entry is not positive.
std::string make_order_key(std::string_view company_db, std::int64_t doc_num, std::int64_t doc_entry);

// CompanyDB as order keys and the order links hold it: upper case, whatever the configuration's spelling.
// Never throws except std::bad_alloc.
std::string company_key(std::string_view company_db);

// The parts of a key in either form (make_order_key's, or the older one without DocEntry); nullopt for any
// other text (orders not created by us). Never throws except std::bad_alloc.
std::optional<order_key_parts> parse_order_key(std::string_view key);

}  // namespace mlc::clients::shipstation
