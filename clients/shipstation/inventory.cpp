// V2 inventory calls: paged listings that follow links.next, the adjust transaction, inventory locations.
#include "clients/shipstation/inventory.hpp"

#include "clients/shipstation/paging.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <stdexcept>

namespace mlc::clients::shipstation {

namespace {

using boost::beast::http::verb;
using boost::json::object;

constexpr unsigned max_pages = 10'000;

// What a paged V2 GET reads.
struct v2_listing {
    std::string target;      // the first page's path and query
    std::string collection;  // the array's key in the answer, "inventory"
    priority prio = priority::normal;
    std::string_view endpoint;  // metrics label
};

// The path and query of a links.*.href (absolute or not), relative to the configured base path; the host is
// dropped, so the API key only ever goes to the configured origin. nullopt when it is not a usable link.
std::optional<std::string> link_target(std::string_view href, const http::base_url& origin) {
    auto parsed = boost::urls::parse_uri_reference(href);
    if (!parsed) return std::nullopt;
    std::string path(parsed->encoded_path());
    if (!origin.path.empty() && path.starts_with(origin.path + "/")) path.erase(0, origin.path.size());
    if (!path.starts_with("/")) return std::nullopt;
    if (parsed->has_query()) path.append("?").append(parsed->encoded_query());
    return path;
}

// The next page's target: links.next.href, else page + 1 while the answer says there are more pages.
std::optional<std::string> next_target(const object& answer, const http::base_url& origin,
                                       const std::string& first, unsigned page) {
    const auto* links = answer.if_contains("links");
    const auto* next = links && links->is_object() ? links->get_object().if_contains("next") : nullptr;
    if (next && next->is_object()) {
        auto href = string_field(next->get_object(), "href");
        if (!href.empty()) return link_target(href, origin);
    }
    auto pages = int_field(answer, "pages");
    auto current = int_field(answer, "page").value_or(page);
    if (!pages || current >= *pages) return std::nullopt;
    return first + (first.find('?') == std::string::npos ? "?" : "&") + "page=" + std::to_string(current + 1);
}

boost::asio::awaitable<outcome<std::vector<object>>> read_v2_pages(inventory_client& c, v2_listing read) {
    std::vector<object> all;
    std::string target = read.target;
    for (unsigned page = 1; page <= max_pages; ++page) {
        api_request req{verb::get, target, {}, read.prio, true, read.endpoint};
        auto body = co_await c.call(std::move(req));
        if (!body) co_return body.error();
        const auto* answer = body->if_object();
        const auto* items = answer ? answer->if_contains(read.collection) : nullptr;
        if (!items || !items->is_array()) {
            co_return unreadable_answer("ShipStation V2 " + std::string(read.endpoint) +
                                        ": the answer has no \"" + read.collection + "\" array");
        }
        for (auto& o : objects_of(*items)) all.push_back(std::move(o));
        auto next = next_target(*answer, c.origin(), read.target, page);
        if (!next || *next == target) break;  // a link to the same page would never end
        target = std::move(*next);
    }
    co_return std::move(all);
}

inventory_level level_of(const object& o) {
    inventory_level l{string_field(o, "sku"), string_field(o, "inventory_location_id"),
                      string_field(o, "inventory_warehouse_id")};
    if (l.sku.empty()) throw std::runtime_error("ShipStation V2 inventory row without sku");
    l.on_hand = int_field(o, "on_hand").value_or(0);
    l.allocated = int_field(o, "allocated").value_or(0);
    l.available = int_field(o, "available").value_or(l.on_hand - l.allocated);
    return l;
}

inventory_location location_of(const object& o) {
    inventory_location l{string_field(o, "inventory_location_id"), string_field(o, "inventory_warehouse_id"),
                         string_field(o, "name")};
    if (l.location_id.empty()) throw std::runtime_error("ShipStation V2 inventory location without id");
    return l;
}

}  // namespace

boost::asio::awaitable<outcome<std::vector<inventory_level>>> list_inventory(
    inventory_client& c, std::optional<std::string> location_id, std::optional<std::string> sku,
    priority prio) {
    query q;
    if (location_id) q.emplace_back("inventory_location_id", *location_id);
    if (sku) q.emplace_back("sku", *sku);
    q.emplace_back("group_by", "location");
    q.emplace_back("limit", std::to_string(inventory_page_limit));
    v2_listing read{with_query("/v2/inventory", q), "inventory", prio, "GET /v2/inventory"};
    auto rows = co_await read_v2_pages(c, std::move(read));
    if (!rows) co_return rows.error();
    co_return parse_each(*rows, level_of);
}

inventory_level level_at(const std::vector<inventory_level>& levels, std::string_view sku,
                         std::string_view location_id) {
    for (const auto& l : levels) {
        if (l.sku == sku && l.location_id == location_id) return l;
    }
    return inventory_level{std::string(sku), std::string(location_id), {}};
}

boost::asio::awaitable<outcome<void>> adjust_inventory(inventory_client& c, std::string sku,
                                                       std::string location_id, std::int64_t quantity,
                                                       std::string reason, priority prio) {
    if (quantity < 0) throw std::invalid_argument("ShipStation V2 adjust: the quantity must not be negative");
    if (sku.empty() || location_id.empty())
        throw std::invalid_argument("ShipStation V2 adjust: the sku and the location are required");
    object body{{"transaction_type", "adjust"},
                {"sku", std::move(sku)},
                {"quantity", quantity},
                {"inventory_location_id", std::move(location_id)},
                {"condition", "sellable"}};
    if (!reason.empty()) body["reason"] = std::move(reason);
    api_request req{verb::post, "/v2/inventory",     boost::json::serialize(body), prio,
                    true,       "POST /v2/inventory"};
    auto answer = co_await c.call(std::move(req));
    if (!answer) co_return answer.error();
    co_return outcome<void>{};
}

boost::asio::awaitable<outcome<std::vector<inventory_location>>> list_inventory_locations(
    inventory_client& c) {
    v2_listing read{with_query("/v2/inventory_locations", {{"limit", std::to_string(inventory_page_limit)}}),
                    "inventory_locations", priority::normal, "GET /v2/inventory_locations"};
    auto rows = co_await read_v2_pages(c, std::move(read));
    if (!rows) co_return rows.error();
    co_return parse_each(*rows, location_of);
}

}  // namespace mlc::clients::shipstation
