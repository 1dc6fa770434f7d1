// Making sure ShipStation notifies this service of new labels.
#include "flows/shipments/webhook_subscription.hpp"

#include "clients/shipstation/webhooks.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>

namespace mlc::flows::shipments {

std::string ship_notify_target(std::string_view public_url, std::string_view token) {
    while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
    return std::string(public_url) +
           "/webhooks/shipstation?token=" + boost::urls::encode(token, boost::urls::unreserved_chars);
}

bool same_endpoint_other_token(std::string_view hook_url, std::string_view target) {
    auto q = target.find('?');
    if (q == std::string_view::npos || hook_url == target) return false;
    const auto endpoint = target.substr(0, q + 1);  // "https://host/webhooks/shipstation?"
    if (!hook_url.starts_with(endpoint)) return false;
    auto query = hook_url.substr(endpoint.size());
    return query.starts_with("token=") && query.find('&') == std::string_view::npos;
}

boost::asio::awaitable<clients::outcome<subscription_report>> ensure_ship_notify_subscription(
    clients::shipstation::client& c, std::string target, std::optional<std::int64_t> store_id) {
    namespace ss = clients::shipstation;
    auto hooks = co_await ss::list_webhooks(c);
    if (!hooks) co_return hooks.error();
    subscription_report report;
    const bool exists = std::any_of(hooks->begin(), hooks->end(), [&](const ss::webhook& w) {
        return w.event == "SHIP_NOTIFY" && w.target_url == target && (!store_id || w.store_id == store_id);
    });
    if (!exists) {
        // The new one first: no notification falls between the two.
        ss::webhook_subscription sub;
        sub.target_url = target;
        sub.event = "SHIP_NOTIFY";
        sub.store_id = store_id;
        sub.friendly_name = "ml-connector shipments";
        auto id = co_await ss::subscribe_webhook(c, std::move(sub));
        if (!id) co_return id.error();
        report.result = subscription_result::created;
    }
    for (const auto& w : *hooks) {
        if (w.event != "SHIP_NOTIFY" || !same_endpoint_other_token(w.target_url, target)) continue;
        auto gone = co_await ss::unsubscribe_webhook(c, w.webhook_id);
        if (!gone && gone.error().kind != clients::error_kind::not_found) co_return gone.error();
        report.removed.push_back(w.webhook_id);
    }
    co_return report;
}

}  // namespace mlc::flows::shipments
