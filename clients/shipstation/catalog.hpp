// V1 reference data: products (list by SKU, full-replacement PUT), customers, warehouses, stores, carriers.
#pragma once

#include "clients/shipstation/client.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlc::clients::shipstation {

struct product {
    std::int64_t product_id = 0;
    std::string sku, name;
    bool active = false;
    boost::json::object raw;  // send back whole (changed) to update_product: PUT replaces everything
};

struct customer {
    std::int64_t customer_id = 0;
    std::string name, email;
    boost::json::object raw;
};

struct warehouse {
    std::int64_t warehouse_id = 0;
    std::string name;
    bool is_default = false;
    boost::json::object raw;
};

struct store {
    std::int64_t store_id = 0;
    std::string name, marketplace_name;
    bool active = false;
    boost::json::object raw;
};

struct carrier {
    std::string code, name;
    boost::json::object raw;
};

// GET /products?sku=..., every page; only products whose sku equals `sku` exactly (all when nullopt).
// Throws as client::call(), std::runtime_error for a product without productId.
boost::asio::awaitable<std::vector<product>> list_products(client& c, std::optional<std::string> sku = {});

// PUT /products/{productId} with `full`, the whole product (omitted fields are lost). Throws
// std::invalid_argument without productId, api_exception when the answer is not {"success":true}, and as
// client::call().
boost::asio::awaitable<void> update_product(client& c, const boost::json::object& full);

// GET /customers, every page. Throws as client::call(), std::runtime_error without customerId.
boost::asio::awaitable<std::vector<customer>> list_customers(client& c);

// GET /warehouses, /stores (showInactive), /carriers. Throw as client::call(), std::runtime_error for an
// answer that is not an array of the documented objects.
boost::asio::awaitable<std::vector<warehouse>> list_warehouses(client& c);
boost::asio::awaitable<std::vector<store>> list_stores(client& c, bool show_inactive = false);
boost::asio::awaitable<std::vector<carrier>> list_carriers(client& c);

}  // namespace mlc::clients::shipstation
