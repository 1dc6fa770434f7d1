// SAP's stock of an item as ShipStation inventory levels: one per mapped warehouse (pure).
#pragma once

#include "clients/sap/master_data.hpp"
#include "common/config.hpp"
#include "db/item_stock.hpp"

#include <string>
#include <utility>
#include <vector>

namespace mlc::flows::items {

// The level of `item` in every warehouse of `location_map` (SAP warehouse -> inventory_location_id), under
// `sku`: InStock - Committed (or InStock), whole units rounded down, never below zero (ShipStation keeps no
// negative stock; an overcommitted warehouse has nothing to sell). A mapped warehouse the item has no row
// for is 0: stock there is none, and zero is written too. Never throws except std::bad_alloc.
std::vector<db::item_stock::sap_level> stock_levels(
    const clients::sap::item& item, const std::string& sku,
    const std::vector<std::pair<std::string, std::string>>& location_map, stock_quantity rule);

}  // namespace mlc::flows::items
