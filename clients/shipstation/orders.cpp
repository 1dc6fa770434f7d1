// V1 orders: createorder, createorders in chunks of 100 with per-order results, get, list with exact number.
#include "clients/shipstation/orders.hpp"

#include "clients/shipstation/paging.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace mlc::clients::shipstation {

namespace {

constexpr std::size_t chunk_size = 100;

std::string require_key(const boost::json::object& o) {
    auto key = string_field(o, "orderKey");
    if (key.empty()) {
        throw std::invalid_argument(
            "ShipStation createorder: an order needs an orderKey (it is what makes a "
            "retry safe)");
    }
    return key;
}

outcome<order> one_order(const boost::json::object& o) {
    auto parsed = parse_each(std::vector<boost::json::object>{o}, parse_order);
    if (!parsed) return parsed.error();
    return std::move(parsed->front());
}

}  // namespace

order parse_order(const boost::json::object& o) {
    auto id = int_field(o, "orderId");
    if (!id) throw std::runtime_error("ShipStation order without orderId");
    return order{*id,
                 string_field(o, "orderNumber"),
                 string_field(o, "orderKey"),
                 string_field(o, "orderStatus"),
                 time_field(o, "orderDate"),
                 time_field(o, "createDate"),
                 time_field(o, "modifyDate"),
                 o};
}

boost::asio::awaitable<outcome<order>> create_order(client& c, const boost::json::object& body) {
    require_key(body);
    api_request req{boost::beast::http::verb::post,
                    "/orders/createorder",
                    boost::json::serialize(body),
                    priority::bulk,
                    true,
                    "POST /orders/createorder"};
    auto v = co_await c.call(std::move(req));
    if (!v) co_return v.error();
    if (!v->is_object()) co_return unreadable_answer("ShipStation createorder: the answer is not an order");
    co_return one_order(v->get_object());
}

boost::asio::awaitable<outcome<std::vector<create_result>>> create_orders(
    client& c, const std::vector<boost::json::object>& orders, bool retry_in_doubt) {
    std::vector<create_result> out;
    out.reserve(orders.size());
    for (const auto& o : orders)
        out.push_back({require_key(o), string_field(o, "orderNumber"), {}, false, {}});

    for (std::size_t first = 0; first < orders.size(); first += chunk_size) {
        auto last = std::min(orders.size(), first + chunk_size);
        boost::json::array chunk(orders.begin() + static_cast<std::ptrdiff_t>(first),
                                 orders.begin() + static_cast<std::ptrdiff_t>(last));
        api_request req{boost::beast::http::verb::post,
                        "/orders/createorders",
                        boost::json::serialize(chunk),
                        priority::bulk,
                        retry_in_doubt,
                        "POST /orders/createorders"};
        auto answer = co_await c.call(std::move(req));
        if (!answer) co_return answer.error();
        const auto& v = *answer;
        // Results are matched by orderKey (unique within a chunk by construction of the keys); position is
        // the fallback for an answer that omits it.
        std::map<std::string, std::size_t> by_key;
        for (auto i = first; i < last; ++i) by_key.emplace(out[i].order_key, i);
        const auto* obj = v.if_object();
        const auto* results = obj ? obj->if_contains("results") : nullptr;
        auto items = results ? objects_of(*results) : std::vector<boost::json::object>{};
        for (std::size_t n = 0; n < items.size(); ++n) {
            const auto& r = items[n];
            auto key = string_field(r, "orderKey");
            auto it = by_key.find(key);
            std::size_t i = it != by_key.end() ? it->second : first + n;
            if (i >= last) continue;
            out[i].order_id = int_field(r, "orderId");
            out[i].success = bool_field(r, "success");
            out[i].error_message = string_field(r, "errorMessage");
            if (!out[i].success && out[i].error_message.empty())
                out[i].error_message = "failed without a message";
            if (it != by_key.end()) by_key.erase(it);
        }
        for (const auto& [key, i] : by_key) {
            if (!out[i].success && out[i].error_message.empty()) {
                out[i].error_message = "no result for this order in the createorders answer";
            }
        }
    }
    co_return std::move(out);
}

boost::asio::awaitable<outcome<order>> get_order(client& c, std::int64_t order_id) {
    api_request req{boost::beast::http::verb::get,
                    "/orders/" + std::to_string(order_id),
                    {},
                    priority::normal,
                    true,
                    "GET /orders/{id}"};
    auto v = co_await c.call(std::move(req));
    if (!v) co_return v.error();
    if (!v->is_object())
        co_return unreadable_answer("ShipStation GET /orders/{id}: the answer is not an order");
    co_return one_order(v->get_object());
}

boost::asio::awaitable<outcome<std::vector<order>>> list_orders(client& c, order_filter filter) {
    query q;
    if (filter.order_number) q.emplace_back("orderNumber", *filter.order_number);
    if (filter.store_id) q.emplace_back("storeId", std::to_string(*filter.store_id));
    if (filter.order_status) q.emplace_back("orderStatus", *filter.order_status);
    add_time(q, "modifyDateStart", filter.modify_date_start, range_edge::start);
    add_time(q, "modifyDateEnd", filter.modify_date_end, range_edge::end);
    add_time(q, "createDateStart", filter.create_date_start, range_edge::start);
    add_time(q, "createDateEnd", filter.create_date_end, range_edge::end);
    paged_read pages{"/orders", std::move(q), "orders", filter.page_size, priority::normal, "GET /orders"};
    auto items = co_await read_all_pages(c, std::move(pages));
    if (!items) co_return items.error();
    auto parsed = parse_each(*items, parse_order);
    if (!parsed) co_return parsed.error();
    std::vector<order> out;
    for (auto& o : *parsed)
        if (!filter.order_number || o.order_number == *filter.order_number) out.push_back(std::move(o));
    co_return std::move(out);
}

}  // namespace mlc::clients::shipstation
