// Which open lines of a sales order a shipment delivers, how much of each, and which shipment items make
// each.
#pragma once

#include "clients/sap/delivery_request.hpp"
#include "clients/sap/documents.hpp"
#include "flows/items/sku_mapping.hpp"

#include <boost/json/array.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <vector>

namespace mlc::flows::shipments {

// One line of the delivery to post, with what it was made from.
struct delivery_line {
    clients::sap::delivery_line_request request;  // BaseEntry, BaseLine and Quantity; allocations come later
    std::string item_code;                        // the order line's ItemCode
    std::string warehouse_code;                   // the order line's WarehouseCode (the delivery inherits it)
    boost::json::array shipment_items;  // the shipment's items on this line (none for a fulfillment)
};

// The shipmentItems of a stored shipment payload, or nullptr (a fulfillment, or none recorded). Never throws.
const boost::json::array* shipment_items_of(const boost::json::value& payload) noexcept;

// The distinct non-empty SKUs of `shipment_items` (nullptr: none), sorted. Throws std::bad_alloc only.
std::vector<std::string> shipped_skus(const boost::json::array* shipment_items);

// The delivery lines for `shipment_items` (ShipStation shipmentItems: lineItemKey, sku, quantity) against the
// order's open lines. Each item's SKU names an ItemCode (items::item_code_for with `lookup` and the order's
// ItemCodes); the item goes on the line its lineItemKey (a LineNum) names when that line is open, holds that
// ItemCode and has enough left, else on the first open line of that ItemCode with enough left. An item
// without a SKU only follows its lineItemKey. No items (a fulfillment): every open line whole. Returns the
// lines in LineNum order, or why they cannot be made (a SKU that names no ItemCode says how to map it).
// Throws std::bad_alloc only.
boost::system::result<std::vector<delivery_line>, std::string> delivery_lines_for(
    const clients::sap::document& order, const boost::json::array* shipment_items,
    const items::sku_lookup& lookup);

}  // namespace mlc::flows::shipments
