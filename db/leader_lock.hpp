// Leadership for singleton work (pollers) among replicas: a PostgreSQL session advisory lock held on a
// connection of its own, so that a crashed or partitioned holder loses it with its session.
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>

namespace mlc::db {

// What a lock tells beyond its own name: which replica holds it (operators read the leader.* log lines of
// several replicas side by side) and whom to tell when leadership changes (the mlc_leader gauge).
struct leader_reporting {
    std::string replica;  // this process among the replicas; empty: the log lines leave it out
    // Called with the lock's name and whether this process holds it now: after the first try_hold(), then on
    // every change (a lock never tried is never reported). Must not throw; may be called from any thread.
    std::function<void(const std::string& lock, bool held)> on_change;
};

// One named lock. Blocking libpq calls run on the lock's own thread, never on the caller's executor.
// Not for concurrent use by several coroutines (each poller owns its lock).
class leader_lock {
public:
    // `name` ("orders_poller") is combined with the configured schema (or the connection's current schema),
    // so deployments sharing a database in different schemas do not block each other. Connects lazily.
    // Throws std::invalid_argument if config.url cannot be parsed.
    leader_lock(const database_config& config, std::string name, const logger& log,
                leader_reporting reporting = {});
    // Closes the connection, which releases the lock. Never throws.
    ~leader_lock();
    leader_lock(const leader_lock&) = delete;
    leader_lock& operator=(const leader_lock&) = delete;

    // Returns true when this process holds the lock: already held on a live connection, or acquired now
    // (pg_try_advisory_lock: never waits for another holder). A dead connection counts as lost leadership
    // and is replaced before trying again; when the lock is taken again on the new one, both the loss and
    // the acquisition are logged. Returns false when another session holds it or the database
    // cannot be reached (logged). Throws std::bad_alloc only.
    boost::asio::awaitable<bool> try_hold();

    // Gives the lock up (another replica may take it at once). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> release();

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace mlc::db
