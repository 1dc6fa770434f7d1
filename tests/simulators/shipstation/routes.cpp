// The simulator's route tables and the matcher for paths that carry ids.
#include "tests/simulators/shipstation/routes.hpp"

#include "tests/simulators/shipstation/sim_json.hpp"

#include <charconv>

namespace mlc::sim::shipstation {
namespace {

using boost::beast::http::verb;
using boost::json::object;
using boost::json::value;

// Splits at '/', skipping the leading one.
std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    while (true) {
        auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

// Matches case-insensitively (ASP.NET routes are), capturing {id}.
bool matches(std::string_view pattern, std::string_view path, std::int64_t& id) {
    auto want = segments(pattern);
    auto got = segments(path);
    if (want.size() != got.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i] == "{id}") {
            auto [end, ec] = std::from_chars(got[i].data(), got[i].data() + got[i].size(), id);
            if (ec != std::errc() || end != got[i].data() + got[i].size() || id <= 0) return false;
        } else if (want[i].size() != got[i].size() || !starts_with_ci(got[i], want[i])) {
            return false;
        }
    }
    return true;
}

std::chrono::milliseconds ms_of(const object& o, std::string_view key, std::chrono::milliseconds fallback) {
    auto v = int_of(o, key);
    return v ? std::chrono::milliseconds(*v) : fallback;
}

unsigned count_of(const object& o, std::string_view key, unsigned fallback) {
    auto v = int_of(o, key);
    return v && *v >= 0 ? static_cast<unsigned>(*v) : fallback;
}

object counters_json(const sim_counters& c) {
    object by;
    for (const auto& [k, n] : c.by_endpoint) by[k] = n;
    return object{{"requests", c.requests},
                  {"throttled", c.throttled},
                  {"max_in_sliding_window", c.max_in_sliding_window},
                  {"sliding_window_ms", c.sliding_window.count()},
                  {"v2_throttled", c.v2_throttled},
                  {"unauthorized", c.unauthorized},
                  {"faults", c.faults},
                  {"webhooks_sent", c.webhooks_sent},
                  {"webhooks_failed", c.webhooks_failed},
                  {"by_endpoint", std::move(by)}};
}

}  // namespace

const std::vector<api_route>& api_routes() {
    static const std::vector<api_route> table = {
        {verb::post, "/orders/createorder", "apiOrder",
         [](sim_state& s, const call& c) {
             s.ship_before_write(c.body, c.deliveries);
             return s.create_order(c.body, c.deliveries);
         }},
        {verb::post, "/orders/createorders", "apiOrders",
         [](sim_state& s, const call& c) {
             s.ship_before_write(c.body, c.deliveries);
             return s.create_orders(c.body, c.deliveries);
         }},
        {verb::get, "/orders", "", [](sim_state& s, const call& c) { return s.list_orders(c.query); }},
        {verb::get, "/orders/{id}", "", [](sim_state& s, const call& c) { return s.get_order(c.id); }},
        {verb::delete_, "/orders/{id}", "", [](sim_state& s, const call& c) { return s.delete_order(c.id); }},
        {verb::post, "/orders/markasshipped", "request",
         [](sim_state& s, const call& c) { return s.mark_as_shipped(c.body); }},
        {verb::get, "/shipments", "", [](sim_state& s, const call& c) { return s.list_shipments(c.query); }},
        {verb::post, "/shipments/voidlabel", "request",
         [](sim_state& s, const call& c) { return s.void_label(c.body); }},
        {verb::get, "/fulfillments", "",
         [](sim_state& s, const call& c) { return s.list_fulfillments(c.query); }},
        {verb::get, "/products", "", [](sim_state& s, const call& c) { return s.list_products(c.query); }},
        {verb::get, "/products/{id}", "", [](sim_state& s, const call& c) { return s.get_product(c.id); }},
        {verb::put, "/products/{id}", "product",
         [](sim_state& s, const call& c) { return s.put_product(c.id, c.body); }},
        {verb::get, "/customers", "", [](sim_state& s, const call& c) { return s.list_customers(c.query); }},
        {verb::get, "/customers/{id}", "", [](sim_state& s, const call& c) { return s.get_customer(c.id); }},
        {verb::get, "/warehouses", "", [](sim_state& s, const call&) { return s.list_warehouses(); }},
        {verb::get, "/warehouses/{id}", "",
         [](sim_state& s, const call& c) { return s.get_warehouse(c.id); }},
        {verb::get, "/stores", "", [](sim_state& s, const call& c) { return s.list_stores(c.query); }},
        {verb::get, "/stores/{id}", "", [](sim_state& s, const call& c) { return s.get_store(c.id); }},
        {verb::post, "/stores/deactivate", "request",
         [](sim_state& s, const call& c) { return s.set_store_active(c.body, false); }},
        {verb::post, "/stores/reactivate", "request",
         [](sim_state& s, const call& c) { return s.set_store_active(c.body, true); }},
        {verb::get, "/carriers", "", [](sim_state& s, const call&) { return s.list_carriers(); }},
        {verb::get, "/webhooks", "", [](sim_state& s, const call&) { return s.list_webhooks(); }},
        {verb::post, "/webhooks/subscribe", "request",
         [](sim_state& s, const call& c) { return s.subscribe_webhook(c.body); }},
        {verb::delete_, "/webhooks/{id}", "",
         [](sim_state& s, const call& c) { return s.unsubscribe_webhook(c.id); }},
    };
    return table;
}

const std::vector<api_route>& v2_routes() {
    static const std::vector<api_route> table = {
        {verb::get, "/v2/inventory", "",
         [](sim_state& s, const call& c) { return s.list_inventory(c.query); }},
        {verb::post, "/v2/inventory", "body",
         [](sim_state& s, const call& c) { return s.update_inventory(c.body); }},
        {verb::get, "/v2/inventory_warehouses", "",
         [](sim_state& s, const call& c) { return s.list_inventory_warehouses(c.query); }},
        {verb::get, "/v2/inventory_locations", "",
         [](sim_state& s, const call& c) { return s.list_inventory_locations(c.query); }},
    };
    return table;
}

const std::vector<api_route>& control_routes() {
    static const std::vector<api_route> table = {
        // The V1 subscribe, for tests that subscribe a target themselves without spending the key's budget
        // (which the connectors under test share).
        {verb::post, "/_control/webhooks/subscribe", "request",
         [](sim_state& s, const call& c) { return s.subscribe_webhook(c.body); }},
        {verb::get, "/_control/inventory", "",
         [](sim_state& s, const call&) { return s.control_inventory(); }},
        {verb::post, "/_control/inventory", "level",
         [](sim_state& s, const call& c) { return s.control_set_inventory(c.body); }},
        // {"limit": n}: V2's requests per window from now on.
        {verb::post, "/_control/v2_rate_limit", "settings",
         [](sim_state& s, const call& c) {
             auto limit = count_of(object_body(c.body, "settings"), "limit", 200);
             s.set_v2_rate_limit(limit);
             return api_result{200, object{{"limit", limit}}};
         }},
        {verb::get, "/_control/stats", "",
         [](sim_state& s, const call&) {
             return api_result{200, counters_json(s.counters())};
         }},
        {verb::get, "/_control/orders", "", [](sim_state& s, const call&) { return s.control_orders(); }},
        {verb::post, "/_control/shipments", "shipment",
         [](sim_state& s, const call& c) { return s.control_ship(c.body, c.deliveries); }},
        {verb::post, "/_control/shipments/void", "request",
         [](sim_state& s, const call& c) { return s.control_void(c.body); }},
        {verb::post, "/_control/fulfillments", "request",
         [](sim_state& s, const call& c) { return s.control_fulfill(c.body, c.deliveries); }},
        // {"latency_ms", "fail_before_write", "fail_after_write", "hang", "hang_after_write", "fail_reads",
        // "ship_before_write"}:
        // fields left out keep their value.
        {verb::post, "/_control/faults", "faults",
         [](sim_state& s, const call& c) {
             const auto& in = object_body(c.body, "faults");
             auto f = s.faults();
             f.latency = ms_of(in, "latency_ms", f.latency);
             f.fail_before_write = count_of(in, "fail_before_write", f.fail_before_write);
             f.fail_after_write = count_of(in, "fail_after_write", f.fail_after_write);
             f.hang = count_of(in, "hang", f.hang);
             f.hang_after_write = count_of(in, "hang_after_write", f.hang_after_write);
             f.fail_reads = count_of(in, "fail_reads", f.fail_reads);
             f.ship_before_write = count_of(in, "ship_before_write", f.ship_before_write);
             s.set_faults(f);
             return api_result{200, object{{"latency_ms", f.latency.count()},
                                           {"fail_before_write", f.fail_before_write},
                                           {"fail_after_write", f.fail_after_write},
                                           {"hang", f.hang},
                                           {"hang_after_write", f.hang_after_write},
                                           {"fail_reads", f.fail_reads},
                                           {"ship_before_write", f.ship_before_write}}};
         }},
        // {"deliver_twice", "resource_ttl_ms" (null: never expires), "delay_ms", "resource_origin" (the base
        // of resource_urls, e.g. "https://ssapi6.shipstation.com")}.
        {verb::post, "/_control/webhooks", "settings",
         [](sim_state& s, const call& c) {
             const auto& in = object_body(c.body, "settings");
             auto w = s.webhooks_settings();
             if (auto it = in.find("deliver_twice"); it != in.end() && it->value().is_bool()) {
                 w.deliver_twice = it->value().get_bool();
             }
             if (auto it = in.find("resource_ttl_ms"); it != in.end()) {
                 auto ttl = int_of(in, "resource_ttl_ms");
                 w.resource_ttl = ttl ? std::optional(std::chrono::milliseconds(*ttl)) : std::nullopt;
             }
             w.delay = ms_of(in, "delay_ms", w.delay);
             s.set_webhook_settings(w);
             if (auto origin = str_of(in, "resource_origin"); !origin.empty()) s.set_base_url(origin);
             return api_result{200, object{{"deliver_twice", w.deliver_twice},
                                           {"resource_origin", s.resource_origin()},
                                           {"resource_ttl_ms",
                                            w.resource_ttl ? value(w.resource_ttl->count()) : value(nullptr)},
                                           {"delay_ms", w.delay.count()}}};
         }},
        // {"model_state_indexes", "zero_pages"}: how V1 words 400s and paged lists; fields left out keep
        // theirs.
        {verb::post, "/_control/answers", "settings",
         [](sim_state& s, const call& c) {
             const auto& in = object_body(c.body, "settings");
             auto a = s.answers();
             auto flag = [&](std::string_view key, bool& field) {
                 if (auto it = in.find(key); it != in.end() && it->value().is_bool())
                     field = it->value().get_bool();
             };
             flag("model_state_indexes", a.model_state_indexes);
             flag("zero_pages", a.zero_pages);
             s.set_answers(a);
             return api_result{
                 200, object{{"model_state_indexes", a.model_state_indexes}, {"zero_pages", a.zero_pages}}};
         }},
        // {"limit": n}: the X-Rate-Limit-Limit from now on.
        {verb::post, "/_control/rate-limit", "settings",
         [](sim_state& s, const call& c) {
             auto limit = count_of(object_body(c.body, "settings"), "limit", 40);
             s.set_rate_limit(limit);
             return api_result{200, object{{"limit", limit}}};
         }},
    };
    return table;
}

route_lookup find_route(const std::vector<api_route>& table, verb method, std::string_view path) {
    route_lookup out;
    for (const auto& r : table) {
        std::int64_t id = 0;
        if (!matches(r.pattern, path, id)) continue;
        if (r.method != method) {
            out.status = route_status::method_not_allowed;
            continue;
        }
        return {route_status::found, &r, id};
    }
    return out;
}

}  // namespace mlc::sim::shipstation
