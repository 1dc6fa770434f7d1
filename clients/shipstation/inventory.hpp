// V2 inventory calls: stock levels per location (every page), the adjust transaction, inventory locations.
#pragma once

#include "clients/shipstation/inventory_client.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::clients::shipstation {

// One row of GET /v2/inventory grouped by location.
struct inventory_level {
    std::string sku, location_id, warehouse_id;
    std::int64_t on_hand = 0, allocated = 0, available = 0;  // available = on_hand - allocated
};

struct inventory_location {
    std::string location_id, warehouse_id, name;
};

// Rows asked for per page (the API does not document its maximum).
inline constexpr unsigned inventory_page_limit = 100;

// GET /v2/inventory?inventory_location_id=...(&sku=...)&group_by=location&limit=100, every page (following
// links.next, or page/pages when the answer has no link). A SKU absent from the listing has zero on hand: V2
// leaves zero rows out (see level_at). Returns the rows, or an error as inventory_client::call() returns it,
// bad_response for an answer without an inventory array or a row without sku. Throws as
// inventory_client::call().
boost::asio::awaitable<outcome<std::vector<inventory_level>>> list_inventory(
    inventory_client& c, std::optional<std::string> location_id, std::optional<std::string> sku = {},
    priority prio = priority::normal);

// The level of `sku` at `location_id` in `levels`, zeros when absent (V2's listing omits zero on hand).
// Throws std::bad_alloc only.
inventory_level level_at(const std::vector<inventory_level>& levels, std::string_view sku,
                         std::string_view location_id);

// POST /v2/inventory {"transaction_type":"adjust","sku","quantity","inventory_location_id",
// "condition":"sellable","reason"}: sets the on-hand quantity (204). It sets rather than adds, so it is sent
// again after a 5xx or a lost answer. Returns nothing, or an error as inventory_client::call() returns it
// (refused names V2's error_code and message). Throws std::invalid_argument for a negative quantity or an
// empty sku or location_id, and as inventory_client::call().
boost::asio::awaitable<outcome<void>> adjust_inventory(inventory_client& c, std::string sku,
                                                       std::string location_id, std::int64_t quantity,
                                                       std::string reason, priority prio = priority::normal);

// GET /v2/inventory_locations, every page. Returns them, or an error as list_inventory(), bad_response for a
// location without inventory_location_id. Throws as inventory_client::call().
boost::asio::awaitable<outcome<std::vector<inventory_location>>> list_inventory_locations(
    inventory_client& c);

}  // namespace mlc::clients::shipstation
