// One SAP order as one ShipStation V1 createorders element, or the reason it cannot be sent (pure).
#pragma once

#include "clients/sap/documents.hpp"
#include "flows/items/shipping_measures.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

namespace date {
class time_zone;
}

namespace mlc::clients::sap {
struct business_partner;
}

namespace mlc::flows::orders {

// How orders are written for this company and account. Tests build it in code.
struct mapping_options {
    // orderNumber "<Series>-<DocNum>" instead of the DocNum alone (MLC_ORDER_NUMBER_SERIES_PREFIX): tells
    // apart in ShipStation the documents of two numbering series that share a DocNum.
    bool series_in_order_number = false;
    // advancedOptions.storeId when set (ShipStation's first manual store otherwise).
    std::optional<std::int64_t> store_id;
    // WarehouseCode -> advancedOptions.warehouseId, from the first line sent whose warehouse has an entry.
    std::map<std::string, std::int64_t> warehouse_ids;
    // Top-level SAP fields ("NumAtCard", "U_Channel", ...) for advancedOptions.customField1..3; "": unset.
    std::array<std::string, 3> custom_fields;
    // Countries that write "12 Main St"; elsewhere "Hauptstr. 12".
    std::set<std::string> street_number_first_countries = {"US", "CA", "GB", "IE", "AU", "NZ", "FR"};
    // As order_filter::warehouses: empty sends every line, otherwise only lines in these WarehouseCodes.
    std::set<std::string> warehouses;
    // The zone DocDate + DocTime are local time in (find_time_zone()); nullptr: UTC.
    const date::time_zone* company_time_zone = nullptr;
};

// What the order takes from its business partner.
struct partner_info {
    std::string name;   // CardName
    std::string email;  // EmailAddress
    std::string phone;  // Phone1
};

// What an order line takes from its item: the SKU ShipStation knows it by, and its shipping measures of one
// sales unit (nullopt: SAP keeps none, or in a unit the company's tables do not know).
struct line_item_facts {
    std::string sku;
    std::optional<items::shipping_weight> weight;
    std::optional<items::shipping_dimensions> dimensions;
};
using item_facts = std::map<std::string, line_item_facts>;  // by ItemCode

struct mapped_order {
    boost::json::object body;  // one element of the createorders array, fields in a fixed order
};

struct mapping_refusal {
    std::string reason;  // a sentence for the operator, naming the line or field at fault
};

// Maps `order` (its lines to ship as in is_line_to_ship with options.warehouses) to a createorders
// element with orderStatus awaiting_shipment and orderKey `order_key` (the key ShipStation knows the order
// by, or will). `shipping_type_names` maps TransportationCode to the ShippingTypes name. `items` gives each
// line's SKU and weight (a line whose item has no entry goes under its ItemCode, without a weight); the order
// carries the total weight when every line has one, and dimensions when every line has the same. The same
// inputs always serialize to the same bytes. Returns a refusal when DocNum is not positive, DocDate is
// missing, there is no name, the ship-to country is missing or not two letters, a line to send has a
// fractional open quantity, or no line is left to send. Throws std::runtime_error if the tz database lacks
// America/Los_Angeles, std::bad_alloc.
std::variant<mapped_order, mapping_refusal> map_order(const clients::sap::document& order,
                                                      std::string_view order_key,
                                                      const std::optional<partner_info>& partner,
                                                      const std::map<int, std::string>& shipping_type_names,
                                                      const mapping_options& options,
                                                      const item_facts& items = {});

// The orderNumber of `order`: its DocNum, or "<Series>-<DocNum>" (e.g. "21-70001") with
// options.series_in_order_number when the order has a Series. Throws std::bad_alloc only.
std::string order_number_of(const clients::sap::document& order, const mapping_options& options);

// The partner fields an order uses. Throws std::bad_alloc only.
partner_info partner_info_of(const clients::sap::business_partner& partner);

// The IANA zone `name` (e.g. "Europe/Berlin") for mapping_options::company_time_zone; it lives as long as the
// process. Throws std::runtime_error if the tz database lacks it.
const date::time_zone* find_time_zone(std::string_view name);

}  // namespace mlc::flows::orders
