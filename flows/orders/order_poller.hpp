// The SAP side of the orders flow: reads the orders changed since the persisted watermark, page by page,
// takes each one in, and moves the watermark once everything it covers is durably recorded.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/documents.hpp"
#include "clients/sap/orders.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/orders/intake_decision.hpp"
#include "flows/orders/order_inputs.hpp"
#include "flows/orders/order_mapping.hpp"
#include "flows/orders/orders_settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::orders {

struct poll_report {
    bool leader = false;    // false: another replica polls; nothing was read
    bool complete = false;  // every page was read and recorded, and the watermark moved
    std::size_t pages = 0, orders = 0;
    std::size_t already_seen = 0, unchanged = 0, queued = 0, refused = 0, ignored = 0, locked = 0;
    std::optional<std::string> error;  // why the poll stopped early (the watermark did not move)
};

class order_poller {
public:
    // `on_queued` is called after each page that queued pushes is committed (it wakes the pushers). All
    // references must outlive the poller.
    // `items` reads the lines' SKUs and weights.
    order_poller(db::database& database, clients::sap::client& sap, db::leader_lock& leadership,
                 const orders_settings& settings, const items::items_settings& items_settings,
                 items::item_reader& items, const logger& log, std::function<void()> on_queued = {});

    // One poll, if this replica holds the poller lock. Never throws except std::bad_alloc and
    // database_closed: SAP and database errors end the poll early, are logged and reported, and the next poll
    // retries.
    boost::asio::awaitable<poll_report> poll_once();

    // The watermark's name in the watermarks table. Never throws except std::bad_alloc.
    std::string watermark_name() const;

private:
    boost::asio::awaitable<void> read_and_take_in(poll_report& report);
    boost::asio::awaitable<clients::sap::order_watermark> stored_watermark();
    // The orders of a page whose version is not processed yet (the others are counted as already seen).
    boost::asio::awaitable<std::vector<const clients::sap::document*>> not_seen_yet(
        const std::vector<clients::sap::document>& orders, poll_report& report);
    // Takes in the page's new order versions (their partners and items looked up first). Returns the intake's
    // results, or nullopt with report.error set when SAP could not say.
    boost::asio::awaitable<std::optional<std::vector<intake_result>>> take_in_page(
        const std::vector<const clients::sap::document*>& fresh, partner_cache& partners,
        const std::map<int, std::string>& shipping_names, poll_report& report);

    db::database& db_;
    clients::sap::client& sap_;
    db::leader_lock& leadership_;
    const orders_settings& settings_;
    const items::items_settings& items_settings_;
    items::item_reader& items_;
    const logger& log_;
    std::function<void()> on_queued_;
};

}  // namespace mlc::flows::orders
