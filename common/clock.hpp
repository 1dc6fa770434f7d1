// Time helpers shared by all layers: an injectable clock and UTC formatting.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace mlc {

// A source of "now" that tests replace; production code uses system_now().
using wall_clock_fn = std::function<std::chrono::system_clock::time_point()>;
using steady_clock_fn = std::function<std::chrono::steady_clock::time_point()>;

inline std::chrono::system_clock::time_point system_now() {
    return std::chrono::system_clock::now();
}
inline std::chrono::steady_clock::time_point steady_now() {
    return std::chrono::steady_clock::now();
}

// "2026-11-29T23:59:01.123Z": millisecond precision, always UTC.
std::string format_utc_iso8601(std::chrono::system_clock::time_point tp);

}  // namespace mlc
