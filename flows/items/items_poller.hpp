// Items changed in SAP (UpdateDate/UpdateTime after the watermark, with the orders poller's overlap and
// leader rules): each one whose SKU went to ShipStation gets its product aligned again.
#pragma once

#include "clients/sap/client.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace mlc::flows::items {

struct items_poll_report {
    bool leader = false;    // false: another replica polls
    bool complete = false;  // every page was read and the watermark moved
    std::size_t pages = 0, items = 0, queued = 0;
    std::optional<std::string> error;
};

class items_poller {
public:
    // References must outlive the poller.
    items_poller(db::database& database, clients::sap::client& sap, db::leader_lock& leadership,
                 item_reader& items, const items_settings& settings, const logger& log);

    // One poll, if this replica holds the items poller's lock. Never throws except std::bad_alloc and
    // database_closed: errors end the poll early, are logged and reported, and the next poll retries.
    boost::asio::awaitable<items_poll_report> poll_once();

    std::string watermark_name() const;

private:
    boost::asio::awaitable<void> read_pages(items_poll_report& report);

    db::database& db_;
    clients::sap::client& sap_;
    db::leader_lock& leadership_;
    item_reader& items_;
    const items_settings& settings_;
    const logger& log_;
};

}  // namespace mlc::flows::items
