// /admin endpoints of the items flow.
#include "server/handlers/item_admin_handlers.hpp"

#include "common/config.hpp"
#include "db/database.hpp"
#include "flows/items/item_status.hpp"
#include "flows/items/items_flow.hpp"
#include "server/handlers/admin_handlers.hpp"

#include <boost/url/pct_string_view.hpp>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view items_prefix = "/admin/items/";

// What a path below /admin/items/ names: an ItemCode, and what to do with it.
struct item_target {
    std::string item_code;
    enum class action { show, align, stock } what = action::show;
};

std::optional<item_target> parse_target(std::string_view rest) {
    item_target t;
    for (auto [suffix, what] : {std::pair{std::string_view("/align"), item_target::action::align},
                                std::pair{std::string_view("/stock"), item_target::action::stock}})
        if (rest.ends_with(suffix)) {
            rest.remove_suffix(suffix.size());
            t.what = what;
        }
    auto encoded = boost::urls::make_pct_string_view(rest);
    if (!encoded || encoded->empty()) return std::nullopt;
    t.item_code = encoded->decode();
    // An SAP ItemCode has at most 50 characters and no control characters.
    if (t.item_code.size() > 50 ||
        t.item_code.find_first_of(std::string_view("\0\r\n\t/", 5)) != std::string::npos)
        return std::nullopt;
    return t;
}

}  // namespace

boost::asio::awaitable<http::response> admin_items(const http::request_context& ctx,
                                                   const security_config& sec, db::database& database,
                                                   std::string company_db, flows::items::items_flow* flow) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    auto target = parse_target(ctx.path.substr(items_prefix.size()));
    if (!target)
        co_return http::error_response(
            bhttp::status::bad_request,
            "expected /admin/items/{ItemCode}, percent-encoded, at most 50 characters");
    const bool show = target->what == item_target::action::show;
    if (ctx.req.method() != (show ? bhttp::verb::get : bhttp::verb::post))
        co_return http::error_response(bhttp::status::method_not_allowed, show ? "use GET" : "use POST");
    if (show) {
        auto status = co_await database.run(
            [&](pqxx::work& w) { return flows::items::item_status(w, company_db, target->item_code); });
        if (!status)
            co_return http::error_response(bhttp::status::not_found,
                                           "the connector has not sent or synced item " + target->item_code);
        co_return http::json_response(bhttp::status::ok, boost::json::value(std::move(*status)));
    }
    const bool product = target->what == item_target::action::align;
    if (!product && (!flow || !flow->settings().inventory))
        co_return http::error_response(bhttp::status::service_unavailable,
                                       "stock is not synced: MLC_SHIPSTATION_V2_API_KEY and "
                                       "MLC_INVENTORY_LOCATION_MAP must be set");
    co_await database.run(
        [&](pqxx::work& w) { flows::items::queue_by_operator(w, company_db, target->item_code, product); });
    if (flow && !product) flow->wake_stock();
    co_return http::json_response(
        bhttp::status::accepted,
        boost::json::value(boost::json::object{{"item_code", target->item_code},
                                               {product ? "align_queued" : "stock_sync_queued", true}}));
}

boost::asio::awaitable<http::response> admin_inventory_resync(const http::request_context& ctx,
                                                              const security_config& sec,
                                                              flows::items::items_flow* flow) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    if (!flow || !flow->request_resync())
        co_return http::error_response(bhttp::status::service_unavailable,
                                       "stock is not synced: MLC_SHIPSTATION_V2_API_KEY and "
                                       "MLC_INVENTORY_LOCATION_MAP must be set, with SAP and ShipStation");
    co_return http::json_response(bhttp::status::accepted,
                                  boost::json::value(boost::json::object{{"resync_requested", true}}));
}

}  // namespace mlc::server::handlers
