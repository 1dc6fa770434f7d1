// Session advisory locks on a dedicated connection, run on the session's own thread.
#include "db/lock_session.hpp"

#include "db/conninfo.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include <atomic>
#include <map>
#include <utility>

namespace mlc::db {

namespace asio = boost::asio;

struct lock_session::state {
    state(const database_config& config, const logger& l)
        : conninfo(make_conninfo(config)), schema(config.schema), log(l) {}

    using lock_name = std::pair<std::string, std::string>;

    // Everything below runs on `thread` only.

    // A live connection, or nullopt (logged). A new connection holds no lock yet.
    pqxx::connection* connection() {
        try {
            if (conn && conn->is_open()) return &*conn;
            drop();
            conn.emplace(conninfo);
            ++opened;
            return &*conn;
        } catch (const std::exception& e) {
            log.warn("locks.unavailable", {{"error", e.what()}});
            drop();
            return nullptr;
        }
    }

    // Closing the session releases whatever it held.
    void drop() noexcept {
        conn.reset();
        held.clear();
    }

    std::optional<std::int64_t> key(const lock_name& n) {
        auto* c = connection();
        if (!c) return std::nullopt;
        try {
            pqxx::nontransaction t(*c);
            return t
                .exec_params1(
                    "SELECT hashtextextended($1 || ':' || coalesce(nullif($2, ''), current_schema(), "
                    "'') || ':' || $3, 0)",
                    n.first, schema, n.second)[0]
                .as<std::int64_t>();
        } catch (const std::exception& e) {
            log.warn("locks.unavailable", {{"error", e.what()}});
            drop();
            return std::nullopt;
        }
    }

    bool alive() {
        if (!conn) return false;
        try {
            pqxx::nontransaction t(*conn);
            t.exec("SELECT 1");  // the session, and with it every lock, is still there
            return true;
        } catch (const std::exception& e) {
            if (!held.empty()) log.warn("locks.lost", {{"error", e.what()}, {"locks", held.size()}});
            drop();
            return false;
        }
    }

    bool try_lock(const lock_name& n) {
        if (held.contains(n) && alive()) return true;
        auto k = key(n);
        if (!k) return false;
        try {
            pqxx::nontransaction t(*conn);
            if (!t.exec_params1("SELECT pg_try_advisory_lock($1)", *k)[0].as<bool>()) return false;
            held[n] = *k;
            return true;
        } catch (const std::exception& e) {
            log.warn("locks.unavailable", {{"error", e.what()}});
            drop();
            return false;
        }
    }

    void unlock(const lock_name& n) noexcept {
        auto it = held.find(n);
        if (it == held.end() || !conn) return;
        try {
            pqxx::nontransaction t(*conn);
            t.exec_params("SELECT pg_advisory_unlock($1)", it->second);
            held.erase(it);
        } catch (const std::exception&) {
            drop();
        }
    }

    std::string conninfo;
    std::string schema;
    const logger& log;
    std::optional<pqxx::connection> conn;
    std::map<lock_name, std::int64_t> held;
    std::atomic<std::uint64_t> opened{0};  // read from any thread (connections_opened)
    asio::thread_pool thread{1};           // one thread: the connection is never used by two at once
};

lock_session::lock_session(const database_config& config, const logger& log)
    : state_(std::make_unique<state>(config, log)) {}

lock_session::~lock_session() {
    state_->thread.join();
}

// Each call runs its blocking part on the session's thread and resumes the caller on its own executor. The
// spawned lambdas capture the caller's parameters by reference: the caller's frame waits for them.

asio::awaitable<bool> lock_session::try_lock(std::string space, std::string name) {
    auto* s = state_.get();
    const state::lock_name n{std::move(space), std::move(name)};
    co_return co_await asio::co_spawn(
        s->thread, [s, &n]() -> asio::awaitable<bool> { co_return s->try_lock(n); }, asio::use_awaitable);
}

asio::awaitable<void> lock_session::unlock(std::string space, std::string name) {
    auto* s = state_.get();
    const state::lock_name n{std::move(space), std::move(name)};
    co_await asio::co_spawn(
        s->thread,
        [s, &n]() -> asio::awaitable<void> {
            s->unlock(n);
            co_return;
        },
        asio::use_awaitable);
}

std::uint64_t lock_session::connections_opened() const noexcept {
    return state_->opened.load();
}

asio::awaitable<bool> lock_session::holds(std::string space, std::string name) {
    auto* s = state_.get();
    const state::lock_name n{std::move(space), std::move(name)};
    co_return co_await asio::co_spawn(
        s->thread, [s, &n]() -> asio::awaitable<bool> { co_return s->held.contains(n) && s->alive(); },
        asio::use_awaitable);
}

asio::awaitable<std::optional<std::int64_t>> lock_session::key_of(std::string space, std::string name) {
    auto* s = state_.get();
    const state::lock_name n{std::move(space), std::move(name)};
    co_return co_await asio::co_spawn(
        s->thread, [s, &n]() -> asio::awaitable<std::optional<std::int64_t>> { co_return s->key(n); },
        asio::use_awaitable);
}

}  // namespace mlc::db
