// Leadership for singleton work among replicas: a session advisory lock on a dedicated connection.
#include "db/leader_lock.hpp"

#include "db/conninfo.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include <optional>

namespace mlc::db {

namespace asio = boost::asio;

struct leader_lock::state {
    state(const database_config& config, std::string lock_name, const logger& l)
        : conninfo(make_conninfo(config)), schema(config.schema), name(std::move(lock_name)), log(l) {}

    // Runs on `thread` only.
    bool try_hold_blocking() {
        try {
            if (conn && held) {
                pqxx::nontransaction n(*conn);
                n.exec("SELECT 1");  // the session, and with it the lock, is still alive
                return true;
            }
            if (!conn || !conn->is_open()) {
                conn.reset();
                conn.emplace(conninfo);
                pqxx::nontransaction n(*conn);
                key = n.exec_params1("SELECT hashtextextended('mlc.leader:' || coalesce(nullif($1, ''), "
                                     "current_schema(), '') || ':' || $2, 0)",
                                     schema, name)[0]
                          .as<std::int64_t>();
            }
            pqxx::nontransaction n(*conn);
            held = n.exec_params1("SELECT pg_try_advisory_lock($1)", key)[0].as<bool>();
            if (held) log.info("leader.acquired", {{"lock", name}});
            return held;
        } catch (const std::exception& e) {
            if (held) log.warn("leader.lost", {{"lock", name}, {"error", e.what()}});
            else log.warn("leader.unavailable", {{"lock", name}, {"error", e.what()}});
            held = false;
            conn.reset();  // closing the session releases whatever it held
            return false;
        }
    }

    void release_blocking() noexcept {
        if (!held || !conn) return;
        try {
            pqxx::nontransaction n(*conn);
            n.exec_params("SELECT pg_advisory_unlock($1)", key);
            log.info("leader.released", {{"lock", name}});
        } catch (const std::exception&) {
            conn.reset();  // the session is gone, and the lock with it
        }
        held = false;
    }

    std::string conninfo;
    std::string schema;
    std::string name;
    const logger& log;
    std::optional<pqxx::connection> conn;
    std::int64_t key = 0;
    bool held = false;
    asio::thread_pool thread{1};  // one thread: the connection is never used by two at once
};

leader_lock::leader_lock(const database_config& config, std::string name, const logger& log)
    : state_(std::make_unique<state>(config, std::move(name), log)) {}

leader_lock::~leader_lock() {
    state_->thread.join();
}

asio::awaitable<bool> leader_lock::try_hold() {
    auto* s = state_.get();
    co_return co_await asio::co_spawn(
        s->thread, [s]() -> asio::awaitable<bool> { co_return s->try_hold_blocking(); }, asio::use_awaitable);
}

asio::awaitable<void> leader_lock::release() {
    auto* s = state_.get();
    co_await asio::co_spawn(
        s->thread, [s]() -> asio::awaitable<void> {
            s->release_blocking();
            co_return;
        },
        asio::use_awaitable);
}

}  // namespace mlc::db
