// `ml-connector check` for ShipStation: the key pair, then the account against the configuration (one client,
// one request per list); the V2 inventory and its locations.
#include "clients/shipstation/check.hpp"

#include "clients/shipstation/account_findings.hpp"
#include "clients/shipstation/catalog.hpp"
#include "clients/shipstation/client.hpp"
#include "clients/shipstation/inventory.hpp"
#include "clients/shipstation/inventory_client.hpp"
#include "clients/shipstation/webhooks.hpp"

#include <algorithm>
#include <exception>

namespace mlc::clients::shipstation {

namespace {

std::string rate_text(const client& c) {
    auto seen = c.last_rate_limit();
    if (!seen) return "no rate-limit headers seen";
    const auto& h = seen->headers;
    if (!h.limit && !h.remaining && !h.reset) return "no rate-limit headers seen";
    auto num = [](const auto& v) {
        return v ? std::to_string(static_cast<long long>(*v)) : std::string("?");
    };
    return "rate limit " + num(h.limit) + ", remaining " + num(h.remaining) + ", reset " +
           (h.reset ? std::to_string(h.reset->count()) : std::string("?")) + " s";
}

std::string mask(std::string text, const secret& s) {
    if (s.empty()) return text;
    for (auto pos = text.find(s.reveal()); pos != std::string::npos; pos = text.find(s.reveal(), pos)) {
        text.replace(pos, s.reveal().size(), secret::redacted);
    }
    return text;
}

// One attempt, no retry and no wait for a 429: a check answers at once.
client_options one_attempt(std::chrono::milliseconds timeout) {
    client_options opts;
    opts.http.attempt_timeout = timeout;
    opts.retry.max_attempts = 1;
    opts.max_throttled_retries = 0;
    return opts;
}

// A list ShipStation did not give: the finding `name` fails with the call's words.
check_finding unanswered(std::string name, const clients::error& e, const secret& api_secret) {
    return fail_finding(std::move(name), mask(e.describe(), api_secret),
                        "run the check again; if it persists, check ShipStation's status and the key pair's "
                        "permissions");
}

// The findings after the key pair worked: what the configuration needs of the account.
boost::asio::awaitable<check_findings> account_findings(client& c, const app_config& cfg,
                                                        const std::vector<store>& stores,
                                                        std::string ship_notify_target) {
    const auto& api_secret = cfg.shipstation.api_secret;
    check_findings out{store_finding(stores, cfg.shipstation.store_id)};
    if (cfg.orders.warehouse_map.empty()) {
        out.push_back(warehouses_finding({}, {}));
    } else {
        auto warehouses = co_await list_warehouses(c);
        out.push_back(warehouses ? warehouses_finding(*warehouses, cfg.orders.warehouse_map)
                                 : unanswered("shipstation warehouses", warehouses.error(), api_secret));
    }
    webhook_expectation expected{std::move(ship_notify_target), !cfg.security.webhook_token.empty(),
                                 cfg.shipstation.store_id};
    if (expected.target.empty()) {
        out.push_back(webhook_finding({}, expected));
    } else {
        auto hooks = co_await list_webhooks(c);
        out.push_back(hooks ? webhook_finding(*hooks, expected)
                            : unanswered("shipstation webhook", hooks.error(), api_secret));
    }
    auto seen = c.last_rate_limit();
    out.push_back(
        rate_limit_finding(seen ? std::optional(seen->headers) : std::nullopt, cfg.shipstation.rate_limit));
    co_return out;
}

}  // namespace

boost::asio::awaitable<check_findings> check_shipstation(const app_config& cfg,
                                                         std::string ship_notify_target,
                                                         boost::asio::any_io_executor ex, const logger& log,
                                                         std::chrono::milliseconds timeout) {
    std::string failure;
    try {
        client c(cfg.shipstation, ex, log, nullptr, one_attempt(timeout));
        auto stores = co_await list_stores(c, true);
        if (stores) {
            std::string names;
            for (const auto& s : *stores) {
                names += (names.empty() ? "" : ", ") + s.name + " #" + std::to_string(s.store_id);
            }
            check_findings out{ok_finding("shipstation", std::to_string(stores->size()) + " store" +
                                                             (stores->size() == 1 ? "" : "s") + " (" + names +
                                                             "); " + rate_text(c))};
            auto rest = co_await account_findings(c, cfg, *stores, std::move(ship_notify_target));
            for (auto& f : rest) out.push_back(std::move(f));
            c.shutdown();
            co_return out;
        }
        // No answer: the transport failure alone, as the check line has always said it.
        const auto& e = stores.error();
        failure = (e.http_status == 0 ? e.message : e.describe()) + " (" + rate_text(c) + ")";
    } catch (const std::exception& e) {  // the client could not be built (bad URL, CA file)
        failure = e.what();
    }
    co_return check_findings{fail_finding("shipstation", mask(std::move(failure), cfg.shipstation.api_secret),
                                          "check MLC_SHIPSTATION_URL, MLC_SHIPSTATION_API_KEY and "
                                          "MLC_SHIPSTATION_API_SECRET (ShipStation: Account Settings > API "
                                          "Settings)")};
}

boost::asio::awaitable<check_finding> check_inventory(const inventory_config& cfg,
                                                      boost::asio::any_io_executor ex, const logger& log,
                                                      std::chrono::milliseconds timeout) {
    std::string failure;
    try {
        inventory_client c(cfg, ex, log, nullptr, one_attempt(timeout));
        auto locations = co_await list_inventory_locations(c);
        c.shutdown();
        if (!locations) {
            failure = locations.error().describe();
        } else {
            std::string missing;
            for (const auto& [warehouse, id] : cfg.location_map) {
                bool found = std::any_of(locations->begin(), locations->end(),
                                         [&](const inventory_location& l) { return l.location_id == id; });
                if (!found)
                    missing += (missing.empty() ? "" : ", ") + id + " (SAP warehouse " + warehouse + ")";
            }
            if (missing.empty())
                co_return ok_finding("inventory", "V2 inventory: " + std::to_string(locations->size()) +
                                                      " location" + (locations->size() == 1 ? "" : "s") +
                                                      ", every mapped one found");
            failure = "V2 inventory: MLC_INVENTORY_LOCATION_MAP names locations ShipStation does not have: " +
                      missing;
        }
    } catch (const std::exception& e) {
        failure = e.what();
    }
    co_return fail_finding("inventory", mask(std::move(failure), cfg.v2_api_key),
                           "check MLC_SHIPSTATION_V2_API_KEY (the Inventory API add-on) and "
                           "MLC_INVENTORY_LOCATION_MAP against ShipStation's inventory locations");
}

}  // namespace mlc::clients::shipstation
