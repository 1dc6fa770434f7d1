// How the orders flow names an SAP order in the audit log, and the one builder of its rows.
#pragma once

#include "db/audit_log.hpp"

#include <string>
#include <utility>

namespace mlc::flows::orders {

inline constexpr const char* audit_entity = "sap_order";

// The audit key of the order with `doc_entry`: "Orders(412)", the Service Layer's own address of the
// document. Unique per document (DocNum repeats across numbering series) and never a bare number, so it
// cannot be mistaken for the DocNum that keyed the rows written before. Throws std::bad_alloc only.
inline std::string audit_key(int doc_entry) {
    return "Orders(" + std::to_string(doc_entry) + ")";
}

// A row about the order with `doc_entry`. Throws std::bad_alloc only.
inline db::audit_log::entry order_row(int doc_entry, db::audit_log::direction dir, std::string action,
                                      db::audit_log::outcome result) {
    db::audit_log::entry e;
    e.dir = dir;
    e.entity_type = audit_entity;
    e.entity_key = audit_key(doc_entry);
    e.action = std::move(action);
    e.result = result;
    return e;
}

}  // namespace mlc::flows::orders
