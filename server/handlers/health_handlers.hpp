// GET /healthz and GET /readyz: liveness of the process and readiness to do work.
#pragma once

#include "server/http/request_context.hpp"
#include "server/http/types.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::db {
class database;
}

namespace mlc::server::handlers {

// 200 while the process runs: it answers without touching any dependency.
boost::asio::awaitable<http::response> healthz(const http::request_context& ctx);

// 200 when the database answers, accepts writes (not a standby) and every migration this binary knows is
// applied; otherwise 503 with the reason ("database unreachable", "database read-only: ...", pending or
// mismatched migrations). Never throws for a database failure (that is the 503).
boost::asio::awaitable<http::response> readyz(const http::request_context& ctx, db::database& database);

}  // namespace mlc::server::handlers
