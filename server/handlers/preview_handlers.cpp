// /admin/preview endpoints: the flows' previews as JSON.
#include "server/handlers/preview_handlers.hpp"

#include "server/app/previews.hpp"
#include "server/handlers/admin_handlers.hpp"
#include "server/handlers/query_param.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view orders_prefix = "/admin/preview/orders/";
constexpr std::string_view shipments_prefix = "/admin/preview/shipments/";

std::optional<std::int64_t> parse_positive(std::string_view text) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
}

std::optional<int> parse_int(std::string_view text) {
    auto n = parse_positive(text);
    if (!n || *n > 2147483647) return std::nullopt;
    return static_cast<int>(*n);
}

http::response answer(const app::preview_answer& a, std::string_view not_found) {
    if (a.failed) return http::json_response(bhttp::status::bad_gateway, boost::json::value(a.json));
    if (!a.found) return http::error_response(bhttp::status::not_found, not_found);
    return http::json_response(bhttp::status::ok, boost::json::value(a.json));
}

boost::asio::awaitable<http::response> order_preview(const http::request_context& ctx, app::previews& p) {
    auto doc_num = parse_int(ctx.path.substr(orders_prefix.size()));
    std::optional<int> doc_entry;
    if (auto text = query_param(ctx.query, "doc_entry")) {
        doc_entry = parse_int(*text);
        if (!doc_entry)
            co_return http::error_response(bhttp::status::bad_request, "doc_entry must be positive");
    }
    if (!doc_num)
        co_return http::error_response(bhttp::status::bad_request, "expected /admin/preview/orders/{DocNum}");
    // The answer is awaited on its own: GCC 12 mishandles a co_await among a call's temporaries.
    const auto got = co_await p.order(*doc_num, doc_entry);
    const std::string not_found =
        "SAP has no order numbered " + std::to_string(*doc_num) +
        (doc_entry ? " with DocEntry " + std::to_string(*doc_entry) : std::string());
    co_return answer(got, not_found);
}

boost::asio::awaitable<http::response> shipment_preview(const http::request_context& ctx, app::previews& p) {
    auto id = parse_positive(ctx.path.substr(shipments_prefix.size()));
    if (!id)
        co_return http::error_response(bhttp::status::bad_request,
                                       "expected /admin/preview/shipments/{shipmentId}");
    const auto got = co_await p.delivery(*id);
    const std::string not_found = "shipment " + std::to_string(*id) +
                                  " is not recorded: its SHIP_NOTIFY has not been received and fetched (yet)";
    co_return answer(got, not_found);
}

}  // namespace

boost::asio::awaitable<http::response> admin_preview(const http::request_context& ctx,
                                                     const security_config& sec, app::previews* previews) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    if (!previews)
        co_return http::error_response(
            bhttp::status::service_unavailable,
            "previews need SAP: MLC_SAP_URL and MLC_SHIPSTATION_API_KEY must be set");
    if (ctx.path.starts_with(orders_prefix)) co_return co_await order_preview(ctx, *previews);
    if (ctx.path.starts_with(shipments_prefix)) co_return co_await shipment_preview(ctx, *previews);
    co_return http::error_response(
        bhttp::status::not_found, "expected /admin/preview/orders/{DocNum} or /admin/preview/shipments/{id}");
}

}  // namespace mlc::server::handlers
