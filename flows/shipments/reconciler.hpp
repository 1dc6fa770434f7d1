// Nothing missed: every MLC_RECONCILE_INTERVAL one replica lists the shipments created since its watermark
// (overlapping), the fulfillments (marked shipped without a label: no webhook fires for them) and the voids,
// and records every one the webhooks did not bring, queueing its delivery.
#pragma once

#include "clients/call_error.hpp"
#include "clients/shipstation/client.hpp"
#include "clients/shipstation/shipments.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "db/shipment_links.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

struct reconcile_settings {
    std::chrono::minutes overlap{30};   // how far each listing reaches back before the watermark
    std::chrono::hours first_look{24};  // on first start, how far back the first listing reaches
    // MLC_SHIPSTATION_STORE_ID: only this store's shipments are listed and recorded (unset: every store).
    std::optional<std::int64_t> store_id;
    // Pages each listing reads per reconciliation; a listing that stops there moves the watermark only as far
    // as it read, and the next reconciliation goes on from there.
    unsigned max_pages = 10'000;
    unsigned page_size = 500;  // elements per page asked for (V1's most; tests ask for fewer)
};

struct reconcile_report {
    bool leader = false;    // false: another replica reconciles
    bool complete = false;  // what was listed is recorded and the watermark moved (see capped)
    bool capped = false;    // a listing stopped at max_pages: the watermark moved only as far as it read
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
    // `records`, counting them, and lowers `read_up_to` to the point a capped listing reached; returns the
    // first failed listing's error.
    boost::asio::awaitable<std::optional<clients::error>> list_since(
        std::chrono::system_clock::time_point from, std::vector<db::shipment_links::received_record>& records,
        std::chrono::system_clock::time_point& read_up_to, reconcile_report& report);
    // Appends the listed shipments of the configured store to `records`; returns how many.
    std::size_t record_store_shipments(const std::vector<clients::shipstation::shipment>& listed,
                                       const std::string& correlation,
                                       std::vector<db::shipment_links::received_record>& records) const;

    db::database& db_;
    clients::shipstation::client& ss_;
    db::leader_lock& leadership_;
    reconcile_settings settings_;
    const logger& log_;
};

}  // namespace mlc::flows::shipments
