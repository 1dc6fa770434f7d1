// Follows the resource_url of each stored ShipStation webhook: reads the shipments (or fulfillments) it
// names, items included, records each one and queues its delivery to SAP.
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/logger.hpp"
#include "common/origin_pattern.hpp"
#include "db/database.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

struct fetch_settings {
    std::vector<origin_pattern> resource_origins;  // besides the configured API origin
    // A fetch job's lease, renewed while a multi-page read goes on (at ShipStation's pace): a fetcher that
    // stops renewing is taken over after this.
    std::chrono::milliseconds lease{60000};
    std::chrono::milliseconds retry_delay{5000};  // doubled per attempt
    std::chrono::milliseconds retry_max_delay{600000};
};

struct fetch_report {
    std::size_t claimed = 0;
    std::size_t records = 0;      // shipments and fulfillments read
    std::size_t new_records = 0;  // first seen: a delivery was queued
    std::size_t new_voids = 0;    // known ones now voided
    std::size_t not_used = 0;     // events the connector does not act on (ORDER_NOTIFY, ...)
    std::size_t rejected = 0;     // resource_url off the allowed origins
    std::size_t failed = 0;       // will be retried
};

class resource_fetcher {
public:
    // References must outlive the fetcher; `owner` names it in job leases.
    resource_fetcher(db::database& database, clients::shipstation::client& shipstation,
                     fetch_settings settings, const logger& log, std::string owner);

    // Claims up to `limit` fetch jobs and handles each, keeping its lease while it reads. Returns what
    // happened. Throws database errors (the jobs stay leased and are taken over),
    // system_error(operation_aborted) after the client's shutdown.
    boost::asio::awaitable<fetch_report> fetch_once(std::size_t limit = 1);

private:
    db::database& db_;
    clients::shipstation::client& ss_;
    fetch_settings settings_;
    const logger& log_;
    std::string owner_;
};

}  // namespace mlc::flows::shipments
