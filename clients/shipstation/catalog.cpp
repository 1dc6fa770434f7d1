// V1 reference data: products (list by SKU, full-replacement PUT), customers, warehouses, stores, carriers.
#include "clients/shipstation/catalog.hpp"

#include "clients/shipstation/api_error.hpp"
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

boost::asio::awaitable<std::vector<boost::json::object>> get_array(client& c, std::string target,
                                                                   std::string_view endpoint) {
    api_request req{verb::get, std::move(target), {}, priority::normal, true, endpoint};
    auto v = co_await c.call(std::move(req));
    if (!v.is_array())
        throw std::runtime_error("ShipStation " + std::string(endpoint) + ": expected an array");
    co_return objects_of(v);
}

}  // namespace

boost::asio::awaitable<std::vector<product>> list_products(client& c, std::optional<std::string> sku) {
    query q;
    if (sku) q.emplace_back("sku", *sku);
    paged_read pages{"/products", std::move(q), "products", 500, priority::normal, "GET /products"};
    auto items = co_await read_all_pages(c, std::move(pages));
    std::vector<product> out;
    for (const auto& o : items) {
        product p{required_id(o, "productId", "product"), string_field(o, "sku"), string_field(o, "name"),
                  bool_field(o, "active"), o};
        if (sku && p.sku != *sku) continue;  // the server's sku filter is not documented as exact
        out.push_back(std::move(p));
    }
    co_return out;
}

boost::asio::awaitable<void> update_product(client& c, const boost::json::object& full) {
    auto id = int_field(full, "productId");
    if (!id) throw std::invalid_argument("ShipStation update_product: the product has no productId");
    api_request req{verb::put,
                    "/products/" + std::to_string(*id),
                    boost::json::serialize(full),
                    priority::normal,
                    true,
                    "PUT /products/{id}"};
    auto v = co_await c.call(std::move(req));
    const auto* o = v.if_object();
    if (!o || !bool_field(*o, "success")) {
        api_error e;
        e.status = 200;
        e.kind = api_error_kind::other;
        e.message = o ? string_field(*o, "message") : "";
        if (e.message.empty()) e.message = "the product update was not confirmed";
        throw api_exception(std::move(e));
    }
}

boost::asio::awaitable<std::vector<customer>> list_customers(client& c) {
    paged_read pages{"/customers", {}, "customers", 500, priority::normal, "GET /customers"};
    auto items = co_await read_all_pages(c, std::move(pages));
    std::vector<customer> out;
    for (const auto& o : items) {
        out.push_back(
            {required_id(o, "customerId", "customer"), string_field(o, "name"), string_field(o, "email"), o});
    }
    co_return out;
}

boost::asio::awaitable<std::vector<warehouse>> list_warehouses(client& c) {
    std::vector<warehouse> out;
    for (const auto& o : co_await get_array(c, "/warehouses", "GET /warehouses")) {
        out.push_back({required_id(o, "warehouseId", "warehouse"), string_field(o, "warehouseName"),
                       bool_field(o, "isDefault"), o});
    }
    co_return out;
}

boost::asio::awaitable<std::vector<store>> list_stores(client& c, bool show_inactive) {
    std::vector<store> out;
    auto target = with_query("/stores", {{"showInactive", show_inactive ? "true" : "false"}});
    for (const auto& o : co_await get_array(c, std::move(target), "GET /stores")) {
        out.push_back({required_id(o, "storeId", "store"), string_field(o, "storeName"),
                       string_field(o, "marketplaceName"), bool_field(o, "active"), o});
    }
    co_return out;
}

boost::asio::awaitable<std::vector<carrier>> list_carriers(client& c) {
    std::vector<carrier> out;
    for (const auto& o : co_await get_array(c, "/carriers", "GET /carriers")) {
        out.push_back({string_field(o, "code"), string_field(o, "name"), o});
    }
    co_return out;
}

}  // namespace mlc::clients::shipstation
