// Delivery operations over the Service Layer.
#include "clients/sap/deliveries.hpp"

#include "clients/sap/odata_query.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace mlc::clients::sap {

namespace {

namespace bhttp = boost::beast::http;

// Sends a write that is not replay-safe. A session error (401/301) is an answer, so the request was not
// processed: one more try (which logs in first) is safe, unlike a replay after a lost connection.
boost::asio::awaitable<outcome<http::response>> post_once(client& c, std::string operation, sap_request req) {
    auto res = co_await c.execute(operation, req);
    if (!res && res.error().kind == errc::session_lost && res.error().http_status != 0)
        res = co_await c.execute(std::move(operation), std::move(req));
    co_return res;
}

}  // namespace

boost::asio::awaitable<outcome<created_delivery>> create_delivery(client& c, const delivery_request& r) {
    sap_request req;
    req.method = bhttp::verb::post;
    req.target = "/DeliveryNotes";
    req.body = boost::json::serialize(delivery_body(r));
    req.replay_safe = false;
    auto res = co_await post_once(c, "create_delivery", std::move(req));
    if (!res) co_return res.error();
    boost::system::error_code ec;
    auto body = boost::json::parse(res->body(), ec);
    std::optional<document> d;
    if (!ec) d = parse_document(body);
    if (!d)
        // Posted (2xx) but unreadable: the caller must look it up by its stamp, as for any doubt.
        co_return error{errc::in_doubt, res->result_int(), {}, "created delivery answer without DocEntry"};
    created_delivery out{d->doc_entry, d->doc_num, std::move(*d)};
    co_return out;
}

boost::asio::awaitable<outcome<std::vector<document>>> find_deliveries_by_stamp(client& c,
                                                                                delivery_stamp stamp) {
    if (stamp.value.empty()) throw std::invalid_argument("find_deliveries_by_stamp: empty stamp");
    std::string match;
    if (stamp.field == "Comments")
        match = "contains(Comments, " + string_literal(stamp.value) + ")";
    else if (stamp.field.starts_with("U_") && stamp.field.find_first_of(" ()'&=") == std::string::npos)
        match = stamp.field + " eq " + string_literal(stamp.value);
    else
        throw std::invalid_argument("find_deliveries_by_stamp: not a stamp field: " + stamp.field);
    odata_query q;
    q.filter(match + " and CancelStatus ne 'csCancellation'").orderby("DocEntry asc");
    auto rows = co_await c.read_all("find_deliveries", "/DeliveryNotes" + q.to_string());
    if (!rows) co_return rows.error();
    auto found = parse_documents(*rows);
    if (!found) co_return error{errc::bad_response, 200, {}, "a delivery without DocEntry in /DeliveryNotes"};
    co_return std::move(*found);
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
