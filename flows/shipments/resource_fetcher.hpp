// Follows the resource_url of each stored ShipStation webhook: reads the shipments (or fulfillments) it
// names, items included, records each one and queues its delivery to SAP.
#pragma once

#include "clients/call_error.hpp"
#include "clients/shipstation/client.hpp"
#include "clients/shipstation/webhooks.hpp"
#include "common/logger.hpp"
#include "common/origin_pattern.hpp"
#include "db/audit_log.hpp"
#include "db/database.hpp"
#include "db/job_queue.hpp"
#include "db/webhook_inbox.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
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
    // Pages one resource_url fetch reads (MLC_WEBHOOK_MAX_PAGES); the rest of a larger resource is left to
    // the reconciler, which lists the same shipments by date.
    unsigned max_pages = 20;
    unsigned page_size = 500;  // elements per page asked for (V1's most; tests ask for fewer)
};

struct fetch_report {
    std::size_t claimed = 0;
    std::size_t records = 0;      // shipments and fulfillments read
    std::size_t new_records = 0;  // first seen: a delivery was queued
    std::size_t new_voids = 0;    // known ones now voided
    std::size_t not_used = 0;     // events the connector does not act on (ORDER_NOTIFY, ...)
    std::size_t rejected = 0;     // resource_url off the allowed origins
    std::size_t failed = 0;       // will be retried
    std::size_t capped =
        0;  // larger than max_pages: what was read is recorded, the rest left to reconciliation
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
    boost::asio::awaitable<void> fetch_one(const db::job_queue::job& job, fetch_report& report);
    // The resource read while the job's lease is kept; nullopt when the lease was lost meanwhile.
    boost::asio::awaitable<std::optional<clients::outcome<clients::shipstation::resource_contents>>>
    fetch_leased(const db::job_queue::job& job, const std::string& resource_url);
    // Records what the resource holds, queues their deliveries and ends the job and its inbox row.
    boost::asio::awaitable<void> record(const db::job_queue::job& job, std::int64_t inbox_id,
                                        const clients::shipstation::resource_contents& contents,
                                        fetch_report& report);
    // Ends the job and its inbox row (in `state`, noted with the row's error) with the audit row that says
    // how.
    void finish(pqxx::work& w, const db::job_queue::job& job, std::int64_t inbox_id,
                db::webhook_inbox::inbox_state state, db::audit_log::entry row) const;

    db::database& db_;
    clients::shipstation::client& ss_;
    fetch_settings settings_;
    const logger& log_;
    std::string owner_;
};

}  // namespace mlc::flows::shipments
