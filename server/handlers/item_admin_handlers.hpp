// /admin endpoints of the items flow: an item's SKU, product and stock; aligning or syncing it now; a full
// stock resync.
#pragma once

#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace mlc {
struct security_config;
}
namespace mlc::db {
class database;
}
namespace mlc::flows::items {
class items_flow;
}

namespace mlc::server::handlers {

// GET /admin/items/{ItemCode} (percent-encoded): 200 with flows::items::item_status, 404 when the connector
// knows nothing of the item. POST /admin/items/{ItemCode}/align and /admin/items/{ItemCode}/stock: 202 once
// the product alignment or the stock sync is queued (the latter 503 without a V2 key). 400 for an empty or
// badly encoded ItemCode. `company_db` is taken by value: the caller passes a temporary and this is a
// coroutine.
boost::asio::awaitable<http::response> admin_items(const http::request_context& ctx,
                                                   const security_config& sec, db::database& database,
                                                   std::string company_db, flows::items::items_flow* flow);

// POST /admin/inventory/resync: 202 once a full stock resync is requested; 503 without a V2 key and a
// location map, or when the flows do not run.
boost::asio::awaitable<http::response> admin_inventory_resync(const http::request_context& ctx,
                                                              const security_config& sec,
                                                              flows::items::items_flow* flow);

}  // namespace mlc::server::handlers
