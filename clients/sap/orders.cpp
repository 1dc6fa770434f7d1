// Sales order operations over the Service Layer.
#include "clients/sap/orders.hpp"

#include "clients/sap/discovery.hpp"
#include "clients/sap/odata_query.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace mlc::clients::sap {

namespace bhttp = boost::beast::http;

std::chrono::sys_days first_day_to_query(const order_watermark& since,
                                         std::chrono::seconds overlap) noexcept {
    auto at = std::chrono::sys_seconds(since.update_date) + since.update_time - overlap;
    return std::chrono::floor<std::chrono::days>(at);
}

std::string orders_changed_target(const client& c, order_watermark since, std::chrono::seconds overlap) {
    odata_query q;
    q.filter("UpdateDate ge " + date_literal(c.filter_date_form(), first_day_to_query(since, overlap)))
        .orderby("DocEntry asc");
    return "/Orders" + q.to_string();
}

boost::asio::awaitable<outcome<order_page>> read_order_page(client& c, std::string target) {
    auto page = co_await c.read_page("orders_changed", std::move(target));
    if (!page) co_return page.error();
    auto orders = parse_documents(page->rows);
    if (!orders) co_return error{error_kind::bad_response, 200, {}, "an order without DocEntry in /Orders"};
    co_return order_page{std::move(*orders), std::move(page->next_target)};
}

boost::asio::awaitable<outcome<std::vector<document>>> orders_changed_since(client& c, order_watermark since,
                                                                            std::chrono::seconds overlap) {
    if (auto form = co_await learn_date_form(c); !form) co_return form.error();
    auto rows = co_await c.read_all("orders_changed", orders_changed_target(c, since, overlap));
    if (!rows) co_return rows.error();
    auto orders = parse_documents(*rows);
    if (!orders) co_return error{error_kind::bad_response, 200, {}, "an order without DocEntry in /Orders"};
    co_return std::move(*orders);
}

boost::asio::awaitable<outcome<document>> get_order(client& c, int doc_entry) {
    std::string target = "/Orders(" + std::to_string(doc_entry) + ")";
    sap_request req;
    req.target = target;
    auto res = co_await c.execute("get_order", std::move(req));
    if (!res) co_return res.error();
    boost::system::error_code ec;
    auto body = boost::json::parse(res->body(), ec);
    std::optional<document> order;
    if (!ec) order = parse_document(body);
    if (!order)
        co_return error{error_kind::bad_response, res->result_int(), {}, "unreadable order " + target};
    co_return std::move(*order);
}

boost::json::object order_update_body(const order_update& update) {
    boost::json::object body;
    if (update.tracking_number) body["TrackingNumber"] = *update.tracking_number;
    if (update.transportation_code) body["TransportationCode"] = *update.transportation_code;
    if (update.comments) body["Comments"] = *update.comments;
    if (update.num_at_card) body["NumAtCard"] = *update.num_at_card;
    for (const auto& [name, value] : update.user_fields) {
        if (!name.starts_with("U_"))
            throw std::invalid_argument("not a user-defined field: " + std::string(name));
        body[name] = value;
    }
    if (body.empty()) throw std::invalid_argument("patch_order: nothing to change");
    return body;
}

boost::asio::awaitable<outcome<void>> patch_order(client& c, int doc_entry, order_update update) {
    auto body = order_update_body(update);
    sap_request req;
    req.method = bhttp::verb::patch;
    req.target = "/Orders(" + std::to_string(doc_entry) + ")";
    req.body = boost::json::serialize(body);
    req.replay_safe = true;  // the same fields set twice give the same order
    auto res = co_await c.execute("patch_order", std::move(req));
    if (!res) co_return res.error();
    co_return outcome<void>{};
}

boost::asio::awaitable<outcome<std::vector<document>>> orders_by_doc_num(client& c, int doc_num) {
    odata_query q;
    q.filter("DocNum eq " + std::to_string(doc_num)).orderby("DocEntry asc");
    auto rows = co_await c.read_all("orders_by_doc_num", "/Orders" + q.to_string());
    if (!rows) co_return rows.error();
    auto orders = parse_documents(*rows);
    if (!orders) co_return error{error_kind::bad_response, 200, {}, "an order without DocEntry in /Orders"};
    co_return std::move(*orders);
}

}  // namespace mlc::clients::sap
