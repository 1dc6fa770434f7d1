// `ml-connector check` for ShipStation: the key pair, then what the configuration needs of the account.
#pragma once

#include "common/check_finding.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

namespace mlc::clients::shipstation {

// Lists the stores with cfg.shipstation's credentials (one request each, no retry, each within `timeout`):
// the "shipstation" finding ("2 stores (Manual Orders #101, ...); rate limit 40, remaining 39, reset 60 s");
// when it is OK, the account against the configuration: "shipstation store", "shipstation warehouses"
// (GET /warehouses), "shipstation webhook" (GET /webhooks, compared with `ship_notify_target`, the
// subscription the service makes: "" without MLC_PUBLIC_URL) and "shipstation rate limit" (see
// account_findings.hpp). Every failure (bad URL, refused credentials, unreachable host, timeout) is a FAIL
// finding; none holds the API secret or the webhook token. Throws std::bad_alloc only.
boost::asio::awaitable<check_findings> check_shipstation(
    const app_config& cfg, std::string ship_notify_target, boost::asio::any_io_executor ex, const logger& log,
    std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Lists the V2 inventory locations with `cfg`'s key (one request, no retry) and checks that every location of
// MLC_INVENTORY_LOCATION_MAP exists: the "inventory" finding (a refused key, a missing location: FAIL).
// Throws std::bad_alloc only.
boost::asio::awaitable<check_finding> check_inventory(
    const inventory_config& cfg, boost::asio::any_io_executor ex, const logger& log,
    std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace mlc::clients::shipstation
