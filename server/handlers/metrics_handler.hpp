// GET /metrics: the Prometheus text exposition of every metric the service keeps.
#pragma once

#include "server/app/process_metrics.hpp"
#include "server/http/request_context.hpp"
#include "server/http/types.hpp"

#include <boost/asio/awaitable.hpp>

namespace mlc::server::handlers {

// Refreshes the gauges read on demand (uptime, pool, queue depth), then renders the registry.
// A database failure leaves the queue gauges out; it never fails the scrape.
boost::asio::awaitable<http::response> metrics(const http::request_context& ctx,
                                               app::process_metrics& metrics);

}  // namespace mlc::server::handlers
