// V1 reference data: products (list by SKU, full-replacement PUT), customers, warehouses, stores, carriers.
#include "clients/shipstation/catalog.hpp"

#include "clients/shipstation/paging.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace mlc::clients::shipstation {

namespace {

using boost::beast::http::verb;

std::int64_t required_id(const boost::json::object& o, std::string_view key, std::string_view what) {
    auto id = int_field(o, key);
    if (!id) throw std::runtime_error("ShipStation " + std::string(what) + " without " + std::string(key));
    return *id;
}

boost::asio::awaitable<outcome<std::vector<boost::json::object>>> get_array(client& c, std::string target,
                                                                            std::string_view endpoint) {
    api_request req{verb::get, std::move(target), {}, priority::normal, true, endpoint};
    auto v = co_await c.call(std::move(req));
    if (!v) co_return v.error();
    if (!v->is_array())
        co_return unreadable_answer("ShipStation " + std::string(endpoint) + ": expected an array");
    co_return objects_of(*v);
}

product product_of(const boost::json::object& o) {
    return {required_id(o, "productId", "product"), string_field(o, "sku"), string_field(o, "name"),
            bool_field(o, "active"), o};
}

customer customer_of(const boost::json::object& o) {
    customer c{required_id(o, "customerId", "customer"),
               string_field(o, "name"),
               string_field(o, "email"),
               {},
               time_field(o, "modifyDate"),
               o};
    if (const auto* names = o.if_contains("marketplaceUsernames"); names && names->is_array())
        for (const auto& n : names->get_array())
            if (n.is_object())
                if (auto username = string_field(n.get_object(), "username"); !username.empty())
                    c.usernames.push_back(std::move(username));
    return c;
}

warehouse warehouse_of(const boost::json::object& o) {
    return {required_id(o, "warehouseId", "warehouse"), string_field(o, "warehouseName"),
            bool_field(o, "isDefault"), o};
}

store store_of(const boost::json::object& o) {
    return {required_id(o, "storeId", "store"), string_field(o, "storeName"),
            string_field(o, "marketplaceName"), bool_field(o, "active"), o};
}

carrier carrier_of(const boost::json::object& o) {
    return {string_field(o, "code"), string_field(o, "name"), o};
}

}  // namespace

boost::asio::awaitable<outcome<std::vector<product>>> list_products(client& c, std::optional<std::string> sku,
                                                                    priority prio) {
    query q;
    if (sku) q.emplace_back("sku", *sku);
    paged_read pages{"/products", std::move(q), "products", 500, prio, "GET /products"};
    auto items = co_await read_all_pages(c, std::move(pages));
    if (!items) co_return items.error();
    auto parsed = parse_each(*items, product_of);
    if (!parsed) co_return parsed.error();
    std::vector<product> out;
    for (auto& p : *parsed)
        if (!sku || p.sku == *sku)
            out.push_back(std::move(p));  // the server's filter is not documented exact
    co_return std::move(out);
}

boost::asio::awaitable<outcome<void>> update_product(client& c, const boost::json::object& full,
                                                     priority prio) {
    auto id = int_field(full, "productId");
    if (!id) throw std::invalid_argument("ShipStation update_product: the product has no productId");
    api_request req{
        verb::put,           "/products/" + std::to_string(*id), boost::json::serialize(full), prio, true,
        "PUT /products/{id}"};
    auto v = co_await c.call(std::move(req));
    if (!v) co_return v.error();
    const auto* o = v->if_object();
    if (!o || !bool_field(*o, "success")) {
        std::string message = o ? string_field(*o, "message") : "";
        if (message.empty()) message = "the product update was not confirmed";
        co_return error{error_kind::refused, 200, {}, std::move(message), error_source::shipstation};
    }
    co_return outcome<void>{};
}

boost::asio::awaitable<outcome<std::vector<customer>>> list_customers(client& c) {
    paged_read pages{"/customers", {}, "customers", 500, priority::normal, "GET /customers"};
    auto items = co_await read_all_pages(c, std::move(pages));
    if (!items) co_return items.error();
    co_return parse_each(*items, customer_of);
}

boost::asio::awaitable<outcome<std::vector<customer>>> customers_changed_since(client& c,
                                                                               std::optional<utc_time> since,
                                                                               priority prio) {
    paged_read pages{"/customers",    {{"sortBy", "ModifyDate"}, {"sortDir", "DESC"}}, "customers", 500, prio,
                     "GET /customers"};
    if (since)
        pages.more = [since](const std::vector<boost::json::object>& page) {
            auto oldest = page.empty() ? std::nullopt : time_field(page.back(), "modifyDate");
            return !oldest || *oldest >= *since;
        };
    auto items = co_await read_all_pages(c, std::move(pages));
    if (!items) co_return items.error();
    co_return parse_each(*items, customer_of);
}

boost::asio::awaitable<outcome<std::vector<warehouse>>> list_warehouses(client& c) {
    auto items = co_await get_array(c, "/warehouses", "GET /warehouses");
    if (!items) co_return items.error();
    co_return parse_each(*items, warehouse_of);
}

boost::asio::awaitable<outcome<std::vector<store>>> list_stores(client& c, bool show_inactive) {
    auto target = with_query("/stores", {{"showInactive", show_inactive ? "true" : "false"}});
    auto items = co_await get_array(c, std::move(target), "GET /stores");
    if (!items) co_return items.error();
    co_return parse_each(*items, store_of);
}

boost::asio::awaitable<outcome<std::vector<carrier>>> list_carriers(client& c) {
    auto items = co_await get_array(c, "/carriers", "GET /carriers");
    if (!items) co_return items.error();
    co_return parse_each(*items, carrier_of);
}

}  // namespace mlc::clients::shipstation
