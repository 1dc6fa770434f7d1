// Shipping type and warehouse checks of a delivery. SAP's DI core names the column it refused in brackets
// ("... [IGE1.WhsCode][line: 1]", as real answers show); the reference's -2028 for an invalid referenced code
// is kept for items and business partners, while these two answer with the column, which tells an integrator
// what to fix.
#include "tests/simulators/sap_b1/delivery_references.hpp"

#include "tests/simulators/sap_b1/document_model.hpp"

#include <boost/json/serialize.hpp>

#include <string>

namespace mlc::sim::sap {

std::optional<sl_error> check_transportation_code(const store& s, const boost::json::object& header) {
    const auto* v = header.if_contains("TransportationCode");
    if (!v || v->is_null()) return std::nullopt;
    auto code = integer_of(header, "TransportationCode");
    if (code && (*code == -1 || s.shipping_types.contains(static_cast<int>(*code)))) return std::nullopt;
    std::string shown = v->is_string() ? std::string(v->get_string()) : boost::json::serialize(*v);
    return business_error(-5002, "Invalid value '" + shown + "' [ODLN.TrnspCode]");
}

std::optional<sl_error> check_line_warehouse(const store& s, std::string_view warehouse, std::size_t index) {
    const std::string where = " [DLN1.WhsCode][line: " + std::to_string(index + 1) + "]";
    auto it = s.warehouses.find(warehouse);
    if (it == s.warehouses.end())
        return business_error(-5002, "Invalid value '" + std::string(warehouse) + "'" + where);
    if (string_or(it->second, "Inactive") == "tYES")
        return business_error(-5002, "Warehouse '" + std::string(warehouse) + "' is inactive" + where);
    return std::nullopt;
}

}  // namespace mlc::sim::sap
