// Making sure ShipStation notifies this service of new labels.
#include "flows/shipments/webhook_subscription.hpp"

#include "clients/shipstation/webhooks.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace mlc::flows::shipments {

std::string ship_notify_target(std::string_view public_url, std::string_view token) {
    while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
    return std::string(public_url) +
           "/webhooks/shipstation?token=" + boost::urls::encode(token, boost::urls::unreserved_chars);
}

boost::asio::awaitable<clients::outcome<subscription_result>> ensure_ship_notify_subscription(
    clients::shipstation::client& c, std::string target, std::optional<std::int64_t> store_id) {
    auto hooks = co_await clients::shipstation::list_webhooks(c);
    if (!hooks) co_return hooks.error();
    for (const auto& w : *hooks)
        if (w.event == "SHIP_NOTIFY" && w.target_url == target && (!store_id || w.store_id == store_id))
            co_return subscription_result::existed;
    clients::shipstation::webhook_subscription sub;
    sub.target_url = std::move(target);
    sub.event = "SHIP_NOTIFY";
    sub.store_id = store_id;
    sub.friendly_name = "ml-connector shipments";
    auto id = co_await clients::shipstation::subscribe_webhook(c, std::move(sub));
    if (!id) co_return id.error();
    co_return subscription_result::created;
}

}  // namespace mlc::flows::shipments
