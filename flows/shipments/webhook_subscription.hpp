// Making sure ShipStation notifies this service: a SHIP_NOTIFY subscription pointing at
// {MLC_PUBLIC_URL}/webhooks/shipstation?token=..., created at start-up unless it exists, and none left with
// an old token.
#pragma once

#include "clients/call_error.hpp"
#include "clients/shipstation/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::flows::shipments {

// "{public_url without a trailing '/'}/webhooks/shipstation?token={token, percent-encoded}". Throws
// std::bad_alloc only.
std::string ship_notify_target(std::string_view public_url, std::string_view token);

enum class subscription_result { existed, created };

// What ensure_ship_notify_subscription() did.
struct subscription_report {
    subscription_result result = subscription_result::existed;
    std::vector<std::int64_t> removed;  // ids of SHIP_NOTIFY subscriptions to this service with another token
};

// True when `hook_url` is `target` ("...?token=...") with another token: the same URL up to the query, whose
// query is one token parameter. Never throws except std::bad_alloc.
bool same_endpoint_other_token(std::string_view hook_url, std::string_view target);

// Lists the account's webhooks and subscribes SHIP_NOTIFY to `target` (all stores, or `store_id`) unless a
// subscription with exactly that URL and event exists; then deletes every SHIP_NOTIFY subscription to the
// same endpoint with another token (a changed MLC_WEBHOOK_TOKEN: the old one would only be refused).
// Returns what was done, or the first failed call's error (the rest is done on the next try). Throws as the
// client's calls do (operation_aborted after shutdown).
boost::asio::awaitable<clients::outcome<subscription_report>> ensure_ship_notify_subscription(
    clients::shipstation::client& c, std::string target, std::optional<std::int64_t> store_id);

}  // namespace mlc::flows::shipments
