// The PostgreSQL connection pool: blocking libpqxx work on its own threads behind co_await db.run(...).
#pragma once

#include "common/config.hpp"
#include "common/logger.hpp"
#include "common/service_busy.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <pqxx/connection>
#include <pqxx/transaction>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace mlc::db {

namespace asio = boost::asio;

struct pool_stats {
    std::size_t size = 0;    // connections (and threads) in the pool
    std::size_t in_use = 0;  // operations executing right now
    std::size_t queued = 0;  // operations waiting for a connection
};

// Thrown by run()/run_on_connection() once close() has begun.
class database_closed : public std::runtime_error {
public:
    database_closed() : std::runtime_error("database pool is closed") {}
};

// Thrown by run()/run_on_connection() when database_config::queue_limit operations already wait for a
// connection: the caller learns at once that the database is saturated (an HTTP request gets 503).
class database_busy : public service_busy {
public:
    database_busy() : service_busy("database busy: too many operations waiting for a connection") {}
};

// A fixed pool of `pool_size` connections, each used by one thread of the pool's own thread pool at a time,
// so blocking libpq calls never run on the caller's io threads. Connections are opened lazily and a broken
// one is replaced on its next use. At most config.queue_limit operations wait for a connection. An operation
// whose caller is cancelled (its coroutine's cancellation slot is emitted) while it still waits is not run.
// Thread-safe. Close it (or destroy it) before the io_contexts of
// callers that still await it are destroyed.
class database {
public:
    // Opens nothing yet. Throws std::invalid_argument if config.url cannot be parsed or pool_size is 0.
    database(const database_config& config, const logger& log);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    // Runs f(pqxx::work&) in a read-committed transaction on a pool thread, commits, and resumes the caller
    // on its own executor with f's result. Retries: on pqxx::broken_connection, or a write refused by a
    // read-only server (SQLSTATE 25006: a standby), the connection is replaced and f runs once more (once in
    // all for both); on pqxx::transaction_rollback (serialization failure, deadlock) f runs up to 3
    // times in all. So f must only touch the database (no side effects outside the transaction).
    // Throws whatever f throws, the last retried error, pqxx::in_doubt_error (commit outcome unknown, never
    // retried), database_closed, database_busy (the queue is full; f did not run) or
    // boost::system::system_error(operation_aborted) (cancelled while queued; f did not run).
    template <class F>
    auto run(F f) -> asio::awaitable<std::invoke_result_t<F&, pqxx::work&>> {
        using result_type = std::invoke_result_t<F&, pqxx::work&>;
        static_assert(!std::is_reference_v<result_type>, "run(): return a value, not a reference");
        if constexpr (std::is_void_v<result_type>) {
            co_await run_work([&f](pqxx::work& work) { f(work); });
        } else {
            std::optional<result_type> result;
            co_await run_work([&f, &result](pqxx::work& work) { result.emplace(f(work)); });
            co_return std::move(*result);
        }
    }

    // Runs f(pqxx::connection&) on a pool thread without a transaction (advisory session locks, migrations)
    // and resumes the caller on its own executor with f's result. No automatic retry; a broken connection, or
    // one that reached a read-only server, is replaced on next use. f must leave the session as it found it
    // (release locks, reset settings). Throws whatever f throws, pqxx::broken_connection when connecting
    // fails, database_closed, database_busy or operation_aborted as run() does.
    template <class F>
    auto run_on_connection(F f) -> asio::awaitable<std::invoke_result_t<F&, pqxx::connection&>> {
        using result_type = std::invoke_result_t<F&, pqxx::connection&>;
        static_assert(!std::is_reference_v<result_type>,
                      "run_on_connection(): return a value, not a reference");
        if constexpr (std::is_void_v<result_type>) {
            co_await run_connection([&f](pqxx::connection& conn) { f(conn); });
        } else {
            std::optional<result_type> result;
            co_await run_connection([&f, &result](pqxx::connection& conn) { result.emplace(f(conn)); });
            co_return std::move(*result);
        }
    }

    // Pool size, operations executing now and waiting, for metrics. Never throws.
    pool_stats stats() const noexcept;

    // The schema every connection's search_path names (database_config::schema; empty: server default).
    const std::string& schema() const noexcept { return schema_; }

    // Stops accepting operations (later ones throw database_closed), waits for in-flight ones to finish
    // and closes the connections. Idempotent. Must not be called from inside f. Never throws.
    void close() noexcept;

private:
    struct pool;

    // The non-template cores: run the erased body on a pool thread, resume on the caller's executor.
    asio::awaitable<void> run_work(std::function<void(pqxx::work&)> body);
    asio::awaitable<void> run_connection(std::function<void(pqxx::connection&)> body);

    std::unique_ptr<pool> pool_;
    std::string schema_;
};

}  // namespace mlc::db
