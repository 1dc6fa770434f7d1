// /admin endpoints of the orders flow.
#include "server/handlers/order_admin_handlers.hpp"

#include "common/config.hpp"
#include "db/database.hpp"
#include "flows/orders/order_status.hpp"
#include "flows/orders/orders_flow.hpp"
#include "server/handlers/admin_handlers.hpp"
#include "server/http/responses.hpp"

#include <charconv>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view orders_prefix = "/admin/orders/";

std::optional<int> parse_doc_num(std::string_view text) {
    int n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
}

}  // namespace

boost::asio::awaitable<http::response> admin_orders(const http::request_context& ctx, const security_config& sec,
                                                    db::database& database, const std::string& company_db) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    std::string_view rest = ctx.path.substr(orders_prefix.size());
    constexpr std::string_view replay_suffix = "/replay";
    const bool replay = rest.ends_with(replay_suffix);
    if (replay) rest.remove_suffix(replay_suffix.size());
    auto doc_num = parse_doc_num(rest);
    if (!doc_num) co_return http::error_response(bhttp::status::bad_request, "expected /admin/orders/{DocNum}");

    if (!replay) {
        if (ctx.req.method() != bhttp::verb::get)
            co_return http::error_response(bhttp::status::method_not_allowed, "use GET");
        auto status = co_await database.run(
            [&](pqxx::work& w) { return flows::orders::order_status(w, company_db, *doc_num); });
        if (!status)
            co_return http::error_response(bhttp::status::not_found,
                                           "order " + std::to_string(*doc_num) + " has not been seen by the connector");
        co_return http::json_response(bhttp::status::ok, boost::json::value(std::move(*status)));
    }

    if (ctx.req.method() != bhttp::verb::post)
        co_return http::error_response(bhttp::status::method_not_allowed, "use POST");
    auto result = co_await database.run(
        [&](pqxx::work& w) { return flows::orders::replay_order(w, company_db, *doc_num); });
    switch (result) {
    case flows::orders::replay_result::replayed:
        co_return http::json_response(bhttp::status::accepted,
                                      boost::json::value(boost::json::object{{"doc_num", *doc_num}, {"replayed", true}}));
    case flows::orders::replay_result::not_found:
        co_return http::error_response(bhttp::status::not_found,
                                       "order " + std::to_string(*doc_num) + " has not been seen by the connector");
    case flows::orders::replay_result::nothing_to_replay:
        break;
    }
    co_return http::error_response(bhttp::status::conflict,
                                   "order " + std::to_string(*doc_num) + " has no failed or dead push or delivery to replay");
}

boost::asio::awaitable<http::response> admin_poll(const http::request_context& ctx, const security_config& sec,
                                                  flows::orders::orders_flow* flow) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    if (!flow)
        co_return http::error_response(bhttp::status::service_unavailable,
                                       "the orders flow is not running: MLC_SAP_URL and MLC_SHIPSTATION_API_KEY "
                                       "must both be set");
    flow->request_poll();
    co_return http::json_response(bhttp::status::accepted,
                                  boost::json::value(boost::json::object{{"poll_requested", true}}));
}

}  // namespace mlc::server::handlers
