// /admin endpoints of the orders flow: an order's sync state and audit timeline, replaying its push, and
// polling SAP now.
#pragma once

#include "server/http/responses.hpp"
#include "server/http/request_context.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>

namespace mlc {
struct security_config;
}
namespace mlc::db {
class database;
}
namespace mlc::flows::orders {
class orders_flow;
}

namespace mlc::server::handlers {

// GET /admin/orders/{DocNum}: 200 with the order's state (flows::orders::order_status), 404 when the flow
// never saw it, 400 for a DocNum that is not a positive number.
// POST /admin/orders/{DocNum}/replay: 202 when a failed or dead push was queued again, 404, or 409 when
// there is nothing to replay.
boost::asio::awaitable<http::response> admin_orders(const http::request_context& ctx, const security_config& sec,
                                                    db::database& database, const std::string& company_db);

// POST /admin/poll: 202 once a poll is requested; 503 when the orders flow is not running (SAP or ShipStation
// not configured).
boost::asio::awaitable<http::response> admin_poll(const http::request_context& ctx, const security_config& sec,
                                                  flows::orders::orders_flow* flow);

}  // namespace mlc::server::handlers
