// Delivery operations over the Service Layer.
#include "clients/sap/deliveries.hpp"

#include "clients/sap/discovery.hpp"
#include "clients/sap/odata_query.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace mlc::clients::sap {

namespace {

namespace bhttp = boost::beast::http;

// Sends a write that is not replay-safe. A session error (401/301) is an answer, so the request was not
// processed: one more try (which logs in first) is safe, unlike a replay after a lost connection.
boost::asio::awaitable<outcome<http::response>> post_once(client& c, std::string operation, sap_request req) {
    auto res = co_await c.execute(operation, req);
    if (!res && res.error().kind == error_kind::session_lost && res.error().http_status != 0)
        res = co_await c.execute(std::move(operation), std::move(req));
    co_return res;
}

// The DocEntry in a Location header such as ".../Drafts(17)", when it names `set`.
std::optional<int> entry_in_location(std::string_view location, std::string_view set) {
    auto at = location.rfind("/" + std::string(set) + "(");
    if (at == std::string_view::npos) return std::nullopt;
    auto digits = location.substr(at + set.size() + 2);
    int entry = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), entry);
    if (ec != std::errc() || end == digits.data() || *end != ')') return std::nullopt;
    return entry;
}

// The $filter that finds documents stamped `stamp`.
std::string stamp_filter(const delivery_stamp& stamp) {
    if (stamp.value.empty()) throw std::invalid_argument("find_deliveries_by_stamp: empty stamp");
    if (stamp.field == "Comments") return "contains(Comments, " + string_literal(stamp.value) + ")";
    if (stamp.field.starts_with("U_") && stamp.field.find_first_of(" ()'&=") == std::string::npos)
        return stamp.field + " eq " + string_literal(stamp.value);
    throw std::invalid_argument("find_deliveries_by_stamp: not a stamp field: " + stamp.field);
}

boost::asio::awaitable<outcome<std::vector<document>>> read_documents(client& c, std::string operation,
                                                                      std::string target) {
    auto rows = co_await c.read_all(std::move(operation), std::move(target));
    if (!rows) co_return rows.error();
    auto found = parse_documents(*rows);
    if (!found)
        co_return error{error_kind::bad_response, 200, {}, "a document without DocEntry in the answer"};
    co_return std::move(*found);
}

}  // namespace

boost::asio::awaitable<outcome<created_delivery>> create_delivery(client& c, const delivery_request& r) {
    sap_request req;
    req.method = bhttp::verb::post;
    req.target = "/DeliveryNotes";
    // Only a delivery with batches needs the batch property's name ($metadata, read once).
    std::string batch_property = "BatchNumbers";
    for (const auto& l : r.lines)
        if (!l.batch_numbers.empty()) {
            batch_property = (co_await learn_batch_property(c)).property;
            break;
        }
    req.body = boost::json::serialize(delivery_body(r, batch_property));
    req.replay_safe = false;
    auto res = co_await post_once(c, "create_delivery", std::move(req));
    if (!res) co_return res.error();
    const auto location = (*res)[bhttp::field::location];
    if (auto draft = entry_in_location(std::string_view(location.data(), location.size()), "Drafts"))
        co_return created_delivery{*draft, 0, true, {}};
    boost::system::error_code ec;
    auto body = boost::json::parse(res->body(), ec);
    std::optional<document> d;
    if (!ec) d = parse_document(body);
    if (!d)
        // Posted (2xx) but unreadable: the caller must look it up by its stamp, as for any doubt.
        co_return error{
            error_kind::in_doubt, res->result_int(), {}, "created delivery answer without DocEntry"};
    created_delivery out{d->doc_entry, d->doc_num, false, std::move(*d)};
    co_return out;
}

boost::asio::awaitable<outcome<std::vector<document>>> find_deliveries_by_stamp(client& c,
                                                                                delivery_stamp stamp) {
    odata_query q;
    q.filter(stamp_filter(stamp) + " and CancelStatus ne 'csCancellation'").orderby("DocEntry asc");
    co_return co_await read_documents(c, "find_deliveries", "/DeliveryNotes" + q.to_string());
}

boost::asio::awaitable<outcome<std::vector<document>>> find_delivery_drafts_by_stamp(client& c,
                                                                                     delivery_stamp stamp) {
    odata_query q;
    q.filter("DocObjectCode eq 'oDeliveryNotes' and " + stamp_filter(stamp)).orderby("DocEntry asc");
    co_return co_await read_documents(c, "find_delivery_drafts", "/Drafts" + q.to_string());
}

boost::asio::awaitable<outcome<void>> cancel_delivery(client& c, int doc_entry) {
    sap_request req;
    req.method = bhttp::verb::post;
    req.target = "/DeliveryNotes(" + std::to_string(doc_entry) + ")/Cancel";
    req.replay_safe = false;
    auto res = co_await post_once(c, "cancel_delivery", std::move(req));
    if (!res) co_return res.error();
    co_return outcome<void>{};
}

}  // namespace mlc::clients::sap
