// The codes a delivery refers to that SAP checks against its own tables: the header's TransportationCode
// (ShippingTypes) and each line's WarehouseCode (Warehouses).
#pragma once

#include "tests/simulators/sap_b1/sl_error.hpp"
#include "tests/simulators/sap_b1/store.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace mlc::sim::sap {

// nullopt when the document header `header` has no TransportationCode, null, -1 (none) or the Code of a
// ShippingTypes entry; otherwise 400 / -5002 "Invalid value '<v>' [ODLN.TrnspCode]". Throws std::bad_alloc.
std::optional<sl_error> check_transportation_code(const store& s, const boost::json::object& header);

// nullopt when `warehouse` is an active Warehouses entry; otherwise 400 / -5002 "Invalid value '<w>'
// [DLN1.WhsCode][line: n]" (n = index + 1), or "... is inactive" for an inactive one. Throws std::bad_alloc.
std::optional<sl_error> check_line_warehouse(const store& s, std::string_view warehouse, std::size_t index);

}  // namespace mlc::sim::sap
