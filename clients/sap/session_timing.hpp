// When the Service Layer session needs a keep-alive, when it must be treated as gone, and how long to wait
// before the next Login after failures. A pure state machine: the time is always passed in.
#pragma once

#include <chrono>
#include <optional>

namespace mlc::clients::sap {

struct session_timing_config {
    // Keep-alive is due this long before the idle timeout lapses (unset: a fifth of the timeout, at most
    // 5 minutes, so a 1-minute timeout works as well as 30 minutes).
    std::optional<std::chrono::milliseconds> keep_alive_margin;
    // Pause after the first failed Login; doubles with every further failure.
    std::chrono::milliseconds login_backoff_base{1000};
    // No pause between Login attempts is longer than this.
    std::chrono::milliseconds login_backoff_max{std::chrono::minutes(5)};
};

// Not thread-safe: the session manager guards it with its mutex.
class session_timing {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    explicit session_timing(session_timing_config cfg = {}) : cfg_(cfg) {}

    // A Login succeeded at `now` with SessionTimeout `timeout` (minutes on the wire; any duration here).
    // Clears the login failures. Never throws.
    void logged_in(time_point now, duration timeout) noexcept;

    // An authenticated request was sent at `now`: Service Layer restarts its idle clock. Never throws.
    void request_sent(time_point now) noexcept;

    // The session is gone (401/301, Logout). Never throws.
    void expired() noexcept { has_session_ = false; }

    // A Login failed at `now`. Never throws.
    void login_failed(time_point now) noexcept;

    bool has_session() const noexcept { return has_session_; }

    // The margin in use: configured, or min(timeout / 5, 5 min). Never throws.
    duration margin() const noexcept;

    // When the keep-alive request is due: last request + timeout - margin. Only meaningful with a session.
    time_point keep_alive_due() const noexcept { return last_request_ + timeout_ - margin(); }

    // True if a session exists that may still be used at `now` without logging in first: it is younger than
    // timeout - margin/2 since the last request (the keep-alive had half the margin to happen; past that the
    // server may drop it any moment, and logging in first is cheaper than a failed request). Never throws.
    bool usable(time_point now) const noexcept;

    // Failed Logins since the last success. Never throws.
    unsigned login_failures() const noexcept { return failures_; }

    // The pause the last failure imposes: base * 2^(failures-1), capped (0 without failures). Never throws.
    duration login_backoff() const noexcept;

    // The earliest time the next Login may be sent. Never throws.
    time_point next_login_allowed() const noexcept { return last_failure_ + login_backoff(); }

private:
    session_timing_config cfg_;
    bool has_session_ = false;
    duration timeout_{};
    time_point last_request_{};
    unsigned failures_ = 0;
    time_point last_failure_{};
};

}  // namespace mlc::clients::sap
