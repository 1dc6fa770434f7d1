// The SAP side of the shipments flow: each recorded shipment becomes exactly one SAP delivery (DeliveryNotes)
// based on its sales order, stamped so that a later run finds it, and the order gets the tracking number.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/sap/stored_query.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/job_queue.hpp"
#include "db/lock_session.hpp"
#include "flows/shipments/delivery_decision.hpp"
#include "flows/shipments/order_shipping_update.hpp"
#include "flows/shipments/shipment_jobs.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mlc::flows::shipments {

struct delivery_verdict;
struct delivery_state;
struct settle_plan;

struct delivery_settings {
    std::string company_db;   // names the per-order locks
    std::string stamp_field;  // a U_ field, or "" for Comments
    std::string sku_field;    // MLC_SKU_FIELD: the item field that may hold a shipped SKU ("" for none)
    std::vector<std::pair<std::string, int>>
        carrier_map;                        // "carrier/service" or "carrier" -> ShippingTypes.Code
    bool cancel_on_void = false;            // MLC_VOID_POLICY=cancel
    batch_rule batches = batch_rule::fefo;  // MLC_BATCH_RULE
    std::vector<std::string> serial_options = shipments_config{}.serial_options;  // MLC_SERIAL_OPTIONS
    shipments::order_fields order_fields;  // the sales order UDFs to fill
    // Dates sent to SAP, and "today" for batch expiry, are this zone's (nullptr: UTC).
    const date::time_zone* company_zone = nullptr;
    wall_clock_fn now = system_now;                // tests fix it
    std::chrono::milliseconds lease{60000};        // renewed while the job runs (MLC_DELIVERY_LEASE)
    std::chrono::milliseconds retry_delay{10000};  // doubled per attempt
    std::chrono::milliseconds retry_max_delay{1800000};
    // A POST whose answer was lost is searched for only this long after it was sent: SAP may still be
    // committing it (the client's attempt timeout).
    std::chrono::milliseconds doubt_settle{60000};
    std::chrono::milliseconds busy_order_delay{2000};  // another worker delivers for the same order: wait
    bool stock_sync = false;  // stock goes to ShipStation's V2 inventory: a delivery queues its items' syncs
    // A missing MLC_BATCH_STOCK query is created by the writer; a preview reports it and writes nothing.
    clients::sap::missing_query batch_query = clients::sap::missing_query::create;
};

// The settings for `cfg`. Throws std::bad_alloc only.
delivery_settings make_delivery_settings(const app_config& cfg);

struct delivery_report {
    std::size_t claimed = 0;
    std::size_t delivered = 0;  // a delivery was created
    std::size_t found = 0;      // an earlier attempt's delivery was found by its stamp: not posted again
    std::size_t skipped = 0;    // nothing to deliver (voided first, an order the connector does not know)
    std::size_t cancelled = 0;  // a void after delivery cancelled the delivery (MLC_VOID_POLICY=cancel)
    std::size_t failed = 0;     // retried later
    std::size_t dead = 0;       // SAP refused it (business error), waits for approval, no batches or serial
                                // numbers could be chosen, or out of attempts: needs a person
    std::size_t postponed =
        0;  // not started: its order was busy, or a lost POST was too recent to search for
    std::size_t orders_updated = 0;         // sales order PATCHes written
    std::size_t order_updates_refused = 0;  // refused by SAP (kept, shown, replayable)
    std::size_t order_updates_failed = 0;   // failed, retried (only the PATCH)
};

class delivery_writer {
public:
    // References must outlive the writer; `owner` names it in job leases; `locks` is where its lock session
    // connects (the same database as `database`).
    delivery_writer(db::database& database, clients::sap::client& sap, delivery_settings settings,
                    const logger& log, std::string owner, const database_config& locks);
    ~delivery_writer();

    // Claims up to `limit` delivery jobs and handles each in turn, one sales order at a time across replicas.
    // Throws database errors (jobs stay leased and are taken over), std::bad_alloc.
    boost::asio::awaitable<delivery_report> deliver_once(std::size_t limit = 1);

    // The stamp of shipment (or fulfillment) `id`: "SS-SHIP-<id>" / "SS-FULF-<id>". Never throws except
    // std::bad_alloc.
    static std::string stamp_of(bool fulfillment, std::int64_t id);

    // The settings the writer runs with. Never throws.
    const delivery_settings& settings() const noexcept { return settings_; }

private:
    boost::asio::awaitable<void> handle(const db::job_queue::job& job, delivery_report& report);
    // The job's shipment link and its sales order (through its exact link).
    boost::asio::awaitable<delivery_state> load(const deliver_shipment_job& target);
    settle_plan plan_for(const delivery_verdict& v, const db::job_queue::job& job,
                         const delivery_state& state) const;
    // Runs `step` with the job's lease kept and each SAP call guarded (lease, in-doubt mark).
    boost::asio::awaitable<delivery_verdict> run_leased(const db::job_queue::job& job,
                                                        const delivery_state& state, delivery_step step);
    boost::asio::awaitable<std::optional<std::int64_t>> liveness_lock();

    db::database& db_;
    clients::sap::client& sap_;
    delivery_settings settings_;
    const logger& log_;
    std::string owner_;
    db::lock_session locks_;
    std::optional<std::int64_t> liveness_key_;
};

}  // namespace mlc::flows::shipments
