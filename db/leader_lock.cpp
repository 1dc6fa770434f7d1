// Leadership for singleton work among replicas: one advisory lock on a lock session of its own.
#include "db/leader_lock.hpp"

#include "db/lock_session.hpp"

namespace mlc::db {

namespace {

// The key space every version of the service uses for leadership (so replicas of two versions agree).
constexpr const char* leader_space = "mlc.leader";

}  // namespace

struct leader_lock::state {
    state(const database_config& config, std::string lock_name, const logger& l)
        : session(config, l), name(std::move(lock_name)), log(l) {}

    lock_session session;
    std::string name;
    const logger& log;
    bool held = false;
};

leader_lock::leader_lock(const database_config& config, std::string name, const logger& log)
    : state_(std::make_unique<state>(config, std::move(name), log)) {}

leader_lock::~leader_lock() = default;

boost::asio::awaitable<bool> leader_lock::try_hold() {
    auto& s = *state_;
    const bool now_held = co_await s.session.try_lock(leader_space, s.name);
    if (now_held && !s.held) s.log.info("leader.acquired", {{"lock", s.name}});
    if (!now_held && s.held) s.log.warn("leader.lost", {{"lock", s.name}});
    s.held = now_held;
    co_return now_held;
}

boost::asio::awaitable<void> leader_lock::release() {
    auto& s = *state_;
    if (!s.held) co_return;
    co_await s.session.unlock(leader_space, s.name);
    s.held = false;
    s.log.info("leader.released", {{"lock", s.name}});
}

}  // namespace mlc::db
