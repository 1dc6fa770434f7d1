// The orders flow as a running thing: its workers, the poller (interval or cron schedule) and the pushers,
// woken by each other and by operators (POST /admin/poll), stopped with the service.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/shipstation/client.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "flows/items/item_reader.hpp"
#include "flows/items/items_settings.hpp"
#include "flows/orders/order_poller.hpp"
#include "flows/orders/order_pusher.hpp"
#include "flows/orders/orders_metrics.hpp"
#include "flows/orders/orders_settings.hpp"
#include "flows/worker_loop.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace mlc::flows::orders {

class orders_flow {
public:
    // Reads the settings from `cfg` (std::runtime_error for an unknown time zone or cron text, which the
    // configuration loader has already refused). References must outlive the flow.
    // `registry` (optional) receives the mlc_orders_* counters; `leadership` reaches the poller's leader
    // lock.
    orders_flow(const app_config& cfg, db::database& database, clients::sap::client& sap,
                clients::shipstation::client& shipstation, const logger& log, boost::asio::any_io_executor ex,
                prometheus::Registry* registry = nullptr, const db::leader_reporting& leadership = {});
    ~orders_flow();
    orders_flow(const orders_flow&) = delete;
    orders_flow& operator=(const orders_flow&) = delete;

    // Starts the poller and the pushers. Call once.
    void start();

    // Asks for a poll now (the next one starts at once, or right after the running one). Thread-safe; never
    // throws except std::bad_alloc.
    void request_poll();

    // Ends the workers after their current step; the poller gives up its lock. Thread-safe, idempotent.
    void stop();

    // Waits until every worker has ended (after stop()). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> wait_stopped();

    const orders_settings& settings() const noexcept { return settings_; }

private:
    boost::asio::awaitable<next_run> poll_step();
    boost::asio::awaitable<next_run> push_step(order_pusher& pusher);
    // The next slot of the schedule, or now + the interval.
    std::chrono::system_clock::time_point next_poll_time() const;

    const app_config& cfg_;
    const logger& log_;
    orders_settings settings_;
    items::items_settings items_settings_;
    worker_set workers_;
    db::leader_lock leadership_;
    std::unique_ptr<orders_metrics> metrics_;
    items::item_reader item_reader_;  // the lines' SKUs and weights
    order_poller poller_;
    std::vector<std::unique_ptr<order_pusher>> pushers_;
    struct schedule;
    std::unique_ptr<schedule> schedule_;
    bool poll_requested_ = false;                      // strand only
    std::chrono::system_clock::time_point next_poll_;  // strand only; epoch: at once
};

}  // namespace mlc::flows::orders
