// /admin endpoints of the orders flow: an order's sync state and audit timeline, replaying its push, and
// polling SAP now.
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
namespace mlc::flows::orders {
class orders_flow;
}

namespace mlc::server::handlers {

// GET /admin/orders/{DocNum}: 200 {"doc_num":N,"orders":[...]} with the state of every order numbered N
// (flows::orders::order_status_by_entry; several when numbering series repeat the DocNum), 404 when the flow
// saw none. GET /admin/orders/entry/{DocEntry}: 200 with that order's state, 404 when never seen.
// POST /admin/orders/{DocNum}/replay and /admin/orders/entry/{DocEntry}/replay: 202 when a failed or dead
// push or delivery was queued again, 404, 409 when there is nothing to replay, and 409 naming the DocEntries
// (and their replay paths) when several orders share the DocNum. 400 for a number that is not positive.
boost::asio::awaitable<http::response> admin_orders(const http::request_context& ctx,
                                                    const security_config& sec, db::database& database,
                                                    const std::string& company_db);

// POST /admin/poll: 202 once a poll is requested; 503 when the orders flow is not running (SAP or ShipStation
// not configured).
boost::asio::awaitable<http::response> admin_poll(const http::request_context& ctx,
                                                  const security_config& sec,
                                                  flows::orders::orders_flow* flow);

}  // namespace mlc::server::handlers
