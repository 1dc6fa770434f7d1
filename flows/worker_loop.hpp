// A flow's workers: each a named step run in a loop on the flow's strand, paused between runs for as long as
// the step asks, woken early by the flow, stopped with it. A flow declares its workers in a table (see
// orders_flow.cpp, the smallest); the loop, its wake-ups, failures and shutdown are written here once.
#pragma once

#include "common/logger.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlc::flows {

// What a step asks for once it has run: the next run after `delay` (zero: at once), at a wall-clock time
// (a schedule's slot, shown in the log), or none (its work is done for the life of the service, e.g. a
// subscription made).
struct next_run {
    std::chrono::milliseconds delay{0};
    bool finished = false;
    std::optional<std::chrono::system_clock::time_point> at{};

    static next_run at_once() noexcept { return {}; }
    static next_run after(std::chrono::milliseconds d) noexcept { return {d, false}; }
    static next_run never() noexcept { return {{}, true}; }
    static next_run until(std::chrono::system_clock::time_point t) noexcept {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(t - std::chrono::system_clock::now());
        return {std::max(left, std::chrono::milliseconds(0)), false, t};
    }
};

struct worker {
    std::string name{};   // "orders.push": a failed step is logged as "<name>_failed"
    std::string group{};  // worker_set::wake(group) ends the pause of every worker in it
    // One run. Runs on the set's strand; an exception other than operation_aborted is logged and the
    // worker pauses for pause_after_failure(); operation_aborted (a client shut down) ends the worker.
    std::function<boost::asio::awaitable<next_run>()> step{};
    std::function<std::chrono::milliseconds()> pause_after_failure{};
    log_level failure_level = log_level::error;
    // Runs once when the worker ends (e.g. gives up a leader lock); may be empty. Must not throw.
    std::function<boost::asio::awaitable<void>()> on_stop{};
};

// Owns the strand the workers run on. Not copyable; must outlive wait_stopped().
class worker_set {
public:
    worker_set(boost::asio::any_io_executor ex, const logger& log);
    ~worker_set();
    worker_set(const worker_set&) = delete;
    worker_set& operator=(const worker_set&) = delete;

    // Adds a worker; only before start(). Throws std::bad_alloc only.
    void add(worker w);

    // Spawns every worker on the strand. Call once.
    void start();

    // Ends the pause of every worker in `group` now; a worker of the group whose step is running runs again
    // as soon as it ends (a wake-up is never lost). Thread-safe; never throws except std::bad_alloc.
    void wake(std::string group);

    // Ends the workers after their current step. Thread-safe, idempotent.
    void stop();

    // True once stop() reached the strand; steps that loop on their own check it between rounds. Strand only.
    bool stopping() const noexcept { return stopping_; }

    // Waits until every worker has ended (after stop()). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> wait_stopped();

    boost::asio::strand<boost::asio::any_io_executor> strand() const { return strand_; }

private:
    struct running;
    boost::asio::awaitable<void> run(running& r);
    std::chrono::milliseconds step_failed(running& r, const std::exception& e);

    const logger& log_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::vector<std::unique_ptr<running>> workers_;
    boost::asio::steady_timer stopped_timer_;
    bool stopping_ = false;            // strand only
    std::size_t running_workers_ = 0;  // strand only
};

// Waits on `timer` for `d`, or until the timer is cancelled (a wake-up). Never throws except bad_alloc.
boost::asio::awaitable<void> wait_or_wake(boost::asio::steady_timer& timer,
                                          boost::asio::steady_timer::duration d);

// "<host>:<pid>:<role>-<index>": unique per worker of a replica, readable in job_queue.lease_owner. Throws
// std::bad_alloc only.
std::string worker_owner(std::string_view role, std::size_t index);

}  // namespace mlc::flows
