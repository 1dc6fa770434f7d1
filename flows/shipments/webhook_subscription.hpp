// Making sure ShipStation notifies this service: a SHIP_NOTIFY subscription pointing at
// {MLC_PUBLIC_URL}/webhooks/shipstation?token=..., created at start-up unless it exists.
#pragma once

#include "clients/call_error.hpp"
#include "clients/shipstation/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlc::flows::shipments {

// "{public_url without a trailing '/'}/webhooks/shipstation?token={token, percent-encoded}". Throws
// std::bad_alloc only.
std::string ship_notify_target(std::string_view public_url, std::string_view token);

enum class subscription_result { existed, created };

// Lists the account's webhooks and subscribes SHIP_NOTIFY to `target` (all stores, or `store_id`) unless a
// subscription with exactly that URL and event exists. Returns what was done, or the failed call's error.
// Throws as the client's calls do (operation_aborted after shutdown).
boost::asio::awaitable<clients::outcome<subscription_result>> ensure_ship_notify_subscription(
    clients::shipstation::client& c, std::string target, std::optional<std::int64_t> store_id);

}  // namespace mlc::flows::shipments
