// The shared simulator state: data, sessions, faults, counters and the simulated wall clock.
#include "tests/simulators/sap_b1/sim_state.hpp"

namespace mlc::sim::sap {

namespace {

// The rules a server setting decides (b1s.conf), kept across reseeds.
void apply_config_rules(company_rules& rules, const sim_config& cfg) {
    rules.v2_iso_date_literal = cfg.v2_iso_date_literal;
    rules.batch_number_property = cfg.batch_number_property;
}

}  // namespace

sim_state::sim_state(sim_config cfg)
    : cfg_(std::move(cfg)),
      store_(make_seeded_store(cfg_.seed)),
      sessions_(cfg_.session_timeout, cfg_.seed.seed) {
    apply_config_rules(store_.rules, cfg_);
}

fault_decision sim_state::begin_request(std::string_view method, std::string_view path) {
    std::lock_guard lock(mutex_);
    ++counters_.requests[std::string(method) + " " + std::string(path)];
    return decide_fault(faults_, method, path);
}

std::optional<std::string> sim_state::login(std::string_view company_db, std::string_view user,
                                            std::string_view password) {
    std::lock_guard lock(mutex_);
    if (company_db != cfg_.company_db || user != cfg_.user || password != cfg_.password) {
        ++counters_.failed_logins;
        return std::nullopt;
    }
    ++counters_.logins;
    return sessions_.create(session_now_());
}

bool sim_state::authenticate(std::string_view session_id) {
    std::lock_guard lock(mutex_);
    if (sessions_.touch(session_id, session_now_())) return true;
    ++counters_.unauthorized;
    return false;
}

bool sim_state::logout(std::string_view session_id) {
    std::lock_guard lock(mutex_);
    bool live = sessions_.remove(session_id, session_now_());
    if (live) ++counters_.logouts;
    return live;
}

void sim_state::expire_sessions() {
    std::lock_guard lock(mutex_);
    sessions_.expire_all();
}

void sim_state::set_session_timeout(std::chrono::milliseconds t) {
    std::lock_guard lock(mutex_);
    sessions_.set_idle_timeout(t);
}

void sim_state::set_session_clock(steady_clock_fn now) {
    std::lock_guard lock(mutex_);
    session_now_ = std::move(now);
}

std::chrono::milliseconds sim_state::session_timeout() const {
    std::lock_guard lock(mutex_);
    return sessions_.idle_timeout();
}

void sim_state::reseed(const seed_options& options) {
    store fresh = make_seeded_store(options);
    apply_config_rules(fresh.rules, cfg_);
    std::lock_guard lock(mutex_);
    store_ = std::move(fresh);
}

void sim_state::set_faults(fault_plan plan) {
    std::lock_guard lock(mutex_);
    faults_ = std::move(plan);
}

fault_plan sim_state::faults() const {
    std::lock_guard lock(mutex_);
    return faults_;
}

void sim_state::set_quirks(sim_quirks q) {
    std::lock_guard lock(mutex_);
    quirks_ = q;
}

sim_quirks sim_state::quirks() const {
    std::lock_guard lock(mutex_);
    return quirks_;
}

std::chrono::system_clock::time_point sim_state::wall_now_locked() const {
    return fixed_now_ ? *fixed_now_ : std::chrono::system_clock::now() + clock_offset_;
}

std::chrono::system_clock::time_point sim_state::now() const {
    std::lock_guard lock(mutex_);
    return wall_now_locked();
}

void sim_state::set_clock(std::optional<std::chrono::system_clock::time_point> fixed) {
    std::lock_guard lock(mutex_);
    fixed_now_ = fixed;
    if (!fixed) clock_offset_ = {};
}

void sim_state::advance_clock(std::chrono::seconds by) {
    std::lock_guard lock(mutex_);
    if (fixed_now_)
        *fixed_now_ += by;
    else
        clock_offset_ += by;
}

sim_counters sim_state::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

void sim_state::reset_counters() {
    std::lock_guard lock(mutex_);
    counters_ = {};
}

boost::json::object sim_state::counters_json() const {
    std::lock_guard lock(mutex_);
    boost::json::object requests;
    for (const auto& [key, n] : counters_.requests) requests[key] = n;
    return {{"logins", counters_.logins},
            {"failed_logins", counters_.failed_logins},
            {"logouts", counters_.logouts},
            {"unauthorized", counters_.unauthorized},
            {"live_sessions", sessions_.live(session_now_())},
            {"requests", std::move(requests)}};
}

}  // namespace mlc::sim::sap
