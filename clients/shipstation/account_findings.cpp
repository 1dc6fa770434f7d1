// The check's conclusions about the ShipStation account: store, warehouses, SHIP_NOTIFY, rate limit.
#include "clients/shipstation/account_findings.hpp"

#include "clients/shipstation/paging.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>

namespace mlc::clients::shipstation {

namespace {

constexpr std::string_view webhooks_page = "ShipStation: Account Settings > Integrations > Webhooks";

// A manual store ("ShipStation", marketplace 0): where createorder puts orders without a storeId.
bool is_manual(const store& s) {
    return int_field(s.raw, "marketplaceId") == 0 || s.marketplace_name == "ShipStation";
}

std::string named(const store& s) {
    return s.name + " #" + std::to_string(s.store_id) + " (" +
           (s.marketplace_name.empty() ? "?" : s.marketplace_name) + (s.active ? "" : ", inactive") + ")";
}

// The URL without user info, query or fragment: where it points, never a token it carries.
std::string shown(std::string_view url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return std::string(url.substr(0, url.find_first_of("?#@")));
    boost::urls::url u(*parsed);
    u.remove_userinfo();
    u.remove_query();
    u.remove_fragment();
    return std::string(u.buffer());
}

bool is_ship_notify(const webhook& w) {
    return w.event == "SHIP_NOTIFY" || w.event == "ITEM_SHIP_NOTIFY";
}

}  // namespace

check_finding store_finding(const std::vector<store>& stores, std::optional<std::int64_t> store_id) {
    const std::string name = "shipstation store";
    if (!store_id) {
        std::string list;
        for (const auto& s : stores)
            if (s.active) list += (list.empty() ? "" : ", ") + named(s);
        return ok_finding(name,
                          "MLC_SHIPSTATION_STORE_ID not set: ShipStation puts orders in the first manual "
                          "store; active stores: " +
                              (list.empty() ? std::string("none") : list));
    }
    const std::string id = std::to_string(*store_id);
    auto it =
        std::find_if(stores.begin(), stores.end(), [&](const store& s) { return s.store_id == *store_id; });
    if (it == stores.end()) {
        std::string list;
        for (const auto& s : stores) list += (list.empty() ? "" : ", ") + named(s);
        return fail_finding(
            name, "store " + id + " does not exist; the account has " + (list.empty() ? "none" : list),
            "set MLC_SHIPSTATION_STORE_ID to one of those (ShipStation: Account Settings > Selling "
            "Channels > Store Setup) or unset it");
    }
    if (!it->active)
        return fail_finding(
            name, named(*it) + " is inactive: it takes no orders",
            "reactivate it (ShipStation: Account Settings > Selling Channels > Store Setup) or set "
            "MLC_SHIPSTATION_STORE_ID to an active manual store");
    if (!is_manual(*it))
        return warn_finding(
            name,
            named(*it) +
                " is a marketplace's store: its own imports may change or overwrite "
                "orders the connector creates there",
            "use a manual store (ShipStation: Selling Channels > Store Setup > Connect a Store "
            "> Manual Orders) for MLC_SHIPSTATION_STORE_ID");
    return ok_finding(name, named(*it) + ", active, takes orders");
}

check_finding warehouses_finding(const std::vector<warehouse>& warehouses,
                                 const std::vector<std::pair<std::string, std::int64_t>>& map) {
    const std::string name = "shipstation warehouses";
    if (map.empty())
        return skip_finding(
            name, "MLC_WAREHOUSE_MAP is empty: orders use ShipStation's default ship-from location");
    std::string missing;
    for (const auto& [code, id] : map) {
        bool found = std::any_of(warehouses.begin(), warehouses.end(),
                                 [id = id](const warehouse& w) { return w.warehouse_id == id; });
        if (!found)
            missing += (missing.empty() ? "" : ", ") + std::to_string(id) + " (SAP warehouse " + code + ")";
    }
    if (!missing.empty()) {
        std::string known;
        for (const auto& w : warehouses)
            known += (known.empty() ? "" : ", ") + w.name + " #" + std::to_string(w.warehouse_id);
        return fail_finding(
            name,
            "MLC_WAREHOUSE_MAP names ship-from locations ShipStation does not have: " + missing +
                "; it has " + (known.empty() ? "none" : known),
            "correct MLC_WAREHOUSE_MAP with warehouseIds from ShipStation (Account Settings > "
            "Shipping > Ship From Locations)");
    }
    return ok_finding(name, std::to_string(map.size()) + " mapped, every one found");
}

check_finding webhook_finding(const std::vector<webhook>& hooks, const webhook_expectation& expected) {
    const std::string name = "shipstation webhook";
    std::size_t ship_hooks =
        static_cast<std::size_t>(std::count_if(hooks.begin(), hooks.end(), is_ship_notify));
    if (expected.target.empty())
        return skip_finding(
            name, "MLC_PUBLIC_URL is not set: shipments are found by the reconciliation poll only (" +
                      std::to_string(ship_hooks) + " SHIP_NOTIFY subscriptions exist)");
    if (!expected.token_set)
        return fail_finding(name,
                            "MLC_PUBLIC_URL is set but MLC_WEBHOOK_TOKEN is not: the service does not "
                            "subscribe and its receiver refuses every notification",
                            "set MLC_WEBHOOK_TOKEN to a long random value");
    const std::string where = shown(expected.target);
    bool same_place = false;
    std::string elsewhere;
    for (const auto& w : hooks) {
        if (!is_ship_notify(w)) continue;
        bool store_ok = !w.store_id || !expected.store_id || w.store_id == expected.store_id;
        if (w.target_url == expected.target && store_ok) {
            if (w.active)
                return ok_finding(name,
                                  w.event + " to " + where + " (#" + std::to_string(w.webhook_id) + ")");
            return warn_finding(name, w.event + " to " + where + " exists but is inactive",
                                std::string("activate it (") + std::string(webhooks_page) + ")");
        }
        if (shown(w.target_url) == where && store_ok)
            same_place = true;
        else
            elsewhere += (elsewhere.empty() ? "" : ", ") + shown(w.target_url);
    }
    if (same_place)
        return warn_finding(name,
                            "SHIP_NOTIFY reaches " + where + " with another token: the receiver refuses it",
                            "delete that subscription (" + std::string(webhooks_page) +
                                "); `ml-connector run` subscribes with MLC_WEBHOOK_TOKEN at start");
    if (!elsewhere.empty())
        return warn_finding(name, "SHIP_NOTIFY goes to " + elsewhere + ", not to " + where,
                            "check MLC_PUBLIC_URL; `ml-connector run` subscribes " + where +
                                " at start; delete subscriptions to old addresses (" +
                                std::string(webhooks_page) + ")");
    return warn_finding(name, "no SHIP_NOTIFY subscription to " + where + " yet",
                        "start the service (`ml-connector run` subscribes at start) or subscribe SHIP_NOTIFY "
                        "to MLC_PUBLIC_URL/webhooks/shipstation?token=... (" +
                            std::string(webhooks_page) + ")");
}

check_finding rate_limit_finding(const std::optional<rate_limit_headers>& seen, unsigned configured) {
    const std::string name = "shipstation rate limit";
    if (!seen || !seen->limit) return skip_finding(name, "ShipStation sent no X-Rate-Limit-Limit header");
    const auto reported = *seen->limit;
    const std::string figures = "ShipStation allows " + std::to_string(reported) +
                                " requests per minute, MLC_SHIPSTATION_RATE_LIMIT is " +
                                std::to_string(configured);
    if (configured > reported)
        return warn_finding(name, figures + ": requests beyond ShipStation's limit are answered 429 and wait",
                            "set MLC_SHIPSTATION_RATE_LIMIT=" + std::to_string(reported) +
                                " (lower when other tools share the key pair)");
    return ok_finding(name, figures);
}

}  // namespace mlc::clients::shipstation
