// The error of a dependency that refuses new work at once because its queue is full: callers answer 503.
#pragma once

#include <stdexcept>
#include <string>

namespace mlc {

// Thrown instead of waiting without bound (e.g. db::database_busy). The HTTP session answers it with 503 and
// Retry-After, since the request may well succeed a moment later.
class service_busy : public std::runtime_error {
public:
    explicit service_busy(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace mlc
