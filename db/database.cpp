// The PostgreSQL connection pool: slots, lazy (re)connection, retries and the hop between executors.
#include "db/database.hpp"

#include "common/backoff.hpp"
#include "db/conninfo.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/system/system_error.hpp>

#include <pqxx/except>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace mlc::db {

namespace {

// Attempts in all for a transaction rolled back by the server (serialization failure, deadlock).
constexpr int max_rollback_attempts = 3;
// Base wait before running a rolled-back transaction again.
constexpr std::chrono::milliseconds rollback_backoff{5};
// Waits before connecting again after failures: 100 ms doubling up to 2 s.
constexpr std::chrono::milliseconds first_reconnect_backoff{100};
constexpr std::chrono::milliseconds max_reconnect_backoff{2000};

// SQLSTATE 25006 (read_only_sql_transaction): the connection reached a standby (or a primary that was
// demoted), e.g. through a DNS name that moved during a fail-over and a URL without
// target_session_attrs=read-write. Kept, such a connection would refuse every write until the pool restarts;
// dropped, the next one reconnects.
bool is_read_only_server(const pqxx::sql_error& e) {
    return e.sqlstate() == "25006";
}

boost::json::value text_or_null(const char* s) {
    return s == nullptr ? boost::json::value(nullptr) : boost::json::value(s);
}

}  // namespace

struct database::pool {
    struct slot {
        std::unique_ptr<pqxx::connection> connection;
        int backend_pid = 0;
        unsigned consecutive_failures = 0;
    };

    pool(const database_config& config, const logger& log)
        : log_(log),
          conninfo_(make_conninfo(config)),
          queue_limit_(config.queue_limit),
          threads_(config.pool_size),
          slots_(config.pool_size) {
        for (std::size_t i = 0; i < config.pool_size; ++i) free_slots_.push_back(i);
    }

    asio::awaitable<void> on_pool(std::function<void(slot&)> job);
    void transact(slot& s, const std::function<void(pqxx::work&)>& body);
    void on_connection(slot& s, const std::function<void(pqxx::connection&)>& body);
    void close() noexcept;
    pool_stats stats() const noexcept {
        return {slots_.size(), in_use_.load(std::memory_order_relaxed),
                queued_.load(std::memory_order_relaxed)};
    }

private:
    std::exception_ptr refusal() const;
    void with_slot(const std::function<void(slot&)>& job, const std::atomic<bool>& cancelled);
    pqxx::connection& connection_for(slot& s);
    void drop(slot& s, const char* reason) noexcept;
    void note_reconnect(slot& s) noexcept;

    const logger& log_;
    const std::string conninfo_;
    const std::size_t queue_limit_;
    asio::thread_pool threads_;
    std::vector<slot> slots_;  // slot i is touched only by the thread that took it from free_slots_

    std::mutex mutex_;  // guards closed_ and free_slots_, and the increments of queued_
    std::condition_variable slot_freed_;
    bool closed_ = false;
    std::vector<std::size_t> free_slots_;
    std::atomic<std::size_t> in_use_{0};
    std::atomic<std::size_t> queued_{0};  // posted to threads_, not yet started
    std::mutex close_mutex_;              // serializes close() so a second caller also waits for the first
};

asio::awaitable<void> database::pool::on_pool(std::function<void(slot&)> job) {
    auto initiation = [this, &job](auto handler) {
        // Keeps the caller's executor alive while the job is away on the pool.
        auto guard = asio::make_work_guard(asio::get_associated_executor(handler));
        // Set when the caller is cancelled while the job waits; the pool thread then skips it. The slot's
        // handler is cleared on the caller's executor before the caller resumes.
        auto cancelled = std::make_shared<std::atomic<bool>>(false);
        auto cancel_slot = asio::get_associated_cancellation_slot(handler);
        if (cancel_slot.is_connected())
            cancel_slot.assign([cancelled](asio::cancellation_type) { cancelled->store(true); });
        std::unique_lock lock(mutex_);
        if (auto refused = refusal()) {
            lock.unlock();
            if (cancel_slot.is_connected()) cancel_slot.clear();
            auto ex = guard.get_executor();
            asio::post(ex, [h = std::move(handler), refused]() mutable { std::move(h)(refused); });
            return;
        }
        queued_.fetch_add(1, std::memory_order_relaxed);
        // Posting under the lock: close() cannot join the threads between the check and the post.
        asio::post(threads_, [this, &job, cancelled, h = std::move(handler), g = std::move(guard)]() mutable {
            queued_.fetch_sub(1, std::memory_order_relaxed);
            std::exception_ptr error;
            try {
                with_slot(job, *cancelled);
            } catch (...) {
                error = std::current_exception();
            }
            auto ex = g.get_executor();
            asio::post(ex, [h = std::move(h), error]() mutable {
                auto s = asio::get_associated_cancellation_slot(h);
                if (s.is_connected()) s.clear();
                std::move(h)(error);
            });
            g.reset();
        });
    };
    co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr)>(
        std::move(initiation), asio::use_awaitable);
}

std::exception_ptr database::pool::refusal() const {
    if (closed_) return std::make_exception_ptr(database_closed{});
    if (queued_.load(std::memory_order_relaxed) >= queue_limit_)
        return std::make_exception_ptr(database_busy{});
    return nullptr;
}

void database::pool::with_slot(const std::function<void(slot&)>& job, const std::atomic<bool>& cancelled) {
    // Its caller gave up while it waited (a client that left, a deadline): running it would only add load.
    if (cancelled.load())
        throw boost::system::system_error(asio::error::operation_aborted, "database operation cancelled");
    std::size_t index = 0;
    {
        // As many threads as slots: a free slot always exists; the wait is only a safety net.
        std::unique_lock lock(mutex_);
        slot_freed_.wait(lock, [this] { return !free_slots_.empty(); });
        index = free_slots_.back();
        free_slots_.pop_back();
    }
    in_use_.fetch_add(1, std::memory_order_relaxed);
    struct release {
        pool& p;
        std::size_t index;
        ~release() {
            p.in_use_.fetch_sub(1, std::memory_order_relaxed);
            {
                std::lock_guard lock(p.mutex_);
                p.free_slots_.push_back(index);
            }
            p.slot_freed_.notify_one();
        }
    } releaser{*this, index};
    job(slots_[index]);
}

pqxx::connection& database::pool::connection_for(slot& s) {
    if (s.connection && s.connection->is_open()) return *s.connection;
    s.connection.reset();
    if (s.consecutive_failures > 0)
        std::this_thread::sleep_for(
            doubling_backoff(s.consecutive_failures, first_reconnect_backoff, max_reconnect_backoff));
    try {
        auto conn = std::make_unique<pqxx::connection>(conninfo_);
        s.backend_pid = conn->backendpid();
        // Logged from the live connection, never from the configured URL (it may hold a password).
        log_.info("db.connected", {{"host", text_or_null(conn->hostname())},
                                   {"port", text_or_null(conn->port())},
                                   {"dbname", text_or_null(conn->dbname())},
                                   {"backend_pid", s.backend_pid},
                                   {"after_failures", s.consecutive_failures}});
        s.consecutive_failures = 0;
        s.connection = std::move(conn);
        return *s.connection;
    } catch (const pqxx::broken_connection& e) {
        ++s.consecutive_failures;
        log_.warn("db.connect_failed",
                  {{"error", e.what()}, {"consecutive_failures", s.consecutive_failures}});
        throw;
    }
}

void database::pool::drop(slot& s, const char* reason) noexcept {
    if (!s.connection) return;
    log_.warn("db.connection_dropped", {{"reason", reason}, {"backend_pid", s.backend_pid}});
    s.connection.reset();
    s.backend_pid = 0;
}

void database::pool::note_reconnect(slot& s) noexcept {
    // libpqxx may re-establish a lost connection by itself (e.g. when BEGIN finds it broken); the settings
    // survive because they are in the connection string, but the event deserves a log line.
    if (!s.connection) return;
    int pid = s.connection->backendpid();
    if (pid != 0 && pid != s.backend_pid) {
        log_.warn("db.reconnected", {{"old_backend_pid", s.backend_pid}, {"backend_pid", pid}});
        s.backend_pid = pid;
    }
}

void database::pool::transact(slot& s, const std::function<void(pqxx::work&)>& body) {
    bool reconnected = false;
    int rollbacks = 0;
    for (;;) {
        try {
            pqxx::connection& conn = connection_for(s);
            pqxx::work work(conn);
            note_reconnect(s);
            body(work);
            work.commit();
            return;
        } catch (const pqxx::in_doubt_error&) {
            // The commit may or may not have happened: retrying could apply f twice.
            drop(s, "in_doubt");
            throw;
        } catch (const pqxx::broken_connection& e) {
            drop(s, "broken_connection");
            if (reconnected) throw;
            reconnected = true;
            log_.warn("db.retry", {{"reason", "broken_connection"}, {"error", e.what()}});
        } catch (const pqxx::transaction_rollback& e) {
            if (++rollbacks >= max_rollback_attempts) throw;
            log_.warn("db.retry",
                      {{"reason", "transaction_rollback"}, {"attempt", rollbacks}, {"error", e.what()}});
            // Staggered, so the two sides of a deadlock do not collide again straight away.
            std::this_thread::sleep_for(rollback_backoff * rollbacks * (1 + s.backend_pid % 3));
        } catch (const pqxx::sql_error& e) {
            if (!is_read_only_server(e)) throw;
            drop(s, "read_only_server");
            if (reconnected) throw;
            reconnected = true;
            log_.warn("db.retry", {{"reason", "read_only_server"}, {"error", e.what()}});
        }
    }
}

void database::pool::on_connection(slot& s, const std::function<void(pqxx::connection&)>& body) {
    pqxx::connection& conn = connection_for(s);
    try {
        body(conn);
        note_reconnect(s);
    } catch (const pqxx::broken_connection&) {
        drop(s, "broken_connection");
        throw;
    } catch (const pqxx::sql_error& e) {
        if (is_read_only_server(e)) drop(s, "read_only_server");
        throw;
    }
}

void database::pool::close() noexcept {
    std::lock_guard close_lock(close_mutex_);
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        closed_ = true;
    }
    threads_.join();  // runs every operation already posted to completion
    for (auto& s : slots_) s.connection.reset();
    log_.info("db.closed");
}

database::database(const database_config& config, const logger& log) : schema_(config.schema) {
    if (config.pool_size == 0) throw std::invalid_argument("database pool_size must be at least 1");
    pool_ = std::make_unique<pool>(config, log);
}

database::~database() {
    close();
}

pool_stats database::stats() const noexcept {
    return pool_->stats();
}

void database::close() noexcept {
    pool_->close();
}

asio::awaitable<void> database::run_work(std::function<void(pqxx::work&)> body) {
    co_await pool_->on_pool([this, &body](pool::slot& s) { pool_->transact(s, body); });
}

asio::awaitable<void> database::run_connection(std::function<void(pqxx::connection&)> body) {
    co_await pool_->on_pool([this, &body](pool::slot& s) { pool_->on_connection(s, body); });
}

}  // namespace mlc::db
