// The session timing state machine: keep-alive due time, usability, Login backoff.
#include "clients/sap/session_timing.hpp"

#include "common/backoff.hpp"

#include <algorithm>

namespace mlc::clients::sap {

namespace {
constexpr std::chrono::minutes max_default_margin{5};
}  // namespace

void session_timing::logged_in(time_point now, duration timeout) noexcept {
    has_session_ = true;
    timeout_ = timeout;
    last_request_ = now;
    failures_ = 0;
}

void session_timing::request_sent(time_point now) noexcept {
    last_request_ = std::max(last_request_, now);
}

void session_timing::login_failed(time_point now) noexcept {
    has_session_ = false;
    ++failures_;
    last_failure_ = now;
}

session_timing::duration session_timing::margin() const noexcept {
    if (cfg_.keep_alive_margin) return std::min<duration>(*cfg_.keep_alive_margin, timeout_);
    return std::min<duration>(timeout_ / 5, max_default_margin);
}

bool session_timing::usable(time_point now) const noexcept {
    return has_session_ && now < last_request_ + timeout_ - margin() / 2;
}

session_timing::duration session_timing::login_backoff() const noexcept {
    if (failures_ == 0) return duration::zero();
    return doubling_backoff<duration::rep, duration::period>(failures_, cfg_.login_backoff_base,
                                                             cfg_.login_backoff_max);
}

}  // namespace mlc::clients::sap
