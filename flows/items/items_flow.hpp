// The items flow as a running thing: items changed in SAP, product alignment at the rate budget's lowest
// priority, and (with a V2 key) stock levels: queued syncs, the warehouse journal or scans, resyncs on
// request.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/shipstation/client.hpp"
#include "clients/shipstation/inventory_client.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "flows/items/customer_recorder.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_metrics.hpp"
#include "flows/items/items_poller.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/items/product_aligner.hpp"
#include "flows/items/stock_sync.hpp"
#include "flows/items/stock_watch.hpp"
#include "flows/worker_loop.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>

namespace mlc::flows::items {

class items_flow {
public:
    // `v2` (nullptr: no stock sync) is the V2 inventory client. References must outlive the flow; so must
    // `registry` (nullptr: no metrics). `leadership` reaches both leader locks (replica name, gauge).
    items_flow(const app_config& cfg, db::database& database, clients::sap::client& sap,
               clients::shipstation::client& shipstation, clients::shipstation::inventory_client* v2,
               const logger& log, boost::asio::any_io_executor ex, prometheus::Registry* registry = nullptr,
               const db::leader_reporting& leadership = {});
    ~items_flow();
    items_flow(const items_flow&) = delete;
    items_flow& operator=(const items_flow&) = delete;

    // Starts the workers. Call once.
    void start();
    // Stock syncs were queued (a delivery): a worker picks them up now. Thread-safe; never throws except
    // std::bad_alloc.
    void wake_stock();
    // An operator's full resync: ShipStation's levels are read and every item compared, on the replica that
    // watches stock (this one, if it holds the lock). Returns false without a V2 key. Thread-safe.
    bool request_resync();
    // Ends the workers after their current step; locks are given up. Thread-safe, idempotent.
    void stop();
    // Waits until every worker has ended (after stop()). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> wait_stopped();

    const items_settings& settings() const noexcept { return settings_; }
    // Where stock changes come from now (unknown before the first look). Never throws.
    stock_source stock_changes_from() const noexcept;

private:
    boost::asio::awaitable<next_run> poll_step();
    boost::asio::awaitable<next_run> align_step();
    boost::asio::awaitable<next_run> sync_step();
    boost::asio::awaitable<next_run> watch_step();

    const logger& log_;
    db::database& db_;
    items_settings settings_;
    worker_set workers_;
    item_reader reader_;
    db::leader_lock poll_lock_;
    db::leader_lock watch_lock_;
    std::unique_ptr<items_metrics> metrics_;
    items_poller poller_;
    customer_recorder customers_;
    product_aligner aligner_;
    std::unique_ptr<stock_sync> sync_;    // with a V2 client
    std::unique_ptr<stock_watch> watch_;  // with a V2 client
    bool resync_requested_ = false;       // strand only
};

}  // namespace mlc::flows::items
