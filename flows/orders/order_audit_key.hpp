// How the orders flow names an SAP order in the audit log.
#pragma once

#include <string>

namespace mlc::flows::orders {

inline constexpr const char* audit_entity = "sap_order";

// The audit key of the order with `doc_entry`: "Orders(412)", the Service Layer's own address of the
// document. Unique per document (DocNum repeats across numbering series) and never a bare number, so it
// cannot be mistaken for the DocNum that keyed the rows written before. Throws std::bad_alloc only.
inline std::string audit_key(int doc_entry) {
    return "Orders(" + std::to_string(doc_entry) + ")";
}

}  // namespace mlc::flows::orders
