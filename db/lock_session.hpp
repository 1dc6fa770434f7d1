// A PostgreSQL session of its own for advisory locks that must outlive transactions: leadership, one sales
// order at a time across replicas, and a worker's liveness lock that job leases name (a crashed process loses
// them all with its session, so others take over at once).
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace mlc::db {

// Blocking libpq calls run on the session's own thread, never on the caller's executor. Not for concurrent
// use by several coroutines: each worker owns its session. A lock is named (space, name); the key is
// hashtextextended('<space>:<schema>:<name>', 0), the schema being the configured one (or the connection's
// current schema), so deployments sharing a database in different schemas never block each other, and
// every version of the service computes the same key for the same name.
class lock_session {
public:
    // Connects lazily. Throws std::invalid_argument if config.url cannot be parsed.
    lock_session(const database_config& config, const logger& log);
    // Closes the connection, which releases every lock. Never throws.
    ~lock_session();
    lock_session(const lock_session&) = delete;
    lock_session& operator=(const lock_session&) = delete;

    // Returns true when this session holds the lock: already held on a live connection, or acquired now
    // (pg_try_advisory_lock: never waits). A dead connection loses every lock it held; it is replaced before
    // trying again. Returns false when another session holds it or the database cannot be reached (logged).
    // Throws std::bad_alloc only.
    boost::asio::awaitable<bool> try_lock(std::string space, std::string name);

    // Gives the lock up (another session may take it at once). Never throws except std::bad_alloc.
    boost::asio::awaitable<void> unlock(std::string space, std::string name);

    // How many connections the session has opened so far. A change between two calls means that every lock
    // held before was lost with the old connection, even when try_lock() has taken it again since.
    // Thread-safe; never throws.
    std::uint64_t connections_opened() const noexcept;

    // True when the session is alive and still holds (space, name). Throws std::bad_alloc only.
    boost::asio::awaitable<bool> holds(std::string space, std::string name);

    // The key of (space, name) as the lock functions use it; nullopt when the database cannot be reached.
    // Throws std::bad_alloc only.
    boost::asio::awaitable<std::optional<std::int64_t>> key_of(std::string space, std::string name);

private:
    struct state;
    std::unique_ptr<state> state_;
};

}  // namespace mlc::db
