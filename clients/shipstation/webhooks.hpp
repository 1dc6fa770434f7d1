// V1 webhooks: list (both documented shapes), subscribe, unsubscribe, and fetch a payload's resource_url.
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/origin_pattern.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
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
    unsigned pages = 0;    // pages read
    bool complete = true;  // false: the read stopped at its page cap with more to read
};

// Parses GET /webhooks: {"webhooks":[{WebHookID, Url, HookType, Name, StoreID, Active}]} or a bare array
// (also with lower-case names). Entries without an id are skipped. Throws std::bad_alloc only.
std::vector<webhook> parse_webhook_list(const boost::json::value& body);

// GET /webhooks. Returns and throws as client::call().
boost::asio::awaitable<outcome<std::vector<webhook>>> list_webhooks(client& c);

// POST /webhooks/subscribe (not retried after it may have been received: in_doubt then). Returns the new
// webhook's id, or an error as client::call(), or bad_response for an answer without id. Throws as
// client::call().
boost::asio::awaitable<outcome<std::int64_t>> subscribe_webhook(client& c, webhook_subscription sub);

// DELETE /webhooks/{id}. Returns nothing, not_found for an unknown id, other errors as client::call().
// Throws as client::call().
boost::asio::awaitable<outcome<void>> unsubscribe_webhook(client& c, std::int64_t webhook_id);

// GETs a webhook payload's resource_url (tracking priority, includeShipmentItems=true, at most `max_pages`
// pages of `page_size`, 1..500) when resource_target() accepts it (it is always fetched from the configured
// origin). Returns the contents (complete == false when pages were left unread); url_refused with
// resource_target()'s reason (before sending anything); other errors as read_all_pages(). Throws as
// client::call().
boost::asio::awaitable<outcome<resource_contents>> fetch_resource(
    client& c, std::string_view resource_url, const std::vector<origin_pattern>& also_allowed = {},
    unsigned max_pages = 10'000, unsigned page_size = 500);

}  // namespace mlc::clients::shipstation
