// What mapping an order needs besides the order, read from SAP: the shipping types' names, the customers'
// details and the lines' items (shared by the poller and the preview, so both map from the same inputs).
#pragma once

#include "clients/call_error.hpp"
#include "clients/sap/client.hpp"
#include "clients/sap/documents.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/orders/order_mapping.hpp"

#include <boost/asio/awaitable.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::orders {

// A business partner's details by CardCode (nullopt: not found, the order's CardName is used).
using partner_cache = std::map<std::string, std::optional<partner_info>>;

// ShippingTypes' names by Code. Returns them or SAP's error. Throws std::bad_alloc only.
boost::asio::awaitable<clients::outcome<std::map<int, std::string>>> shipping_type_names(
    clients::sap::client& sap);

// Fills `partners` for the orders' customers not in it yet. Returns the error ("SAP BusinessPartners: ...")
// when SAP could not say, nullopt otherwise. Throws std::bad_alloc only.
boost::asio::awaitable<std::optional<std::string>> look_up_partners(
    clients::sap::client& sap, const std::vector<const clients::sap::document*>& orders,
    partner_cache& partners);

// The SKU and measures of every item on the orders' lines. Returns them or SAP's error. Throws database
// errors, std::bad_alloc.
boost::asio::awaitable<clients::outcome<item_facts>> look_up_items(
    items::item_reader& items, const std::vector<const clients::sap::document*>& orders);

}  // namespace mlc::flows::orders
