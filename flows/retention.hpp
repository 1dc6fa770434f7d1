// Retention of finished work and personal data: succeeded jobs are deleted and audit payloads cleared after
// their configured ages, periodically, in bounded batches, on every replica (no leader: SKIP LOCKED keeps
// replicas out of each other's way).
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/database.hpp"
#include "flows/worker_loop.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstddef>
#include <functional>

namespace mlc::flows {

// Rows per statement of either step: each transaction stays short on a big backlog.
inline constexpr std::size_t retention_batch = 1000;

// Deletes succeeded jobs older than `retention`, batch after batch until none is left or `stopping()` says
// so, logging each batch as "jobs.pruned". Returns the rows deleted. Throws what db::database::run throws.
boost::asio::awaitable<std::size_t> prune_succeeded_jobs(db::database& database,
                                                         std::chrono::milliseconds retention,
                                                         const logger& log, std::function<bool()> stopping,
                                                         std::size_t batch = retention_batch);

// Clears the request/response summaries of audit rows older than `retention` the same way, logging each
// batch as "audit.payloads_cleared" with its count and cutoff. Returns the rows cleared. Throws what
// db::database::run throws.
boost::asio::awaitable<std::size_t> clear_audit_payloads(db::database& database,
                                                         std::chrono::milliseconds retention,
                                                         const logger& log, std::function<bool()> stopping,
                                                         std::size_t batch = retention_batch);

class retention_flow {
public:
    // References must outlive the flow; so must `registry` (nullptr: no metrics).
    retention_flow(const retention_config& cfg, db::database& database, const logger& log,
                   boost::asio::any_io_executor ex, prometheus::Registry* registry = nullptr);

    // Starts the two workers (each runs at once, then hourly). Call once.
    void start() { workers_.start(); }
    // Ends the workers after their current batch. Thread-safe, idempotent.
    void stop() { workers_.stop(); }
    // Waits until both workers have ended (after stop()). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> wait_stopped() { return workers_.wait_stopped(); }

private:
    const retention_config& cfg_;
    db::database& db_;
    const logger& log_;
    worker_set workers_;
    prometheus::Counter* jobs_pruned_ = nullptr;
    prometheus::Counter* payloads_cleared_ = nullptr;
};

}  // namespace mlc::flows
