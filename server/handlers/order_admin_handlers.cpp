// /admin endpoints of the orders flow.
#include "server/handlers/order_admin_handlers.hpp"

#include "common/config.hpp"
#include "db/database.hpp"
#include "flows/orders/order_status.hpp"
#include "flows/orders/orders_flow.hpp"
#include "server/handlers/admin_handlers.hpp"
#include "server/http/responses.hpp"

#include <boost/json/array.hpp>

#include <charconv>

namespace mlc::server::handlers {

namespace bhttp = boost::beast::http;

namespace {

namespace orders = flows::orders;

constexpr std::string_view orders_prefix = "/admin/orders/";
constexpr std::string_view entry_prefix = "entry/";
constexpr std::string_view replay_suffix = "/replay";

// What a path below /admin/orders/ names: a DocNum, or with entry/ a DocEntry; and whether it replays.
struct order_target {
    bool by_entry = false;
    int number = 0;
    bool replay = false;
};

std::optional<int> parse_positive(std::string_view text) {
    int n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
}

std::optional<order_target> parse_target(std::string_view rest) {
    order_target t;
    t.replay = rest.ends_with(replay_suffix);
    if (t.replay) rest.remove_suffix(replay_suffix.size());
    t.by_entry = rest.starts_with(entry_prefix);
    if (t.by_entry) rest.remove_prefix(entry_prefix.size());
    auto number = parse_positive(rest);
    if (!number) return std::nullopt;
    t.number = *number;
    return t;
}

http::response not_seen(const order_target& t) {
    const auto n = std::to_string(t.number);
    return http::error_response(bhttp::status::not_found,
                                t.by_entry
                                    ? "the order with DocEntry " + n + " has not been seen by the connector"
                                    : "no order numbered " + n + " has been seen by the connector");
}

std::string replay_path(int doc_entry) {
    return std::string(orders_prefix) + std::string(entry_prefix) + std::to_string(doc_entry) +
           std::string(replay_suffix);
}

// GET: one order by DocEntry, or every order with the DocNum (numbering series repeat it), never one of them.
boost::asio::awaitable<http::response> show(db::database& database, const std::string& company_db,
                                            const order_target& t) {
    auto view = co_await database.run([&](pqxx::work& w) -> std::optional<boost::json::value> {
        if (t.by_entry) {
            auto status = orders::order_status_by_entry(w, company_db, t.number);
            if (!status) return std::nullopt;
            return boost::json::value(std::move(*status));
        }
        boost::json::array found;
        for (int entry : orders::doc_entries_with_doc_num(w, company_db, t.number))
            if (auto status = orders::order_status_by_entry(w, company_db, entry))
                found.push_back(std::move(*status));
        if (found.empty()) return std::nullopt;
        return boost::json::value(boost::json::object{{"doc_num", t.number}, {"orders", std::move(found)}});
    });
    if (!view) co_return not_seen(t);
    co_return http::json_response(bhttp::status::ok, *view);
}

// POST .../replay: by DocEntry, or by DocNum when exactly one order has it; several answer 409 naming each
// order's own replay.
boost::asio::awaitable<http::response> replay(db::database& database, const std::string& company_db,
                                              const order_target& t) {
    auto [result, entries] = co_await database.run([&](pqxx::work& w) {
        auto r = t.by_entry ? orders::replay_order_by_entry(w, company_db, t.number)
                            : orders::replay_order(w, company_db, t.number);
        std::vector<int> shared;
        if (r == orders::replay_result::ambiguous)
            shared = orders::doc_entries_with_doc_num(w, company_db, t.number);
        return std::pair{r, shared};
    });
    switch (result) {
        case orders::replay_result::replayed:
            co_return http::json_response(
                bhttp::status::accepted,
                boost::json::value(boost::json::object{{t.by_entry ? "doc_entry" : "doc_num", t.number},
                                                       {"replayed", true}}));
        case orders::replay_result::not_found:
            co_return not_seen(t);
        case orders::replay_result::ambiguous: {
            boost::json::array doc_entries, replays;
            for (int entry : entries) {
                doc_entries.push_back(entry);
                replays.push_back(boost::json::value(replay_path(entry)));
            }
            co_return http::json_response(
                bhttp::status::conflict,
                boost::json::value(boost::json::object{
                    {"error", std::to_string(entries.size()) + " orders are numbered " +
                                  std::to_string(t.number) +
                                  " (numbering series repeat DocNums): replay each by its DocEntry"},
                    {"doc_num", t.number},
                    {"doc_entries", std::move(doc_entries)},
                    {"replay", std::move(replays)}}));
        }
        case orders::replay_result::nothing_to_replay:
            break;
    }
    co_return http::error_response(bhttp::status::conflict,
                                   (t.by_entry ? "the order with DocEntry " : "order ") +
                                       std::to_string(t.number) +
                                       " has no failed or dead push or delivery to replay");
}

}  // namespace

boost::asio::awaitable<http::response> admin_orders(const http::request_context& ctx,
                                                    const security_config& sec, db::database& database,
                                                    const std::string& company_db) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    auto target = parse_target(ctx.path.substr(orders_prefix.size()));
    if (!target)
        co_return http::error_response(bhttp::status::bad_request,
                                       "expected /admin/orders/{DocNum} or /admin/orders/entry/{DocEntry}");
    if (!target->replay) {
        if (ctx.req.method() != bhttp::verb::get)
            co_return http::error_response(bhttp::status::method_not_allowed, "use GET");
        co_return co_await show(database, company_db, *target);
    }
    if (ctx.req.method() != bhttp::verb::post)
        co_return http::error_response(bhttp::status::method_not_allowed, "use POST");
    co_return co_await replay(database, company_db, *target);
}

boost::asio::awaitable<http::response> admin_poll(const http::request_context& ctx,
                                                  const security_config& sec,
                                                  flows::orders::orders_flow* flow) {
    if (auto refusal = refuse_unless_admin(ctx, sec)) co_return std::move(*refusal);
    if (!flow)
        co_return http::error_response(
            bhttp::status::service_unavailable,
            "the orders flow is not running: MLC_SAP_URL and MLC_SHIPSTATION_API_KEY "
            "must both be set");
    flow->request_poll();
    co_return http::json_response(bhttp::status::accepted,
                                  boost::json::value(boost::json::object{{"poll_requested", true}}));
}

}  // namespace mlc::server::handlers
