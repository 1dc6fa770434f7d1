// Shipping type and warehouse checks of a delivery. A code that does not exist answers -2028 "No matching
// records found", as the reference says of every invalid referenced code on a POST (so a client cannot tell
// it from an approval draft by the code alone); an inactive warehouse is a business rule (-5002, naming the
// column in brackets as SAP's DI core does, e.g. "... [IGE1.WhsCode][line: 1]").
#include "tests/simulators/sap_b1/delivery_references.hpp"

#include "tests/simulators/sap_b1/document_model.hpp"

#include <string>

namespace mlc::sim::sap {

std::optional<sl_error> check_transportation_code(const store& s, const boost::json::object& header) {
    const auto* v = header.if_contains("TransportationCode");
    if (!v || v->is_null()) return std::nullopt;
    auto code = integer_of(header, "TransportationCode");
    if (code && (*code == -1 || s.shipping_types.contains(static_cast<int>(*code)))) return std::nullopt;
    return no_matching_records();
}

std::optional<sl_error> check_line_warehouse(const store& s, std::string_view warehouse, std::size_t index) {
    const std::string where = " [DLN1.WhsCode][line: " + std::to_string(index + 1) + "]";
    auto it = s.warehouses.find(warehouse);
    if (it == s.warehouses.end()) return no_matching_records();
    if (string_or(it->second, "Inactive") == "tYES")
        return business_error(-5002, "Warehouse '" + std::string(warehouse) + "' is inactive" + where);
    return std::nullopt;
}

}  // namespace mlc::sim::sap
