// V1 webhooks: list (both documented shapes), subscribe, unsubscribe, and fetch a payload's resource_url.
#include "clients/shipstation/webhooks.hpp"

#include "clients/shipstation/paging.hpp"
#include "clients/shipstation/resource_url.hpp"

#include <boost/json/serialize.hpp>

namespace mlc::clients::shipstation {

namespace {

using boost::beast::http::verb;

std::string first_string(const boost::json::object& o, std::initializer_list<std::string_view> keys) {
    for (auto k : keys) {
        if (auto s = string_field(o, k); !s.empty()) return s;
    }
    return {};
}

std::optional<std::int64_t> first_int(const boost::json::object& o,
                                      std::initializer_list<std::string_view> keys) {
    for (auto k : keys) {
        if (auto v = int_field(o, k)) return v;
    }
    return std::nullopt;
}

}  // namespace

std::vector<webhook> parse_webhook_list(const boost::json::value& body) {
    const boost::json::value* list = &body;
    if (const auto* o = body.if_object()) {
        list = o->if_contains("webhooks");
        if (!list) return {};
    }
    std::vector<webhook> out;
    for (const auto& o : objects_of(*list)) {
        auto id = first_int(o, {"WebHookID", "webHookId", "webhookId", "id"});
        if (!id) continue;
        webhook w;
        w.webhook_id = *id;
        w.target_url = first_string(o, {"Url", "url", "target_url"});
        w.event = first_string(o, {"HookType", "hookType", "event"});
        w.name = first_string(o, {"Name", "name", "friendly_name"});
        w.store_id = first_int(o, {"StoreID", "storeId", "store_id"});
        const auto* active = o.if_contains("Active") ? o.if_contains("Active") : o.if_contains("active");
        w.active = !active || !active->is_bool() || active->get_bool();
        w.raw = o;
        out.push_back(std::move(w));
    }
    return out;
}

boost::asio::awaitable<outcome<std::vector<webhook>>> list_webhooks(client& c) {
    api_request req{verb::get, "/webhooks", {}, priority::normal, true, "GET /webhooks"};
    auto v = co_await c.call(std::move(req));
    if (!v) co_return v.error();
    co_return parse_webhook_list(*v);
}

boost::asio::awaitable<outcome<std::int64_t>> subscribe_webhook(client& c, webhook_subscription sub) {
    boost::json::object body{{"target_url", sub.target_url},
                             {"event", sub.event},
                             {"store_id", sub.store_id ? boost::json::value(*sub.store_id) : nullptr},
                             {"friendly_name", sub.friendly_name}};
    // Not idempotent: a resend after an unclear failure could subscribe twice.
    api_request req{verb::post, "/webhooks/subscribe",     boost::json::serialize(body), priority::normal,
                    false,      "POST /webhooks/subscribe"};
    auto v = co_await c.call(std::move(req));
    if (!v) co_return v.error();
    const auto* o = v->if_object();
    auto id = o ? int_field(*o, "id") : std::nullopt;
    if (!id) co_return unreadable_answer("ShipStation webhooks/subscribe: the answer has no id");
    co_return *id;
}

boost::asio::awaitable<outcome<void>> unsubscribe_webhook(client& c, std::int64_t webhook_id) {
    api_request req{
        verb::delete_,          "/webhooks/" + std::to_string(webhook_id), {}, priority::normal, true,
        "DELETE /webhooks/{id}"};
    auto v = co_await c.call(std::move(req));
    if (!v) co_return v.error();
    co_return outcome<void>{};
}

boost::asio::awaitable<outcome<resource_contents>> fetch_resource(
    client& c, std::string_view resource_url, const std::vector<origin_pattern>& also_allowed,
    unsigned max_pages, unsigned page_size) {
    std::string refusal;
    auto target = resource_target(c.origin(), resource_url, also_allowed, &refusal);
    if (!target)
        co_return error{error_kind::url_refused, 0, {}, "ShipStation " + refusal, error_source::shipstation};
    paged_read pages{target->path, std::move(target->params), target->collection,
                     page_size,    priority::tracking,        "GET resource_url"};
    pages.max_pages = max_pages;
    auto read = co_await read_pages(c, std::move(pages));
    if (!read) co_return read.error();
    co_return resource_contents{target->collection, std::move(read->items), read->pages, read->complete};
}

}  // namespace mlc::clients::shipstation
