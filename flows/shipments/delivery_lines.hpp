// Which open lines of a sales order a shipment delivers, how much of each, and which shipment items make
// each.
#pragma once

#include "clients/sap/delivery_request.hpp"
#include "clients/sap/documents.hpp"

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

// The delivery lines for `items` (ShipStation shipmentItems: lineItemKey, sku, quantity) against the order's
// open lines: by LineNum from lineItemKey when it names an open line of that SKU with enough left, else the
// first open line of the SKU with enough left. No items (a fulfillment): every open line whole. Returns the
// lines in LineNum order, or why they cannot be made. Throws std::bad_alloc only.
boost::system::result<std::vector<delivery_line>, std::string> delivery_lines_for(
    const clients::sap::document& order, const boost::json::array* items);

}  // namespace mlc::flows::shipments
