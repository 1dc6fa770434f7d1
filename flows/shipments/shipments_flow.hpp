// The shipments flow as a running thing: workers that follow stored webhooks as soon as they arrive (woken by
// the receiver), and workers that write the shipments they find to SAP as deliveries (woken by the fetchers);
// every few seconds they also look for retries and other replicas' work. Besides: the reconciliation, the
// SHIP_NOTIFY subscription, and the inbox's retention.
#pragma once

#include "clients/shipstation/client.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "flows/shipments/delivery_writer.hpp"
#include "flows/shipments/reconciler.hpp"
#include "flows/shipments/resource_fetcher.hpp"
#include "flows/shipments/shipments_metrics.hpp"
#include "flows/worker_loop.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <vector>

namespace mlc::flows::shipments {

class shipments_flow {
public:
    // References must outlive the flow; so must `registry` (nullptr: no metrics). `leadership` reaches the
    // reconciler's leader lock (replica name, gauge).
    shipments_flow(const app_config& cfg, db::database& database, clients::shipstation::client& shipstation,
                   clients::sap::client& sap, const logger& log, boost::asio::any_io_executor ex,
                   prometheus::Registry* registry = nullptr, const db::leader_reporting& leadership = {});
    ~shipments_flow();
    shipments_flow(const shipments_flow&) = delete;
    shipments_flow& operator=(const shipments_flow&) = delete;

    // Starts the workers. Call once.
    void start();
    // A webhook was stored: a worker picks it up now. Thread-safe; never throws except std::bad_alloc.
    void wake();
    // Ends the workers after their current step. Thread-safe, idempotent.
    void stop();
    // Waits until every worker has ended (after stop()). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> wait_stopped();

private:
    void add_subscription_worker();
    boost::asio::awaitable<next_run> fetch_step(resource_fetcher& fetcher);
    boost::asio::awaitable<next_run> deliver_step(delivery_writer& writer);
    boost::asio::awaitable<next_run> subscribe_step();
    boost::asio::awaitable<next_run> reconcile_step();
    boost::asio::awaitable<next_run> prune_step();

    const app_config& cfg_;
    db::database& db_;
    clients::shipstation::client& shipstation_;
    const logger& log_;
    worker_set workers_;
    std::vector<std::unique_ptr<resource_fetcher>> fetchers_;
    std::vector<std::unique_ptr<delivery_writer>> writers_;
    db::leader_lock reconcile_lock_;
    reconciler reconciler_;
    std::unique_ptr<shipments_metrics> metrics_;
};

}  // namespace mlc::flows::shipments
