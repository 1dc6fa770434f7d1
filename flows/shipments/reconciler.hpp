// Nothing missed: every MLC_RECONCILE_INTERVAL one replica lists the shipments created since its watermark
// (overlapping), the fulfillments (marked shipped without a label: no webhook fires for them) and the voids,
// and records every one the webhooks did not bring, queueing its delivery.
#pragma once

#include "clients/call_error.hpp"
#include "clients/shipstation/client.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "db/shipment_links.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

struct reconcile_settings {
    std::chrono::minutes overlap{30};   // how far each listing reaches back before the watermark
    std::chrono::hours first_look{24};  // on first start, how far back the first listing reaches
};

struct reconcile_report {
    bool leader = false;    // false: another replica reconciles
    bool complete = false;  // every listing was read and recorded, and the watermark moved
    std::size_t shipments = 0, fulfillments = 0, voids = 0;  // listed
    std::size_t new_records = 0, new_voids = 0;              // missed by the webhooks
    std::optional<std::string> error;
};

class reconciler {
public:
    // References must outlive the reconciler.
    reconciler(db::database& database, clients::shipstation::client& shipstation, db::leader_lock& leadership,
               reconcile_settings settings, const logger& log);

    // One reconciliation as of `now`, if this replica holds the lock. ShipStation and database errors end it
    // early (reported and logged; the watermark does not move). Throws std::bad_alloc, database_closed,
    // system_error(operation_aborted) after the client's shutdown.
    boost::asio::awaitable<reconcile_report> reconcile_once(std::chrono::system_clock::time_point now);

    static constexpr const char* watermark_name = "shipments_reconciler";

private:
    // Lists the shipments created, the shipments voided and the fulfillments created since `from` into
    // `records`, counting them; returns the first failed listing's error.
    boost::asio::awaitable<std::optional<clients::error>> list_since(
        std::chrono::system_clock::time_point from, std::vector<db::shipment_links::received_record>& records,
        reconcile_report& report);

    db::database& db_;
    clients::shipstation::client& ss_;
    db::leader_lock& leadership_;
    reconcile_settings settings_;
    const logger& log_;
};

}  // namespace mlc::flows::shipments
