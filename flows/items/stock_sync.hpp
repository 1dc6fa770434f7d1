// Stock to ShipStation: SAP's levels per mapped warehouse set in ShipStation's V2 inventory with `adjust`,
// only where they differ from what ShipStation last confirmed; for queued items (deliveries, the warehouse
// journal, operators) and for every item in a scan.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/shipstation/inventory_client.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/item_stock.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::items {

struct stock_report {
    std::size_t items = 0;             // items whose SAP stock was read
    std::size_t changed = 0;           // levels that differed from ShipStation's
    std::size_t sent = 0;              // set in ShipStation
    std::size_t failed = 0;            // left pending, sent again later
    std::size_t v2_calls = 0;          // requests to the V2 API
    std::optional<std::string> error;  // why a scan stopped early
};

class stock_sync {
public:
    // `owner` names this worker in job leases. References must outlive it.
    stock_sync(db::database& database, clients::sap::client& sap, clients::shipstation::inventory_client& v2,
               item_reader& items, const items_settings& settings, const logger& log, std::string owner);

    // Up to `limit` queued stock syncs (one SAP read for all). Returns what happened (items == 0 and no
    // error: nothing was queued). Throws database errors, system_error(operation_aborted) after the clients'
    // shutdown, std::bad_alloc.
    boost::asio::awaitable<stock_report> sync_once(std::size_t limit = 20);

    // Every SAP item, page by page, compared with what ShipStation confirmed. `resync` first reads
    // ShipStation's inventory at each mapped location, so that what it holds now (changed by hand, by another
    // app) is what SAP is compared with. Returns what happened; an SAP or V2 error stops the scan (error).
    // Throws as sync_once.
    boost::asio::awaitable<stock_report> scan(bool resync);

private:
    // ShipStation's listing of every mapped location: quantity by (location, SKU); absent SKUs are 0.
    using listing = std::map<std::pair<std::string, std::string>, std::int64_t>;
    boost::asio::awaitable<std::optional<listing>> read_listing(stock_report& report);
    // Records SAP's levels and sends those ShipStation does not have; `known` (a resync) confirms the levels
    // ShipStation already holds without a call. Returns false when a send failed.
    boost::asio::awaitable<bool> reconcile(const std::vector<db::item_stock::sap_level>& levels,
                                           const listing* known, stock_report& report);
    boost::asio::awaitable<bool> send(const db::item_stock::sap_level& level, stock_report& report);
    boost::asio::awaitable<std::vector<db::item_stock::sap_level>> levels_of(
        const std::vector<clients::sap::item>& items);

    db::database& db_;
    clients::sap::client& sap_;
    clients::shipstation::inventory_client& v2_;
    item_reader& items_;
    const items_settings& settings_;
    const logger& log_;
    std::string owner_;
};

}  // namespace mlc::flows::items
