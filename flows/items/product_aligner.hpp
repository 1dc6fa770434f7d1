// Product alignment: claims queued alignments, reads the items from SAP and their products from ShipStation
// (at the rate budget's lowest priority), and replaces a product only when a field the connector owns
// differs.
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/job_queue.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <string>

namespace mlc::flows::items {

struct align_report {
    std::size_t claimed = 0;
    std::size_t updated = 0;    // a PUT replaced the product
    std::size_t unchanged = 0;  // the product already had SAP's values
    std::size_t waiting = 0;    // no product with the SKU yet: looked for again later
    std::size_t failed = 0;     // retried later
    std::size_t dead = 0;       // needs a person (refused, item gone)
};

class product_aligner {
public:
    // `owner` names this worker in job leases. References must outlive it.
    product_aligner(db::database& database, clients::shipstation::client& shipstation, item_reader& items,
                    const items_settings& settings, const logger& log, std::string owner);

    // Up to `limit` alignments. Once `stopping` (empty: never) returns true, the claimed jobs not yet begun
    // are handed back (queued again, attempt not counted) and the rest of the batch is skipped. Returns
    // what happened (claimed == 0: nothing was ready). Throws database errors (the jobs stay leased and are
    // reclaimed), system_error(operation_aborted) after the client's shutdown, std::bad_alloc.
    boost::asio::awaitable<align_report> align_once(std::size_t limit = 10,
                                                    std::function<bool()> stopping = {});

private:
    struct attempt;
    boost::asio::awaitable<void> align_one(const db::job_queue::job& job, const item_details& item,
                                           align_report& report);
    boost::asio::awaitable<void> settle(const attempt& a, align_report& report);

    db::database& db_;
    clients::shipstation::client& ss_;
    item_reader& items_;
    const items_settings& settings_;
    const logger& log_;
    std::string owner_;
};

}  // namespace mlc::flows::items
