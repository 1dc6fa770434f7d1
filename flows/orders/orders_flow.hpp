// The orders flow as a running thing: the poll loop (interval or cron schedule) and the pushers, woken by
// each other and by operators (POST /admin/poll), stopped with the service.
#pragma once

#include "clients/sap/client.hpp"
#include "clients/shipstation/client.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "db/leader_lock.hpp"
#include "flows/orders/order_poller.hpp"
#include "flows/orders/order_pusher.hpp"
#include "flows/orders/orders_metrics.hpp"
#include "flows/orders/orders_settings.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace mlc::flows::orders {

class orders_flow {
public:
    // Reads the settings from `cfg` (std::runtime_error for an unknown time zone or cron text, which the
    // configuration loader has already refused). References must outlive the flow.
    // `registry` (optional) receives the mlc_orders_* counters.
    orders_flow(const app_config& cfg, db::database& database, clients::sap::client& sap,
                clients::shipstation::client& shipstation, const logger& log, boost::asio::any_io_executor ex,
                prometheus::Registry* registry = nullptr);
    ~orders_flow();
    orders_flow(const orders_flow&) = delete;
    orders_flow& operator=(const orders_flow&) = delete;

    // Spawns the poll loop and the pushers on the flow's strand. Call once.
    void start();

    // Asks for a poll now (the next one starts at once, or right after the running one). Thread-safe; never
    // throws except std::bad_alloc.
    void request_poll();

    // Ends the loops after their current step and gives up the poller lock. Thread-safe, idempotent.
    void stop();

    // Waits until every loop has ended (after stop()). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> wait_stopped();

    const orders_settings& settings() const noexcept { return settings_; }

private:
    boost::asio::awaitable<void> poll_loop();
    boost::asio::awaitable<void> push_loop(std::size_t index);
    std::chrono::system_clock::time_point next_poll_after(std::chrono::system_clock::time_point now) const;
    void wake_pushers();
    void loop_ended();

    const app_config& cfg_;
    const logger& log_;
    orders_settings settings_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    db::leader_lock leadership_;
    std::unique_ptr<orders_metrics> metrics_;
    order_poller poller_;
    std::vector<std::unique_ptr<order_pusher>> pushers_;
    boost::asio::steady_timer poll_timer_;
    std::vector<std::unique_ptr<boost::asio::steady_timer>> push_timers_;
    boost::asio::steady_timer stopped_timer_;
    bool poll_requested_ = false;    // strand only
    bool stopping_ = false;          // strand only
    std::size_t running_loops_ = 0;  // strand only
    struct schedule;
    std::unique_ptr<schedule> schedule_;
};

}  // namespace mlc::flows::orders
