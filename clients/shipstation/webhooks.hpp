// V1 webhooks: list (both documented shapes), subscribe, unsubscribe, and fetch a payload's resource_url.
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/origin_pattern.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlc::clients::shipstation {

struct webhook {
    std::int64_t webhook_id = 0;
    std::string target_url, event, name;
    std::optional<std::int64_t> store_id;
    bool active = true;
    boost::json::object raw;
};

struct webhook_subscription {
    std::string target_url;
    std::string event;  // ORDER_NOTIFY, ITEM_ORDER_NOTIFY, SHIP_NOTIFY, ITEM_SHIP_NOTIFY, FULFILLMENT_*
    std::optional<std::int64_t> store_id;
    std::string friendly_name;
};

// What a resource_url held: the collection's name and every element, all pages read.
struct resource_contents {
    std::string collection;  // "shipments", "orders", "fulfillments"
    std::vector<boost::json::object> items;
};

// Thrown when a resource_url is not on the configured ShipStation origin: nothing is sent.
class resource_url_refused : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Parses GET /webhooks: {"webhooks":[{WebHookID, Url, HookType, Name, StoreID, Active}]} or a bare array
// (also with lower-case names). Entries without an id are skipped. Throws std::bad_alloc only.
std::vector<webhook> parse_webhook_list(const boost::json::value& body);

// GET /webhooks. Throws as client::call().
boost::asio::awaitable<std::vector<webhook>> list_webhooks(client& c);

// POST /webhooks/subscribe. Returns the new webhook's id. Throws as client::call(), std::runtime_error
// for an answer without id.
boost::asio::awaitable<std::int64_t> subscribe_webhook(client& c, webhook_subscription sub);

// DELETE /webhooks/{id}. Throws as client::call() (api_exception 404 for an unknown id).
boost::asio::awaitable<void> unsubscribe_webhook(client& c, std::int64_t webhook_id);

// GETs a webhook payload's resource_url (tracking priority, includeShipmentItems=true, every page) when it
// is on the configured origin or one of `also_allowed` (see resource_target; it is always fetched from the
// configured origin). Throws resource_url_refused (before sending anything) for another origin, and as
// client::call().
boost::asio::awaitable<resource_contents> fetch_resource(
    client& c, std::string_view resource_url, const std::vector<origin_pattern>& also_allowed = {});

}  // namespace mlc::clients::shipstation
