// Selecting the SAP orders that go to ShipStation.
#include "flows/orders/order_selection.hpp"

#include "common/json_fields.hpp"
#include "flows/reason_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace mlc::flows::orders {
namespace {

selection ignore(std::string reason) {
    return {order_action::ignore, std::move(reason)};
}

}  // namespace

std::optional<std::string> field_text(const boost::json::object& raw, std::string_view key) {
    const auto* v = raw.if_contains(key);
    if (!v) return std::nullopt;
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_double()) return number_text(v->get_double());
    if (v->is_bool()) return std::string(v->get_bool() ? "true" : "false");
    return std::nullopt;
}

bool is_line_to_ship(const clients::sap::document_line& line,
                     const std::set<std::string>& warehouses) noexcept {
    return line.line_status == "bost_Open" && line.remaining_open_quantity > 0 && !line.item_code.empty() &&
           (warehouses.empty() || warehouses.contains(line.warehouse_code));
}

selection select_order(const clients::sap::document& order, const order_filter& filter) {
    namespace jf = json_fields;

    // Checked before the filter: an order that was pushed must be cancelled in ShipStation even if it has
    // since left the configured series or lost its flag (the flow cancels only orders it knows).
    if (order.cancelled || order.cancel_status == "csCancelled")
        return {order_action::cancel, "cancelled in SAP"};
    if (order.document_status == "bost_Close") return ignore("closed in SAP");
    if (order.document_status != "bost_Open")
        return ignore("not open in SAP (DocumentStatus is '" + order.document_status + "')");
    if (jf::text(order.raw, "DocType") == "dDocument_Service")
        return ignore("a service document (DocType dDocument_Service): nothing to ship");

    if (!filter.series.empty()) {
        auto series = jf::integer(order.raw, "Series");
        if (!series) return ignore("the order has no Series, and only configured series go to ShipStation");
        if (!filter.series.contains(*series))
            return ignore("series " + std::to_string(*series) + " is not configured");
    }

    if (filter.flag_field) {
        const auto& field = *filter.flag_field;
        auto value = field_text(order.raw, field);
        if (!value) return ignore(field + " is not set, not '" + filter.flag_value + "'");
        if (*value != filter.flag_value)
            return ignore(field + " is '" + *value + "', not '" + filter.flag_value + "'");
    }

    for (const auto& line : order.lines)
        if (is_line_to_ship(line, filter.warehouses)) return {order_action::push, "open with lines to ship"};
    if (filter.warehouses.empty()) return ignore("no open inventory line");
    return ignore("no open inventory line in the configured warehouses (" + joined(filter.warehouses) + ")");
}

}  // namespace mlc::flows::orders
