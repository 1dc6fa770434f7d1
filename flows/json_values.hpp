// Optional values as JSON for the admin views: the value, or null when unset.
#pragma once

#include "common/clock.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>

namespace mlc::flows {

// An instant as ISO 8601 UTC text, or null. Throws std::bad_alloc only.
inline boost::json::value time_or_null(const std::optional<std::chrono::system_clock::time_point>& t) {
    return t ? boost::json::value(format_utc_iso8601(*t)) : boost::json::value(nullptr);
}

// The value, or null. Throws std::bad_alloc only.
template <class T>
boost::json::value or_null(const std::optional<T>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

}  // namespace mlc::flows
