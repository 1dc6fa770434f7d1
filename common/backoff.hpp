// The one backoff formula: the pause after `failures` failed attempts doubles from `base` and stops at `max`.
// Used for job retries (flows), request retries (clients/http, before its jitter), SAP logins
// (clients/sap/session_timing) and database reconnects (db/database).
#pragma once

#include <algorithm>
#include <chrono>

namespace mlc {

// base * 2^(failures-1), at most `max`; `base` for failures <= 1 (a first retry waits the base), zero never
// unless base is. Doubling stops once it passes `max`, so no count overflows. Never throws.
template <class Rep, class Period>
constexpr std::chrono::duration<Rep, Period> doubling_backoff(
    long long failures, std::chrono::duration<Rep, Period> base,
    std::chrono::duration<Rep, Period> max) noexcept {
    auto pause = base;
    for (long long i = 1; i < failures && pause < max; ++i) pause *= 2;
    return std::min(pause, max);
}

}  // namespace mlc
