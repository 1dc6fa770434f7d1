// GET /healthz and GET /readyz: liveness of the process and readiness to do work.
#include "server/handlers/health_handlers.hpp"

#include "db/database.hpp"
#include "db/migration.hpp"
#include "db/migrator.hpp"
#include "server/http/responses.hpp"

#include <boost/json/object.hpp>

#include <pqxx/except>

#include <cstring>
#include <exception>
#include <string>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

constexpr const char* read_only_reason =
    "database read-only: only a standby answered (the primary is down or not yet promoted)";

// Why the database cannot serve, without libpq's text (hosts, ports: those go to the log through the pool).
// A standby refused by target_session_attrs=read-write, or one reached without it, is told apart from a
// server that did not answer, so a probe's reader sees a fail-over in progress.
std::string unready_reason(const std::exception& e) {
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
        sql != nullptr && sql->sqlstate() == "25006")
        return read_only_reason;
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr &&
        std::strstr(e.what(), "read-only") != nullptr)
        return read_only_reason;
    return "database unreachable";
}

}  // namespace

boost::asio::awaitable<http::response> healthz(const http::request_context& /*ctx*/) {
    co_return http::json_response(bhttp::status::ok, boost::json::object{{"status", "ok"}});
}

boost::asio::awaitable<http::response> readyz(const http::request_context& /*ctx*/, db::database& database) {
    std::string reason;
    try {
        auto status = co_await db::check_migrations(database, db::embedded_migrations());
        bool read_only = co_await database.run([](pqxx::work& w) {
            return w.exec1("SELECT current_setting('transaction_read_only')")[0].as<std::string>() == "on";
        });
        if (status.current && !read_only)
            co_return http::json_response(bhttp::status::ok, boost::json::object{{"status", "ready"}});
        reason = status.current ? read_only_reason : status.reason;
    } catch (const std::exception& e) {
        reason = unready_reason(e);
    }
    co_return http::json_response(bhttp::status::service_unavailable,
                                  boost::json::object{{"status", "not ready"}, {"reason", reason}});
}

}  // namespace mlc::server::handlers
