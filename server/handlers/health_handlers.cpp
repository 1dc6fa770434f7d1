// GET /healthz and GET /readyz: liveness of the process and readiness to do work.
#include "server/handlers/health_handlers.hpp"

#include "db/database.hpp"
#include "db/migration.hpp"
#include "db/migrator.hpp"
#include "server/http/responses.hpp"

#include <boost/json/object.hpp>

#include <exception>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

boost::asio::awaitable<http::response> healthz(const http::request_context& /*ctx*/) {
    co_return http::json_response(bhttp::status::ok, boost::json::object{{"status", "ok"}});
}

boost::asio::awaitable<http::response> readyz(const http::request_context& /*ctx*/, db::database& database) {
    std::string reason;
    try {
        auto status = co_await db::check_migrations(database, db::embedded_migrations());
        if (status.current)
            co_return http::json_response(bhttp::status::ok, boost::json::object{{"status", "ready"}});
        reason = status.reason;
    } catch (const std::exception&) {
        // The details (host, SQLSTATE) go to the log through the pool; the probe only needs the verdict.
        reason = "database unreachable";
    }
    co_return http::json_response(bhttp::status::service_unavailable,
                                  boost::json::object{{"status", "not ready"}, {"reason", reason}});
}

}  // namespace mlc::server::handlers
