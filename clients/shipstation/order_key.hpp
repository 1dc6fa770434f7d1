// The stable ShipStation orderKey of an SAP order: built from CompanyDB and DocNum (the idempotency key).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlc::clients::shipstation {

struct order_key_parts {
    std::string company_db;  // upper case
    std::int64_t doc_num = 0;
};

// "mlc-<COMPANYDB>-<DocNum>", e.g. "mlc-SBODEMOUS-1001". CompanyDB is upper-cased (SAP treats it
// case-insensitively, the key must not change with the configuration's spelling). Throws
// std::invalid_argument if company_db is empty, longer than 100 characters or holds characters other
// than [A-Za-z0-9_-], or if doc_num is not positive.
std::string make_order_key(std::string_view company_db, std::int64_t doc_num);

// CompanyDB as order keys and the order links hold it: upper case, whatever the configuration's spelling.
// Never throws except std::bad_alloc.
std::string company_key(std::string_view company_db);

// The parts of a key made by make_order_key(); nullopt for any other text (orders not created by us).
// Never throws except std::bad_alloc.
std::optional<order_key_parts> parse_order_key(std::string_view key);

}  // namespace mlc::clients::shipstation
