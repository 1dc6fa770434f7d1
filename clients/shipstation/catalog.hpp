// V1 reference data: products (list by SKU, full-replacement PUT), customers, warehouses, stores, carriers.
#pragma once

#include "clients/shipstation/client.hpp"
#include "clients/shipstation/pacific_time.hpp"

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
    std::vector<std::string> usernames;  // marketplaceUsernames[].username (our orders' customerUsername)
    std::optional<utc_time> modify_date;
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
// Returns as read_all_pages(), bad_response for a product without productId. Throws as client::call().
// `prio`: product alignment reads at the budget's lowest priority.
boost::asio::awaitable<outcome<std::vector<product>>> list_products(client& c,
                                                                    std::optional<std::string> sku = {},
                                                                    priority prio = priority::normal);

// PUT /products/{productId} with `full`, the whole product (omitted fields are lost). Returns nothing,
// refused (HTTP 200) when the answer is not {"success":true}, other errors as client::call(). Throws
// std::invalid_argument without productId, and as client::call().
boost::asio::awaitable<outcome<void>> update_product(client& c, const boost::json::object& full,
                                                     priority prio = priority::normal);

// GET /customers, every page. Returns as read_all_pages(), bad_response without customerId. Throws as
// client::call().
boost::asio::awaitable<outcome<std::vector<customer>>> list_customers(client& c);

// GET /customers?sortBy=ModifyDate&sortDir=DESC, pages until one ends before `since` (all pages when
// nullopt): the customers changed since then, and some before. Returns as read_all_pages(), bad_response
// without customerId. Throws as client::call().
boost::asio::awaitable<outcome<std::vector<customer>>> customers_changed_since(
    client& c, std::optional<utc_time> since, priority prio = priority::normal);

// GET /warehouses, /stores (showInactive), /carriers. Return as client::call(), bad_response for an answer
// that is not an array of the documented objects. Throw as client::call().
boost::asio::awaitable<outcome<std::vector<warehouse>>> list_warehouses(client& c);
boost::asio::awaitable<outcome<std::vector<store>>> list_stores(client& c, bool show_inactive = false);
boost::asio::awaitable<outcome<std::vector<carrier>>> list_carriers(client& c);

}  // namespace mlc::clients::shipstation
