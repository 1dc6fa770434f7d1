// `ml-connector check` for ShipStation: one authenticated call (list stores) summed up in one line.
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

namespace mlc::clients::shipstation {

struct check_result {
    bool ok = false;
    // The detail line: "2 stores (Manual Orders #101, ...); rate limit 40, remaining 39, reset 60 s" when ok,
    // else the reason ("ShipStation 401 Unauthorized: ..."). Never contains the API secret.
    std::string report;
};

// Lists the stores with `cfg`'s credentials (one request, no retry), within `timeout`. Returns the
// outcome; every failure (bad URL, refused credentials, unreachable host, timeout) is a FAIL report.
// Throws std::bad_alloc only.
boost::asio::awaitable<check_result> check_shipstation(
    const shipstation_config& cfg, boost::asio::any_io_executor ex, const logger& log,
    std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Lists the V2 inventory locations with `cfg`'s key (one request, no retry) and checks that every location of
// MLC_INVENTORY_LOCATION_MAP exists. Returns the outcome (a refused key, a missing location: a FAIL report).
// Throws std::bad_alloc only.
boost::asio::awaitable<check_result> check_inventory(
    const inventory_config& cfg, boost::asio::any_io_executor ex, const logger& log,
    std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace mlc::clients::shipstation
