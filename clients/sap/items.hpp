// Items read page by page: those changed since a watermark (product alignment) and every item's stock per
// warehouse (the stock scan).
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/master_data.hpp"
#include "clients/sap/orders.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mlc::clients::sap {

// What the connector reads of an item for products and order lines: ItemCode, ItemName, ForeignName, Valid,
// Frozen, SalesItem, InventoryItem, the sales weight, length, width and height with their units,
// ItemCountryOrg, DefaultWarehouse, ItemWarehouseInfoCollection, UpdateDate, UpdateTime. Throws
// std::bad_alloc.
std::vector<std::string> item_shipping_fields();

// The first page's target of the items changed since `since`: UpdateDate on or after
// first_day_to_query(since, overlap) (Service Layer filters a date by day), ordered by ItemCode, selecting
// what product alignment reads (ItemCode, ItemName, ForeignName, Valid, Frozen, SalesItem, InventoryItem,
// the sales weight, length, width and height with their units, ItemCountryOrg, ItemWarehouseInfoCollection,
// UpdateDate, UpdateTime) and `extra_fields` (UDFs such as the SKU and tariff fields).
//
// Ordered by the key, as orders are by DocEntry, because the pages come by $skip: an item changed while they
// are read keeps its place (ordered by UpdateDate it would move to the end and push the row after the page
// boundary into a page already read, unseen). So the caller advances its watermark after the last page, to
// the newest (UpdateDate, UpdateTime) seen, and de-duplicates by (ItemCode, UpdateDate, UpdateTime); a change
// made during the pass falls inside `overlap` of that watermark and is read again next time.
// The date is written in c.filter_date_form() (call learn_date_form() first).
// Throws std::invalid_argument for an extra field that is not a plain property name; std::bad_alloc.
std::string items_changed_target(const client& c, order_watermark since, std::chrono::seconds overlap,
                                 const std::vector<std::string>& extra_fields);

// The first page's target of the stock scan: every item, ordered by ItemCode, selecting ItemCode,
// ItemWarehouseInfoCollection and `extra_fields` (InventoryItem, the SKU field). Throws std::invalid_argument
// for an extra field that is not a plain property name; std::bad_alloc.
std::string item_stock_target(const client& c, const std::vector<std::string>& extra_fields = {});

// One page of items and the target of the next page (none after the last).
struct item_page {
    std::vector<item> items;
    std::optional<std::string> next_target;
};

// Reads one page of an Items query (items_changed_target(), item_stock_target(), or a page's next_target).
// Returns the page or the error (an entity that cannot be read is bad_response). Throws std::bad_alloc only.
boost::asio::awaitable<outcome<item_page>> read_item_page(client& c, std::string target);

}  // namespace mlc::clients::sap
