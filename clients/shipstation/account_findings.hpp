// What `ml-connector check` concludes from what ShipStation listed: the store, the mapped warehouses, the
// SHIP_NOTIFY subscription and the rate limit (pure: the lists in, one finding out).
#pragma once

#include "clients/shipstation/catalog.hpp"
#include "clients/shipstation/rate_limiter.hpp"
#include "clients/shipstation/webhooks.hpp"
#include "common/check_finding.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlc::clients::shipstation {

// "shipstation store": MLC_SHIPSTATION_STORE_ID among `stores` (inactive ones included): OK for an active
// manual store (orders created through the API belong there), WARN for a marketplace's store, FAIL when
// unknown or inactive; without a store id, OK listing the stores orders could go to (ShipStation picks the
// first manual one). Throws std::bad_alloc only.
check_finding store_finding(const std::vector<store>& stores, std::optional<std::int64_t> store_id);

// "shipstation warehouses": every warehouseId of MLC_WAREHOUSE_MAP (SAP warehouse code, id) among
// `warehouses`; FAIL naming the missing ones, SKIP for an empty map. Throws std::bad_alloc only.
check_finding warehouses_finding(const std::vector<warehouse>& warehouses,
                                 const std::vector<std::pair<std::string, std::int64_t>>& map);

// What the webhook finding compares with: the SHIP_NOTIFY target the connector subscribes (MLC_PUBLIC_URL
// with the token; "" when MLC_PUBLIC_URL is unset) and whether MLC_WEBHOOK_TOKEN is set.
struct webhook_expectation {
    std::string target;  // holds the token: never shown
    bool token_set = false;
    std::optional<std::int64_t> store_id;
};

// "shipstation webhook": OK when a SHIP_NOTIFY (or ITEM_SHIP_NOTIFY) subscription has exactly the target;
// WARN when none exists yet (the service subscribes at start), when one reaches this service's URL with
// another token, or when they point elsewhere; FAIL without MLC_WEBHOOK_TOKEN; SKIP without MLC_PUBLIC_URL.
// URLs are shown without their query, so no token is ever printed. Throws std::bad_alloc only.
check_finding webhook_finding(const std::vector<webhook>& hooks, const webhook_expectation& expected);

// "shipstation rate limit": X-Rate-Limit-Limit as ShipStation reported it against MLC_SHIPSTATION_RATE_LIMIT
// (`configured`): WARN when the setting is above it, SKIP when no header was seen. Throws std::bad_alloc
// only.
check_finding rate_limit_finding(const std::optional<rate_limit_headers>& seen, unsigned configured);

}  // namespace mlc::clients::shipstation
