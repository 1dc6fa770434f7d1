// GET /metrics: the Prometheus text exposition of every metric the service keeps.
#include "server/handlers/metrics_handler.hpp"

#include "server/http/responses.hpp"

namespace mlc::server::handlers {

boost::asio::awaitable<http::response> metrics(const http::request_context& /*ctx*/,
                                               app::process_metrics& metrics) {
    std::string body = co_await metrics.render();
    co_return http::text_response(boost::beast::http::status::ok, std::move(body),
                                  "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace mlc::server::handlers
