// Which SAP orders go to ShipStation: push, cancel or ignore, with a reason for the audit log (pure).
#pragma once

#include "clients/sap/documents.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace mlc::flows::orders {

// What the operator configured as "orders for ShipStation". Every field's default lets every order through.
struct order_filter {
    // Empty: any Series; otherwise only these (raw "Series").
    std::set<int> series;
    // E.g. "U_ShipStation": the order goes only when this top-level field's text equals flag_value.
    std::optional<std::string> flag_field;
    // Compared with the field's text, so a number 1 matches "1".
    std::string flag_value = "Y";
    // Empty: any; otherwise only lines in these WarehouseCodes count.
    std::set<std::string> warehouses;
};

enum class order_action { push, cancel, ignore };

struct selection {
    order_action action = order_action::ignore;
    std::string reason;  // for the audit log: "closed in SAP", "series 12 is not configured", ...
};

// Decides what to do with `order`: cancelled in SAP -> cancel (whatever the filter says: an order pushed
// before must be cancelled even if it no longer matches); otherwise ignore when it is not open, a service
// document, of another series, without the flag, or without a line to ship; otherwise push.
// Throws std::bad_alloc only.
selection select_order(const clients::sap::document& order, const order_filter& filter);

// True if `line` is one to ship: LineStatus bost_Open, RemainingOpenQuantity > 0, an ItemCode, and (when
// `warehouses` is not empty) a WarehouseCode among them. Shared with the mapping. Never throws.
bool is_line_to_ship(const clients::sap::document_line& line,
                     const std::set<std::string>& warehouses) noexcept;

// The text of the top-level field `key` of `raw`: a string as is, an integer in decimal, a decimal number in
// its shortest form ("1" for 1.0), a boolean as "true"/"false". nullopt when missing, null, an object or an
// array. Shared with the mapping (custom fields). Throws std::bad_alloc only.
std::optional<std::string> field_text(const boost::json::object& raw, std::string_view key);

}  // namespace mlc::flows::orders
