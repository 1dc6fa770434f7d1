// Leadership for singleton work among replicas: one advisory lock on a lock session of its own.
#include "db/leader_lock.hpp"

#include "db/lock_session.hpp"

namespace mlc::db {

namespace {

// The key space every version of the service uses for leadership (so replicas of two versions agree).
constexpr const char* leader_space = "mlc.leader";

}  // namespace

struct leader_lock::state {
    state(const database_config& config, std::string lock_name, const logger& l, leader_reporting r)
        : session(config, l), name(std::move(lock_name)), log(l), reporting(std::move(r)) {}

    // Records the change, logs `event` (with the replica when known) and tells the observer.
    void set_held(bool now_held, log_level level, std::string_view event) {
        held = now_held;
        if (reporting.replica.empty())
            log.log(level, event, {{"lock", name}});
        else
            log.log(level, event, {{"lock", name}, {"replica", reporting.replica}});
        report();
    }

    // Tells the observer whether the lock is held now.
    void report() {
        reported = true;
        if (reporting.on_change) reporting.on_change(name, held);
    }

    lock_session session;
    std::string name;
    const logger& log;
    leader_reporting reporting;
    bool held = false;
    std::uint64_t held_on = 0;  // the lock session's connection (connections_opened) that holds the lock
    bool reported = false;      // the observer has heard of this lock (a follower reports 0 once)
};

leader_lock::leader_lock(const database_config& config, std::string name, const logger& log,
                         leader_reporting reporting)
    : state_(std::make_unique<state>(config, std::move(name), log, std::move(reporting))) {}

leader_lock::~leader_lock() = default;

boost::asio::awaitable<bool> leader_lock::try_hold() {
    auto& s = *state_;
    const bool now_held = co_await s.session.try_lock(leader_space, s.name);
    const auto connection = s.session.connections_opened();
    // Held before and now, but on a new connection: the old one died with the lock (a fail-over, a restarted
    // server), another replica may have led in between, and this one took the lock anew.
    if (now_held && s.held && connection != s.held_on) s.set_held(false, log_level::warn, "leader.lost");
    if (now_held && !s.held) s.set_held(true, log_level::info, "leader.acquired");
    if (!now_held && s.held) s.set_held(false, log_level::warn, "leader.lost");
    if (now_held) s.held_on = connection;
    if (!s.reported) s.report();  // a follower's first try: its series reads 0 rather than nothing
    co_return now_held;
}

boost::asio::awaitable<void> leader_lock::release() {
    auto& s = *state_;
    if (!s.held) co_return;
    co_await s.session.unlock(leader_space, s.name);
    s.set_held(false, log_level::info, "leader.released");
}

}  // namespace mlc::db
